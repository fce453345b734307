import { randomUUID } from 'node:crypto';
import type { ClaimedDelivery } from '../ports/event-store.js';
import type { AttemptResult, SenderFactory } from '../ports/event-target.js';
import type { EventDeliveryService } from '../services/event-delivery.js';
import { WakeLoop } from './wake-loop.js';

export interface DeliveryWorkerOptions {
  readonly delivery: EventDeliveryService;
  readonly senders: SenderFactory;
  /** Attempts in flight at once on this node (across all targets and groups). */
  readonly concurrency: number;
  readonly pollMs: number;
  readonly now: () => number;
  readonly onError: (err: unknown) => void;
  readonly onRecover?: (failures: number) => void;
  readonly onAttempt?: (claimed: ClaimedDelivery, result: AttemptResult) => void;
}

/**
 * Sends queued deliveries. Claims leases on the deliveries that are due and first in line, sends each
 * once, and records the attempt; a finished attempt wakes the loop, because the next event of the same
 * group may now go. A node that dies mid-attempt leaves its lease to expire, and the delivery is sent
 * again by whichever node claims it next (at least once).
 */
export class DeliveryWorker {
  /** Identifies this process's leases; a restarted process is a new owner. */
  readonly owner = `node-${randomUUID()}`;
  private readonly loop: WakeLoop;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.loop = new WakeLoop(() => this.step(), options.pollMs, options.onError, options.onRecover);
  }

  start(): void {
    this.loop.start();
  }

  wake(): void {
    this.loop.wake();
  }

  /** Stops claiming; waits up to `graceMs` for attempts in flight, whose leases otherwise expire. */
  async stop(graceMs: number): Promise<void> {
    await this.loop.stop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.inFlight),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private async step(): Promise<boolean> {
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0 || !(await this.options.delivery.due())) return false;
    const claimed = await this.options.delivery.claim(this.owner, free);
    for (const c of claimed) {
      const attempt: Promise<void> = this.attempt(c).finally(() => {
        this.inFlight.delete(attempt);
        this.loop.wake();
      });
      this.inFlight.add(attempt);
    }
    return claimed.length > 0 && claimed.length === free;
  }

  private async attempt(claimed: ClaimedDelivery): Promise<void> {
    const startedAt = this.options.now();
    const result: AttemptResult = claimed.problem
      ? { ok: false, latencyMs: 0, excerpt: claimed.problem }
      : await this.options.senders
          .senderFor(claimed.spec)
          .deliver({ event: claimed.event, body: claimed.body });
    this.options.onAttempt?.(claimed, result);
    try {
      await this.options.delivery.finish(claimed, result, startedAt);
    } catch (err) {
      // The attempt stays unrecorded; its lease expires and the delivery is sent again (at least once).
      this.options.onError(err);
    }
  }
}
