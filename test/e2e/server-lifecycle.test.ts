import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SCHEMA_VERSION } from '../../src/adapters/sql/migrations.js';
import { rawAws } from '../helpers/aws.js';
import { backends } from '../helpers/backends.js';
import { createTestDatabase, skipWithoutPostgres, type TestDatabase } from '../helpers/postgres.js';
import { type Backend, BIN, startServer, type TestServer, waitFor } from '../helpers/server.js';

/** `modelry server` from the outside: its announcement, probes, graceful stop, and refusals at boot. */

const SPEC = { Containers: [{ Image: 'registry.example/lifecycle:1' }] };
const STACK_FRAME = /^\s+at /m;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bin to completion (a server that should refuse to start); fails if it keeps running. */
function runModelry(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`modelry ${args.join(' ')} still running after 20s:\n${stdout}${stderr}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The refusal is one clear line on stderr: no stack trace, and no "listening" announcement. */
function assertOneLineRefusal(run: Run, message: RegExp): void {
  assert.notEqual(run.code, 0, `exited 0:\n${run.stdout}${run.stderr}`);
  assert.notEqual(run.code, null);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `stderr has ${lines.length} lines:\n${run.stderr}`);
  assert.match(lines[0] ?? '', /^modelry: /);
  assert.match(lines[0] ?? '', message);
  assert.doesNotMatch(run.stderr, STACK_FRAME);
  assert.doesNotMatch(run.stdout, /listening on/);
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** True once a new TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

/** Storage that outlives one server process: a data dir (SQLite) or a database (PostgreSQL). */
async function durableStorage(backend: Backend): Promise<{
  dataDir: string;
  db?: TestDatabase;
  start: () => Promise<TestServer>;
  remove: () => Promise<void>;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelry-lifecycle-'));
  const db = backend === 'postgres' ? await createTestDatabase() : undefined;
  const started: TestServer[] = [];
  return {
    dataDir,
    ...(db && { db }),
    start: async () => {
      const server = await startServer({ backend, dataDir, ...(db && { databaseUrl: db.url }) });
      started.push(server);
      return server;
    },
    remove: async () => {
      // A failed assertion may leave a server running; it must not outlive the test.
      for (const server of started) {
        if (server.process.exitCode === null && server.process.signalCode === null) {
          server.process.kill('SIGKILL');
          await exitOf(server.process);
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
      await db?.drop();
    },
  };
}

async function versionArns(url: string, group: string): Promise<string[]> {
  const res = await rawAws(
    url,
    'SageMaker.ListModelPackages',
    JSON.stringify({ ModelPackageGroupName: group, MaxResults: 100, SortOrder: 'Ascending' }),
  );
  assert.equal(res.status, 200, res.text);
  const list = res.json?.ModelPackageSummaryList as { ModelPackageArn: string }[];
  return list.map((s) => s.ModelPackageArn);
}

interface RawAnswer {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/** One CreateModelPackage over its own TCP connection: `written` once flushed, `answer` once complete. */
function rawRegistration(port: number, body: string): { written: Promise<void>; answer: Promise<RawAnswer> } {
  const socket = connect(port, '127.0.0.1');
  const request = [
    'POST / HTTP/1.1',
    'Host: 127.0.0.1',
    'Content-Type: application/x-amz-json-1.1',
    'X-Amz-Target: SageMaker.CreateModelPackage',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
  const written = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => socket.write(request, (err) => (err ? reject(err) : resolve())));
    socket.once('error', reject);
  });
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    let received = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = received.subarray(0, end).toString();
      const length = Number(/^content-length: *(\d+)/im.exec(head)?.[1] ?? Number.NaN);
      const rest = received.subarray(end + 4);
      if (rest.length < length) return;
      socket.destroy();
      resolve({ status: Number(head.split(' ')[1]), head, body: rest.subarray(0, length).toString() });
    });
    socket.once('error', (err) => reject(new Error(`no answer: ${err.message}`)));
    socket.once('close', () =>
      reject(new Error(`connection closed before a full answer: ${received.toString()}`)),
    );
  });
  // Rejections surface through Promise.allSettled; this keeps an early failure from being "unhandled".
  written.catch(() => undefined);
  answer.catch(() => undefined);
  return { written, answer };
}

for (const { backend, skip } of await backends()) {
  describe(`modelry server lifecycle on ${backend}`, { skip }, () => {
    test('announces its address in one log line and answers /healthz and /readyz', async () => {
      const server = await startServer({ backend });
      try {
        const lines = server
          .output()
          .split('\n')
          .filter((l) => l.includes('listening on'));
        assert.equal(lines.length, 1, server.output());
        assert.ok(lines[0]?.includes(`http://127.0.0.1:${server.port}`), lines[0]);
        const health = await fetch(`${server.url}/healthz`);
        assert.equal(health.status, 200);
        const ready = await fetch(`${server.url}/readyz`);
        assert.equal(ready.status, 200);
        // Suites of registry behaviour run with --insecure-dev, which /readyz reports.
        assert.deepEqual(await ready.json(), {
          status: 'ready',
          auth: 'DISABLED (--insecure-dev): anyone can read and change everything',
        });
      } finally {
        assert.equal(await server.stop(), 0);
      }
    });

    test('SIGTERM with 30 registrations in flight: each gets a full answer, exit 0, versions survive', async () => {
      const storage = await durableStorage(backend);
      try {
        const server = await storage.start();
        assert.equal(
          (await rawAws(server.url, 'SageMaker.CreateModelPackageGroup', '{"ModelPackageGroupName":"drain"}'))
            .status,
          200,
        );
        const exited = exitOf(server.process);
        const body = JSON.stringify({ ModelPackageGroupName: 'drain', InferenceSpecification: SPEC });
        const requests = Array.from({ length: 30 }, () => rawRegistration(server.port, body));
        // Raw sockets, so that "sent" is known: every request is on the wire before the signal goes out.
        await Promise.all(requests.map((r) => r.written));
        await Promise.race(requests.map((r) => r.answer));
        server.process.kill('SIGTERM');
        const outcomes = await Promise.allSettled(requests.map((r) => r.answer));
        assert.equal(await exited, 0, server.output());
        const failures = outcomes
          .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
          .map((o) => String(o.reason));
        assert.deepEqual(failures, [], `${backend}: requests sent before SIGTERM lost their answer`);
        const arns: string[] = [];
        for (const o of outcomes) {
          assert.equal(o.status, 'fulfilled');
          assert.equal(o.value.status, 200, o.value.body);
          arns.push((JSON.parse(o.value.body) as { ModelPackageArn: string }).ModelPackageArn);
        }
        assert.ok(await refused(server.port), 'the port still accepts after exit');
        assert.match(server.output(), /modelry stopped/);

        const again = await storage.start();
        try {
          const listed = await versionArns(again.url, 'drain');
          assert.equal(listed.length, 30);
          assert.deepEqual([...listed].sort(), [...arns].sort());
        } finally {
          assert.equal(await again.stop(), 0);
        }
      } finally {
        await storage.remove();
      }
    });

    test('while draining, new connections are refused and a request already received still completes', async () => {
      const storage = await durableStorage(backend);
      try {
        const server = await storage.start();
        assert.equal(
          (await rawAws(server.url, 'SageMaker.CreateModelPackageGroup', '{"ModelPackageGroupName":"held"}'))
            .status,
          200,
        );
        const exited = exitOf(server.process);
        const body = JSON.stringify({ ModelPackageGroupName: 'held', InferenceSpecification: SPEC });
        const socket = connect(server.port, '127.0.0.1');
        let received = '';
        socket.on('data', (d: Buffer) => {
          received += d.toString();
        });
        const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
        socket.write(
          [
            'POST / HTTP/1.1',
            'Host: 127.0.0.1',
            'Content-Type: application/x-amz-json-1.1',
            'X-Amz-Target: SageMaker.CreateModelPackage',
            `Content-Length: ${Buffer.byteLength(body)}`,
            'Expect: 100-continue',
            '',
            '',
          ].join('\r\n'),
        );
        // "100 Continue" proves the server has read the request head: the request is accepted.
        await waitFor(async () => received.includes('100 Continue'));
        server.process.kill('SIGTERM');
        await waitFor(() => refused(server.port));
        assert.equal(server.process.exitCode, null, 'exited with a request still in progress');
        socket.write(body);
        await closed;
        const final = received.slice(received.indexOf('100 Continue') + '100 Continue'.length);
        assert.match(final, /HTTP\/1\.1 200 OK/);
        assert.match(final, /connection: close/i);
        assert.match(
          final,
          /"ModelPackageArn":"arn:aws:sagemaker:us-east-1:000000000000:model-package\/held\/1"/,
        );
        assert.equal(await exited, 0, server.output());
        const again = await storage.start();
        try {
          assert.deepEqual(await versionArns(again.url, 'held'), [
            'arn:aws:sagemaker:us-east-1:000000000000:model-package/held/1',
          ]);
        } finally {
          assert.equal(await again.stop(), 0);
        }
      } finally {
        await storage.remove();
      }
    });
  });
}

describe('modelry server refuses to start, in one line, when', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelry-refuse-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('the database URL points nowhere', async () => {
    const run = await runModelry([
      'server',
      '--port',
      '0',
      '--data-dir',
      tempDir(),
      '--database-url',
      'postgres://127.0.0.1:1/nope',
    ]);
    assertOneLineRefusal(run, /127\.0\.0\.1:1.*ECONNREFUSED/);
  });

  test('the database URL is not a PostgreSQL URL', async () => {
    const run = await runModelry([
      'server',
      '--port',
      '0',
      '--data-dir',
      tempDir(),
      '--database-url',
      'mysql://db/x',
    ]);
    assertOneLineRefusal(run, /database URL/i);
  });

  test('the port is not a port', async () => {
    for (const port of ['abc', '70000', '-1', '8.5']) {
      assertOneLineRefusal(await runModelry(['server', '--port', port, '--data-dir', tempDir()]), /port/i);
    }
    assertOneLineRefusal(
      await runModelry(['server', '--data-dir', tempDir()], { MODELRY_PORT: 'abc' }),
      /MODELRY_PORT|port "abc"/i,
    );
  });

  test('the port is taken', async () => {
    const server = await startServer();
    try {
      const run = await runModelry(['server', '--port', String(server.port), '--data-dir', tempDir()]);
      assertOneLineRefusal(run, /EADDRINUSE|in use/i);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  test('the SQLite schema is newer than this server knows', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir });
    assert.equal(await first.stop(), 0);
    const db = new Database(join(dataDir, 'modelry.db'));
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, ?)').run(
      'from the future',
      Date.now(),
    );
    db.close();
    const run = await runModelry(['server', '--port', '0', '--data-dir', dataDir]);
    assertOneLineRefusal(run, new RegExp(`\\b999\\b.*\\b${SCHEMA_VERSION}\\b`));
  });

  test('the PostgreSQL schema is newer than this server knows', async (t) => {
    const skip = await skipWithoutPostgres();
    if (skip) return t.skip(skip);
    const first = await startServer({ backend: 'postgres' });
    const url = first.databaseUrl ?? assert.fail('no database url');
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, $1, $2)', [
        'from the future',
        Date.now(),
      ]);
      await client.end();
      const run = await runModelry(['server', '--port', '0', '--data-dir', tempDir(), '--database-url', url]);
      assertOneLineRefusal(run, new RegExp(`\\b999\\b.*\\b${SCHEMA_VERSION}\\b`));
      // The server that is already running keeps serving.
      assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
    } finally {
      await client.end().catch(() => undefined);
      assert.equal(await first.stop(), 0);
    }
  });
});
