// The processes under load: the bare baseline and `modelry server` (the built bin), each a child process
// of the bench so the load generator and the server do not share an event loop.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { BIN } from '../test/helpers/server.js';
import type { Backend } from './report.js';

const BENCH = new URL('.', import.meta.url).pathname;

export interface Child {
  readonly url: string;
  readonly pid: number;
  /** PostgreSQL only: the fresh database the server uses. */
  readonly databaseUrl?: string;
  /** Everything the process printed. */
  output(): string;
  /** SIGTERM, wait for the exit code, remove the data dir / drop the database. */
  stop(): Promise<number | null>;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat(5); fields[0] here is field 3.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function launch(
  args: string[],
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const collect = (d: Buffer) => {
    out += d.toString();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(
      () => reject(new Error(`${args.join(' ')} did not listen within 20 s:\n${out}`)),
      20_000,
    );
    const check = () => {
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(deadline);
        resolve({ url: `http://127.0.0.1:${m[1]}`, child, output: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(deadline);
      reject(new Error(`${args.join(' ')} exited with ${code} before listening:\n${out}`));
    });
  });
}

const live = new Set<() => Promise<number | null>>();

function stopper(child: ChildProcess, cleanup: () => Promise<void>): () => Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stopped: Promise<number | null> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      live.delete(stop);
      await cleanup();
      return code;
    })();
    return stopped;
  };
  live.add(stop);
  return stop;
}

/** Stops every server still running (an interrupted bench leaves no process, data dir or database). */
export async function stopAll(): Promise<void> {
  await Promise.allSettled([...live].map((stop) => stop()));
}

export async function startBare(): Promise<Child> {
  const { url, child, output } = await launch(
    [join(BENCH, 'bare-server.mjs')],
    process.env,
    /listening on http:\/\/[^:]+:(\d+)/,
  );
  return { url, pid: child.pid!, output, stop: stopper(child, async () => undefined) };
}

/**
 * `node bin/modelry.js server --port 0 --data-dir <tmp>` (plus `--database-url` of a fresh database for
 * PostgreSQL). `nodeFlags` go before the script, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS).
 */
export async function startModelry(backend: Backend, nodeFlags: readonly string[] = []): Promise<Child> {
  const db = backend === 'postgres' ? await createTestDatabase() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'modelry-bench-'));
  // The load generator sends fixed requests and cannot sign each one with SigV4: the registry runs without
  // authentication here, so these figures leave out the cost of verifying credentials (docs/performance.md).
  const args = [...nodeFlags, BIN, 'server', '--port', '0', '--data-dir', dataDir, '--insecure-dev'];
  if (db) args.push('--database-url', db.url);
  const cleanup = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  };
  try {
    const env = { ...process.env, MODELRY_LOG_LEVEL: 'info' };
    const { url, child, output } = await launch(args, env, /listening on http:\/\/[^:]+:(\d+)/);
    return {
      url,
      pid: child.pid!,
      ...(db && { databaseUrl: db.url }),
      output,
      stop: stopper(child, cleanup),
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
