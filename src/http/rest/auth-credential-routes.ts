import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../domain/model.js';
import type { StoredAccessKey, StoredToken } from '../../ports/identity-store.js';
import type { Registry } from '../../services/registry.js';
import { nativeActor } from './context.js';
import { iso } from './representation.js';
import { ErrorSchema, pageOf } from './schemas.js';

const TIME = { type: 'string', format: 'date-time' };
const OwnerParams = { type: 'object', required: ['user'], properties: { user: { type: 'string' } } };
const CredentialParams = {
  type: 'object',
  required: ['user', 'id'],
  properties: { user: { type: 'string' }, id: { type: 'string', maxLength: 128 } },
};
/** The body of actions that take no input: nothing, or an empty object. */
const NO_MEMBERS = { type: 'object', additionalProperties: false, properties: {} };

const KeySchema = {
  type: 'object',
  properties: {
    accessKeyId: { type: 'string' },
    secretAccessKey: { type: 'string', description: 'Only in the answer that created the key.' },
    user: { type: 'string' },
    status: { type: 'string', enum: ['Active', 'Inactive'] },
    createdAt: TIME,
    lastUsedAt: TIME,
    revokedAt: TIME,
  },
};
const TokenSchema = {
  type: 'object',
  properties: {
    tokenId: { type: 'string' },
    token: { type: 'string', description: 'Only in the answer that created the token.' },
    user: { type: 'string' },
    name: { type: 'string' },
    createdAt: TIME,
    expiresAt: TIME,
    lastUsedAt: TIME,
    revokedAt: TIME,
  },
};

/** A credential's times as ISO-8601, the absent ones left out. */
function times(c: { createdAt: number; expiresAt?: number; lastUsedAt?: number; revokedAt?: number }) {
  return {
    createdAt: iso(c.createdAt),
    ...(c.expiresAt !== undefined && { expiresAt: iso(c.expiresAt) }),
    ...(c.lastUsedAt !== undefined && { lastUsedAt: iso(c.lastUsedAt) }),
    ...(c.revokedAt !== undefined && { revokedAt: iso(c.revokedAt) }),
  };
}

function keyJson(k: StoredAccessKey, user: string): Record<string, unknown> {
  return { accessKeyId: k.accessKeyId, user, status: k.status, ...times(k) };
}

function tokenJson(t: StoredToken, user: string): Record<string, unknown> {
  return { tokenId: t.tokenId, user, ...(t.name !== undefined && { name: t.name }), ...times(t) };
}

/** A just-issued key pair as answered (its secret included, this once). */
function issuedKeyJson(key: { createdAt: number } & Record<string, unknown>): Record<string, unknown> {
  return { ...key, status: 'Active', createdAt: iso(key.createdAt) };
}

/** What differs between access keys and tokens; the four routes are the same for both. */
interface CredentialKind<B> {
  readonly path: 'keys' | 'tokens';
  readonly noun: string;
  readonly schema: object;
  readonly createSummary: string;
  readonly rotateSummary: string;
  readonly createBody: object;
  create(actor: Actor, user: string, body: B): Promise<Record<string, unknown>>;
  list(actor: Actor, user: string): Promise<Record<string, unknown>[]>;
  revoke(actor: Actor, user: string, id: string): Promise<void>;
  rotate(actor: Actor, user: string, id: string): Promise<Record<string, unknown>>;
}

function routesOf<B>(app: FastifyInstance, account: string, kind: CredentialKind<B>): void {
  const base = `/auth/users/:user/${kind.path}`;
  const schema = (summary: string, extra: Record<string, unknown>) => ({ summary, tags: ['auth'], ...extra });
  type Owned = { Params: { user: string } };
  type One = { Params: { user: string; id: string } };

  app.post<Owned & { Body: B }>(
    base,
    {
      schema: schema(kind.createSummary, {
        params: OwnerParams,
        body: kind.createBody,
        responses: { 201: kind.schema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req, reply) =>
      reply.status(201).send(await kind.create(nativeActor(req, account), req.params.user, req.body as B)),
  );
  app.get<Owned>(
    base,
    {
      schema: schema(`List a user's ${kind.noun}s (never their secrets)`, {
        params: OwnerParams,
        responses: { 200: pageOf(kind.schema), 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req) => ({ items: await kind.list(nativeActor(req, account), req.params.user) }),
  );
  app.delete<One>(
    `${base}/:id`,
    {
      schema: schema(`Revoke an ${kind.noun}`, {
        params: CredentialParams,
        responses: { 204: { type: 'null' }, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req, reply) => {
      await kind.revoke(nativeActor(req, account), req.params.user, req.params.id);
      return reply.status(204).send();
    },
  );
  app.post<One>(
    `${base}/:id/rotate`,
    {
      schema: schema(kind.rotateSummary, {
        params: CredentialParams,
        body: NO_MEMBERS,
        responses: { 201: kind.schema, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req, reply) =>
      reply.status(201).send(await kind.rotate(nativeActor(req, account), req.params.user, req.params.id)),
  );
}

/** A user's SigV4 access keys and API tokens: create (the secret shown once), list, revoke, rotate. */
export function credentialRoutes(app: FastifyInstance, registry: Registry, account: string): void {
  const ids = registry.auth.identities;
  routesOf<Record<string, never>>(app, account, {
    path: 'keys',
    noun: 'access key',
    schema: KeySchema,
    createSummary: 'Create an access key pair (the secret is shown once)',
    rotateSummary: 'Rotate an access key: a new pair, and the old key revoked',
    createBody: NO_MEMBERS,
    create: async (actor, user) => issuedKeyJson({ ...(await ids.createKey(actor, user)) }),
    list: async (actor, user) => (await ids.listKeys(actor, user)).map((k) => keyJson(k, user)),
    revoke: (actor, user, id) => ids.revokeKey(actor, user, id),
    rotate: async (actor, user, id) => issuedKeyJson({ ...(await ids.rotateKey(actor, user, id)) }),
  });
  routesOf<{ name?: string; ttlSeconds?: number }>(app, account, {
    path: 'tokens',
    noun: 'API token',
    schema: TokenSchema,
    createSummary: 'Create an API token (shown once)',
    rotateSummary: 'Rotate an API token: a new one, and the old one revoked',
    createBody: {
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string', maxLength: 128 }, ttlSeconds: { type: 'integer' } },
    },
    create: async (actor, user, body) => {
      const token = await ids.createToken(actor, user, body);
      return { ...token, ...times(token) };
    },
    list: async (actor, user) => (await ids.listTokens(actor, user)).map((t) => tokenJson(t, user)),
    revoke: (actor, user, id) => ids.revokeToken(actor, user, id),
    rotate: async (actor, user, id) => {
      const t = await ids.rotateToken(actor, user, id);
      return { ...t, ...times(t) };
    },
  });
}
