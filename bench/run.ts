// `npm run bench`: register, describe, list-page and approve over HTTP against `modelry server` on SQLite
// and PostgreSQL, each figure divided by a bare node:http server's requests/s measured in the same run,
// with the same load generator at the same concurrency, in slices interleaved with the cell's own.
// See docs/performance.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ADMIN_URL, postgresAvailable } from '../test/helpers/postgres.js';
import { type LoadResult, measurePaired } from './load.js';
import { type Machine, machineInfo, postgresInfo } from './machine.js';
import { type Backend, evaluate, type Row, table } from './report.js';
import { bareRequest, type GroupFixture, OPS, type Op, opRequest, seedGroup } from './scenarios.js';
import { cloneVersions, vacuumAnalyze } from './seed-postgres.js';
import { type Child, startBare, startModelry, stopAll } from './servers.js';

const BENCH = new URL('.', import.meta.url).pathname;

const { values: flags } = parseArgs({
  options: {
    /** Measured seconds per side (Modelry and bare) of each cell. */
    duration: { type: 'string', default: '5' },
    slice: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '1' },
    sizes: { type: 'string', default: '1000,100000' },
    concurrency: { type: 'string', default: '1,16' },
    backends: { type: 'string', default: 'sqlite,postgres' },
    ops: { type: 'string', default: OPS.join(',') },
    /** Writes a V8 CPU profile of each Modelry server to bench/results/profiles/. */
    profile: { type: 'boolean', default: false },
  },
});
const timing = {
  seconds: Number(flags.duration),
  sliceSeconds: Number(flags.slice),
  warmupSeconds: Number(flags.warmup),
};
const sizes = flags.sizes.split(',').map(Number);
const levels = flags.concurrency.split(',').map(Number);
const backends = flags.backends.split(',').filter(Boolean) as Backend[];
const ops = flags.ops.split(',') as Op[];
for (const op of ops) if (!OPS.includes(op)) throw new Error(`unknown op ${op}; one of ${OPS.join(', ')}`);
/** PostgreSQL registers one version of a group at a time (see seed-postgres.ts): this many through the API. */
const PG_VIA_API = 1000;
// Writes last: a register cell grows the group, and the reads should see exactly `size` versions.
const ORDER: readonly Op[] = ['describe', 'list-page', 'approve', 'register'];

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function fmt(r: LoadResult): string {
  const cpu = r.serverCpu === undefined ? '' : `, server ${r.serverCpu.toFixed(2)} cores`;
  return `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms${cpu}`;
}

async function benchBackend(
  backend: Backend,
  bare: Child,
  profileDir: string | undefined,
): Promise<{ rows: Row[]; fixtures: GroupFixture[] }> {
  const nodeFlags = profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${backend}-\${pid}.cpuprofile`]
    : [];
  const server = await startModelry(backend, nodeFlags);
  const databaseUrl = server.databaseUrl;
  const copy = databaseUrl
    ? {
        viaApi: PG_VIA_API,
        versions: (group: string, last: number, size: number) =>
          cloneVersions(databaseUrl, group, last, size),
      }
    : undefined;
  const rows: Row[] = [];
  const fixtures: GroupFixture[] = [];
  try {
    for (const size of sizes) {
      const started = Date.now();
      const g = await seedGroup(server.url, `bench-${size}`, size, copy);
      const took = ((Date.now() - started) / 1000).toFixed(1);
      const copied =
        g.copySeconds === undefined
          ? ''
          : `, ${size - g.viaApi} copied in SQL in ${g.copySeconds.toFixed(1)} s`;
      log(
        `  seeded ${g.name} in ${took} s: ${g.viaApi} versions through CreateModelPackage, 32 connections (${g.seed.rps.toFixed(0)} req/s)${copied}`,
      );
      fixtures.push(g);
    }
    for (const g of fixtures) {
      if (databaseUrl) {
        const { autovacuum } = await vacuumAnalyze(databaseUrl);
        log(`  VACUUM ANALYZE before the cells of ${g.name} (this PostgreSQL has autovacuum=${autovacuum})`);
      }
      for (const op of ORDER.filter((o) => ops.includes(o))) {
        for (const concurrency of levels) {
          const { subject: result, bare: base } = await measurePaired(
            { url: server.url, pid: server.pid, concurrency, ...opRequest(op, g) },
            { url: bare.url, pid: bare.pid, concurrency, ...bareRequest() },
            timing,
          );
          if (result.failures > 0 || base.failures > 0) {
            throw new Error(
              `${op} on ${backend} c=${concurrency}: ${result.failures + base.failures} failed requests: ${result.firstFailure ?? base.firstFailure ?? ''}`,
            );
          }
          log(
            `  ${op.padEnd(9)} group=${g.size} c=${concurrency}: ${fmt(result)} | bare ${fmt(base)} | ratio ${(result.rps / base.rps).toFixed(3)}`,
          );
          rows.push({ op, backend, size: g.size, concurrency, result, bare: base });
        }
      }
    }
  } finally {
    const code = await server.stop();
    if (code !== 0) log(`!!! ${backend} server exited with ${code}:\n${server.output().slice(-2000)}`);
  }
  return { rows, fixtures };
}

/** One summary row per concurrency: all bare slices of the run together. */
function bareRows(rows: readonly Row[]): Row[] {
  return levels.map((concurrency) => {
    const mine = rows.filter((r) => r.concurrency === concurrency && r.bare).map((r) => r.bare!);
    const requests = mine.reduce((n, r) => n + r.requests, 0);
    const seconds = mine.reduce((n, r) => n + r.seconds, 0);
    const weighted = (k: 'p50' | 'p99') => mine.reduce((n, r) => n + r[k] * r.requests, 0) / requests;
    const result = {
      requests,
      seconds,
      rps: requests / seconds,
      p50: weighted('p50'),
      p99: weighted('p99'),
      failures: 0,
    };
    return { op: 'bare', backend: 'bare', concurrency, result, ratio: 1 };
  });
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const machine: Machine = machineInfo(tmpdir());
  log(
    `machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.os}`,
  );
  log(`disk: ${machine.disk}; 4 KiB write+fdatasync ${machine.fdatasyncMs} ms`);
  log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  log(
    `cells: ${timing.warmupSeconds} s warm-up, then ${timing.seconds} s per side in ${timing.sliceSeconds} s slices alternating with the bare server; sizes ${sizes.join(', ')}; concurrency ${levels.join(', ')}`,
  );
  const resultsDir = join(BENCH, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const profileDir = flags.profile ? join(resultsDir, 'profiles') : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  const bare = await startBare();
  const all: Row[] = [];
  const seeds: Record<string, unknown>[] = [];
  const skipped: string[] = [];
  try {
    for (const backend of backends) {
      if (backend === 'postgres') {
        if (!(await postgresAvailable())) {
          const reason = `SKIPPED: PostgreSQL is not reachable at ${ADMIN_URL}; no PostgreSQL figures in this run`;
          process.stderr.write(`\n!!! ${reason}\n`);
          skipped.push(reason);
          continue;
        }
        machine.postgres = await postgresInfo(ADMIN_URL);
        log(`postgres: ${machine.postgres}`);
      }
      log(`${backend}:`);
      const { rows, fixtures } = await benchBackend(backend, bare, profileDir);
      all.push(...rows);
      for (const g of fixtures) {
        seeds.push({
          backend,
          group: g.name,
          size: g.size,
          viaApi: g.viaApi,
          seed: g.seed,
          copySeconds: g.copySeconds,
        });
      }
    }
  } finally {
    await bare.stop();
  }
  evaluate(all);
  const rows = [...bareRows(all), ...all];
  const elapsed = (Date.now() - startedAt.getTime()) / 1000;
  process.stdout.write(`\n${table(rows)}\n\n`);
  const misses = rows.filter((r) => r.verdict === 'MISS');
  const judged = rows.filter((r) => r.verdict === 'pass' || r.verdict === 'MISS');
  process.stdout.write(`SQLite targets: ${judged.length - misses.length} of ${judged.length} hold\n`);
  for (const m of misses) {
    const got =
      m.costVsSmallest !== undefined
        ? `cost ${m.costVsSmallest.toFixed(2)}×`
        : `ratio ${m.ratio?.toFixed(3)}`;
    process.stdout.write(`  MISS: ${m.op} group=${m.size} c=${m.concurrency}: ${got} (target ${m.target})\n`);
  }
  for (const s of skipped) process.stdout.write(`!!! ${s}\n`);
  log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const file = join(resultsDir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const record = {
    startedAt,
    elapsedSeconds: elapsed,
    machine,
    options: { ...timing, sizes, levels, backends, ops },
    seeds,
    rows,
    skipped,
  };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(`results: ${file} (whole run ${elapsed.toFixed(0)} s)\n`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping the servers`);
    void stopAll().finally(() => process.exit(130));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  void stopAll().finally(() => process.exit(1));
});
