import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SELF_ROUTES } from '../../access/actions.js';
import { sigV4Headers } from '../../access/sigv4.js';
import type { AuditScope } from '../../services/audit.js';
import type { Signal } from '../../services/event-signal.js';
import type { Registry } from '../../services/registry.js';
import { auditOutcome, isMutating } from '../audit-outcome.js';
import { nativeAccessRequest, routeAction } from './access.js';
import { approvalRuleRoutes } from './approval-rule-routes.js';
import { artifactRoutes } from './artifact-routes.js';
import { unsignedPayloadOf } from './artifact-upload-routes.js';
import { auditRoutes } from './audit-routes.js';
import { authRoutes } from './auth-routes.js';
import { nativeActor } from './context.js';
import { docsPage } from './docs-page.js';
import { eventConfigRoutes } from './event-config-routes.js';
import { eventLogRoutes } from './event-log-routes.js';
import { type EventStreams, eventStreamRoute } from './event-stream-route.js';
import { groupRoutes } from './group-routes.js';
import { OpenApiCollector } from './openapi.js';
import { versionRoutes } from './version-routes.js';

export const NATIVE_PREFIX = '/api/v1';

export interface NativeOptions {
  readonly registry: Registry;
  readonly account: string;
  readonly version: string;
  readonly published: Signal;
  readonly pollMs: number;
  /** Receives the handle that ends live event streams at shutdown. */
  readonly onStreams: (streams: EventStreams) => void;
  /** --insecure-dev: no authentication and no authorization. */
  readonly insecureDev: boolean;
}

/** Documentation routes: readable without credentials (they describe the API, they hold no registry data). */
const PUBLIC_ROUTES = new Set([`${NATIVE_PREFIX}/openapi.json`, `${NATIVE_PREFIX}/docs`]);
/** `METHOD URL` of routes any authenticated caller may use, whatever its policies. */
const SELF = new Set(SELF_ROUTES);

/** The native API under /api/v1, with its OpenAPI document and a browsable page. */
export async function nativeApi(app: FastifyInstance, options: NativeOptions): Promise<void> {
  const collector = new OpenApiCollector(NATIVE_PREFIX);
  app.addHook('onRoute', (route) => {
    collector.add({ ...route, url: route.url.slice(NATIVE_PREFIX.length) });
    // Deny by default: a route whose action the catalogue does not know does not start.
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || PUBLIC_ROUTES.has(route.url) || SELF.has(`${method} ${route.url}`)) continue;
      if (!routeAction(method, route.url)) {
        throw new Error(
          `${method} ${route.url} declares no action in src/access/actions.ts; it cannot be served`,
        );
      }
    }
  });
  // A POST, PUT or PATCH sent without a body means "no members": validation then names what is missing.
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined && req.method !== 'GET' && req.method !== 'DELETE') req.body = {};
  });
  if (!options.insecureDev) authenticateNative(app, options.registry);
  auditNative(app, options.registry, options.account, options.insecureDev);
  groupRoutes(app, options.registry, options.account);
  versionRoutes(app, options.registry, options.account);
  authRoutes(app, options.registry, options.account, 'aws');
  approvalRuleRoutes(app, options.registry, options.account);
  auditRoutes(app, options.registry, options.account);
  eventConfigRoutes(app, options.registry, options.account);
  eventLogRoutes(app, options.registry, options.account);
  artifactRoutes(app, options.registry);
  options.onStreams(
    eventStreamRoute(app, options.registry, options.account, options.published, options.pollMs),
  );
  let document: string | undefined;
  app.get('/openapi.json', async (_req, reply) => {
    document ??= JSON.stringify(collector.document(options.version));
    return reply.type('application/json').send(document);
  });
  const page = docsPage(`${NATIVE_PREFIX}/openapi.json`);
  app.get('/docs', async (_req, reply) => reply.type('text/html; charset=utf-8').send(page));
}

/** Bearer token on every request (before validation), then the route's action on its resource. */
function authenticateNative(app: FastifyInstance, registry: Registry): void {
  const { authenticator, authorizer } = registry.auth;
  app.addHook('onRequest', async (req) => {
    if (PUBLIC_ROUTES.has(req.routeOptions.url ?? '') || isSigV4(req)) return;
    req.caller = await authenticator.bearer(req.headers.authorization);
  });
  // A request signed with an access key pair (SigV4) is verified once its body is read: the signature
  // covers the body's bytes. A streamed body (artifact bytes) is not read first: it is signed unhashed.
  app.addHook('preValidation', async (req) => {
    if (PUBLIC_ROUTES.has(req.routeOptions.url ?? '') || !isSigV4(req)) return;
    const unsignedPayload = unsignedPayloadOf(req);
    req.caller = await authenticator.sigV4({
      method: req.method,
      url: req.url,
      headers: sigV4Headers(req.raw.rawHeaders),
      body: req.rawBody ?? Buffer.alloc(0),
      ...(unsignedPayload && { unsignedPayload }),
    });
  });
  app.addHook('preHandler', async (req) => {
    const caller = req.caller;
    const action = routeAction(req.method, req.routeOptions.url ?? '');
    if (!caller || !action) return;
    await authorizer.check(caller, nativeAccessRequest(req, action, authorizer.scope(caller)), req.ip);
  });
}

function isSigV4(req: FastifyRequest): boolean {
  return req.headers.authorization?.startsWith('AWS4-HMAC-SHA256') === true;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body's bytes as received (native API). */
    rawBody?: Buffer;
    audit?: AuditScope;
    auditError?: unknown;
  }
}

/**
 * The audit trail of the native face: a change is recorded by the store inside its transaction (the scope
 * entered here tells it who and what); a refusal, a failure or a call that changed nothing is recorded
 * once the answer is sent. Reads are recorded only when refused.
 */
function auditNative(app: FastifyInstance, registry: Registry, account: string, insecureDev: boolean): void {
  const { audit, auth } = registry;
  const scopeOf = (req: FastifyRequest): AuditScope => {
    const action =
      routeAction(req.method, req.routeOptions.url ?? '') ?? `modelry:${req.method} ${req.routeOptions.url}`;
    const actor = nativeActor(req, account);
    const resource = nativeAccessRequest(req, action, auth.authorizer.scopeFor(actor)).resource;
    return {
      call: audit.call(
        {
          // An unauthenticated attempt is recorded as anonymous, whatever name it claims.
          principal: req.caller || insecureDev ? actor.principal : 'anonymous',
          account: actor.account,
          face: 'native',
          action,
          resource,
          sourceIp: req.ip,
          requestId: req.id,
          ...(req.headers['user-agent'] !== undefined && {
            userAgent: req.headers['user-agent'].slice(0, 512),
          }),
        },
        { params: req.params ?? {}, body: req.body ?? {} },
      ),
      recorded: false,
    };
  };
  app.addHook('preHandler', async (req) => {
    if (PUBLIC_ROUTES.has(req.routeOptions.url ?? '')) return;
    req.audit = scopeOf(req);
    audit.enter(req.audit);
  });
  app.addHook('onError', async (req, _reply, err) => {
    req.auditError = err;
  });
  app.addHook('onResponse', async (req, reply) => {
    if (PUBLIC_ROUTES.has(req.routeOptions.url ?? '') || req.audit?.recorded) return;
    const scope = req.audit ?? scopeOf(req);
    const action = scope.call.action;
    try {
      if (reply.statusCode >= 400) {
        const { outcome, errorCode } = auditOutcome(req.auditError);
        if (outcome === 'denied' || isMutating(action)) await audit.finish(scope, outcome, errorCode);
      } else if (isMutating(action)) {
        await audit.finish(scope, 'allowed');
      }
    } catch (err) {
      req.log.error({ err }, 'could not write the audit record of a request');
    }
  });
}
