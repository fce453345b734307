// The webhook receiver of the events bench: a node:http server in the bench process that times each
// arrival with performance.now() (the clock the bench times its own requests with), so an approval sent
// and its webhook received are measured on one clock. It can go down and come back on the same port.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Arrival {
  /** performance.now() when the whole body had arrived. */
  readonly at: number;
  readonly id: string;
  readonly group: string | undefined;
  readonly version: number | undefined;
  readonly changeTypes: readonly string[];
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

type Waiter = { readonly match: (a: Arrival) => boolean; readonly resolve: (a: Arrival) => void };

/**
 * POST /hook records the event (the server's deliveries); POST /bare does the same work, reading and
 * parsing the body, but only counts (the bench's own baseline POSTs). Both answer 200 "ok".
 */
export class BenchReceiver {
  readonly arrivals: Arrival[] = [];
  /** Arrival times of baseline POSTs. */
  readonly bare: number[] = [];
  private server: Server | undefined;
  private port = 0;
  private waiters: Waiter[] = [];

  get hookUrl(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  get bareUrl(): string {
    return `http://127.0.0.1:${this.port}/bare`;
  }

  get up(): boolean {
    return this.server !== undefined;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        const body = Buffer.concat(chunks).toString('utf8');
        const event = JSON.parse(body) as { id: string; detail?: Record<string, unknown> };
        if (req.url === '/bare') this.bare.push(at);
        else this.record(at, event, body, req.headers);
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the port and every connection: the server's attempts now fail with "connection refused". */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Forgets the arrivals of the phase before (their bodies add up to tens of megabytes). */
  clear(): void {
    this.arrivals.length = 0;
    this.bare.length = 0;
  }

  /** The first arrival (already recorded or still to come) that `match` accepts; rejects after `ms`. */
  next(what: string, match: (a: Arrival) => boolean, ms: number): Promise<Arrival> {
    const seen = this.arrivals.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${what} did not arrive at the webhook receiver within ${ms} ms`));
      }, ms);
      const waiter: Waiter = {
        match,
        resolve: (a) => {
          clearTimeout(timer);
          resolve(a);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves once `count` arrivals satisfy `match`; rejects after `ms` saying how many came. */
  async count(what: string, match: (a: Arrival) => boolean, count: number, ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    let seen = this.arrivals.filter(match).length;
    while (seen < count) {
      if (performance.now() > deadline) {
        throw new Error(`${seen} of ${count} ${what} arrived at the webhook receiver within ${ms} ms`);
      }
      await new Promise((r) => setTimeout(r, 20));
      seen = this.arrivals.filter(match).length;
    }
  }

  private record(
    at: number,
    event: { id: string; detail?: Record<string, unknown> },
    body: string,
    headers: IncomingHttpHeaders,
  ): void {
    const d = event.detail ?? {};
    const arrival: Arrival = {
      at,
      id: event.id,
      group: typeof d.ModelPackageGroupName === 'string' ? d.ModelPackageGroupName : undefined,
      version: typeof d.ModelPackageVersion === 'number' ? d.ModelPackageVersion : undefined,
      changeTypes: Array.isArray(d.ChangeTypes) ? (d.ChangeTypes as string[]) : [],
      body,
      headers,
    };
    this.arrivals.push(arrival);
    const waiter = this.waiters.find((w) => w.match(arrival));
    if (waiter) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(arrival);
    }
  }
}
