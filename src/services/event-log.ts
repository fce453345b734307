import { DomainError } from '../domain/errors.js';
import { parseEventPattern } from '../domain/event-pattern.js';
import type { Actor } from '../domain/model.js';
import type { Cursor } from '../domain/paging.js';
import type {
  AttemptRecord,
  Delivery,
  DeliveryStatus,
  EventQuery,
  PublishedEvent,
} from '../ports/event-store.js';
import type { StoreTx } from '../ports/metadata-store.js';
import type { ServiceDeps } from './context.js';
import type { EventRelayService } from './event-relay.js';
import { invalid } from './event-settings.js';
import { requireTarget } from './event-targets.js';

/** The account comes from the caller. */
export type ListEventsCommand = Omit<EventQuery, 'account'>;

export interface ListDeliveriesCommand {
  readonly status?: DeliveryStatus;
  readonly target?: string;
  readonly eventId?: string;
  readonly limit: number;
  readonly after?: Cursor;
}

export type ReplayCommand =
  | { readonly deadLetters: true; readonly target?: string }
  | { readonly since: number; readonly until: number; readonly target?: string };

/** Rows a replay handles per transaction; a large replay is several short transactions, not one long one. */
const REPLAY_BATCH = 200;

/** Reading the event log and the delivery log, and replaying events. */
export class EventLogService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly relay: EventRelayService,
  ) {}

  listEvents(actor: Actor, cmd: ListEventsCommand): Promise<{ items: PublishedEvent[]; next?: Cursor }> {
    return this.deps.store.read((tx) => tx.listEvents({ account: actor.account, ...cmd }));
  }

  /** The account's events published after `seq`, and the last seq read (other accounts' events are skipped). */
  async eventsAfter(
    actor: Actor,
    seq: number,
    limit: number,
  ): Promise<{ events: PublishedEvent[]; last: number }> {
    const all = await this.deps.store.read((tx) => tx.eventsAfter(seq, limit));
    return { events: all.filter((e) => e.account === actor.account), last: all.at(-1)?.seq ?? seq };
  }

  queueStats(): Promise<{ unpublished: number; pending: number; dead: number }> {
    return this.deps.store.read((tx) => tx.queueStats());
  }

  lastSeq(): Promise<number> {
    return this.deps.store.read((tx) => tx.lastSeq());
  }

  getEvent(actor: Actor, eventId: string): Promise<{ event: PublishedEvent; deliveries: Delivery[] }> {
    return this.deps.store.read(async (tx) => {
      const event = await requireEvent(tx, actor.account, eventId);
      const { items } = await tx.listDeliveries({ account: actor.account, eventRow: event.row, limit: 100 });
      return { event, deliveries: items };
    });
  }

  listDeliveries(actor: Actor, cmd: ListDeliveriesCommand): Promise<{ items: Delivery[]; next?: Cursor }> {
    return this.deps.store.read(async (tx) => {
      const targetId =
        cmd.target !== undefined ? (await requireTarget(tx, actor.account, cmd.target)).id : undefined;
      const eventRow =
        cmd.eventId !== undefined ? (await requireEvent(tx, actor.account, cmd.eventId)).row : undefined;
      return tx.listDeliveries({
        account: actor.account,
        ...(cmd.status !== undefined && { status: cmd.status }),
        ...(targetId !== undefined && { targetId }),
        ...(eventRow !== undefined && { eventRow }),
        limit: cmd.limit,
        ...(cmd.after && { after: cmd.after }),
      });
    });
  }

  getDelivery(actor: Actor, id: number): Promise<{ delivery: Delivery; attempts: AttemptRecord[] }> {
    return this.deps.store.read(async (tx) => {
      const delivery = await tx.findDelivery(actor.account, id);
      if (!delivery)
        throw new DomainError('DeliveryNotFound', `Delivery ${id} does not exist.`, { delivery: id });
      return { delivery, attempts: await tx.listAttempts(id) };
    });
  }

  /**
   * Sends one event again: to `target` alone when given (whether or not a rule matches), else to every
   * target of the enabled rules that match it now. Each gets a new delivery, queued behind the
   * deliveries already waiting for the same group.
   */
  replayEvent(actor: Actor, eventId: string, target?: string): Promise<Delivery[]> {
    return this.deps.store.write(async (tx) => {
      const event = await requireEvent(tx, actor.account, eventId);
      const targetIds = await this.targetsFor(tx, actor.account, event, target);
      const ids: number[] = [];
      for (const targetId of targetIds) ids.push(await this.requeue(tx, event, targetId));
      const deliveries: Delivery[] = [];
      for (const id of ids) deliveries.push((await tx.findDelivery(actor.account, id))!);
      return deliveries;
    });
  }

  /** Replays every dead letter, or every event of a time range; returns how many deliveries were queued. */
  async replay(actor: Actor, cmd: ReplayCommand): Promise<number> {
    if ('since' in cmd && cmd.since > cmd.until)
      throw invalid('since must not be later than until.', 'since');
    let queued = 0;
    let after = 0;
    for (;;) {
      const batch = await this.deps.store.write(async (tx) => {
        const targetId =
          cmd.target !== undefined ? (await requireTarget(tx, actor.account, cmd.target)).id : undefined;
        if ('deadLetters' in cmd) {
          const dead = await tx.deadDeliveries(actor.account, targetId, after, REPLAY_BATCH);
          for (const d of dead) {
            const event = (await tx.findEvent(actor.account, d.eventId))!;
            await this.requeue(tx, event, d.targetId, d.id);
          }
          return { rows: dead.length, queued: dead.length, last: dead.at(-1)?.id };
        }
        const events = await tx.eventsInRange(actor.account, cmd.since, cmd.until, after, REPLAY_BATCH);
        let n = 0;
        for (const event of events) {
          for (const id of await this.targetsFor(tx, actor.account, event, cmd.target)) {
            await this.requeue(tx, event, id);
            n += 1;
          }
        }
        return { rows: events.length, queued: n, last: events.at(-1)?.seq };
      });
      queued += batch.queued;
      if (batch.rows < REPLAY_BATCH || batch.last === undefined) return queued;
      after = batch.last;
    }
  }

  testPattern(pattern: unknown, event: unknown): boolean {
    if (event === null || typeof event !== 'object' || Array.isArray(event)) {
      throw invalid('event must be a JSON object.', 'event');
    }
    return parseEventPattern(pattern).matches(event);
  }

  private async targetsFor(
    tx: StoreTx,
    account: string,
    event: PublishedEvent,
    target: string | undefined,
  ): Promise<number[]> {
    if (target !== undefined) return [(await requireTarget(tx, account, target)).id];
    const rules = await tx.enabledRules([account]);
    return [...this.relay.matchingTargets(rules, account, event.event)];
  }

  private async requeue(
    tx: StoreTx,
    event: PublishedEvent,
    targetId: number,
    replayOf?: number,
  ): Promise<number> {
    const now = this.deps.clock.now();
    const maxAge = (await tx.targetMaxAges([targetId])).get(targetId) ?? 0;
    return tx.insertDelivery({
      eventRow: event.row,
      targetId,
      account: event.account,
      orderKey: event.orderKey,
      createdAt: now,
      expiresAt: now + maxAge,
      ...(replayOf !== undefined && { replayOf }),
    });
  }
}

async function requireEvent(tx: StoreTx, account: string, eventId: string): Promise<PublishedEvent> {
  const event = await tx.findEvent(account, eventId);
  if (!event) throw new DomainError('EventNotFound', `Event ${eventId} does not exist.`, { event: eventId });
  return event;
}
