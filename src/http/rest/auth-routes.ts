import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../domain/limits.js';
import type { Principal } from '../../ports/identity-store.js';
import type { Registry } from '../../services/registry.js';
import { credentialRoutes } from './auth-credential-routes.js';
import { ROLE_NAME, roleRoutes } from './auth-role-routes.js';
import { nativeActor, pageCursor, pageResult } from './context.js';
import { iso } from './representation.js';
import { ErrorSchema, PAGE_QUERY, pageLimit, pageOf } from './schemas.js';

const NAME = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[\\w+=,.@-]+$' };
/** Built-in or custom role names; which exist is the service's answer (RoleNotFound). */
const ROLES = { type: 'array', maxItems: LIMITS.rolesPerPrincipal, items: ROLE_NAME };
const UserParams = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
const PolicyParams = {
  type: 'object',
  required: ['name', 'policy'],
  properties: { name: { type: 'string' }, policy: { type: 'string', maxLength: 128 } },
};

const UserSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    arn: { type: 'string' },
    account: { type: 'string', description: 'The 12-digit account the user belongs to and signs in as.' },
    kind: { type: 'string', enum: ['user', 'machine'] },
    roles: { type: 'array', items: { type: 'string' } },
    description: { type: 'string' },
    disabled: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: { type: 'string' },
  },
};

function userJson(p: Principal, partition: string): Record<string, unknown> {
  return {
    name: p.name,
    arn: `arn:${partition}:iam::${p.account}:user/${p.name}`,
    account: p.account,
    kind: p.kind,
    roles: p.roles,
    ...(p.description !== undefined && { description: p.description }),
    disabled: p.disabledAt !== undefined,
    createdAt: iso(p.createdAt),
    createdBy: p.createdBy,
  };
}

type Named = { Params: { name: string } };

/** Who the caller is; users and their inline policies (access keys and tokens: auth-credential-routes.ts). */
export function authRoutes(
  app: FastifyInstance,
  registry: Registry,
  account: string,
  partition: string,
): void {
  const ids = registry.auth.identities;
  const schema = (summary: string, extra: Record<string, unknown>) => ({ summary, tags: ['auth'], ...extra });

  app.get(
    '/auth/whoami',
    {
      schema: schema('Who the credentials of this request belong to', {
        responses: { 200: UserSchema, 401: ErrorSchema },
      }),
    },
    async (req) => {
      const actor = nativeActor(req, account);
      return req.caller
        ? { ...userJson(req.caller.principal, partition), credential: req.caller.credential }
        : { name: actor.principal, insecureDev: true };
    },
  );

  app.post<{
    Body: {
      name: string;
      account?: string;
      kind?: 'user' | 'machine';
      roles?: string[];
      description?: string;
    };
  }>(
    '/auth/users',
    {
      schema: schema('Create a user or machine principal', {
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: {
            name: NAME,
            account: {
              type: 'string',
              pattern: '^[0-9]{12}$',
              description:
                "The account to create the user in (default: the caller's). Only the server's own account (MODELRY_ACCOUNT_ID) may create users in another.",
            },
            kind: { type: 'string', enum: ['user', 'machine'] },
            roles: ROLES,
            description: { type: 'string', maxLength: 1024 },
          },
        },
        responses: { 201: UserSchema, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema },
      }),
    },
    async (req, reply) =>
      reply.status(201).send(userJson(await ids.create(nativeActor(req, account), req.body), partition)),
  );

  app.get<{ Querystring: { limit?: string; pageToken?: string; account?: string } }>(
    '/auth/users',
    {
      schema: schema('List users by name', {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...PAGE_QUERY,
            account: {
              type: 'string',
              pattern: '^[0-9]{12}$',
              description:
                "Another account's users (the home account's admins only); the caller's by default.",
            },
          },
        },
        responses: { 200: pageOf(UserSchema), 400: ErrorSchema, 403: ErrorSchema },
      }),
    },
    async (req) => {
      const page = pageCursor(
        req.query.pageToken,
        { list: 'users', ...(req.query.account !== undefined && { account: req.query.account }) },
        ['string'],
      );
      const limit = pageLimit(req.query.limit);
      const items = await ids.list(
        nativeActor(req, account),
        limit + 1,
        page.after?.[0] as string | undefined,
        req.query.account,
      );
      const shown = items.slice(0, limit);
      const last = shown.at(-1);
      return pageResult(
        shown.map((p) => userJson(p, partition)),
        items.length > limit && last ? [last.name.toLowerCase()] : undefined,
        page.fingerprint,
      );
    },
  );

  app.get<Named>(
    '/auth/users/:name',
    {
      schema: schema('Describe a user', {
        params: UserParams,
        responses: { 200: UserSchema, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req) => userJson(await ids.get(nativeActor(req, account), req.params.name), partition),
  );

  app.patch<Named & { Body: { roles?: string[]; description?: string | null; disabled?: boolean } }>(
    '/auth/users/:name',
    {
      schema: schema("Change a user's roles, description, or disable it", {
        params: UserParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            roles: ROLES,
            description: { anyOf: [{ type: 'string', maxLength: 1024 }, { type: 'null' }] },
            disabled: { type: 'boolean' },
          },
        },
        responses: { 200: UserSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req) =>
      userJson(await ids.update(nativeActor(req, account), req.params.name, req.body), partition),
  );

  app.delete<Named>(
    '/auth/users/:name',
    {
      schema: schema('Delete a user with its keys and tokens', {
        params: UserParams,
        responses: { 204: { type: 'null' }, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req, reply) => {
      await ids.delete(nativeActor(req, account), req.params.name);
      return reply.status(204).send();
    },
  );

  app.get<Named>(
    '/auth/users/:name/policies',
    {
      schema: schema("List a user's inline policies", {
        params: UserParams,
        responses: {
          200: { type: 'object', properties: { items: { type: 'array' } } },
          403: ErrorSchema,
          404: ErrorSchema,
        },
      }),
    },
    async (req) => ({
      items: (await ids.listPolicies(nativeActor(req, account), req.params.name)).map((p) => ({
        name: p.name,
        document: JSON.parse(p.document),
      })),
    }),
  );

  app.put<{ Params: { name: string; policy: string }; Body: { document: unknown } }>(
    '/auth/users/:name/policies/:policy',
    {
      schema: schema('Attach (or replace) an inline IAM-style policy', {
        params: PolicyParams,
        body: {
          type: 'object',
          required: ['document'],
          additionalProperties: false,
          properties: { document: {} },
        },
        responses: { 200: { type: 'object' }, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req) => {
      const policy = await ids.putPolicy(
        nativeActor(req, account),
        req.params.name,
        req.params.policy,
        req.body.document,
      );
      return { name: policy.name, document: JSON.parse(policy.document) };
    },
  );

  app.delete<{ Params: { name: string; policy: string } }>(
    '/auth/users/:name/policies/:policy',
    {
      schema: schema('Detach an inline policy', {
        params: PolicyParams,
        responses: { 204: { type: 'null' }, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req, reply) => {
      await ids.deletePolicy(nativeActor(req, account), req.params.name, req.params.policy);
      return reply.status(204).send();
    },
  );

  credentialRoutes(app, registry, account);
  roleRoutes(app, registry, account, partition);
}
