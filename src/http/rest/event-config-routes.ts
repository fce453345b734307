import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../domain/model.js';
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

  namedResourceRoutes(app, account, {
    path: '/events/targets',
    noun: 'event target',
    schema: TargetSchema,
    params: TargetParams,
    updateBody: UpdateTargetBody,
    updateSummary: 'Change an event target (its type stays)',
    deleteSummary: 'Delete an event target that no rule names',
    toJson: targetJson,
    service: targets,
  });

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

  namedResourceRoutes(app, account, {
    path: '/events/rules',
    noun: 'event rule',
    schema: RuleSchema,
    params: RuleParams,
    updateBody: UpdateRuleBody,
    updateSummary: 'Change an event rule: pattern, targets, description, enabled',
    deleteSummary: 'Delete an event rule',
    toJson: ruleJson,
    service: rules,
  });
}

interface NamedService<T, I> {
  list(actor: Actor, limit: number, after?: string): Promise<T[]>;
  get(actor: Actor, name: string): Promise<T>;
  update(actor: Actor, name: string, input: I): Promise<T>;
  delete(actor: Actor, name: string): Promise<void>;
}

/** List, describe, change and delete of a per-account resource addressed by name (targets, rules). */
function namedResourceRoutes<T, I>(
  app: FastifyInstance,
  account: string,
  r: {
    path: string;
    noun: string;
    schema: object;
    params: object;
    updateBody: object;
    updateSummary: string;
    deleteSummary: string;
    toJson: (item: T) => Record<string, unknown>;
    service: NamedService<T, I>;
  },
): void {
  app.get<PageQuery>(
    r.path,
    {
      schema: {
        summary: `List ${r.noun}s by name`,
        tags: ['events'],
        querystring: LIST_QUERY,
        responses: { 200: pageOf(r.schema), 400: ErrorSchema },
      },
    },
    async (req) => {
      const page = pageCursor(req.query.pageToken, { list: r.path }, ['string']);
      const limit = pageLimit(req.query.limit);
      const after = page.after?.[0] as string | undefined;
      const items = await r.service.list(nativeActor(req, account), limit + 1, after);
      return namedPage(items.map(r.toJson), limit, page.fingerprint);
    },
  );
  app.get<Named>(
    `${r.path}/:name`,
    {
      schema: {
        summary: `Describe an ${r.noun}`,
        tags: ['events'],
        params: r.params,
        responses: { 200: r.schema, 404: ErrorSchema },
      },
    },
    async (req) => r.toJson(await r.service.get(nativeActor(req, account), req.params.name)),
  );
  app.patch<Named & { Body: I }>(
    `${r.path}/:name`,
    {
      schema: {
        summary: r.updateSummary,
        tags: ['events'],
        params: r.params,
        body: r.updateBody,
        responses: { 200: r.schema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) =>
      r.toJson(await r.service.update(nativeActor(req, account), req.params.name, req.body as I)),
  );
  app.delete<Named>(
    `${r.path}/:name`,
    {
      schema: {
        summary: r.deleteSummary,
        tags: ['events'],
        params: r.params,
        responses: { 204: { type: 'null' }, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      await r.service.delete(nativeActor(req, account), req.params.name);
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
