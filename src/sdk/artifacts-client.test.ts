import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SINGLE_UPLOAD_MAX, UPLOAD_CHUNK } from './artifacts-client.js';
import { ArtifactDownloadError, ModelryApiError, ModelryClient, type TransferProgress } from './client.js';

/**
 * A stand-in for the server's artifact routes (the contract in the issue 5 design), in memory, with
 * switches for the faults the client must survive: a chunk cut off mid-way, a corrupt or truncated body.
 */
class FakeArtifacts {
  blobs = new Map<string, Buffer>();
  sessions = new Map<string, Buffer[]>();
  requests: { method: string; url: string; headers: IncomingMessage['headers']; bytes: number }[] = [];
  /** The next PATCH keeps this many bytes of its chunk, then drops the connection. */
  cutNextPatchAfter: number | undefined;
  serve: 'ok' | 'corrupt' | 'truncated' = 'ok';

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url!.replace(/^\/api\/v1/, '');
    const entry = { method: req.method!, url, headers: req.headers, bytes: 0 };
    this.requests.push(entry);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const read = async (limit = Infinity) => {
      const parts: Buffer[] = [];
      for await (const c of req as AsyncIterable<Buffer>) {
        parts.push(c);
        entry.bytes += c.length;
        if (entry.bytes >= limit) break;
      }
      return Buffer.concat(parts);
    };
    const stored = (bytes: Buffer, declared?: string, status = 201) => {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (declared && declared !== sha256)
        return json(400, { error: { code: 'DigestMismatch', message: 'no' } });
      const existed = this.blobs.has(sha256);
      this.blobs.set(sha256, bytes);
      json(existed ? 200 : status, {
        uri: `modelry://artifacts/sha256/${sha256}`,
        sha256,
        size: bytes.length,
        existed,
      });
    };
    const blob = /^\/artifacts\/([0-9a-f]{64})$/.exec(url);
    const session = /^\/artifacts\/uploads\/([^/]+)(\/complete)?$/.exec(url);
    if (blob && (req.method === 'HEAD' || req.method === 'GET')) {
      const bytes = this.blobs.get(blob[1]!);
      if (!bytes) return void res.writeHead(404).end();
      res.writeHead(200, {
        'content-length': bytes.length,
        'x-modelry-sha256': blob[1],
        'x-modelry-uri': `s3://bucket/models/sha256/${blob[1]}`,
      });
      if (req.method === 'HEAD') return void res.end();
      if (this.serve === 'truncated') {
        res.write(bytes.subarray(0, bytes.length >> 1));
        return void setImmediate(() => res.destroy());
      }
      const out = Buffer.from(bytes);
      if (this.serve === 'corrupt') out[0]! ^= 0xff;
      return void res.end(out);
    }
    if (url === '/artifacts' && req.method === 'POST') {
      return stored(await read(), req.headers['x-modelry-sha256'] as string | undefined);
    }
    if (url === '/artifacts/uploads' && req.method === 'POST') {
      const id = `u${this.sessions.size + 1}`;
      this.sessions.set(id, []);
      return json(201, { uploadId: id, offset: 0, createdAt: new Date().toISOString() });
    }
    const parts = session && this.sessions.get(session[1]!);
    if (!session || !parts) return json(404, { error: { code: 'UploadNotFound', message: 'no session' } });
    const offset = parts.reduce((n, p) => n + p.length, 0);
    if (session[2] && req.method === 'POST') {
      const { sha256 } = JSON.parse((await read()).toString()) as { sha256?: string };
      this.sessions.delete(session[1]!);
      return stored(Buffer.concat(parts), sha256, 201);
    }
    if (req.method === 'GET') return json(200, { uploadId: session[1], offset });
    if (req.method === 'DELETE') {
      this.sessions.delete(session[1]!);
      return void res.writeHead(204).end();
    }
    if (Number(req.headers['upload-offset']) !== offset) {
      await read();
      return json(409, {
        error: { code: 'UploadOffsetMismatch', message: 'wrong offset', details: { offset } },
      });
    }
    const cut = this.cutNextPatchAfter;
    this.cutNextPatchAfter = undefined;
    const chunk = await read(cut);
    parts.push(cut === undefined ? chunk : chunk.subarray(0, cut));
    if (cut !== undefined) return void req.socket.destroy();
    const now = offset + chunk.length;
    res.setHeader('upload-offset', now);
    json(200, { uploadId: session[1], offset: now });
  }
}

const fake = new FakeArtifacts();
const dir = mkdtempSync(join(tmpdir(), 'modelry-sdk-artifacts-'));
let endpoint = '';
const server = createServer((req, res) => {
  fake.handle(req, res).catch((err: Error) => res.destroy(err));
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.requests = [];
  fake.serve = 'ok';
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const client = () => new ModelryClient({ endpoint, token: 'mdl_test' });
function file(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}
const calls = () => fake.requests.map((r) => `${r.method} ${r.url.replace(/[0-9a-f]{64}/, 'SHA')}`);

describe('artifacts.upload', () => {
  test('a small file: hashed, HEAD, then one streaming POST that declares the digest', async () => {
    const bytes = randomBytes(300_000);
    const seen: TransferProgress[] = [];
    const result = await client().artifacts.upload(file('small.bin', bytes), {
      onProgress: (p) => seen.push(p),
    });
    assert.deepEqual(result, {
      uri: `modelry://artifacts/sha256/${sha(bytes)}`,
      sha256: sha(bytes),
      size: bytes.length,
      existed: false,
      skipped: false,
    });
    assert.deepEqual(calls(), ['HEAD /artifacts/SHA', 'POST /artifacts']);
    const post = fake.requests[1]!;
    assert.equal(post.headers['x-modelry-sha256'], sha(bytes));
    assert.equal(post.headers['content-type'], 'application/octet-stream');
    assert.equal(post.headers.authorization, 'Bearer mdl_test');
    assert.equal(post.headers['transfer-encoding'], 'chunked', 'the body streams');
    assert.deepEqual(fake.blobs.get(sha(bytes)), bytes);
    assert.deepEqual(seen.at(-1), { phase: 'uploading', bytes: bytes.length, total: bytes.length });
    assert.ok(seen.some((p) => p.phase === 'hashing'));
  });

  test('a file the server holds already is not sent again', async () => {
    const bytes = randomBytes(1000);
    await client().artifacts.upload(file('again.bin', bytes));
    fake.requests = [];
    const result = await client().artifacts.upload(file('again-copy.bin', bytes));
    assert.equal(result.skipped, true);
    assert.equal(result.existed, true);
    // The URI of the server's store (an S3 one here), as an upload would have answered it.
    assert.equal(result.uri, `s3://bucket/models/sha256/${result.sha256}`);
    assert.deepEqual(calls(), ['HEAD /artifacts/SHA']);
  });

  test('a declared digest skips hashing; one whose size disagrees with the file is uploaded and refused', async () => {
    const stored = randomBytes(10);
    await client().artifacts.upload(file('s.bin', stored));
    const other = randomBytes(20);
    await assert.rejects(
      client().artifacts.upload(file('o.bin', other), { sha256: sha(stored) }),
      (err: unknown) => err instanceof ModelryApiError && err.code === 'DigestMismatch',
    );
    await assert.rejects(
      client().artifacts.upload(file('o.bin', other), { sha256: 'not-hex' }),
      (err: unknown) => err instanceof ModelryApiError && err.code === 'ValidationFailed',
    );
  });

  test('a stream goes in one POST, with the content type given', async () => {
    const bytes = randomBytes(5000);
    const result = await client().artifacts.upload(
      Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]),
      {
        contentType: 'application/json',
      },
    );
    assert.equal(result.sha256, sha(bytes));
    assert.deepEqual(calls(), ['POST /artifacts']);
    assert.equal(fake.requests[0]!.headers['content-type'], 'application/json');
  });

  test('over 64 MiB: a resumable session in 32 MiB chunks; a cut chunk resumes at the server offset', async () => {
    const bytes = randomBytes(SINGLE_UPLOAD_MAX + 1024);
    fake.cutNextPatchAfter = 1024 * 1024;
    const result = await client().artifacts.upload(file('large.bin', bytes));
    assert.equal(result.sha256, sha(bytes));
    assert.deepEqual(fake.blobs.get(sha(bytes)), bytes);
    const patches = fake.requests
      .filter((r) => r.method === 'PATCH')
      .map((r) => Number(r.headers['upload-offset']));
    assert.deepEqual(patches, [0, 1024 * 1024, 1024 * 1024 + UPLOAD_CHUNK]);
    assert.deepEqual(calls().slice(0, 3), [
      'HEAD /artifacts/SHA',
      'POST /artifacts/uploads',
      'PATCH /artifacts/uploads/u1',
    ]);
    assert.ok(calls().includes('GET /artifacts/uploads/u1'), 'asked the server where to resume');
    assert.equal(calls().at(-1), 'POST /artifacts/uploads/u1/complete');
  });

  test('under SigV4 a streamed body is signed UNSIGNED-PAYLOAD', async () => {
    const sigv4 = new ModelryClient({
      endpoint,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    await sigv4.artifacts.upload(file('signed.bin', randomBytes(100)));
    const post = fake.requests.find((r) => r.method === 'POST')!;
    assert.equal(post.headers['x-amz-content-sha256'], 'UNSIGNED-PAYLOAD');
    assert.match(String(post.headers.authorization), /SignedHeaders=.*x-amz-content-sha256/);
    const head = fake.requests.find((r) => r.method === 'HEAD')!;
    assert.equal(
      head.headers['x-amz-content-sha256'],
      sha(Buffer.alloc(0)),
      'other requests hash their body',
    );
  });
});

describe('artifacts.download', () => {
  const bytes = randomBytes(200_000);
  before(async () => {
    await client().artifacts.upload(file('dl-src.bin', bytes));
  });
  const leftovers = (sub: string) => readdirSync(join(dir, sub));

  test('writes the verified bytes to dest, with nothing else left beside it', async () => {
    rmSync(join(dir, 'ok'), { recursive: true, force: true });
    const dest = join(file('ok/.keep', Buffer.alloc(0)), '..', 'model.bin');
    const seen: TransferProgress[] = [];
    const result = await client().artifacts.download(sha(bytes), dest, { onProgress: (p) => seen.push(p) });
    assert.deepEqual(result, { path: dest, sha256: sha(bytes), size: bytes.length });
    assert.deepEqual(readFileSync(dest), bytes);
    assert.deepEqual(leftovers('ok').sort(), ['.keep', 'model.bin']);
    assert.deepEqual(seen.at(-1), { phase: 'downloading', bytes: bytes.length, total: bytes.length });
  });

  for (const [mode, code] of [
    ['corrupt', 'DigestMismatch'],
    ['truncated', 'DownloadIncomplete'],
  ] as const) {
    test(`a ${mode} body is ${code}, and leaves no file`, async () => {
      fake.serve = mode;
      rmSync(join(dir, mode), { recursive: true, force: true });
      const dest = join(file(`${mode}/.keep`, Buffer.alloc(0)), '..', 'model.bin');
      await assert.rejects(
        client().artifacts.download(sha(bytes), dest),
        (err: unknown) =>
          err instanceof ArtifactDownloadError && err.code === code && err.details.expected === sha(bytes),
      );
      assert.deepEqual(leftovers(mode), ['.keep']);
    });
  }

  test('stat: size of a stored blob, undefined for an unknown one', async () => {
    assert.deepEqual(await client().artifacts.stat(sha(bytes)), {
      sha256: sha(bytes),
      size: bytes.length,
      uri: `s3://bucket/models/sha256/${sha(bytes)}`,
    });
    assert.equal(await client().artifacts.stat('0'.repeat(64)), undefined);
  });
});
