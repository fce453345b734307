// `npm run bench:events`: the event pipeline of `modelry server` on SQLite and PostgreSQL, each figure set
// against a baseline measured in the same run: approval-to-webhook latency against the two hops it needs
// anyway, delivery throughput against the bench POSTing the same bodies, and registrations with a rule
// against registrations without one. The webhook receiver is a node:http server in the bench process.
// See docs/performance.md, section Events.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ADMIN_URL, postgresAvailable } from '../test/helpers/postgres.js';
import { call, startEventsServer, stopEventsServers } from './events-api.js';
import { measureBurst } from './events-burst.js';
import { measureLatency } from './events-latency.js';
import { BenchReceiver } from './events-receiver.js';
import { type BackendResult, burstTable, latencyTable, writesTable } from './events-report.js';
import { measureWrites } from './events-writes.js';
import { type Machine, machineInfo, postgresInfo } from './machine.js';
import type { Backend } from './report.js';

const BENCH = new URL('.', import.meta.url).pathname;

const { values: flags } = parseArgs({
  options: {
    approvals: { type: 'string', default: '300' },
    /** Approvals before the measured ones (JIT, connections), not kept. */
    'warmup-approvals': { type: 'string', default: '20' },
    /** Events per burst (group creations included). */
    burst: { type: 'string', default: '2000' },
    groups: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
    /** MODELRY_EVENTS_CONCURRENCY, the baseline's POSTs in flight, and the registering connections. */
    concurrency: { type: 'string', default: '16' },
    slices: { type: 'string', default: '5' },
    slice: { type: 'string', default: '1' },
    backends: { type: 'string', default: 'sqlite,postgres' },
  },
});
const num = (name: keyof typeof flags, min: number): number => {
  const n = Number(flags[name]);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} must be an integer ≥ ${min}, not ${flags[name]}`);
  return n;
};
const options = {
  approvals: num('approvals', 1),
  warmupApprovals: num('warmup-approvals', 1),
  burst: num('burst', 2),
  groups: num('groups', 1),
  rounds: num('rounds', 1),
  concurrency: num('concurrency', 1),
  slices: num('slices', 1),
  sliceSeconds: Number(flags.slice) > 0 ? Number(flags.slice) : Number.NaN,
  backends: flags.backends.split(',').filter(Boolean) as Backend[],
};
if (Number.isNaN(options.sliceSeconds)) throw new Error(`--slice must be a positive number of seconds`);
if (options.burst <= options.groups) {
  throw new Error(
    `--burst ${options.burst} must exceed --groups ${options.groups}: each group's creation is one of its events`,
  );
}
for (const b of options.backends)
  if (b !== 'sqlite' && b !== 'postgres') throw new Error(`unknown backend ${b}`);

/**
 * Short retries: the burst's first events fail while the receiver is down, and with the default backoff
 * (0.5 s doubling to minutes) they would sit out their delay after it came back, which says nothing about
 * throughput. Nothing else in the bench fails, so nothing else sees these settings.
 */
const SERVER_ENV = {
  MODELRY_EVENTS_CONCURRENCY: String(options.concurrency),
  MODELRY_EVENTS_RETRY_BASE_MS: '10',
  MODELRY_EVENTS_RETRY_MAX_MS: '50',
};
const TARGET = 'bench-hook';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function benchBackend(backend: Backend, receiver: BenchReceiver): Promise<BackendResult> {
  const server = await startEventsServer(backend, SERVER_ENV);
  try {
    await call(server.url, 'POST', '/events/targets', 201, {
      name: TARGET,
      type: 'webhook',
      url: receiver.hookUrl,
      secret: 'whsec-bench-0123456789abcdef',
    });
    receiver.clear();
    const latency = await measureLatency(server.url, receiver, TARGET, {
      approvals: options.approvals,
      warmup: options.warmupApprovals,
    });
    const f = (n: number) => n.toFixed(1);
    log(
      `  latency: event p50 ${f(latency.event.p50)} / p99 ${f(latency.event.p99)} ms, approval p50 ${f(latency.approval.p50)} ms, bare POST p50 ${f(latency.bare.p50)} ms, ratio p50 ${latency.ratio.p50.toFixed(2)}, over 1 s: ${latency.overOneSecond}`,
    );
    const burst = await measureBurst(server, receiver, TARGET, {
      events: options.burst,
      groups: options.groups,
      concurrency: options.concurrency,
      rounds: options.rounds,
    });
    log(
      `  burst: ${burst.serverRate.toFixed(0)} events/s delivered, bare ${burst.bareRate.toFixed(0)} POSTs/s, ratio ${burst.ratio.toFixed(2)}; queued in ${burst.perRound.map((r) => r.queueSeconds.toFixed(1)).join(', ')} s`,
    );
    for (const p of burst.problems) log(`  !!! ${p}`);
    receiver.clear();
    const writes = await measureWrites(server, receiver, TARGET, {
      concurrency: options.concurrency,
      groups: options.concurrency,
      slices: options.slices,
      sliceSeconds: options.sliceSeconds,
    });
    log(
      `  writes: ${writes.noRule.rps.toFixed(0)} req/s without a rule, ${writes.withRule.rps.toFixed(0)} with one (ratio ${writes.ratio.toFixed(2)}), ${writes.sliceRequests} a slice`,
    );
    receiver.clear();
    return { backend, latency, burst, writes };
  } finally {
    const code = await server.stop();
    if (code !== 0) log(`!!! ${backend} server exited with ${code}:\n${server.output().slice(-2000)}`);
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const machine: Machine = machineInfo(tmpdir());
  log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.node}`);
  const loadAtStart = load();
  log(`load average at start: ${loadAtStart}`);
  const receiver = new BenchReceiver();
  await receiver.start();
  const results: BackendResult[] = [];
  const skipped: string[] = [];
  try {
    for (const backend of options.backends) {
      if (backend === 'postgres') {
        if (!(await postgresAvailable())) {
          const reason = `SKIPPED: PostgreSQL is not reachable at ${ADMIN_URL}; no PostgreSQL figures in this run`;
          log(`\n!!! ${reason}`);
          skipped.push(reason);
          continue;
        }
        machine.postgres = await postgresInfo(ADMIN_URL);
      }
      log(`${backend}:`);
      results.push(await benchBackend(backend, receiver));
    }
  } finally {
    await receiver.stop();
  }
  const elapsed = (Date.now() - startedAt.getTime()) / 1000;
  const loadAtEnd = load();
  log(`load average at end: ${loadAtEnd}`);
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`\n${latencyTable(results)}\n\n${burstTable(results)}\n\n${writesTable(results)}\n`);
  for (const r of results) {
    const late = r.latency.overOneSecond;
    out(
      `${r.backend}: ${late === 0 ? 'every' : `${r.latency.approvals - late} of ${r.latency.approvals}`} approval webhook${late === 0 ? '' : 's'} arrived within 1 s`,
    );
    for (const p of r.burst.problems) out(`${r.backend}: !!! ${p}`);
    if (r.writes.delivered !== r.writes.expected) {
      out(
        `${r.backend}: !!! ${r.writes.delivered} events arrived for ${r.writes.expected} registered with the rule`,
      );
    }
  }
  for (const s of skipped) out(`!!! ${s}`);
  const dir = join(BENCH, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `events-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const record = {
    startedAt,
    elapsedSeconds: elapsed,
    loadAtStart,
    loadAtEnd,
    machine,
    options,
    serverEnv: SERVER_ENV,
    results,
    skipped,
  };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  out(`results: ${file} (whole run ${elapsed.toFixed(0)} s)`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping the servers`);
    void stopEventsServers().finally(() => process.exit(130));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`events bench failed: ${(err as Error).stack ?? String(err)}\n`);
  void stopEventsServers().finally(() => process.exit(1));
});
