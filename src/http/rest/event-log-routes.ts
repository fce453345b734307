import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import type { DeliveryStatus } from '../../ports/event-store.js';
import type { ReplayCommand } from '../../services/event-log.js';
import type { Registry } from '../../services/registry.js';
import { nativeActor, pageCursor, pageResult } from './context.js';
import { attemptJson, deliveryJson, eventJson } from './event-representation.js';
import {
  AttemptSchema,
  DeliveryParams,
  DeliverySchema,
  EventItemSchema,
  EventParams,
  TIME_QUERY,
} from './event-schemas.js';
import { ErrorSchema, PAGE_QUERY, pageLimit, pageOf } from './schemas.js';

type EventsQuery = {
  group?: string;
  since?: string;
  until?: string;
  order?: 'asc' | 'desc';
  limit?: string;
  pageToken?: string;
};
type DeliveriesQuery = {
  status?: DeliveryStatus;
  target?: string;
  event?: string;
  limit?: string;
  pageToken?: string;
};

/** Events, deliveries, replay and pattern testing under /events. */
export function eventLogRoutes(app: FastifyInstance, registry: Registry, account: string): void {
  const { log } = registry.events;

  app.get<{ Querystring: EventsQuery }>(
    '/events',
    {
      schema: {
        summary: 'List published events (newest first by default)',
        tags: ['events'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            group: { type: 'string', maxLength: 63 },
            since: TIME_QUERY,
            until: TIME_QUERY,
            order: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
            ...PAGE_QUERY,
          },
        },
        responses: { 200: pageOf(EventItemSchema), 400: ErrorSchema },
      },
    },
    async (req) => {
      const { group, since, until, order = 'desc', limit, pageToken } = req.query;
      const page = pageCursor(pageToken, { group, since, until, order }, ['number']);
      const result = await log.listEvents(nativeActor(req, account), {
        ...(group !== undefined && { group }),
        ...(since !== undefined && { since: Date.parse(since) }),
        ...(until !== undefined && { until: Date.parse(until) }),
        descending: order === 'desc',
        limit: pageLimit(limit),
        ...(page.after && { after: page.after }),
      });
      return pageResult(result.items.map(eventJson), result.next, page.fingerprint);
    },
  );

  app.post<{ Body: { pattern: unknown; event: unknown } }>(
    '/events/test-pattern',
    {
      schema: {
        summary: 'Test an EventBridge pattern against an event',
        tags: ['events'],
        body: {
          type: 'object',
          required: ['pattern', 'event'],
          additionalProperties: false,
          properties: { pattern: {}, event: { type: 'object' } },
        },
        responses: { 200: { type: 'object', properties: { result: { type: 'boolean' } } }, 400: ErrorSchema },
      },
    },
    async (req) => ({ result: log.testPattern(req.body.pattern, req.body.event) }),
  );

  app.post<{ Body: { deadLetters?: boolean; since?: string; until?: string; target?: string } }>(
    '/events/replay',
    {
      schema: {
        summary: 'Replay the dead letters, or the events of a time range',
        tags: ['events'],
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            deadLetters: { type: 'boolean' },
            since: TIME_QUERY,
            until: TIME_QUERY,
            target: { type: 'string' },
          },
        },
        responses: {
          202: { type: 'object', properties: { replayed: { type: 'integer' } } },
          400: ErrorSchema,
          404: ErrorSchema,
        },
      },
    },
    async (req, reply) => {
      const { deadLetters, since, until, target } = req.body;
      const command = replayCommand(deadLetters, since, until, target);
      const replayed = await log.replay(nativeActor(req, account), command);
      return reply.status(202).send({ replayed });
    },
  );

  app.get<{ Querystring: DeliveriesQuery }>(
    '/events/deliveries',
    {
      schema: {
        summary: 'List deliveries, newest first',
        tags: ['events'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['pending', 'delivered', 'dead'] },
            target: { type: 'string' },
            event: { type: 'string', maxLength: 64 },
            ...PAGE_QUERY,
          },
        },
        responses: { 200: pageOf(DeliverySchema), 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const { status, target, event, limit, pageToken } = req.query;
      const page = pageCursor(pageToken, { status, target, event }, ['number']);
      const result = await log.listDeliveries(nativeActor(req, account), {
        ...(status !== undefined && { status }),
        ...(target !== undefined && { target }),
        ...(event !== undefined && { eventId: event }),
        limit: pageLimit(limit),
        ...(page.after && { after: page.after }),
      });
      return pageResult(result.items.map(deliveryJson), result.next, page.fingerprint);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/events/deliveries/:id',
    {
      schema: {
        summary: 'Describe a delivery with its attempt log',
        tags: ['events'],
        params: DeliveryParams,
        responses: {
          200: {
            ...DeliverySchema,
            properties: { ...DeliverySchema.properties, attemptLog: { type: 'array', items: AttemptSchema } },
          },
          404: ErrorSchema,
        },
      },
    },
    async (req) => {
      const { delivery, attempts } = await log.getDelivery(nativeActor(req, account), Number(req.params.id));
      return { ...deliveryJson(delivery), attemptLog: attempts.map(attemptJson) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/events/:id',
    {
      schema: {
        summary: 'Describe an event with its deliveries',
        tags: ['events'],
        params: EventParams,
        responses: {
          200: {
            ...EventItemSchema,
            properties: {
              ...EventItemSchema.properties,
              deliveries: { type: 'array', items: DeliverySchema },
            },
          },
          404: ErrorSchema,
        },
      },
    },
    async (req) => {
      const { event, deliveries } = await log.getEvent(nativeActor(req, account), req.params.id);
      return { ...eventJson(event), deliveries: deliveries.map(deliveryJson) };
    },
  );

  app.post<{ Params: { id: string }; Body: { target?: string } | undefined }>(
    '/events/:id/replay',
    {
      schema: {
        summary: 'Send an event again: to one target, or to the targets of the rules that match it now',
        tags: ['events'],
        params: EventParams,
        body: { type: 'object', additionalProperties: false, properties: { target: { type: 'string' } } },
        responses: {
          202: { type: 'object', properties: { deliveries: { type: 'array', items: DeliverySchema } } },
          404: ErrorSchema,
        },
      },
    },
    async (req, reply) => {
      const deliveries = await log.replayEvent(nativeActor(req, account), req.params.id, req.body?.target);
      return reply.status(202).send({ deliveries: deliveries.map(deliveryJson) });
    },
  );
}

function replayCommand(
  deadLetters: boolean | undefined,
  since: string | undefined,
  until: string | undefined,
  target: string | undefined,
): ReplayCommand {
  const scope = target !== undefined ? { target } : {};
  if (deadLetters === true && since === undefined && until === undefined)
    return { deadLetters: true, ...scope };
  if (deadLetters !== true && since !== undefined) {
    return {
      since: Date.parse(since),
      until: until !== undefined ? Date.parse(until) : Date.now(),
      ...scope,
    };
  }
  throw new DomainError(
    'ValidationFailed',
    'Replay takes either {"deadLetters": true} or a time range {"since": ..., "until": ...}, not both or neither.',
    { field: 'deadLetters' },
  );
}
