import type { FastifyInstance } from 'fastify';
import { roleArn } from '../../access/actions.js';
import { LIMITS } from '../../domain/limits.js';
import type { Registry } from '../../services/registry.js';
import type { RoleView } from '../../services/roles.js';
import { nativeActor, pageCursor, pageResult } from './context.js';
import { iso } from './representation.js';
import { ErrorSchema, PAGE_QUERY, pageLimit, pageOf } from './schemas.js';

/** Role names in requests: IAM's characters; whether the role exists is the service's answer. */
export const ROLE_NAME = {
  type: 'string',
  minLength: 1,
  maxLength: LIMITS.roleNameMax,
  pattern: '^[\\w+=,.@-]+$',
};
const DOCUMENT = {
  type: 'object',
  description: 'An IAM-style identity policy document: {"Version": "2012-10-17", "Statement": [...]}.',
};
const DESCRIPTION = { type: 'string', maxLength: LIMITS.descriptionMax };
const TIME = { type: 'string', format: 'date-time' };
const RoleParams = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };

const RoleSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    arn: { type: 'string' },
    builtIn: { type: 'boolean', description: 'A built-in role: it cannot be changed or deleted.' },
    description: { type: 'string' },
    document: { type: 'object', description: 'The policy document holders of the role are given.' },
    createdAt: TIME,
    createdBy: { type: 'string' },
    updatedAt: TIME,
    updatedBy: { type: 'string' },
  },
};

type Named = { Params: { name: string } };

/** Built-in and custom roles: /auth/roles. Principals take them through /auth/users (roles). */
export function roleRoutes(
  app: FastifyInstance,
  registry: Registry,
  account: string,
  partition: string,
): void {
  const roles = registry.auth.roles;
  const schema = (summary: string, extra: Record<string, unknown>) => ({ summary, tags: ['auth'], ...extra });
  const json = (r: RoleView, owner: string): Record<string, unknown> => ({
    name: r.name,
    arn: roleArn(partition, owner, r.name),
    builtIn: r.builtIn,
    ...(r.description !== undefined && { description: r.description }),
    document: r.document,
    ...(r.createdAt !== undefined && { createdAt: iso(r.createdAt) }),
    ...(r.createdBy !== undefined && { createdBy: r.createdBy }),
    ...(r.updatedAt !== undefined && { updatedAt: iso(r.updatedAt) }),
    ...(r.updatedBy !== undefined && { updatedBy: r.updatedBy }),
  });

  app.get<{ Querystring: { limit?: string; pageToken?: string } }>(
    '/auth/roles',
    {
      schema: schema('List the built-in and custom roles by name, with their policy documents', {
        querystring: { type: 'object', additionalProperties: false, properties: PAGE_QUERY },
        responses: { 200: pageOf(RoleSchema), 400: ErrorSchema, 403: ErrorSchema },
      }),
    },
    async (req) => {
      const actor = nativeActor(req, account);
      const page = pageCursor(req.query.pageToken, { list: 'roles' }, ['string']);
      const { items, more } = await roles.list(
        actor,
        pageLimit(req.query.limit),
        page.after?.[0] as string | undefined,
      );
      const last = items.at(-1);
      return pageResult(
        items.map((r) => json(r, actor.account)),
        more && last ? [last.name.toLowerCase()] : undefined,
        page.fingerprint,
      );
    },
  );

  app.post<{ Body: { name: string; description?: string; document: unknown } }>(
    '/auth/roles',
    {
      schema: schema('Create a custom role: a named policy document principals can be given', {
        body: {
          type: 'object',
          required: ['name', 'document'],
          additionalProperties: false,
          properties: { name: ROLE_NAME, description: DESCRIPTION, document: DOCUMENT },
        },
        responses: { 201: RoleSchema, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema },
      }),
    },
    async (req, reply) => {
      const actor = nativeActor(req, account);
      return reply.status(201).send(json(await roles.create(actor, req.body), actor.account));
    },
  );

  app.get<Named>(
    '/auth/roles/:name',
    {
      schema: schema('Describe a built-in or custom role', {
        params: RoleParams,
        responses: { 200: RoleSchema, 403: ErrorSchema, 404: ErrorSchema },
      }),
    },
    async (req) => {
      const actor = nativeActor(req, account);
      return json(await roles.get(actor, req.params.name), actor.account);
    },
  );

  app.put<Named & { Body: { document?: unknown; description?: string | null } }>(
    '/auth/roles/:name',
    {
      schema: schema(
        "Change a custom role's policy document or description (holders: from their next request)",
        {
          params: RoleParams,
          body: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              document: DOCUMENT,
              description: { anyOf: [DESCRIPTION, { type: 'null' }] },
            },
          },
          responses: { 200: RoleSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
        },
      ),
    },
    async (req) => {
      const actor = nativeActor(req, account);
      return json(await roles.update(actor, req.params.name, req.body), actor.account);
    },
  );

  app.delete<Named>(
    '/auth/roles/:name',
    {
      schema: schema('Delete a custom role that no principal holds', {
        params: RoleParams,
        responses: {
          204: { type: 'null' },
          400: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      }),
    },
    async (req, reply) => {
      await roles.delete(nativeActor(req, account), req.params.name);
      return reply.status(204).send();
    },
  );
}
