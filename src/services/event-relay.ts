import { type EventPattern, parseEventPattern } from '../domain/event-pattern.js';
import type { StoredRule } from '../ports/event-store.js';
import type { ServiceDeps } from './context.js';

/** Events published per relay transaction: enough to drain bursts, small enough to keep commits short. */
const BATCH = 200;

export interface RelayResult {
  readonly published: number;
  readonly deliveries: number;
}

/**
 * Publishes committed outbox events: gives each the next number of the published order (`seq`) and
 * queues one delivery per target of every enabled rule it matches, all in one transaction. Only one
 * relay runs at a time across nodes, so `seq` is gapless and follows the outbox order.
 */
export class EventRelayService {
  private readonly patterns = new Map<number, { text: string; pattern: EventPattern }>();
  /** Events this process published and deliveries it queued, for /metrics. */
  readonly totals = { published: 0, queued: 0 };

  constructor(private readonly deps: ServiceDeps) {}

  /** Cheap read: whether anything waits to be published. */
  pending(): Promise<boolean> {
    return this.deps.store.read((tx) => tx.hasUnpublished());
  }

  async relayBatch(): Promise<RelayResult> {
    const result = await this.deps.store.write(async (tx): Promise<RelayResult> => {
      if (!(await tx.tryLockRelay())) return { published: 0, deliveries: 0 };
      const events = await tx.unpublishedEvents(BATCH);
      if (events.length === 0) return { published: 0, deliveries: 0 };
      const rules = await tx.enabledRules([...new Set(events.map((e) => e.account))]);
      const maxAges = await tx.targetMaxAges([...new Set(rules.flatMap((r) => r.targetIds))]);
      const now = this.deps.clock.now();
      let seq = await tx.lastSeq();
      let deliveries = 0;
      for (const e of events) {
        seq += 1;
        await tx.publishEvent(e.row, seq);
        const targets = this.matchingTargets(rules, e.account, JSON.parse(e.body));
        for (const targetId of targets) {
          await tx.insertDelivery({
            eventRow: e.row,
            targetId,
            account: e.account,
            orderKey: e.orderKey,
            createdAt: now,
            expiresAt: now + (maxAges.get(targetId) ?? 0),
          });
          deliveries += 1;
        }
      }
      return { published: events.length, deliveries };
    });
    this.totals.published += result.published;
    this.totals.queued += result.deliveries;
    return result;
  }

  /** Targets of the account's rules that match, each once even when several rules name it. */
  matchingTargets(rules: readonly StoredRule[], account: string, event: unknown): Set<number> {
    const targets = new Set<number>();
    for (const rule of rules) {
      if (rule.account !== account || !this.compiled(rule).matches(event)) continue;
      for (const id of rule.targetIds) targets.add(id);
    }
    return targets;
  }

  private compiled(rule: StoredRule): EventPattern {
    const cached = this.patterns.get(rule.id);
    if (cached && cached.text === rule.pattern) return cached.pattern;
    const pattern = parseEventPattern(rule.pattern);
    this.patterns.set(rule.id, { text: rule.pattern, pattern });
    return pattern;
  }
}
