// Delivery throughput: a burst of events queues while the receiver is down, then drains when it comes back.
// The baseline is the bench itself POSTing the same bodies, with the same headers, to the same receiver at
// the server's delivery concurrency, in the round right after (rounds alternate server / bare).
import { randomBytes } from 'node:crypto';
import { awsHeaders, registerBody } from './aws.js';
import { call, deliveryHeaders, postBare, waitForQueue } from './events-api.js';
import type { Arrival, BenchReceiver } from './events-receiver.js';
import { arrivalRate } from './events-stats.js';
import { send } from './load.js';
import { cpuSeconds } from './servers.js';

export interface BurstOptions {
  readonly events: number;
  readonly groups: number;
  /** The server's MODELRY_EVENTS_CONCURRENCY, and the baseline's POSTs in flight. */
  readonly concurrency: number;
  readonly rounds: number;
}

export interface BurstRound {
  readonly server: { readonly events: number; readonly seconds: number; readonly rate: number };
  readonly bare: { readonly posts: number; readonly seconds: number; readonly rate: number };
  /** From the receiver coming back to the first delivery (the retry backoff of the waiting heads). */
  readonly firstArrivalMs: number;
  /** Registering the burst while the receiver was down, until every delivery was queued. */
  readonly queueSeconds: number;
  /** Cores the server used from the receiver's return until the last delivery was recorded. */
  readonly serverCores: number;
}

export interface BurstResult extends BurstOptions {
  readonly rounds: number;
  readonly perRound: BurstRound[];
  /** All rounds pooled: events (or POSTs) over the seconds between first and last arrival of each round. */
  readonly serverRate: number;
  readonly bareRate: number;
  readonly ratio: number;
  /** Every event arrived exactly once, and each group's in commit order (created, then versions 1, 2, …). */
  readonly allArrived: boolean;
  readonly orderHeld: boolean;
  readonly problems: string[];
}

const runId = randomBytes(4).toString('hex');
let tokens = 0;

export async function measureBurst(
  server: { readonly url: string; readonly pid: number },
  receiver: BenchReceiver,
  target: string,
  o: BurstOptions,
): Promise<BurstResult> {
  const base = server.url;
  await call(base, 'POST', '/events/rules', 201, {
    name: 'burst',
    pattern: { detail: { ModelPackageGroupName: [{ prefix: 'burst' }] } },
    targets: [target],
  });
  const perRound: BurstRound[] = [];
  const problems: string[] = [];
  for (let r = 1; r <= o.rounds; r++) {
    const prefix = `burst${r}-`;
    const groups = Array.from({ length: o.groups }, (_, i) => `${prefix}g${i}`);
    receiver.clear();
    await receiver.stop();
    const queued = performance.now();
    for (const name of groups) await call(base, 'POST', '/groups', 201, { name });
    let next = 0;
    const seeded = await send(
      server,
      {
        concurrency: o.concurrency,
        headers: awsHeaders('CreateModelPackage'),
        body: () => registerBody(groups[next++ % groups.length]!, `b-${runId}-${tokens++}`),
      },
      o.events - o.groups,
    );
    if (seeded.failures > 0) throw new Error(`registering the burst failed: ${seeded.firstFailure ?? ''}`);
    await waitForQueue(
      base,
      'every burst delivery queued',
      (q) => q.unpublished === 0 && q.pending >= o.events,
    );
    const queueSeconds = (performance.now() - queued) / 1000;
    await receiver.start();
    const restarted = performance.now();
    const cpu0 = cpuSeconds(server.pid);
    const mine = (a: Arrival) => a.group?.startsWith(prefix) === true;
    await receiver.count(`events of burst ${r}`, mine, o.events, 300_000);
    await waitForQueue(base, `burst ${r} delivered`, (q) => q.pending === 0);
    const serverCores = (cpuSeconds(server.pid) - cpu0) / ((performance.now() - restarted) / 1000);
    const arrivals = receiver.arrivals.filter(mine);
    problems.push(...check(arrivals, groups, o.events));
    const times = arrivals.map((a) => a.at);
    const s = arrivalRate(times);
    const bare = await postAll(
      receiver,
      arrivals.map((a) => ({ headers: deliveryHeaders(a.headers), body: a.body })),
      o.concurrency,
    );
    perRound.push({
      server: { events: arrivals.length, seconds: s.seconds, rate: s.rate },
      bare,
      firstArrivalMs: Math.min(...times) - restarted,
      queueSeconds,
      serverCores,
    });
  }
  await call(base, 'DELETE', '/events/rules/burst', 204);
  const pooled = (side: 'server' | 'bare') => {
    const n = perRound.reduce((sum, p) => sum + (side === 'server' ? p.server.events : p.bare.posts) - 1, 0);
    return n / perRound.reduce((sum, p) => sum + p[side].seconds, 0);
  };
  const serverRate = pooled('server');
  const bareRate = pooled('bare');
  return {
    ...o,
    perRound,
    serverRate,
    bareRate,
    ratio: serverRate / bareRate,
    allArrived: !problems.some((p) => p.startsWith('count') || p.startsWith('duplicate')),
    orderHeld: !problems.some((p) => p.startsWith('order')),
    problems,
  };
}

/** Exactly `events` distinct events, and per group: GroupCreated, then Registered 1, 2, … without gaps. */
function check(arrivals: readonly Arrival[], groups: readonly string[], events: number): string[] {
  const problems: string[] = [];
  if (arrivals.length !== events) problems.push(`count: ${arrivals.length} arrivals for ${events} events`);
  const ids = new Set(arrivals.map((a) => a.id));
  if (ids.size !== arrivals.length)
    problems.push(`duplicates: ${arrivals.length - ids.size} events arrived twice`);
  for (const g of groups) {
    const seen = arrivals
      .filter((a) => a.group === g)
      .map((a) => `${a.changeTypes.join('+')}${a.version ?? ''}`);
    const expected = ['GroupCreated', ...seen.slice(1).map((_, i) => `Registered${i + 1}`)];
    const at = seen.findIndex((s, i) => s !== expected[i]);
    if (at >= 0)
      problems.push(`order: ${g} got ${seen[at]} where ${expected[at]} was due (arrival ${at + 1})`);
  }
  return problems;
}

/** POSTs every body to the receiver's baseline path, `concurrency` at a time; rate from its arrival times. */
async function postAll(
  receiver: BenchReceiver,
  bodies: readonly { headers: Record<string, string>; body: string }[],
  concurrency: number,
): Promise<BurstRound['bare']> {
  receiver.bare.length = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      await postBare(receiver.bareUrl, bodies[i]!.headers, bodies[i]!.body);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const { rate, seconds } = arrivalRate(receiver.bare);
  return { posts: receiver.bare.length, seconds, rate };
}
