import { connect, errors, type NatsConnection } from '@nats-io/transport-node';
import { describeNetworkError } from './network-error.js';

/** How long one connect, stream lookup or publish may take before the attempt counts as failed. */
export const NATS_TIMEOUT_MS = 5000;

/**
 * One connection per NATS URL, shared by every sender that publishes there. Opened on first use; once up,
 * the client reconnects by itself for as long as it takes (publishes meanwhile time out and are retried by
 * the worker). A connect that fails or a connection that closes is forgotten, so the next attempt dials anew.
 */
export class NatsConnections {
  private readonly open = new Map<string, Promise<NatsConnection>>();
  private closed = false;

  constructor(private readonly timeoutMs = NATS_TIMEOUT_MS) {}

  /** The connection to `url`; rejects with a readable message within the timeout when it cannot be had. */
  get(url: string): Promise<NatsConnection> {
    if (this.closed) return Promise.reject(new Error('the event senders are closed (server shutting down)'));
    let pending = this.open.get(url);
    if (!pending) {
      const dialing = connect({
        servers: url,
        timeout: this.timeoutMs,
        maxReconnectAttempts: -1,
        name: 'modelry',
      });
      const forget = () => {
        if (this.open.get(url) === dialing) this.open.delete(url);
      };
      dialing.then((nc) => nc.closed().then(forget), forget);
      this.open.set(url, dialing);
      pending = dialing;
    }
    return this.withinTimeout(pending, url);
  }

  /** Drains every connection (publishes in flight finish, then the socket closes), each within the timeout. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = [...this.open.values()];
    this.open.clear();
    await Promise.all(
      pending.map((p) =>
        p.then(
          (nc) => this.drain(nc),
          () => undefined,
        ),
      ),
    );
  }

  /** A drain waits for the server, which may be away for good: past the timeout the socket is just closed. */
  private async drain(nc: NatsConnection): Promise<void> {
    if (nc.isClosed()) return;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.timeoutMs);
    });
    await Promise.race([nc.drain(), gaveUp]).catch(() => undefined);
    clearTimeout(timer);
    if (!nc.isClosed()) await nc.close().catch(() => undefined);
  }

  /**
   * The client bounds each dial, but not the DNS lookup before it nor the sum over several addresses: this
   * bounds the whole wait. A connect that completes later stays cached for the next attempt.
   */
  private withinTimeout(pending: Promise<NatsConnection>, url: string): Promise<NatsConnection> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new errors.TimeoutError()), this.timeoutMs);
    });
    return Promise.race([pending, deadline])
      .catch((err: unknown) => {
        throw new Error(`cannot connect to NATS at ${url}: ${this.describe(err)}`, { cause: err });
      })
      .finally(() => clearTimeout(timer));
  }

  private describe(err: unknown): string {
    if (err instanceof errors.TimeoutError) return `no answer within ${this.timeoutMs} ms`;
    return describeNetworkError(err);
  }
}
