import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from './postgres.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin', 'modelry.js');

export type Backend = 'sqlite' | 'postgres';

/** The first admin's credentials, fixed for tests: the key pair the SDK helpers sign with, and a token. */
export const ADMIN = {
  accessKeyId: 'AKIDEXAMPLE00000000A',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  token: 'mdl_0123456789abcdef_AdminTokenForTestsAdminTokenForTests0123456',
} as const;

const ADMIN_ENV = {
  MODELRY_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
  MODELRY_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  MODELRY_ADMIN_TOKEN: ADMIN.token,
};

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly backend: Backend;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
}

export interface StartOptions {
  readonly backend?: Backend;
  readonly env?: Record<string, string>;
  /**
   * Authentication on, as shipped. Off by default here: suites about registry behaviour run with
   * --insecure-dev; the governance suites (test/e2e/auth-*.test.ts) turn it on.
   */
  readonly auth?: boolean;
  /** Reuse a data dir or database instead of a fresh one. */
  readonly dataDir?: string;
  readonly databaseUrl?: string;
}

/** Starts `modelry server` (the built bin) on a free loopback port and waits until it listens. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const backend = options.backend ?? 'sqlite';
  let db: TestDatabase | undefined;
  let databaseUrl = options.databaseUrl;
  if (backend === 'postgres' && !databaseUrl) {
    db = await createTestDatabase();
    databaseUrl = db.url;
  }
  const ownDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'modelry-test-'));
  const args = [BIN, 'server', '--port', '0', '--data-dir', dataDir];
  if (databaseUrl) args.push('--database-url', databaseUrl);
  if (!options.auth) args.push('--insecure-dev');
  const child = spawn(process.execPath, args, {
    env: { ...process.env, MODELRY_LOG_LEVEL: 'info', ...ADMIN_ENV, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`server did not start in 20s:\n${out}`)), 20_000);
    const check = () => {
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(deadline);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(deadline);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    backend,
    dataDir,
    ...(databaseUrl && { databaseUrl }),
    process: child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      await db?.drop();
      return code;
    },
  };
}

/** Polls until check() resolves truthy or the deadline passes. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  ms = 10_000,
  every = 50,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
}
