import type { FastifyRequest } from 'fastify';
import { ACTIONS, nativeResourceArn, userArn } from '../../access/actions.js';
import { groupArn, type Scope, versionArn } from '../../domain/names.js';
import type { AccessRequest, ConditionKeys } from '../../services/authorizer.js';

/** `METHOD /api/v1/...` (fastify's route syntax) → the action the catalogue gives that route. */
const BY_ROUTE = new Map<string, string>();
for (const action of ACTIONS) {
  for (const route of action.routes) if (!route.startsWith('SageMaker.')) BY_ROUTE.set(route, action.name);
}

/** The action of a native route, or undefined when the catalogue (src/access/actions.ts) has none. */
export function routeAction(method: string, url: string): string | undefined {
  return BY_ROUTE.get(`${method} ${url}`);
}

type Params = { group?: string; version?: string; name?: string; user?: string };
type Body = {
  status?: unknown;
  approvalStatus?: unknown;
  lifecycle?: { stage?: unknown; stageStatus?: unknown };
  tags?: unknown;
};

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The resource a native request acts on, from its path parameters (see actions.ts for each action). */
function resourceOf(url: string, params: Params, scope: Scope): string {
  if (params.group !== undefined && params.version !== undefined && /^[0-9]{1,9}$/.test(params.version)) {
    return versionArn(scope, params.group, Number(params.version));
  }
  if (params.group !== undefined) return groupArn(scope, params.group);
  if (params.name !== undefined && url.startsWith('/api/v1/events/targets/')) {
    return nativeResourceArn(scope, 'event-target', params.name);
  }
  if (params.name !== undefined && url.startsWith('/api/v1/events/rules/')) {
    return nativeResourceArn(scope, 'event-rule', params.name);
  }
  const user = params.user ?? (url.startsWith('/api/v1/auth/users/') ? params.name : undefined);
  if (user !== undefined) return userArn(scope.partition, scope.account, user);
  return '*';
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
  return {
    action,
    resource: resourceOf(req.url.split('?')[0]!, req.params as Params, scope),
    keys: keysOf(req.body as Body | undefined),
  };
}
