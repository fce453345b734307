// The load generator: autocannon with keep-alive connections = concurrency and pipelining 1. A cell is
// measured in slices that alternate between the server under test and the bare baseline, so that both sides
// of each ratio see the same machine (this box is shared; its load drifts by 2× within a minute).
import autocannon from 'autocannon';
import { cpuSeconds } from './servers.js';

export interface Target {
  readonly url: string;
  /** The server's process id, to report how busy it was. */
  readonly pid?: number;
}

export interface LoadSpec {
  readonly concurrency: number;
  /** Headers of every request (AWS JSON 1.1: content type, target, authorization). */
  readonly headers: Record<string, string>;
  /** A fixed body, or a function called once per request (distinct ClientTokens, varying versions). */
  readonly body: string | (() => string);
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Answers that were not 2xx, and socket errors/timeouts; a cell with any of these is not a valid figure. */
  readonly failures: number;
  readonly firstFailure?: string;
  /** Cores used by the server and by the load generator while measuring (1 = one core fully busy). */
  readonly serverCpu?: number;
  readonly loaderCpu?: number;
}

interface Sample {
  readonly latencies: Float64Array;
  readonly seconds: number;
  readonly failures: number;
  readonly firstFailure?: string;
  readonly serverCpuSeconds: number;
  readonly loaderCpuSeconds: number;
}

/** One autocannon run for `seconds`, or for exactly `amount` requests. */
async function fire(
  target: Target,
  spec: LoadSpec,
  limit: { seconds: number } | { amount: number },
): Promise<Sample> {
  const body = spec.body;
  let firstFailure: string | undefined;
  const request: autocannon.Request = {
    method: 'POST',
    path: '/',
    headers: spec.headers,
    ...(typeof body === 'string'
      ? { body }
      : { setupRequest: (req: autocannon.Request) => ({ ...req, body: body() }) }),
    onResponse: (status: number, text: string) => {
      if ((status < 200 || status >= 300) && firstFailure === undefined) {
        firstFailure = `HTTP ${status}: ${text.slice(0, 300)}`;
      }
    },
  };
  // Latencies are kept at full (sub-millisecond) resolution: autocannon's histogram rounds to 1 ms.
  let latencies = new Float64Array(1 << 14);
  let count = 0;
  let failures = 0;
  let done!: (r: autocannon.Result) => void;
  let fail!: (err: unknown) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: target.url,
      connections: spec.concurrency,
      pipelining: 1,
      timeout: 30,
      requests: [request],
      ...('amount' in limit ? { amount: limit.amount } : { duration: limit.seconds }),
    },
    (err, result) => (err ? fail(err) : done(result)),
  );
  let started = process.hrtime.bigint();
  let serverCpu0 = Number.NaN;
  let loaderCpu0 = process.cpuUsage();
  instance.on('start', () => {
    started = process.hrtime.bigint();
    if (target.pid !== undefined) serverCpu0 = cpuSeconds(target.pid);
    loaderCpu0 = process.cpuUsage();
  });
  // autocannon stops on its 1 s tick; with `amount` the connections idle until then, so a run ends at
  // its last answer, not at the tick.
  let last = started;
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    last = process.hrtime.bigint();
    if (statusCode < 200 || statusCode >= 300) {
      failures++;
      return;
    }
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = ms;
  });
  const result = await finished;
  const seconds = Number((last > started ? last : process.hrtime.bigint()) - started) / 1e9;
  const loader = process.cpuUsage(loaderCpu0);
  failures += result.errors + result.timeouts;
  if (result.errors > 0 && firstFailure === undefined) firstFailure = `${result.errors} socket errors`;
  return {
    latencies: latencies.subarray(0, count),
    seconds,
    failures,
    ...(firstFailure !== undefined && { firstFailure }),
    serverCpuSeconds: target.pid !== undefined ? cpuSeconds(target.pid) - serverCpu0 : Number.NaN,
    loaderCpuSeconds: (loader.user + loader.system) / 1e6,
  };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

function summarize(samples: readonly Sample[]): LoadResult {
  const requests = samples.reduce((n, s) => n + s.latencies.length, 0);
  const all = new Float64Array(requests);
  let at = 0;
  for (const s of samples) {
    all.set(s.latencies, at);
    at += s.latencies.length;
  }
  all.sort();
  const seconds = samples.reduce((n, s) => n + s.seconds, 0);
  const failures = samples.reduce((n, s) => n + s.failures, 0);
  const firstFailure = samples.find((s) => s.firstFailure !== undefined)?.firstFailure;
  const serverCpu = samples.reduce((n, s) => n + s.serverCpuSeconds, 0) / seconds;
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    failures,
    ...(firstFailure !== undefined && { firstFailure }),
    ...(!Number.isNaN(serverCpu) && { serverCpu }),
    loaderCpu: samples.reduce((n, s) => n + s.loaderCpuSeconds, 0) / seconds,
  };
}

/** Exactly `amount` requests (seeding). */
export async function send(target: Target, spec: LoadSpec, amount: number): Promise<LoadResult> {
  return summarize([await fire(target, spec, { amount })]);
}

export interface PairedOptions {
  /** Measured seconds per side, split into slices of `sliceSeconds`. */
  readonly seconds: number;
  readonly sliceSeconds: number;
  /** Thrown-away seconds on the subject before measuring (JIT, SQLite page cache). */
  readonly warmupSeconds: number;
}

/**
 * Measures `subject` and `bare` with the same load generator at the same concurrency, alternating
 * bare / subject slice by slice; each side's figure sums its slices.
 */
export async function measurePaired(
  subject: Target & LoadSpec,
  bare: Target & LoadSpec,
  o: PairedOptions,
): Promise<{ subject: LoadResult; bare: LoadResult }> {
  if (o.warmupSeconds > 0) {
    const warm = await fire(subject, subject, { seconds: o.warmupSeconds });
    if (warm.failures > 0) return { subject: summarize([warm]), bare: summarize([]) };
  }
  const slices = Math.max(1, Math.round(o.seconds / o.sliceSeconds));
  const ours: Sample[] = [];
  const theirs: Sample[] = [];
  for (let i = 0; i < slices; i++) {
    theirs.push(await fire(bare, bare, { seconds: o.sliceSeconds }));
    ours.push(await fire(subject, subject, { seconds: o.sliceSeconds }));
  }
  return { subject: summarize(ours), bare: summarize(theirs) };
}
