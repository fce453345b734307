import type { EventRelayService } from '../services/event-relay.js';
import type { Signal } from '../services/event-signal.js';
import { WakeLoop } from './wake-loop.js';

export interface RelayWorkerOptions {
  readonly relay: EventRelayService;
  /** Raised after each batch that queued deliveries or published events. */
  readonly published: Signal;
  readonly pollMs: number;
  readonly onError: (err: unknown) => void;
  readonly onRecover?: (failures: number) => void;
}

/**
 * The outbox relay: publishes committed events and queues their deliveries. Woken by this node's commits;
 * polls for other nodes' commits (a cheap read; the write transaction runs only when events wait).
 */
export class RelayWorker {
  private readonly loop: WakeLoop;

  constructor(private readonly options: RelayWorkerOptions) {
    this.loop = new WakeLoop(() => this.step(), options.pollMs, options.onError, options.onRecover);
  }

  start(): void {
    this.loop.start();
  }

  wake(): void {
    this.loop.wake();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async step(): Promise<boolean> {
    if (!(await this.options.relay.pending())) return false;
    const result = await this.options.relay.relayBatch();
    if (result.published > 0) this.options.published.raise();
    return result.published > 0;
  }
}
