import { LIMITS } from '../../domain/limits.js';

/** JSON Schemas of the events routes (validation and the OpenAPI document). */

const EVENT_NAME = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' };
const DESCRIPTION = { type: 'string', maxLength: LIMITS.descriptionMax };
const TIME = { type: 'string', format: 'date-time' };

export const TargetParams = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
export const RuleParams = TargetParams;
export const EventParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
};
export const DeliveryParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' } },
};

const TARGET_MEMBERS = {
  description: DESCRIPTION,
  maxAgeSeconds: { type: 'integer', description: 'Retry window, 1-1209600 seconds (server default 86400).' },
  url: { type: 'string', maxLength: 2048, description: 'webhook: http(s) URL the event is POSTed to.' },
  secret: {
    type: 'string',
    description: `webhook: HMAC-SHA256 key, ${LIMITS.webhookSecretMin}-${LIMITS.webhookSecretMax} characters; generated when left out.`,
  },
  headers: {
    type: 'object',
    additionalProperties: { type: 'string' },
    description: `webhook: up to ${LIMITS.webhookHeadersMax} custom headers.`,
  },
  timeoutMs: {
    type: 'integer',
    description: `webhook: per-attempt timeout, 100-${LIMITS.webhookTimeoutMsMax} ms (default 5000).`,
  },
  subject: { type: 'string', maxLength: 255, description: 'nats: JetStream subject.' },
  stream: { type: 'string', description: 'nats: stream to create for the subject when none captures it.' },
  natsUrl: { type: 'string', description: 'nats: server URL (default: the server-wide MODELRY_NATS_URL).' },
  handler: { type: 'string', description: 'handler: name of an in-process handler (built in: log).' },
};

export const CreateTargetBody = {
  type: 'object',
  required: ['name', 'type'],
  additionalProperties: false,
  properties: {
    name: EVENT_NAME,
    type: { type: 'string', enum: ['webhook', 'nats', 'handler'] },
    ...TARGET_MEMBERS,
  },
};

export const UpdateTargetBody = {
  type: 'object',
  additionalProperties: false,
  properties: { type: { type: 'string', enum: ['webhook', 'nats', 'handler'] }, ...TARGET_MEMBERS },
};

export const TargetSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    type: { type: 'string', enum: ['webhook', 'nats', 'handler'] },
    description: { type: 'string' },
    url: { type: 'string' },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    timeoutMs: { type: 'integer' },
    subject: { type: 'string' },
    stream: { type: 'string' },
    natsUrl: { type: 'string' },
    handler: { type: 'string' },
    maxAgeSeconds: { type: 'integer' },
    generatedSecret: { type: 'string', description: 'Only in the answer to a create that left secret out.' },
    createdAt: TIME,
    createdBy: { type: 'string' },
    updatedAt: TIME,
    updatedBy: { type: 'string' },
  },
};

const PATTERN = {
  description: 'EventBridge event pattern: a JSON object, or a string holding one.',
  anyOf: [{ type: 'object' }, { type: 'string', maxLength: LIMITS.eventPatternMax }],
};
const TARGET_NAMES = { type: 'array', minItems: 1, maxItems: LIMITS.targetsPerRule, items: EVENT_NAME };

export const CreateRuleBody = {
  type: 'object',
  required: ['name', 'pattern', 'targets'],
  additionalProperties: false,
  properties: {
    name: EVENT_NAME,
    description: DESCRIPTION,
    pattern: PATTERN,
    targets: TARGET_NAMES,
    enabled: { type: 'boolean' },
  },
};

export const UpdateRuleBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: DESCRIPTION,
    pattern: PATTERN,
    targets: TARGET_NAMES,
    enabled: { type: 'boolean' },
  },
};

export const RuleSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    pattern: { type: 'object' },
    targets: { type: 'array', items: { type: 'string' } },
    enabled: { type: 'boolean' },
    createdAt: TIME,
    createdBy: { type: 'string' },
    updatedAt: TIME,
    updatedBy: { type: 'string' },
  },
};

export const EventItemSchema = {
  type: 'object',
  properties: {
    seq: { type: 'integer', description: 'Position in the published order: gapless and increasing.' },
    event: {
      type: 'object',
      description: 'The event in the EventBridge envelope (docs/events.md).',
      properties: {
        version: { type: 'string' },
        id: { type: 'string' },
        'detail-type': { type: 'string' },
        source: { type: 'string' },
        account: { type: 'string' },
        time: TIME,
        region: { type: 'string' },
        resources: { type: 'array', items: { type: 'string' } },
        detail: { type: 'object' },
      },
    },
  },
};

export const DeliverySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    eventId: { type: 'string' },
    seq: { type: 'integer' },
    target: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'delivered', 'dead'] },
    attempts: { type: 'integer' },
    createdAt: TIME,
    nextAttemptAt: TIME,
    deliveredAt: TIME,
    deadAt: TIME,
    expiresAt: TIME,
    lastStatusCode: { type: 'integer' },
    lastError: { type: 'string' },
    replayOf: { type: 'integer' },
  },
};

export const AttemptSchema = {
  type: 'object',
  properties: {
    at: TIME,
    ok: { type: 'boolean' },
    statusCode: { type: 'integer' },
    latencyMs: { type: 'integer' },
    excerpt: { type: 'string' },
  },
};

export const TIME_QUERY = TIME;
