// `npm run bench:artifacts`: streaming artifacts through `modelry server` (SQLite, local store), each figure
// set against a baseline measured in the same run on the same bytes: the bench process writing the file
// with node:fs and hashing it with sha256 (what the store must do at least). Upload and download are timed
// end to end through HTTP on loopback; the peak RSS of the server is read from /proc while a big artifact
// uploads. See docs/performance.md, section Artifacts.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, get, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { machineInfo } from './machine.js';
import { type Child, startModelry, stopAll } from './servers.js';

const { values: flags } = parseArgs({
  options: {
    /** Size of the timed artifact. */
    'size-mib': { type: 'string', default: '1024' },
    /** Size of the artifact whose upload the server's peak RSS is read during; 0 skips it. */
    'big-gib': { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
  },
});
const sizeMiB = Number(flags['size-mib']);
const bigGiB = Number(flags['big-gib']);
const rounds = Number(flags.rounds);
if (!(sizeMiB >= 1) || !(bigGiB >= 0) || !(rounds >= 1)) throw new Error('bad --size-mib/--big-gib/--rounds');

const MiB = 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), 'modelry-bench-artifacts-'));
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Writes `bytes` of incompressible data, distinct per `seed` (so the content-addressed store never dedupes). */
async function makeFile(path: string, bytes: number, seed: number): Promise<void> {
  const block = randomBytes(8 * MiB);
  const fh = await open(path, 'w');
  try {
    for (let off = 0, i = 0; off < bytes; off += block.length, i++) {
      block.writeUInt32BE(seed, 0);
      block.writeUInt32BE(i, 4);
      await fh.write(block, 0, Math.min(block.length, bytes - off));
    }
  } finally {
    await fh.close();
  }
}

/** The baseline: read the file, write a copy with node:fs (fsync'd, as the store does) and hash it. */
async function baseline(source: string): Promise<number> {
  const target = join(work, 'baseline.copy');
  const hash = createHash('sha256');
  const started = performance.now();
  const out = createWriteStream(target, { flush: true });
  await pipeline(
    createReadStream(source, { highWaterMark: MiB }),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    },
    out,
  );
  hash.digest('hex');
  const ms = performance.now() - started;
  rmSync(target);
  return ms;
}

/**
 * The ceiling of any HTTP upload here: a bare node:http server in the bench process doing only what the
 * store must (hash, write, fsync), fed over loopback as the registry is.
 */
async function startBareSink(): Promise<{ url: string; close: () => void }> {
  const target = join(work, 'bare.copy');
  const server = createServer((req, res) => {
    const hash = createHash('sha256');
    pipeline(
      req,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(target, { flush: true, highWaterMark: 4 * MiB }),
    ).then(
      () => res.writeHead(201).end(JSON.stringify({ sha256: hash.digest('hex') })),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

function upload(
  server: { url: string },
  source: string,
  path = '/api/v1/artifacts',
): Promise<{ ms: number; sha256: string }> {
  const size = statSync(source).size;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': size } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => {
          if (res.statusCode !== 201 && res.statusCode !== 200) {
            reject(new Error(`upload answered ${res.statusCode}: ${body}`));
            return;
          }
          resolve({
            ms: performance.now() - started,
            sha256: (JSON.parse(body) as { sha256: string }).sha256,
          });
        });
      },
    );
    req.on('error', reject);
    createReadStream(source, { highWaterMark: MiB }).pipe(req);
  });
}

/**
 * Downloads to a file with node:http (as curl would) and hashes on the way, as `modelry artifacts get`
 * does; like it, without an fsync (the baseline fsyncs its copy, as the server does an upload).
 */
async function download(server: Child, sha256: string): Promise<number> {
  const target = join(work, 'download.copy');
  const hash = createHash('sha256');
  const started = performance.now();
  const res = await new Promise<IncomingMessage>((resolve, reject) =>
    get(`${server.url}/api/v1/artifacts/${sha256}`, resolve).on('error', reject),
  );
  if (res.statusCode !== 200) throw new Error(`download answered ${res.statusCode}`);
  await pipeline(
    res,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    },
    createWriteStream(target, { highWaterMark: 4 * MiB }),
  );
  if (hash.digest('hex') !== sha256) throw new Error('downloaded bytes do not match their digest');
  const ms = performance.now() - started;
  rmSync(target);
  return ms;
}

/** VmHWM (peak resident set) and VmRSS of a process, in MiB, from /proc (Linux). */
function memory(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peak: kib('VmHWM') / 1024, now: kib('VmRSS') / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (ms: number) => (sizeMiB / (ms / 1000)).toFixed(0);

async function main(): Promise<void> {
  const machine = machineInfo(work);
  log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.disk}, node ${machine.node}`);
  const server = await startModelry('sqlite');
  const bare = await startBareSink();
  try {
    const rows: { base: number; bare: number; up: number; down: number }[] = [];
    for (let round = 1; round <= rounds; round++) {
      const source = join(work, `artifact-${round}.bin`);
      await makeFile(source, sizeMiB * MiB, round);
      const base = await baseline(source);
      const bareUp = await upload(bare, source, '/');
      const up = await upload(server, source);
      const down = await download(server, up.sha256);
      rmSync(source);
      rows.push({ base, bare: bareUp.ms, up: up.ms, down });
      log(
        `round ${round}: baseline ${rate(base)} MiB/s, bare HTTP sink ${rate(bareUp.ms)} MiB/s (${((base / bareUp.ms) * 100).toFixed(0)}%), upload ${rate(up.ms)} MiB/s (${((base / up.ms) * 100).toFixed(0)}%), download ${rate(down)} MiB/s (${((base / down) * 100).toFixed(0)}%)`,
      );
    }
    const base = median(rows.map((r) => r.base));
    const bareUp = median(rows.map((r) => r.bare));
    const up = median(rows.map((r) => r.up));
    const down = median(rows.map((r) => r.down));
    console.log(
      `\n${sizeMiB} MiB artifact, median of ${rounds} rounds (SQLite, local store, loopback HTTP)\n`,
    );
    console.log('| path | MiB/s | of baseline | target |');
    console.log('|---|---:|---:|---:|');
    console.log(`| baseline: fs write + sha256 in the bench | ${rate(base)} | 100% | |`);
    console.log(
      `| bare node:http sink (hash + fsync'd write, no registry) | ${rate(bareUp)} | ${((base / bareUp) * 100).toFixed(0)}% | |`,
    );
    console.log(
      `| upload (POST /api/v1/artifacts) | ${rate(up)} | ${((base / up) * 100).toFixed(0)}% | ≥ 70% |`,
    );
    console.log(
      `| download + client-side sha256 (GET) | ${rate(down)} | ${((base / down) * 100).toFixed(0)}% | ≥ 70% |`,
    );
    if (bigGiB > 0) {
      const source = join(work, 'big.bin');
      await makeFile(source, bigGiB * 1024 * MiB, 1000);
      const before = memory(server.pid);
      let peakSeen = before.now;
      const sampler = setInterval(() => {
        peakSeen = Math.max(peakSeen, memory(server.pid).now);
      }, 50);
      const up = await upload(server, source);
      clearInterval(sampler);
      rmSync(source);
      const after = memory(server.pid);
      console.log(
        `\n${bigGiB} GiB upload: ${(((bigGiB * 1024) / up.ms) * 1000).toFixed(0)} MiB/s; server RSS ${before.now.toFixed(0)} MiB before, highest sampled ${peakSeen.toFixed(0)} MiB, VmHWM (peak since start) ${after.peak.toFixed(0)} MiB (target < 150 MB)`,
      );
    }
  } finally {
    bare.close();
    await server.stop();
    await stopAll();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
