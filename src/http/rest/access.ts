import type { FastifyRequest } from 'fastify';
import { ACTIONS, artifactArn, nativeResourceArn, roleArn, userArn } from '../../access/actions.js';
import {
  groupArn,
  resolveGroupRef,
  resolveUserRef,
  type Scope,
  scopeOfRef,
  versionArn,
  versionRefOf,
} from '../../domain/names.js';
import type { AccessRequest, ConditionKeys } from '../../services/authorizer.js';

/** `METHOD /api/v1/...` (fastify's route syntax) → the action the catalogue gives that route. */
const BY_ROUTE = new Map<string, string>();
for (const action of ACTIONS) {
  for (const route of action.routes) if (!route.startsWith('SageMaker.')) BY_ROUTE.set(route, action.name);
}

/** The action of a native route, or undefined when the catalogue (src/access/actions.ts) has none. */
export function routeAction(method: string, url: string): string | undefined {
  // Fastify answers HEAD for every GET route: such a HEAD is the GET's action (it reveals the GET's headers).
  return BY_ROUTE.get(`${method} ${url}`) ?? (method === 'HEAD' ? BY_ROUTE.get(`GET ${url}`) : undefined);
}

type Params = { group?: string; version?: string; name?: string; user?: string; sha256?: string };
type Body = {
  name?: unknown;
  account?: unknown;
  status?: unknown;
  approvalStatus?: unknown;
  lifecycle?: { stage?: unknown; stageStatus?: unknown };
  tags?: unknown;
};

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The resource a native request acts on, from its path parameters (see actions.ts for each action). A group
 * or user given as an ARN may be another account's: the ARN is the resource, and IAM's cross-account rules
 * decide.
 */
function resourceOf(url: string, params: Params, body: Body | undefined, scope: Scope): string {
  if (params.group !== undefined && params.version !== undefined && /^[0-9]{1,9}$/.test(params.version)) {
    const ref = versionRefOf(params.group, params.version);
    return ref.startsWith('arn:') ? ref : versionArn(scope, params.group, Number(params.version));
  }
  if (params.group !== undefined) {
    const group = resolveGroupRef(scope, params.group);
    return group && !group.foreign ? groupArn(scopeOfRef(scope, group), group.name) : params.group;
  }
  // Uploads, lists, verify and gc act on every artifact: a digest is known only once the bytes are in.
  if (url === '/api/v1/artifacts' || url.startsWith('/api/v1/artifacts/')) {
    return artifactArn(scope, params.sha256?.toLowerCase() ?? '*');
  }
  if (params.name !== undefined && url.startsWith('/api/v1/events/targets/')) {
    return nativeResourceArn(scope, 'event-target', params.name);
  }
  if (params.name !== undefined && url.startsWith('/api/v1/events/rules/')) {
    return nativeResourceArn(scope, 'event-rule', params.name);
  }
  if (params.name !== undefined && url.startsWith('/api/v1/auth/roles/')) {
    return roleArn(scope.partition, scope.account, params.name);
  }
  // Creating a role is checked on the role it creates, so a policy can delegate a family of names.
  if (url === '/api/v1/auth/roles' && typeof body?.name === 'string') {
    return roleArn(scope.partition, scope.account, body.name);
  }
  // Creating a user is checked on the user it creates, in the account the request names: an account's
  // admins create users only there (the home account's anywhere).
  if (url === '/api/v1/auth/users' && typeof body?.name === 'string') {
    return userArn(scope.partition, text(body.account) ?? scope.account, body.name);
  }
  const user = params.user ?? (url.startsWith('/api/v1/auth/users/') ? params.name : undefined);
  if (user !== undefined) return userResource(scope, user);
  return '*';
}

/** A user by name (the caller's account) or by ARN (any account: the home account's admins manage all). */
function userResource(scope: Scope, ref: string): string {
  const user = resolveUserRef(scope.account, ref);
  return user ? userArn(scope.partition, user.account, user.name) : ref;
}

/** sagemaker:ModelApprovalStatus only when the request sets a status; lifecycle and request tags alike. */
function keysOf(body: Body | undefined): ConditionKeys {
  if (!body || typeof body !== 'object') return {};
  const tags =
    body.tags && typeof body.tags === 'object' ? (body.tags as Record<string, unknown>) : undefined;
  return {
    'sagemaker:ModelApprovalStatus': text(body.status) ?? text(body.approvalStatus),
    'sagemaker:ModelLifeCycle:stage': text(body.lifecycle?.stage),
    'sagemaker:ModelLifeCycle:stageStatus': text(body.lifecycle?.stageStatus),
    ...(tags && {
      'aws:TagKeys': Object.keys(tags),
      ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, text(v) ?? ''])),
    }),
  };
}

export function nativeAccessRequest(req: FastifyRequest, action: string, scope: Scope): AccessRequest {
  const url = req.url.split('?')[0]!;
  // Listing another account's users is checked on that account's users, as creating one there is.
  const listed = text((req.query as { account?: unknown } | undefined)?.account);
  return {
    action,
    resource:
      req.method === 'GET' && url === '/api/v1/auth/users' && listed !== undefined
        ? userArn(scope.partition, listed, '*')
        : resourceOf(url, req.params as Params, req.body as Body | undefined, scope),
    keys: keysOf(req.body as Body | undefined),
  };
}
