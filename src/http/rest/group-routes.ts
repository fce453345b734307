import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../domain/limits.js';
import type { Registry } from '../../services/registry.js';
import { nativeActor, pageCursor, pageResult } from './context.js';
import { groupJson } from './representation.js';
import {
  CreateGroupBody,
  ErrorSchema,
  GroupSchema,
  PAGE_QUERY,
  pageLimit,
  pageOf,
  UpdateGroupBody,
} from './schemas.js';

const GroupParams = { type: 'object', required: ['group'], properties: { group: { type: 'string' } } };
const SORTS = {
  name: ['Name', 'Ascending'],
  '-name': ['Name', 'Descending'],
  createdAt: ['CreationTime', 'Ascending'],
  '-createdAt': ['CreationTime', 'Descending'],
} as const;

export function groupRoutes(app: FastifyInstance, registry: Registry, account: string): void {
  app.post<{ Body: { name: string; description?: string; tags?: Record<string, string> } }>(
    '/groups',
    {
      schema: {
        summary: 'Create a model package group',
        tags: ['groups'],
        body: CreateGroupBody,
        responses: { 201: GroupSchema, 400: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { name, description, tags } = req.body;
      const tagList = Object.entries(tags ?? {}).map(([key, value]) => ({ key, value }));
      const group = await registry.groups.create(nativeActor(req, account), {
        name,
        ...(description !== undefined && { description }),
        tags: tagList,
      });
      return reply.status(201).send(groupJson(group, tagList));
    },
  );

  app.get<{
    Querystring: { nameContains?: string; sort?: keyof typeof SORTS; limit?: string; pageToken?: string };
  }>(
    '/groups',
    {
      schema: {
        summary: 'List model package groups',
        tags: ['groups'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            nameContains: { type: 'string', maxLength: 63 },
            sort: { type: 'string', enum: Object.keys(SORTS), default: 'name' },
            ...PAGE_QUERY,
          },
        },
        responses: { 200: pageOf(GroupSchema), 400: ErrorSchema },
      },
    },
    async (req) => {
      const { nameContains, sort = 'name', limit, pageToken } = req.query;
      const [sortBy, sortOrder] = SORTS[sort];
      const page = pageCursor(
        pageToken,
        { nameContains, sort },
        sortBy === 'Name' ? ['string', 'number'] : ['number', 'number'],
      );
      const result = await registry.groups.list(nativeActor(req, account), {
        ...(nameContains !== undefined && { nameContains }),
        sortBy,
        sortOrder,
        limit: pageLimit(limit),
        ...(page.after && { after: page.after }),
      });
      return pageResult(
        result.items.map((g) => groupJson(g)),
        result.next,
        page.fingerprint,
      );
    },
  );

  app.get<{ Params: { group: string } }>(
    '/groups/:group',
    {
      schema: {
        summary: 'Describe a group, with its tags',
        tags: ['groups'],
        params: GroupParams,
        responses: { 200: GroupSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const actor = nativeActor(req, account);
      const group = await registry.groups.describe(actor, req.params.group);
      const tags = await registry.tags.list(actor, group.arn, LIMITS.tagsPerResource);
      return groupJson(group, tags.items);
    },
  );

  app.patch<{ Params: { group: string }; Body: { description?: string | null } }>(
    '/groups/:group',
    {
      schema: {
        summary: 'Change a group description',
        tags: ['groups'],
        params: GroupParams,
        body: UpdateGroupBody,
        responses: { 200: GroupSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const actor = nativeActor(req, account);
      const group =
        req.body.description === undefined
          ? await registry.groups.describe(actor, req.params.group)
          : await registry.groups.updateDescription(actor, req.params.group, req.body.description);
      return groupJson(group);
    },
  );

  app.delete<{ Params: { group: string } }>(
    '/groups/:group',
    {
      schema: {
        summary: 'Delete an empty group',
        tags: ['groups'],
        params: GroupParams,
        responses: { 204: { type: 'null' }, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      await registry.groups.delete(nativeActor(req, account), req.params.group);
      return reply.status(204).send();
    },
  );
}
