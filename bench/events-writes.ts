// Cost of the outbox on writes: CreateModelPackage at a fixed concurrency on one server, in slices that
// alternate between no enabled rule and one enabled rule sending every event to the receiver. Every change
// writes its outbox row either way; with the rule, the relay also queues a delivery per event and the
// delivery worker sends it while the writes go on. After each rule slice the bench waits until the
// backlog has drained, so no delivery work spills into the next slice without the rule.
import { randomBytes } from 'node:crypto';
import { awsHeaders, registerBody } from './aws.js';
import { call, waitForQueue } from './events-api.js';
import type { Arrival, BenchReceiver } from './events-receiver.js';
import { type LoadResult, send } from './load.js';
import { cpuSeconds } from './servers.js';

export interface WritesOptions {
  readonly concurrency: number;
  readonly groups: number;
  readonly slices: number;
  readonly sliceSeconds: number;
}

export interface WritesResult extends WritesOptions {
  /** Registrations per slice: the warm-up's rate without the rule × sliceSeconds. */
  readonly sliceRequests: number;
  readonly noRule: LoadResult;
  readonly withRule: LoadResult;
  /** withRule req/s ÷ noRule req/s. */
  readonly ratio: number;
  /**
   * Server CPU per registration in µs, from the start of each slice until its events were published
   * (no rule) or delivered (rule): the cost of a write with everything it sets off.
   */
  readonly cpuMicros: { readonly noRule: number; readonly withRule: number };
  /** Seconds from the end of each rule slice until its last event had arrived. */
  readonly drainSeconds: number[];
  /** Events that arrived, and events registered while the rule was enabled (must be equal). */
  readonly delivered: number;
  readonly expected: number;
}

const runId = randomBytes(4).toString('hex');
let tokens = 0;

export async function measureWrites(
  server: { readonly url: string; readonly pid: number },
  receiver: BenchReceiver,
  target: string,
  o: WritesOptions,
): Promise<WritesResult> {
  const base = server.url;
  const groups = Array.from({ length: o.groups }, (_, i) => `writes-g${i}`);
  for (const name of groups) await call(base, 'POST', '/groups', 201, { name });
  const rule = 'writes-all';
  await call(base, 'POST', '/events/rules', 201, {
    name: rule,
    pattern: { source: ['aws.sagemaker'] },
    targets: [target],
    enabled: false,
  });
  const setRule = (enabled: boolean) => call(base, 'PATCH', `/events/rules/${rule}`, 200, { enabled });
  let next = 0;
  const register = async (amount: number) => {
    const r = await send(
      server,
      {
        concurrency: o.concurrency,
        headers: awsHeaders('CreateModelPackage'),
        body: () => registerBody(groups[next++ % groups.length]!, `w-${runId}-${tokens++}`),
      },
      amount,
    );
    if (r.failures > 0) throw new Error(`registering failed: ${r.firstFailure ?? ''}`);
    return r;
  };
  const mine = (a: Arrival) => a.group?.startsWith('writes-') === true;
  let expected = 0;
  const drain = async () => {
    const ended = performance.now();
    await waitForQueue(
      base,
      'the backlog of a rule slice delivered',
      (q) => q.unpublished === 0 && q.pending === 0,
    );
    await receiver.count('events of the rule slices', mine, expected, 60_000);
    return (performance.now() - ended) / 1000;
  };
  // Warm-up in both states (JIT of the write and the delivery paths); it also sizes the slices.
  const warm = await register(Math.max(500, o.concurrency * 50));
  await waitForQueue(base, 'the warm-up published', (q) => q.unpublished === 0);
  await setRule(true);
  expected += (await register(Math.max(200, o.concurrency * 20))).requests;
  await drain();
  await setRule(false);
  const sliceRequests = Math.max(200, Math.round(warm.rps * o.sliceSeconds));
  const without: LoadResult[] = [];
  const withRule: LoadResult[] = [];
  const drainSeconds: number[] = [];
  const cpu = { noRule: 0, withRule: 0 };
  for (let i = 0; i < o.slices; i++) {
    let cpu0 = cpuSeconds(server.pid);
    without.push(await register(sliceRequests));
    // Events of the slice without the rule must be published before the rule goes on, or it matches them.
    await waitForQueue(base, 'a slice without the rule published', (q) => q.unpublished === 0);
    cpu.noRule += cpuSeconds(server.pid) - cpu0;
    await setRule(true);
    cpu0 = cpuSeconds(server.pid);
    const slice = await register(sliceRequests);
    withRule.push(slice);
    expected += slice.requests;
    drainSeconds.push(await drain());
    cpu.withRule += cpuSeconds(server.pid) - cpu0;
    await setRule(false);
  }
  await call(base, 'DELETE', `/events/rules/${rule}`, 204);
  const noRule = pool(without);
  const ruled = pool(withRule);
  return {
    ...o,
    sliceRequests,
    noRule,
    withRule: ruled,
    ratio: ruled.rps / noRule.rps,
    cpuMicros: {
      noRule: (cpu.noRule * 1e6) / noRule.requests,
      withRule: (cpu.withRule * 1e6) / ruled.requests,
    },
    drainSeconds,
    delivered: receiver.arrivals.filter(mine).length,
    expected,
  };
}

/** The slices of one side together; p50/p99 are request-weighted means of the slices' percentiles. */
function pool(slices: readonly LoadResult[]): LoadResult {
  const requests = slices.reduce((n, s) => n + s.requests, 0);
  const seconds = slices.reduce((n, s) => n + s.seconds, 0);
  const weighted = (k: 'p50' | 'p99') => slices.reduce((n, s) => n + s[k] * s.requests, 0) / requests;
  const cores = (k: 'serverCpu' | 'loaderCpu') =>
    slices.reduce((n, s) => n + (s[k] ?? Number.NaN) * s.seconds, 0) / seconds;
  const server = cores('serverCpu');
  const loader = cores('loaderCpu');
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50: weighted('p50'),
    p99: weighted('p99'),
    failures: 0,
    ...(!Number.isNaN(server) && { serverCpu: server }),
    ...(!Number.isNaN(loader) && { loaderCpu: loader }),
  };
}
