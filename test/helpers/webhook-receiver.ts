import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/domain/event-signature.js';

export interface ReceivedHook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly event: { id: string; resources: string[]; detail: Record<string, unknown>; [k: string]: unknown };
  readonly at: number;
}

export type Answer = (hook: ReceivedHook) => number | 'hang';

/**
 * A real webhook receiver on loopback. It records every POST and answers with `answer` (200 by default);
 * `'hang'` holds the request open without answering. It can go down (port closed) and come back on
 * the same port, as a receiver outage does.
 */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  private server: Server | undefined;
  private port = 0;
  answer: Answer = () => 200;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const hook: ReceivedHook = { headers: req.headers, body, event: JSON.parse(body), at: Date.now() };
        this.received.push(hook);
        const status = this.answer(hook);
        if (status === 'hang') return;
        res
          .writeHead(status, { 'content-type': 'text/plain' })
          .end(status < 300 ? 'ok' : `failing with ${status}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Closes the port: senders now get "connection refused". */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Hooks whose signature verifies with `secret`. */
  verified(secret: string): ReceivedHook[] {
    const now = Math.floor(Date.now() / 1000);
    return this.received.filter((h) =>
      verifySignature(String(h.headers['modelry-signature']), secret, h.body, now),
    );
  }
}

/** Polls `check` until it returns a value that is not undefined, or fails after `ms`. */
export async function eventually<T>(what: string, check: () => T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
