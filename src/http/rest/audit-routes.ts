import type { FastifyInstance } from 'fastify';
import { type AuditRecord, GENESIS_HASH } from '../../domain/audit.js';
import { DomainError } from '../../domain/errors.js';
import { groupArn } from '../../domain/names.js';
import type { Registry } from '../../services/registry.js';
import { nativeActor } from './context.js';
import { iso } from './representation.js';
import { ErrorSchema } from './schemas.js';

const TIME = { type: 'string', format: 'date-time' };
const RecordSchema = {
  type: 'object',
  description: 'An audit record: the entry, its number in the trail, and its chain links.',
  properties: {
    seq: { type: 'integer' },
    at: TIME,
    principal: { type: 'string' },
    account: { type: 'string' },
    face: { type: 'string' },
    action: { type: 'string' },
    resource: { type: 'string' },
    resourceAccount: {
      type: 'string',
      description: "The resource's account, when not the caller's (a cross-account call).",
    },
    outcome: { type: 'string', enum: ['allowed', 'denied', 'failed'] },
    errorCode: { type: 'string' },
    sourceIp: { type: 'string' },
    userAgent: { type: 'string' },
    requestId: { type: 'string' },
    parameters: { type: 'object' },
    before: { type: 'object' },
    after: { type: 'object' },
    prevHash: { type: 'string' },
    hash: { type: 'string' },
  },
};

function recordJson(r: AuditRecord): Record<string, unknown> {
  return { ...r, at: iso(r.at) };
}

function time(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new DomainError('ValidationFailed', `${name} must be an ISO-8601 time.`, { field: name });
  return ms;
}

/** The audit trail: query it, verify its chain, and ask what an approval status was at a time. */
export function auditRoutes(app: FastifyInstance, registry: Registry, account: string): void {
  const { audit } = registry;

  app.get<{
    Querystring: {
      resource?: string;
      principal?: string;
      action?: string;
      since?: string;
      until?: string;
      after?: string;
      limit?: string;
    };
  }>(
    '/audit',
    {
      schema: {
        summary: 'Audit records, oldest first, filtered by resource, principal, action and time',
        tags: ['audit'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            resource: { type: 'string' },
            principal: { type: 'string' },
            action: { type: 'string' },
            since: TIME,
            until: TIME,
            after: {
              type: 'string',
              pattern: '^[0-9]{1,15}$',
              description: 'Records after this seq (paging).',
            },
            limit: {
              type: 'string',
              pattern: '^([1-9][0-9]{0,2}|1000)$',
              description: '1-1000, default 100.',
            },
          },
        },
        responses: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: RecordSchema }, nextAfter: { type: 'integer' } },
          },
          400: ErrorSchema,
          403: ErrorSchema,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const limit = q.limit !== undefined ? Number(q.limit) : 100;
      const since = time(q.since, 'since');
      const until = time(q.until, 'until');
      const items = await audit.list(nativeActor(req, account).account, {
        ...(q.resource !== undefined && { resource: q.resource }),
        ...(q.principal !== undefined && { principal: q.principal }),
        ...(q.action !== undefined && { action: q.action }),
        ...(since !== undefined && { since }),
        ...(until !== undefined && { until }),
        ...(q.after !== undefined && { afterSeq: Number(q.after) }),
        limit,
      });
      return {
        items: items.map(recordJson),
        ...(items.length === limit && { nextAfter: items.at(-1)!.seq }),
      };
    },
  );

  app.get(
    '/audit/head',
    {
      schema: {
        summary:
          "The trail's last record: save it, and `modelry audit verify --expect-head SEQ:HASH` later detects a cut-off tail",
        description:
          'A hash chain cannot see its own truncation: deleting the newest records leaves a valid chain. An anchor saved outside the database (from cron, say) closes that gap. The head is of the whole trail (every account), so it shows a count and a hash, never a record.',
        tags: ['audit'],
        responses: {
          200: {
            type: 'object',
            properties: {
              seq: { type: 'integer', description: '0 for an empty trail' },
              hash: { type: 'string' },
              at: { type: ['string', 'null'], format: 'date-time' },
              expectHead: { type: 'string', description: 'SEQ:HASH, as --expect-head takes it' },
            },
          },
          403: ErrorSchema,
        },
      },
    },
    async () => {
      const head = await audit.head();
      const seq = head?.seq ?? 0;
      const hash = head?.hash ?? GENESIS_HASH;
      return { seq, hash, at: head ? iso(head.at) : null, expectHead: `${seq}:${hash}` };
    },
  );

  app.get<{ Querystring: { arn?: string; group?: string; at?: string } }>(
    '/audit/status',
    {
      schema: {
        summary:
          'The approval status of a version (arn), or the latest approved version of a group, at a time, from the trail',
        tags: ['audit'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { arn: { type: 'string' }, group: { type: 'string' }, at: TIME },
        },
        responses: { 200: { type: 'object' }, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req) => {
      const actor = nativeActor(req, account);
      const at = time(req.query.at, 'at') ?? Date.now();
      if (req.query.arn !== undefined && req.query.group === undefined) {
        const status = await audit.statusAt(actor.account, req.query.arn, at);
        return { arn: req.query.arn, at: iso(at), approvalStatus: status ?? null };
      }
      if (req.query.group !== undefined && req.query.arn === undefined) {
        const scope = registry.auth.authorizer.scopeFor(actor);
        const arn = req.query.group.startsWith('arn:') ? req.query.group : groupArn(scope, req.query.group);
        const latest = await audit.latestApprovedAt(actor.account, arn, at);
        return { group: arn, at: iso(at), latestApproved: latest ?? null };
      }
      throw new DomainError('ValidationFailed', 'Give either arn (a version) or group, not both.', {
        field: 'arn',
      });
    },
  );
}
