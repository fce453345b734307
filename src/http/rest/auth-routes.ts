import type { FastifyInstance } from 'fastify';
import type { Principal, StoredAccessKey, StoredToken } from '../../ports/identity-store.js';
import type { Registry } from '../../services/registry.js';
import { nativeActor, pageCursor, pageResult } from './context.js';
import { iso } from './representation.js';
import { ErrorSchema, PAGE_QUERY, pageLimit, pageOf } from './schemas.js';

const NAME = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[\\w+=,.@-]+$' };
const ROLES = {
  type: 'array',
  maxItems: 4,
  items: { type: 'string', enum: ['viewer', 'data-scientist', 'approver', 'admin'] },
};
const UserParams = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
const OwnerParams = { type: 'object', required: ['user'], properties: { user: { type: 'string' } } };
const CredentialParams = {
  type: 'object',
  required: ['user', 'id'],
  properties: { user: { type: 'string' }, id: { type: 'string', maxLength: 128 } },
};
const PolicyParams = {
  type: 'object',
  required: ['name', 'policy'],
  properties: { name: { type: 'string' }, policy: { type: 'string', maxLength: 128 } },
};

/** The body of actions that take no input: nothing, or an empty object. */
const NO_MEMBERS = { type: 'object', additionalProperties: false, properties: {} };

const UserSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    arn: { type: 'string' },
    kind: { type: 'string', enum: ['user', 'machine'] },
    roles: { type: 'array', items: { type: 'string' } },
    description: { type: 'string' },
    disabled: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: { type: 'string' },
  },
};
const KeySchema = {
  type: 'object',
  properties: {
    accessKeyId: { type: 'string' },
    secretAccessKey: { type: 'string', description: 'Only in the answer that created the key.' },
    user: { type: 'string' },
    status: { type: 'string', enum: ['Active', 'Inactive'] },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: 'string', format: 'date-time' },
  },
};
const TokenSchema = {
  type: 'object',
  properties: {
    tokenId: { type: 'string' },
    token: { type: 'string', description: 'Only in the answer that created the token.' },
    user: { type: 'string' },
    name: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: 'string', format: 'date-time' },
  },
};

function userJson(p: Principal, partition: string): Record<string, unknown> {
  return {
    name: p.name,
    arn: `arn:${partition}:iam::${p.account}:user/${p.name}`,
    kind: p.kind,
    roles: p.roles,
    ...(p.description !== undefined && { description: p.description }),
    disabled: p.disabledAt !== undefined,
    createdAt: iso(p.createdAt),
    createdBy: p.createdBy,
  };
}

function keyJson(k: StoredAccessKey, user: string): Record<string, unknown> {
  return {
    accessKeyId: k.accessKeyId,
    user,
    status: k.status,
    createdAt: iso(k.createdAt),
    ...(k.lastUsedAt !== undefined && { lastUsedAt: iso(k.lastUsedAt) }),
    ...(k.revokedAt !== undefined && { revokedAt: iso(k.revokedAt) }),
  };
}

function tokenJson(t: StoredToken, user: string): Record<string, unknown> {
  return {
    tokenId: t.tokenId,
    user,
    ...(t.name !== undefined && { name: t.name }),
    createdAt: iso(t.createdAt),
    ...(t.expiresAt !== undefined && { expiresAt: iso(t.expiresAt) }),
    ...(t.lastUsedAt !== undefined && { lastUsedAt: iso(t.lastUsedAt) }),
    ...(t.revokedAt !== undefined && { revokedAt: iso(t.revokedAt) }),
  };
}

type Named = { Params: { name: string } };
type Owned = { Params: { user: string } };
type Credential = { Params: { user: string; id: string } };

/** Users, their inline policies, access keys and tokens: /auth/*. */
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

  app.post<{ Body: { name: string; kind?: 'user' | 'machine'; roles?: string[]; description?: string } }>(
    '/auth/users',
    {
      schema: schema('Create a user or machine principal', {
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: {
            name: NAME,
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

  app.get<{ Querystring: { limit?: string; pageToken?: string } }>(
    '/auth/users',
    {
      schema: schema('List users by name', {
        querystring: { type: 'object', additionalProperties: false, properties: PAGE_QUERY },
        responses: { 200: pageOf(UserSchema), 400: ErrorSchema, 403: ErrorSchema },
      }),
    },
    async (req) => {
      const page = pageCursor(req.query.pageToken, { list: 'users' }, ['string']);
      const limit = pageLimit(req.query.limit);
      const items = await ids.list(
        nativeActor(req, account),
        limit + 1,
        page.after?.[0] as string | undefined,
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

  app.post<Owned>(
    '/auth/users/:user/keys',
    {
      schema: schema('Create an access key pair (the secret is shown once)', {
        params: OwnerParams,
        body: NO_MEMBERS,
        responses: { 201: KeySchema, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req, reply) => {
      const key = await ids.createKey(nativeActor(req, account), req.params.user);
      return reply.status(201).send({ ...key, status: 'Active', createdAt: iso(key.createdAt) });
    },
  );

  app.get<Owned>(
    '/auth/users/:user/keys',
    {
      schema: schema("List a user's access keys (never their secrets)", {
        params: OwnerParams,
        responses: { 200: pageOf(KeySchema), 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req) => ({
      items: (await ids.listKeys(nativeActor(req, account), req.params.user)).map((k) =>
        keyJson(k, req.params.user),
      ),
    }),
  );

  app.delete<Credential>(
    '/auth/users/:user/keys/:id',
    {
      schema: schema('Revoke an access key', {
        params: CredentialParams,
        responses: { 204: { type: 'null' }, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req, reply) => {
      await ids.revokeKey(nativeActor(req, account), req.params.user, req.params.id);
      return reply.status(204).send();
    },
  );

  app.post<Credential>(
    '/auth/users/:user/keys/:id/rotate',
    {
      schema: schema('Rotate an access key: a new pair, and the old key revoked', {
        params: CredentialParams,
        body: NO_MEMBERS,
        responses: { 201: KeySchema, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req, reply) => {
      const key = await ids.rotateKey(nativeActor(req, account), req.params.user, req.params.id);
      return reply.status(201).send({ ...key, status: 'Active', createdAt: iso(key.createdAt) });
    },
  );

  app.post<Owned & { Body: { name?: string; ttlSeconds?: number } | undefined }>(
    '/auth/users/:user/tokens',
    {
      schema: schema('Create an API token (shown once)', {
        params: OwnerParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { name: { type: 'string', maxLength: 128 }, ttlSeconds: { type: 'integer' } },
        },
        responses: { 201: TokenSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req, reply) => {
      const t = await ids.createToken(nativeActor(req, account), req.params.user, req.body ?? {});
      return reply.status(201).send({
        ...t,
        createdAt: iso(t.createdAt),
        ...(t.expiresAt !== undefined && { expiresAt: iso(t.expiresAt) }),
      });
    },
  );

  app.get<Owned>(
    '/auth/users/:user/tokens',
    {
      schema: schema("List a user's API tokens (never their secrets)", {
        params: OwnerParams,
        responses: { 200: pageOf(TokenSchema), 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req) => ({
      items: (await ids.listTokens(nativeActor(req, account), req.params.user)).map((t) =>
        tokenJson(t, req.params.user),
      ),
    }),
  );

  app.delete<Credential>(
    '/auth/users/:user/tokens/:id',
    {
      schema: schema('Revoke an API token', {
        params: CredentialParams,
        responses: { 204: { type: 'null' }, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req, reply) => {
      await ids.revokeToken(nativeActor(req, account), req.params.user, req.params.id);
      return reply.status(204).send();
    },
  );

  app.post<Credential>(
    '/auth/users/:user/tokens/:id/rotate',
    {
      schema: schema('Rotate an API token: a new one, and the old one revoked', {
        params: CredentialParams,
        body: NO_MEMBERS,
        responses: { 201: TokenSchema, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req, reply) => {
      const t = await ids.rotateToken(nativeActor(req, account), req.params.user, req.params.id);
      return reply.status(201).send({
        ...t,
        createdAt: iso(t.createdAt),
        ...(t.expiresAt !== undefined && { expiresAt: iso(t.expiresAt) }),
      });
    },
  );
}
