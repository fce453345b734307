import type { AttemptOutcome, ClaimedDelivery } from '../ports/event-store.js';
import type { AttemptResult } from '../ports/event-target.js';
import type { ServiceDeps } from './context.js';
import type { EventSettings } from './event-settings.js';
import { openSpec } from './event-targets.js';

/**
 * The delivery side of the outbox: leases due deliveries to one node, and records each attempt with what
 * follows from it: delivered, retried later (exponential backoff with jitter), or dead-lettered once
 * the next try would fall past the target's maximum age.
 */
export class EventDeliveryService {
  /** Attempts this process recorded, by what followed, and their time; for /metrics. */
  readonly totals = { delivered: 0, retried: 0, dead: 0, lost: 0, seconds: 0 };

  constructor(
    private readonly deps: ServiceDeps,
    private readonly settings: EventSettings,
    private readonly random: () => number = Math.random,
  ) {}

  due(): Promise<boolean> {
    return this.deps.store.read((tx) => tx.hasDue(this.deps.clock.now()));
  }

  /** Leases due deliveries; their target specs come back with the webhook secret opened. */
  async claim(owner: string, limit: number): Promise<ClaimedDelivery[]> {
    const claimed = await this.deps.store.write((tx) =>
      tx.claimDeliveries(owner, this.deps.clock.now(), limit),
    );
    return claimed.map((c) => {
      try {
        return { ...c, spec: openSpec(c.spec, this.deps.secrets) };
      } catch (err) {
        // A secret sealed by a key this node lacks: the attempt fails visibly in the delivery log.
        return { ...c, problem: `cannot open the target's signing secret: ${(err as Error).message}` };
      }
    });
  }

  /** Records the attempt; false when this node's lease had run out and another node took the delivery over. */
  async finish(claimed: ClaimedDelivery, result: AttemptResult, startedAt: number): Promise<boolean> {
    const at = this.deps.clock.now();
    const outcome = this.outcome(claimed, result.ok, at);
    const kept = await this.deps.store.write((tx) =>
      tx.finishAttempt(
        claimed.id,
        claimed.owner,
        {
          at: startedAt,
          ok: result.ok,
          ...(result.statusCode !== undefined && { statusCode: result.statusCode }),
          latencyMs: result.latencyMs,
          ...(result.excerpt !== undefined && { excerpt: result.excerpt }),
        },
        outcome,
      ),
    );
    const t = this.totals;
    t.seconds += result.latencyMs / 1000;
    if (!kept) t.lost += 1;
    else if (outcome.status === 'delivered') t.delivered += 1;
    else if (outcome.status === 'dead') t.dead += 1;
    else t.retried += 1;
    return kept;
  }

  outcome(claimed: ClaimedDelivery, ok: boolean, now: number): AttemptOutcome {
    if (ok) return { status: 'delivered' };
    const nextAttemptAt = now + this.backoff(claimed.attempts + 1);
    return nextAttemptAt > claimed.expiresAt ? { status: 'dead' } : { status: 'pending', nextAttemptAt };
  }

  /** Delay after the n-th failed attempt: base·2^(n-1), capped, then drawn from its upper half ("equal jitter"). */
  backoff(failures: number): number {
    const ceiling = Math.min(
      this.settings.retryMaxMs,
      this.settings.retryBaseMs * 2 ** Math.min(failures - 1, 30),
    );
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }
}
