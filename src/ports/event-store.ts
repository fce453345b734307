import type { OutboxEvent, RegistryEvent } from '../domain/events.js';
import type { Cursor } from '../domain/paging.js';
import type { TargetSpec } from './event-target.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface StoredTarget {
  readonly id: number;
  readonly account: string;
  readonly name: string;
  readonly description?: string;
  readonly spec: TargetSpec;
  /** How long after it was queued a delivery is retried before it is dead-lettered. */
  readonly maxAgeMs: number;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly updatedAt?: number;
  readonly updatedBy?: string;
}

export interface NewTarget {
  readonly account: string;
  readonly name: string;
  readonly description?: string;
  readonly spec: TargetSpec;
  readonly maxAgeMs: number;
  /** How long a node may hold a claimed delivery before another node may take it over. */
  readonly leaseMs: number;
  readonly createdAt: number;
  readonly createdBy: string;
}

export type TargetChange = Pick<NewTarget, 'spec' | 'maxAgeMs' | 'leaseMs'> & {
  readonly description?: string;
  readonly updatedAt: number;
  readonly updatedBy: string;
};

export interface StoredRule {
  readonly id: number;
  readonly account: string;
  readonly name: string;
  readonly description?: string;
  /** Canonical JSON of the pattern. */
  readonly pattern: string;
  readonly enabled: boolean;
  /** Target names, in the order given. */
  readonly targets: readonly string[];
  readonly targetIds: readonly number[];
  readonly createdAt: number;
  readonly createdBy: string;
  readonly updatedAt?: number;
  readonly updatedBy?: string;
}

export interface NewRule {
  readonly account: string;
  readonly name: string;
  readonly description?: string;
  readonly pattern: string;
  readonly enabled: boolean;
  readonly targetIds: readonly number[];
  readonly createdAt: number;
  readonly createdBy: string;
}

export type RuleChange = Pick<NewRule, 'pattern' | 'enabled' | 'targetIds'> & {
  readonly description?: string;
  readonly updatedAt: number;
  readonly updatedBy: string;
};

/** An event the relay has not published yet. */
export interface UnpublishedEvent {
  readonly row: number;
  readonly account: string;
  readonly orderKey: string;
  readonly body: string;
}

export interface PublishedEvent {
  readonly row: number;
  readonly seq: number;
  readonly account: string;
  readonly orderKey: string;
  readonly time: number;
  readonly body: string;
  readonly event: RegistryEvent;
}

export interface EventQuery {
  readonly account: string;
  readonly group?: string;
  readonly since?: number;
  readonly until?: number;
  readonly descending: boolean;
  readonly limit: number;
  readonly after?: Cursor;
}

export interface Delivery {
  readonly id: number;
  readonly eventId: string;
  readonly seq: number;
  readonly eventRow: number;
  readonly target: string;
  readonly targetId: number;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly createdAt: number;
  readonly nextAttemptAt?: number;
  readonly expiresAt: number;
  readonly deliveredAt?: number;
  readonly deadAt?: number;
  readonly lastStatusCode?: number;
  readonly lastError?: string;
  readonly replayOf?: number;
}

export interface NewDelivery {
  readonly eventRow: number;
  readonly targetId: number;
  readonly account: string;
  readonly orderKey: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly replayOf?: number;
}

export interface DeliveryQuery {
  readonly account: string;
  readonly status?: DeliveryStatus;
  readonly targetId?: number;
  readonly eventRow?: number;
  readonly limit: number;
  readonly after?: Cursor;
}

/** A delivery this node holds a lease on, with what sending it needs. */
export interface ClaimedDelivery {
  readonly id: number;
  readonly attempts: number;
  readonly expiresAt: number;
  readonly owner: string;
  readonly targetName: string;
  readonly spec: TargetSpec;
  readonly body: string;
  readonly event: RegistryEvent;
  /** Set when the delivery cannot be attempted on this node (e.g. its secret cannot be opened). */
  readonly problem?: string;
}

export interface AttemptRecord {
  readonly at: number;
  readonly ok: boolean;
  readonly statusCode?: number;
  readonly latencyMs: number;
  readonly excerpt?: string;
}

/** How an attempt leaves the delivery: delivered, due again at a time, or dead-lettered. */
export type AttemptOutcome =
  | { readonly status: 'delivered' }
  | { readonly status: 'pending'; readonly nextAttemptAt: number }
  | { readonly status: 'dead' };

/** The events part of a unit of work. */
export interface EventsTx {
  /** Writes the event to the outbox; it is published (and delivered) only if this transaction commits. */
  appendEvent(event: OutboxEvent, at: number): Promise<void>;

  /** Serializes relays across nodes until the transaction ends; false when another relay holds it. */
  tryLockRelay(): Promise<boolean>;
  unpublishedEvents(limit: number): Promise<UnpublishedEvent[]>;
  /** The highest published sequence number, 0 when none. */
  lastSeq(): Promise<number>;
  publishEvent(row: number, seq: number): Promise<void>;
  hasUnpublished(): Promise<boolean>;
  eventsAfter(seq: number, limit: number): Promise<PublishedEvent[]>;
  listEvents(query: EventQuery): Promise<{ items: PublishedEvent[]; next?: Cursor }>;
  findEvent(account: string, eventId: string): Promise<PublishedEvent | undefined>;

  insertTarget(target: NewTarget): Promise<StoredTarget>;
  updateTarget(id: number, change: TargetChange): Promise<StoredTarget>;
  findTarget(account: string, name: string): Promise<StoredTarget | undefined>;
  listTargets(account: string, limit: number, afterName?: string): Promise<StoredTarget[]>;
  deleteTarget(id: number): Promise<void>;
  rulesNamingTarget(targetId: number): Promise<string[]>;

  insertRule(rule: NewRule): Promise<StoredRule>;
  updateRule(id: number, change: RuleChange): Promise<StoredRule>;
  findRule(account: string, name: string): Promise<StoredRule | undefined>;
  listRules(account: string, limit: number, afterName?: string): Promise<StoredRule[]>;
  countRules(account: string): Promise<number>;
  deleteRule(id: number): Promise<void>;
  /** Every enabled rule of the accounts given, with its targets and their max ages. */
  enabledRules(accounts: readonly string[]): Promise<StoredRule[]>;
  targetMaxAges(targetIds: readonly number[]): Promise<Map<number, number>>;

  insertDelivery(delivery: NewDelivery): Promise<number>;
  /**
   * Leases up to `limit` deliveries that are due and first in line for their (target, order key), so one
   * group's events reach a target one after another, in order, and no two nodes send the same delivery.
   */
  claimDeliveries(owner: string, now: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Records an attempt and its outcome, if `owner` still holds the lease; false when it lost it. */
  finishAttempt(
    deliveryId: number,
    owner: string,
    attempt: AttemptRecord,
    outcome: AttemptOutcome,
  ): Promise<boolean>;
  /** Whether some delivery is due and first in line (a cheap read before a claiming write). */
  hasDue(now: number): Promise<boolean>;
  /** Outbox lag and queue depths, for /metrics: events not yet published, deliveries pending, dead letters not replayed. */
  queueStats(): Promise<{ unpublished: number; pending: number; dead: number }>;
  listDeliveries(query: DeliveryQuery): Promise<{ items: Delivery[]; next?: Cursor }>;
  findDelivery(account: string, id: number): Promise<Delivery | undefined>;
  listAttempts(deliveryId: number): Promise<AttemptRecord[]>;
  /** Dead deliveries not replayed yet, of an account (optionally of one target), in id order, after `afterId`. */
  deadDeliveries(
    account: string,
    targetId: number | undefined,
    afterId: number,
    limit: number,
  ): Promise<Delivery[]>;
  /** Published events of an account whose time lies in [since, until], in order, after `afterSeq`. */
  eventsInRange(
    account: string,
    since: number,
    until: number,
    afterSeq: number,
    limit: number,
  ): Promise<PublishedEvent[]>;
}
