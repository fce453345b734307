import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  bytesOf,
  call,
  download,
  type ErrorBody,
  type Stored,
  sendBytes,
  sha256,
  slowBody,
  upload,
} from '../helpers/artifact-http.js';
import { backends } from '../helpers/backends.js';
import { startServer, type TestServer, waitFor } from '../helpers/server.js';

/**
 * The fault cases of issue 5: a server killed in the middle of an upload leaves nothing visible; a blob
 * corrupted on disk is never served as good bytes; garbage collection never takes a blob a version pins.
 */

const MiB = 1024 * 1024;

/** The bytes received so far by uploads in flight (the fs store streams them into artifacts/tmp/). */
function bytesInFlight(dataDir: string): number {
  const dir = join(dataDir, 'artifacts', 'tmp');
  try {
    return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  } catch {
    return 0;
  }
}

/** Flips one bit of a stored blob behind the server's back. */
function corrupt(dataDir: string, digest: string, at: number): void {
  const file = join(dataDir, 'artifacts', 'sha256', digest.slice(0, 2), digest);
  const fd = openSync(file, 'r+');
  try {
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, at);
    byte[0] = byte[0]! ^ 0x01;
    writeSync(fd, byte, 0, 1, at);
  } finally {
    closeSync(fd);
  }
}

function exited(server: TestServer): Promise<void> {
  const p = server.process;
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => p.once('exit', () => resolve()));
}

for (const { backend, skip } of await backends()) {
  describe(`artifact faults on ${backend}`, { skip }, () => {
    const servers: TestServer[] = [];
    let server: TestServer;
    before(async () => {
      server = await startServer({ backend });
      servers.push(server);
    });
    after(async () => {
      // Newest first: the first server owns the data dir and database, and removes them.
      for (const s of servers.reverse()) await s.stop();
    });

    test('a server killed in the middle of an upload leaves no artifact and no version behind', async () => {
      await call(server.url, 'POST', '/groups', { name: 'crash' });
      const chunks = [bytesOf(MiB, 30), bytesOf(MiB, 31)];
      const whole = Buffer.concat([...chunks, bytesOf(MiB, 32)]);
      let release!: () => void;
      const hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      const sending = sendBytes(server.url, 'POST', '/artifacts', slowBody(chunks, hold), {
        'x-modelry-sha256': sha256(whole),
      }).then(
        (reply) => reply,
        (err: Error) => err,
      );
      // The server has part of the body on disk, not all of it: kill it there.
      await waitFor(async () => bytesInFlight(server.dataDir) > 0);
      server.process.kill('SIGKILL');
      await exited(server);
      release();
      const outcome = await sending;
      assert.ok(outcome instanceof Error, `the upload cannot have succeeded: ${JSON.stringify(outcome)}`);

      server = await startServer({
        backend,
        dataDir: server.dataDir,
        ...(server.databaseUrl && { databaseUrl: server.databaseUrl }),
      });
      servers.push(server);
      for (const digest of [sha256(whole), sha256(Buffer.concat(chunks)), sha256(chunks[0]!)]) {
        const got = await call<ErrorBody>(server.url, 'GET', `/artifacts/${digest}`);
        assert.equal(got.status, 404);
        assert.equal(got.json.error.code, 'ArtifactNotFound');
      }
      assert.deepEqual((await call(server.url, 'GET', '/artifacts')).json, { items: [] });
      assert.deepEqual((await call(server.url, 'GET', '/groups/crash/versions')).json, { items: [] });
      // The partial bytes are collectable: what a crash left in tmp/ goes with the first gc past the grace.
      const gc = await call<{ abandonedUploads: number }>(server.url, 'POST', '/artifacts/gc', {
        graceSeconds: 0,
      });
      assert.equal(gc.status, 200);
      assert.ok(gc.json.abandonedUploads >= 1, JSON.stringify(gc.json));
      assert.equal(bytesInFlight(server.dataDir), 0);
    });

    test('a blob corrupted on disk is never served as good bytes, and verify lists it', async () => {
      const large = bytesOf(2 * MiB, 40);
      const small = bytesOf(1000, 41);
      const stored = [(await upload(server.url, large)).json, (await upload(server.url, small)).json];
      const good = (await upload(server.url, bytesOf(3000, 42))).json;
      corrupt(server.dataDir, stored[0]!.sha256, MiB);
      corrupt(server.dataDir, stored[1]!.sha256, 10);

      // A large blob: the answer has started, so it is cut short before its last bytes.
      const res = await fetch(`${server.url}/api/v1/artifacts/${stored[0]!.sha256}`);
      assert.equal(res.status, 200);
      let received = 0;
      await assert.rejects(
        (async () => {
          for await (const chunk of res.body!) received += chunk.length;
        })(),
        'the body is aborted, not ended',
      );
      assert.ok(received < large.length, `received ${received} of ${large.length} bytes`);

      // A small blob: nothing was sent yet, so the answer is the error itself.
      const whole = await call<ErrorBody>(server.url, 'GET', `/artifacts/${stored[1]!.sha256}`);
      assert.equal(whole.status, 500);
      assert.equal(whole.json.error.code, 'ArtifactCorrupt');

      // A range is served only from a blob known good: checked before anything is sent.
      for (const blob of stored) {
        const res = await fetch(`${server.url}/api/v1/artifacts/${blob.sha256}`, {
          headers: { range: 'bytes=0-99' },
        });
        const body = (await res.json()) as ErrorBody;
        assert.equal(res.status, 500);
        assert.equal(body.error.code, 'ArtifactCorrupt');
        assert.equal(body.error.details.sha256, blob.sha256);
      }
      const fine = await download(server.url, good.sha256, { range: 'bytes=0-99' });
      assert.equal(fine.status, 206);

      const verify = await call<{
        checked: number;
        bytes: number;
        corrupt: { sha256: string; actualSha256: string }[];
      }>(server.url, 'POST', '/artifacts/verify');
      assert.equal(verify.status, 200);
      const expected = stored.map((s: Stored) => s.sha256).sort();
      assert.deepEqual(verify.json.corrupt.map((c) => c.sha256).sort(), expected);
      for (const c of verify.json.corrupt) assert.match(c.actualSha256, /^[0-9a-f]{64}$/);
      assert.ok(verify.json.checked >= 3);
      assert.match(server.output(), /ArtifactCorrupt|is corrupt/);
    });

    test('a blob that rots in place after a good range read, size and mtime unchanged, is not served', async () => {
      const bytes = bytesOf(4096, 43);
      const blob = (await upload(server.url, bytes)).json;
      const first = await download(server.url, blob.sha256, { range: 'bytes=0-9' });
      assert.equal(first.status, 206);
      assert.ok(first.body.equals(bytes.subarray(0, 10)));

      // Overwrite the first 10 bytes in place, then put the mtime back: what bit rot looks like.
      const file = join(server.dataDir, 'artifacts', 'sha256', blob.sha256.slice(0, 2), blob.sha256);
      const stamp = join(server.dataDir, 'mtime-of-blob');
      // touch -r copies the time to the nanosecond (utimes through a Date would round it).
      execFileSync('touch', ['-r', file, stamp]);
      const before = statSync(file, { bigint: true }).mtimeNs;
      const fd = openSync(file, 'r+');
      try {
        writeSync(fd, Buffer.alloc(10, 0xee), 0, 10, 0);
      } finally {
        closeSync(fd);
      }
      execFileSync('touch', ['-r', stamp, file]);
      assert.equal(statSync(file, { bigint: true }).mtimeNs, before);

      const again = await download(server.url, blob.sha256, { range: 'bytes=0-9' });
      assert.equal(again.status, 500, `served ${again.status}: ${again.body.toString('hex')}`);
      assert.equal((JSON.parse(again.body.toString()) as ErrorBody).error.code, 'ArtifactCorrupt');
    });

    test('/readyz fails while the artifact store is unusable, and a server does not start on one', async () => {
      const ready = async () => (await fetch(`${server.url}/readyz`)).status;
      assert.equal(await ready(), 200);
      const dir = join(server.dataDir, 'artifacts');
      renameSync(dir, `${dir}.away`);
      writeFileSync(dir, 'not a folder');
      try {
        const res = await fetch(`${server.url}/readyz`);
        const body = (await res.json()) as { status: string; reason: string };
        assert.equal(res.status, 503);
        assert.match(body.reason, /artifact/i);
      } finally {
        rmSync(dir);
        renameSync(`${dir}.away`, dir);
      }
      assert.equal(await ready(), 200);

      const blocked = mkdtempSync(join(tmpdir(), 'modelry-blocked-'));
      writeFileSync(join(blocked, 'file'), '');
      try {
        await assert.rejects(
          // The store is checked before the database is opened: SQLite is enough here.
          startServer({ env: { MODELRY_ARTIFACT_DIR: join(blocked, 'file', 'artifacts') } }),
          /exited with 1 before listening[\s\S]*artifact store is not usable/,
        );
      } finally {
        rmSync(blocked, { recursive: true, force: true });
      }
    });

    test('gc keeps a blob while any version pins it, and deletes it after the last', async () => {
      const bytes = bytesOf(4000, 50);
      const blob = (await upload(server.url, bytes)).json;
      await call(server.url, 'POST', '/groups', { name: 'shared' });
      for (let i = 0; i < 2; i++) {
        const v = await call(server.url, 'POST', '/groups/shared/versions', {
          image: 'img:1',
          artifactUri: blob.uri,
        });
        assert.equal(v.status, 201);
      }
      const unused = (await upload(server.url, bytesOf(5000, 51))).json;
      const session = await call<{ uploadId: string }>(server.url, 'POST', '/artifacts/uploads');
      type Gc = {
        dryRun: boolean;
        deleted: { sha256: string; size: number }[];
        freedBytes: number;
        kept: number;
        abandonedUploads: number;
      };
      const gc = (body: Record<string, unknown>) => call<Gc>(server.url, 'POST', '/artifacts/gc', body);
      const present = async (digest: string) =>
        (await download(server.url, digest, {}, 'HEAD')).status === 200;

      // Within the grace period nothing goes, referenced or not.
      const young = await gc({});
      assert.equal(young.status, 200);
      assert.deepEqual(young.json.deleted, []);
      assert.equal(young.json.abandonedUploads, 0);

      assert.equal((await call(server.url, 'DELETE', '/groups/shared/versions/1')).status, 204);
      const dry = await gc({ dryRun: true, graceSeconds: 0 });
      assert.equal(dry.json.dryRun, true);
      const dryDeleted = dry.json.deleted.map((d) => d.sha256);
      assert.ok(dryDeleted.includes(unused.sha256));
      assert.ok(!dryDeleted.includes(blob.sha256), 'version 2 still pins it');
      assert.ok(dry.json.abandonedUploads >= 1);
      assert.ok(await present(unused.sha256), 'a dry run deletes nothing');
      assert.equal(
        (await call(server.url, 'GET', `/artifacts/uploads/${session.json.uploadId}`)).status,
        200,
      );

      const first = await gc({ graceSeconds: 0 });
      assert.equal(first.json.dryRun, false);
      assert.ok(first.json.deleted.some((d) => d.sha256 === unused.sha256 && d.size === 5000));
      assert.ok(!first.json.deleted.some((d) => d.sha256 === blob.sha256));
      assert.ok(first.json.freedBytes >= 5000);
      assert.ok(first.json.kept >= 1);
      assert.ok(await present(blob.sha256));
      assert.ok(!(await present(unused.sha256)));
      assert.equal(
        (await call(server.url, 'GET', `/artifacts/uploads/${session.json.uploadId}`)).status,
        404,
      );
      assert.ok((await download(server.url, blob.sha256)).body.equals(bytes));

      assert.equal((await call(server.url, 'DELETE', '/groups/shared/versions/2')).status, 204);
      const last = await gc({ graceSeconds: 0 });
      assert.ok(last.json.deleted.some((d) => d.sha256 === blob.sha256 && d.size === bytes.length));
      assert.ok(!(await present(blob.sha256)));
    });
  });
}
