// What the events bench asks of the server: native API calls that must succeed, the event queues from
// /metrics, and the server itself, started with the event settings the bench needs.
import { api } from '../test/helpers/events.js';
import { type Backend, startServer } from '../test/helpers/server.js';

/** One native API call (/api/v1…) that must answer `status`; throws with the answer otherwise. */
export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  status: number,
  body?: unknown,
): Promise<T> {
  const res = await api<T>(base, method, path, body);
  if (res.status !== status) {
    throw new Error(
      `${method} ${path} answered ${res.status}, expected ${status}: ${JSON.stringify(res.json)}`,
    );
  }
  return res.json;
}

export interface QueueState {
  /** Committed events the relay has not published yet (outbox lag). */
  readonly unpublished: number;
  readonly pending: number;
}

/** `modelry_event_queue{state=…}` from /metrics. */
export async function queueState(base: string): Promise<QueueState> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const gauge = (state: string) => {
    const m = new RegExp(`^modelry_event_queue\\{state="${state}"\\} (\\d+)$`, 'm').exec(text);
    if (!m) throw new Error(`/metrics has no modelry_event_queue{state="${state}"}`);
    return Number(m[1]);
  };
  return { unpublished: gauge('unpublished'), pending: gauge('pending') };
}

/** Polls /metrics until `ok` holds; throws after `ms` with the last state. */
export async function waitForQueue(
  base: string,
  what: string,
  ok: (q: QueueState) => boolean,
  ms = 60_000,
): Promise<QueueState> {
  const deadline = performance.now() + ms;
  for (;;) {
    const q = await queueState(base);
    if (ok(q)) return q;
    if (performance.now() > deadline) {
      throw new Error(
        `${what}: not reached within ${ms} ms (unpublished ${q.unpublished}, pending ${q.pending})`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface EventsServer {
  readonly url: string;
  readonly pid: number;
  output(): string;
  /** SIGTERM, wait for the exit code, remove the data dir / drop the database. */
  stop(): Promise<number | null>;
}

const running = new Set<EventsServer>();

/**
 * `modelry server` (the built bin) through the test helper, which takes the event settings as environment
 * and runs with `--insecure-dev`: authentication is not part of the event pipeline, and costs the same on
 * both sides of every ratio here.
 */
export async function startEventsServer(
  backend: Backend,
  env: Record<string, string>,
): Promise<EventsServer> {
  const s = await startServer({ backend, env });
  const server: EventsServer = {
    url: s.url,
    pid: s.process.pid!,
    output: s.output,
    stop: () => {
      running.delete(server);
      return s.stop();
    },
  };
  running.add(server);
  return server;
}

/** Stops every server still running (on a failure or a signal): no process, data dir or database stays. */
export async function stopEventsServers(): Promise<void> {
  await Promise.allSettled([...running].map((s) => s.stop()));
}

/** The headers a delivery came with that a receiver reads; a baseline POST sends the same. */
export function deliveryHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['content-type', 'modelry-event-id', 'modelry-signature', 'user-agent']) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** One baseline POST of an event body, with the client the server delivers with (global fetch). */
export async function postBare(url: string, headers: Record<string, string>, body: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual' });
  await res.text();
  if (res.status !== 200) throw new Error(`baseline POST to ${url} answered ${res.status}`);
}
