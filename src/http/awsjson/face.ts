import type { FastifyReply, FastifyRequest } from 'fastify';
import { sigV4Headers } from '../../access/sigv4.js';
import { DomainError } from '../../domain/errors.js';
import type { Actor } from '../../domain/model.js';
import type { AuditScope } from '../../services/audit.js';
import type { Registry } from '../../services/registry.js';
import { auditOutcome, isMutating } from '../audit-outcome.js';
import { awsAccessRequests } from './access.js';
import { AWS_CONTENT_TYPE, AWS_ERRORS } from './errors.js';
import { OPERATIONS } from './operations/index.js';
import { validateInput } from './validation/validate.js';

const TARGET_PREFIX = 'SageMaker.';
const EMPTY = Buffer.alloc(0);
const CREDENTIAL = /Credential=([^/,\s]+)\//;

export interface AwsFaceOptions {
  readonly registry: Registry;
  readonly account: string;
  /** --insecure-dev: signatures are not checked; the access key id names the caller. */
  readonly insecureDev: boolean;
}

/** Under --insecure-dev, the access key id in the SigV4 Authorization header names the caller, unchecked. */
export function actorFromAuthorization(header: string | undefined, account: string): Actor {
  const match = header ? CREDENTIAL.exec(header) : null;
  return { principal: match?.[1] ?? 'anonymous', account, source: 'sagemaker' };
}

export function sendAwsError(reply: FastifyReply, err: DomainError): FastifyReply {
  const mapped = AWS_ERRORS[err.code];
  return reply
    .status(mapped.status)
    .header('content-type', AWS_CONTENT_TYPE)
    .header('x-amzn-errortype', mapped.type)
    .send(Buffer.from(JSON.stringify({ __type: mapped.type, Message: err.message })));
}

function parseBody(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  // Sent as Content-Type: application/json, the body was already parsed by the server's JSON parser.
  if (typeof raw === 'object' && !Buffer.isBuffer(raw)) {
    if (Array.isArray(raw)) {
      throw new DomainError('MalformedRequest', 'The request body must be a JSON object.');
    }
    return raw as Record<string, unknown>;
  }
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new DomainError(
      'MalformedRequest',
      `The request body is not valid JSON: ${(err as Error).message}`,
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError('MalformedRequest', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** `POST /` with `X-Amz-Target: SageMaker.<Operation>`: AWS JSON 1.1. Every change and every refusal is audited. */
export function awsJsonHandler(options: AwsFaceOptions) {
  const { audit } = options.registry;
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    reply.header('x-amzn-requestid', req.id);
    const target = req.headers['x-amz-target'];
    const name =
      typeof target === 'string' && target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : undefined;
    const action = `sagemaker:${name ?? 'UnknownOperation'}`;
    const base = {
      face: 'sagemaker' as const,
      sourceIp: req.ip,
      requestId: req.id,
      ...(req.headers['user-agent'] !== undefined && { userAgent: req.headers['user-agent'].slice(0, 512) }),
    };
    // What is known of the call so far: a refusal is recorded with it (until authentication, the access
    // key the request claimed names the caller).
    const known: Known = {
      principal: actorFromAuthorization(req.headers.authorization, options.account).principal,
      account: options.account,
      resource: '*',
      parameters: {},
    };
    const scopeOfKnown = (): AuditScope => ({
      call: audit.call(
        { ...base, principal: known.principal, account: known.account, action, resource: known.resource },
        known.parameters,
      ),
      recorded: false,
    });
    let scope: AuditScope | undefined;
    try {
      const { caller, operation, body } = await authorized(options, req, name, target, known);
      const actor = caller?.actor ?? actorFromAuthorization(req.headers.authorization, options.account);
      scope = scopeOfKnown();
      const current = scope;
      const result = await audit.within(current, () =>
        operation({ actor, registry: options.registry, input: body }),
      );
      if (isMutating(action)) await audit.finish(current, 'allowed');
      reply.status(200).header('content-type', AWS_CONTENT_TYPE);
      // A Buffer keeps the content type exactly as AWS sends it (no charset parameter).
      return reply.send(result === undefined ? EMPTY : Buffer.from(JSON.stringify(result)));
    } catch (err) {
      const { outcome, errorCode } = auditOutcome(err);
      if (outcome === 'denied' || isMutating(action)) {
        await audit.finish(scope ?? scopeOfKnown(), outcome, errorCode).catch(() => undefined);
      }
      throw err;
    }
  };
}

/** What the handler has learnt of a call, filled in as authentication and parsing proceed. */
interface Known {
  principal: string;
  /** The caller's account once authenticated (until then, the server's). */
  account: string;
  resource: string;
  parameters: unknown;
}

/**
 * Authentication first (an unsigned request learns nothing, not even whether its input is valid), then
 * the operation and its input, then the caller's permission for each resource the call touches.
 */
async function authorized(
  options: AwsFaceOptions,
  req: FastifyRequest,
  name: string | undefined,
  target: unknown,
  known: Known,
) {
  const { authenticator, authorizer } = options.registry.auth;
  const caller = options.insecureDev
    ? undefined
    : await authenticator.sigV4({
        method: req.method,
        url: req.url,
        headers: sigV4Headers(req.raw.rawHeaders),
        body: Buffer.isBuffer(req.body) ? req.body : EMPTY,
      });
  if (caller) {
    known.principal = caller.actor.principal;
    known.account = caller.actor.account;
  }
  if (typeof target !== 'string' || target === '') {
    throw new DomainError(
      'UnknownOperation',
      'Missing X-Amz-Target header: SageMaker requests name their operation as SageMaker.<Operation>.',
    );
  }
  const operation = name === undefined ? undefined : OPERATIONS[name];
  if (!operation || name === undefined) {
    throw new DomainError('UnknownOperation', `Operation ${target} is not supported by this server.`, {
      target,
    });
  }
  const body = parseBody(req.body);
  known.parameters = body;
  const outcome = validateInput(name, body);
  if (!outcome.ok) {
    throw new DomainError(
      outcome.type === 'ValidationException' ? 'ValidationFailed' : 'MalformedRequest',
      outcome.message,
    );
  }
  if (caller) {
    const requests = awsAccessRequests(name, body, authorizer.scope(caller));
    known.resource = requests[0]?.resource ?? '*';
    for (const request of requests) await authorizer.check(caller, request, req.ip);
  }
  return { caller, operation, body };
}

export function isAwsRequest(req: FastifyRequest): boolean {
  return req.method === 'POST' && !req.url.startsWith('/api/');
}
