import type { FastifyInstance } from 'fastify';
import type { RuleInput } from '../../services/event-rules.js';
import type { TargetInput } from '../../services/event-targets.js';
import type { Registry } from '../../services/registry.js';
import { nativeActor, pageCursor, pageResult } from './context.js';
import { ruleJson, targetJson } from './event-representation.js';
import {
  CreateRuleBody,
  CreateTargetBody,
  RuleParams,
  RuleSchema,
  TargetParams,
  TargetSchema,
  UpdateRuleBody,
  UpdateTargetBody,
} from './event-schemas.js';
import { ErrorSchema, PAGE_QUERY, pageLimit, pageOf } from './schemas.js';

type Named = { Params: { name: string } };
type PageQuery = { Querystring: { limit?: string; pageToken?: string } };

const LIST_QUERY = { type: 'object', additionalProperties: false, properties: PAGE_QUERY };

/** Event targets and rules: /events/targets and /events/rules. */
export function eventConfigRoutes(app: FastifyInstance, registry: Registry, account: string): void {
  const { targets, rules } = registry.events;

  app.post<{ Body: TargetInput & { name: string } }>(
    '/events/targets',
    {
      schema: {
        summary: 'Create an event target (webhook, NATS subject or in-process handler)',
        tags: ['events'],
        body: CreateTargetBody,
        responses: { 201: TargetSchema, 400: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { name, ...input } = req.body;
      const { target, generatedSecret } = await targets.create(nativeActor(req, account), name, input);
      return reply.status(201).send({ ...targetJson(target), ...(generatedSecret && { generatedSecret }) });
    },
  );

  app.get<PageQuery>(
    '/events/targets',
    {
      schema: {
        summary: 'List event targets by name',
        tags: ['events'],
        querystring: LIST_QUERY,
        responses: { 200: pageOf(TargetSchema), 400: ErrorSchema },
      },
    },
    async (req) => {
      const page = pageCursor(req.query.pageToken, { list: 'targets' }, ['string']);
      const limit = pageLimit(req.query.limit);
      const items = await targets.list(
        nativeActor(req, account),
        limit + 1,
        page.after?.[0] as string | undefined,
      );
      return namedPage(items.map(targetJson), limit, page.fingerprint);
    },
  );

  app.get<Named>(
    '/events/targets/:name',
    {
      schema: {
        summary: 'Describe an event target',
        tags: ['events'],
        params: TargetParams,
        responses: { 200: TargetSchema, 404: ErrorSchema },
      },
    },
    async (req) => targetJson(await targets.get(nativeActor(req, account), req.params.name)),
  );

  app.patch<Named & { Body: TargetInput }>(
    '/events/targets/:name',
    {
      schema: {
        summary: 'Change an event target (its type stays)',
        tags: ['events'],
        params: TargetParams,
        body: UpdateTargetBody,
        responses: { 200: TargetSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => targetJson(await targets.update(nativeActor(req, account), req.params.name, req.body)),
  );

  app.delete<Named>(
    '/events/targets/:name',
    {
      schema: {
        summary: 'Delete an event target that no rule names',
        tags: ['events'],
        params: TargetParams,
        responses: { 204: { type: 'null' }, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      await targets.delete(nativeActor(req, account), req.params.name);
      return reply.status(204).send();
    },
  );

  app.post<{ Body: RuleInput & { name: string } }>(
    '/events/rules',
    {
      schema: {
        summary: 'Create an event rule: an EventBridge pattern and the targets of matching events',
        tags: ['events'],
        body: CreateRuleBody,
        responses: { 201: RuleSchema, 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { name, ...input } = req.body;
      return reply.status(201).send(ruleJson(await rules.create(nativeActor(req, account), name, input)));
    },
  );

  app.get<PageQuery>(
    '/events/rules',
    {
      schema: {
        summary: 'List event rules by name',
        tags: ['events'],
        querystring: LIST_QUERY,
        responses: { 200: pageOf(RuleSchema), 400: ErrorSchema },
      },
    },
    async (req) => {
      const page = pageCursor(req.query.pageToken, { list: 'rules' }, ['string']);
      const limit = pageLimit(req.query.limit);
      const items = await rules.list(
        nativeActor(req, account),
        limit + 1,
        page.after?.[0] as string | undefined,
      );
      return namedPage(items.map(ruleJson), limit, page.fingerprint);
    },
  );

  app.get<Named>(
    '/events/rules/:name',
    {
      schema: {
        summary: 'Describe an event rule',
        tags: ['events'],
        params: RuleParams,
        responses: { 200: RuleSchema, 404: ErrorSchema },
      },
    },
    async (req) => ruleJson(await rules.get(nativeActor(req, account), req.params.name)),
  );

  app.patch<Named & { Body: RuleInput }>(
    '/events/rules/:name',
    {
      schema: {
        summary: 'Change an event rule: pattern, targets, description, enabled',
        tags: ['events'],
        params: RuleParams,
        body: UpdateRuleBody,
        responses: { 200: RuleSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => ruleJson(await rules.update(nativeActor(req, account), req.params.name, req.body)),
  );

  app.delete<Named>(
    '/events/rules/:name',
    {
      schema: {
        summary: 'Delete an event rule',
        tags: ['events'],
        params: RuleParams,
        responses: { 204: { type: 'null' }, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      await rules.delete(nativeActor(req, account), req.params.name);
      return reply.status(204).send();
    },
  );
}

/** A page of items fetched with limit + 1, keyed by name. */
function namedPage(items: Record<string, unknown>[], limit: number, fingerprint: string) {
  const page = items.slice(0, limit);
  const last = page.at(-1);
  const next = items.length > limit && last ? [String(last.name).toLowerCase()] : undefined;
  return pageResult(page, next, fingerprint);
}
