/** The events resources of the native API (/api/v1/events) as the SDK returns and sends them. */

/** An EventBridge event pattern: `{"source": ["aws.sagemaker"], "detail": {...}}`. */
export type EventPattern = Record<string, unknown>;

export type TargetType = 'webhook' | 'nats' | 'handler';

interface TargetBase {
  name: string;
  type: TargetType;
  description?: string;
  /** How long a delivery is retried before it is dead-lettered. */
  maxAgeSeconds: number;
  createdAt: string;
  createdBy: string;
  updatedAt?: string;
  updatedBy?: string;
}

/** The secret is never returned; see `CreatedTarget.generatedSecret`. */
export interface WebhookTarget extends TargetBase {
  type: 'webhook';
  url: string;
  headers?: Record<string, string>;
  timeoutMs: number;
}

export interface NatsTarget extends TargetBase {
  type: 'nats';
  subject: string;
  stream?: string;
  natsUrl?: string;
}

export interface HandlerTarget extends TargetBase {
  type: 'handler';
  handler: string;
}

export type Target = WebhookTarget | NatsTarget | HandlerTarget;

/** A webhook target created without a secret carries the one the server generated, shown this once. */
export type CreatedTarget = Target & { generatedSecret?: string };

interface CreateTargetBase {
  name: string;
  description?: string;
  maxAgeSeconds?: number;
}

export type CreateTargetInput = CreateTargetBase &
  (
    | { type: 'webhook'; url: string; secret?: string; headers?: Record<string, string>; timeoutMs?: number }
    | { type: 'nats'; subject: string; stream?: string; natsUrl?: string }
    | { type: 'handler'; handler: string }
  );

/** The type of a target cannot change; members of another type are refused by the server. */
export interface UpdateTargetInput {
  description?: string;
  maxAgeSeconds?: number;
  url?: string;
  secret?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  subject?: string;
  stream?: string;
  natsUrl?: string;
  handler?: string;
}

export interface Rule {
  name: string;
  description?: string;
  pattern: EventPattern;
  targets: string[];
  enabled: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt?: string;
  updatedBy?: string;
}

export interface CreateRuleInput {
  name: string;
  /** An object, or a string holding JSON (the server explains why it is not a valid pattern). */
  pattern: EventPattern | string;
  targets: string[];
  description?: string;
  enabled?: boolean;
}

export interface UpdateRuleInput {
  pattern?: EventPattern | string;
  targets?: string[];
  description?: string;
  enabled?: boolean;
}

/** An event in the EventBridge envelope, exactly as stored and delivered. */
export interface RegistryEvent {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** `seq` is the event's position in the account-wide published order (gapless, increasing). */
export interface EventItem {
  seq: number;
  event: RegistryEvent;
}

export interface EventWithDeliveries extends EventItem {
  deliveries: Delivery[];
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface Delivery {
  id: number;
  eventId: string;
  seq: number;
  target: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt?: string;
  deliveredAt?: string;
  deadAt?: string;
  expiresAt: string;
  lastStatusCode?: number;
  lastError?: string;
  /** The delivery this one replays. */
  replayOf?: number;
}

export interface DeliveryAttempt {
  at: string;
  ok: boolean;
  statusCode?: number;
  latencyMs: number;
  excerpt?: string;
}

export interface DeliveryDetail extends Delivery {
  attemptLog: DeliveryAttempt[];
}

export interface PageInput {
  limit?: number;
  pageToken?: string;
}

export interface ListEventsInput extends PageInput {
  group?: string;
  /** ISO-8601 */
  since?: string;
  until?: string;
  order?: 'asc' | 'desc';
}

export interface ListDeliveriesInput extends PageInput {
  status?: DeliveryStatus;
  target?: string;
  /** An event id: only that event's deliveries. */
  event?: string;
}

/** Dead letters again, or every event of a time range; `target` narrows to one target. */
export type ReplayInput =
  | { deadLetters: true; target?: string }
  | { since: string; until: string; target?: string };

export interface StreamOptions {
  pattern?: EventPattern | string;
  /** Resume after this seq; without it the stream starts with events published after it opened. */
  after?: number;
  /** Aborting ends the iteration without an error. */
  signal?: AbortSignal;
}
