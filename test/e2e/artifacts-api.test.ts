import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  bytesOf,
  call,
  download,
  type ErrorBody,
  type Reply,
  type Stored,
  sendBytes,
  sha256,
  upload,
} from '../helpers/artifact-http.js';
import { backends } from '../helpers/backends.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** The artifact API on the local store: uploads, downloads, resumable sessions, listing. */

const MAX_BYTES = 100_000;
const LIMITS = {
  MODELRY_ARTIFACT_MAX_BYTES: String(MAX_BYTES),
  MODELRY_ARTIFACT_CONTENT_TYPES: 'application/octet-stream, application/gzip',
};

function errorOf(reply: Reply<unknown>, status: number, code: string): ErrorBody['error'] {
  assert.equal(reply.status, status, JSON.stringify(reply.json));
  const { error } = reply.json as ErrorBody;
  assert.equal(error.code, code, error.message);
  return error;
}

for (const { backend, skip } of await backends()) {
  describe(`artifact API on ${backend} with the local store`, { skip }, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ backend, env: LIMITS });
    });
    after(async () => {
      assert.equal(await server?.stop(), 0);
    });

    test('upload, HEAD, GET whole, in ranges and conditionally', async () => {
      const bytes = bytesOf(70_000, 1);
      const digest = sha256(bytes);
      const put = await upload(server.url, bytes);
      assert.equal(put.status, 201, JSON.stringify(put.json));
      assert.deepEqual(put.json, {
        uri: `modelry://artifacts/sha256/${digest}`,
        sha256: digest,
        size: bytes.length,
        existed: false,
      });
      assert.equal(put.headers.get('location'), `/api/v1/artifacts/${digest}`);

      const expectedHeaders = {
        etag: `"${digest}"`,
        'x-modelry-sha256': digest,
        'repr-digest': `sha-256=:${Buffer.from(digest, 'hex').toString('base64')}:`,
        'accept-ranges': 'bytes',
        'content-type': 'application/octet-stream',
      };
      const headersOf = (h: Headers) =>
        Object.fromEntries(Object.keys(expectedHeaders).map((k) => [k, h.get(k)]));
      const head = await download(server.url, digest, {}, 'HEAD');
      assert.equal(head.status, 200);
      assert.deepEqual(headersOf(head.headers), expectedHeaders);
      assert.equal(head.headers.get('content-length'), String(bytes.length));
      assert.equal(head.body.length, 0);

      const whole = await download(server.url, digest);
      assert.equal(whole.status, 200);
      assert.deepEqual(headersOf(whole.headers), expectedHeaders);
      assert.equal(whole.headers.get('content-length'), String(bytes.length));
      assert.ok(whole.body.equals(bytes), 'the same bytes');

      // Upper-case digests name the same blob.
      assert.equal((await download(server.url, digest.toUpperCase(), {}, 'HEAD')).status, 200);

      const ranges: [string, number, number][] = [
        ['bytes=10-19', 10, 19],
        ['bytes=69990-', 69_990, 69_999],
        ['bytes=-5', 69_995, 69_999],
        ['bytes=100-999999', 100, 69_999],
      ];
      for (const [range, start, end] of ranges) {
        const part = await download(server.url, digest, { range });
        assert.equal(part.status, 206, range);
        assert.equal(part.headers.get('content-range'), `bytes ${start}-${end}/${bytes.length}`);
        assert.equal(part.headers.get('content-length'), String(end - start + 1));
        assert.ok(part.body.equals(bytes.subarray(start, end + 1)), range);
      }
      // Only a valid single bytes= range that selects no byte is 416 (RFC 9110 14.1.1, 15.5.17).
      for (const range of ['bytes=70000-', 'bytes=-0', 'bytes=999999999999999999999-']) {
        const res = await fetch(`${server.url}/api/v1/artifacts/${digest}`, { headers: { range } });
        const reply = { status: res.status, headers: res.headers, json: await res.json() };
        errorOf(reply, 416, 'InvalidRange');
        assert.equal(res.headers.get('content-range'), `bytes */${bytes.length}`, range);
      }
      // Another unit, a Range that does not parse, or several ranges: ignored, the whole blob (14.2).
      for (const range of [
        'items=0-1',
        'bytes=5-2',
        'bytes=abc',
        'bytes=-',
        'bytes=0-1,5-6',
        'bytes=1-2, 4-5',
      ]) {
        const whole = await download(server.url, digest, { range });
        assert.equal(whole.status, 200, range);
        assert.equal(whole.headers.get('content-range'), null, range);
        assert.equal(whole.headers.get('content-length'), String(bytes.length), range);
        assert.ok(whole.body.equals(bytes), range);
      }
      assert.equal((await download(server.url, digest, { range: 'Bytes=10-19' })).status, 206);
      // If-Range naming another version asks for the whole blob.
      const stale = await download(server.url, digest, { range: 'bytes=0-9', 'if-range': '"0000"' });
      assert.equal(stale.status, 200);
      assert.equal(stale.body.length, bytes.length);

      for (const inm of [`"${digest}"`, `W/"${digest}"`, `"other", "${digest}"`, '*']) {
        const cached = await download(server.url, digest, { 'if-none-match': inm });
        assert.equal(cached.status, 304, inm);
        assert.equal(cached.headers.get('etag'), `"${digest}"`);
        assert.equal(cached.body.length, 0);
      }
      assert.equal((await download(server.url, digest, { 'if-none-match': '"other"' })).status, 200);

      const empty = await upload(server.url, Buffer.alloc(0));
      assert.equal(empty.json.sha256, sha256(''));
      const nothing = await download(server.url, sha256(''));
      assert.deepEqual(
        [nothing.status, nothing.body.length, nothing.headers.get('content-length')],
        [200, 0, '0'],
      );
      const emptyRange = await fetch(`${server.url}/api/v1/artifacts/${sha256('')}`, {
        headers: { range: 'bytes=0-' },
      });
      assert.deepEqual([emptyRange.status, emptyRange.headers.get('content-range')], [416, 'bytes */0']);
      await emptyRange.body?.cancel();

      const absent = await call(server.url, 'GET', `/artifacts/${sha256('never uploaded')}`);
      errorOf(absent, 404, 'ArtifactNotFound');
      errorOf(await call(server.url, 'GET', '/artifacts/not-a-digest'), 400, 'ValidationFailed');
    });

    test('the same bytes are stored once', async () => {
      const bytes = bytesOf(5000, 2);
      const first = await upload(server.url, bytes);
      const again = await upload(server.url, bytes, { 'x-modelry-sha256': sha256(bytes) });
      assert.equal(first.status, 201);
      assert.equal(again.status, 200);
      assert.deepEqual(again.json, { ...first.json, existed: true });
      assert.equal(again.headers.get('location'), `/api/v1/artifacts/${sha256(bytes)}`);
    });

    test('a wrong declared digest, a body over the limit or a refused type store nothing', async () => {
      const before = await listAll(server.url);
      const bytes = bytesOf(3000, 3);
      const wrong = sha256('something else');
      const mismatch = await upload(server.url, bytes, { 'x-modelry-sha256': wrong });
      const error = errorOf(mismatch, 400, 'DigestMismatch');
      assert.deepEqual(error.details, { expected: wrong, actual: sha256(bytes) });
      errorOf(await upload(server.url, bytes, { 'x-modelry-sha256': 'xyz' }), 400, 'ValidationFailed');

      const large = bytesOf(MAX_BYTES + 1, 4);
      // Announced by Content-Length: refused before a byte is read.
      errorOf(await upload(server.url, large), 413, 'ArtifactTooLarge');
      // Streamed without a length: refused once the limit is crossed.
      const streamed = await sendBytes(server.url, 'POST', '/artifacts', streamOf(large, 8192));
      errorOf(streamed, 413, 'ArtifactTooLarge');
      // Exactly at the limit is fine.
      assert.equal((await upload(server.url, bytesOf(MAX_BYTES, 5))).status, 201);

      const text = await upload(server.url, bytes, { 'content-type': 'text/plain' });
      const refused = errorOf(text, 415, 'ArtifactContentTypeNotAllowed');
      assert.equal(refused.details.contentType, 'text/plain');
      assert.equal(
        (await upload(server.url, bytes, { 'content-type': 'Application/GZIP; x=1' })).status,
        201,
      );

      const stored = await listAll(server.url);
      for (const digest of [wrong, sha256(large)]) {
        assert.equal((await download(server.url, digest, {}, 'HEAD')).status, 404);
        assert.ok(!stored.includes(digest));
      }
      assert.deepEqual(
        stored.filter((d) => !before.includes(d)).sort(),
        [sha256(bytesOf(MAX_BYTES, 5)), sha256(bytes)].sort(),
      );
    });

    test('a resumable upload: chunks in order, a wrong offset told where to resume, completion', async () => {
      const bytes = bytesOf(30_000, 6);
      const created = await call<{ uploadId: string; offset: number; createdAt: string }>(
        server.url,
        'POST',
        '/artifacts/uploads',
      );
      assert.equal(created.status, 201);
      const { uploadId } = created.json;
      assert.equal(created.json.offset, 0);
      assert.ok(Date.parse(created.json.createdAt) > 0);
      const path = `/artifacts/uploads/${uploadId}`;
      const chunk = (from: number, to: number, offset = from, type = 'application/octet-stream') =>
        sendBytes<{ uploadId: string; offset: number }>(server.url, 'PATCH', path, bytes.subarray(from, to), {
          'upload-offset': String(offset),
          'content-type': type,
        });

      const first = await chunk(0, 10_000);
      assert.equal(first.status, 200);
      assert.deepEqual(first.json, { uploadId, offset: 10_000 });
      assert.equal(first.headers.get('upload-offset'), '10000');

      const replayed = await chunk(0, 10_000);
      const conflict = errorOf(replayed, 409, 'UploadOffsetMismatch');
      assert.equal(conflict.details.offset, 10_000);
      assert.equal(replayed.headers.get('upload-offset'), '10000');
      errorOf(await chunk(10_000, 20_000, 20_000), 409, 'UploadOffsetMismatch');
      const missing = await sendBytes(server.url, 'PATCH', path, bytes.subarray(0, 1));
      errorOf(missing, 400, 'MalformedRequest');

      const status = await call<{ offset: number }>(server.url, 'GET', path);
      assert.equal(status.json.offset, 10_000);
      assert.equal(status.headers.get('upload-offset'), '10000');
      // MODELRY_ARTIFACT_CONTENT_TYPES is set on this server: it does not apply to chunks (tus's type here).
      const tus = await chunk(10_000, 30_000, 10_000, 'application/offset+octet-stream');
      assert.equal(tus.status, 200, JSON.stringify(tus.json));
      assert.equal(tus.json.offset, 30_000);

      // A wrong digest stores nothing and keeps the session for another try.
      const wrong = await call(server.url, 'POST', `${path}/complete`, { sha256: sha256('no') });
      errorOf(wrong, 400, 'DigestMismatch');
      assert.equal((await call<{ offset: number }>(server.url, 'GET', path)).json.offset, 30_000);

      const done = await call<Stored>(server.url, 'POST', `${path}/complete`, { sha256: sha256(bytes) });
      assert.equal(done.status, 201);
      assert.deepEqual(done.json, {
        uri: `modelry://artifacts/sha256/${sha256(bytes)}`,
        sha256: sha256(bytes),
        size: bytes.length,
        existed: false,
      });
      assert.equal(done.headers.get('location'), `/api/v1/artifacts/${sha256(bytes)}`);
      assert.ok((await download(server.url, sha256(bytes))).body.equals(bytes));
      errorOf(await call(server.url, 'GET', path), 404, 'UploadNotFound');
      errorOf(await chunk(30_000, 30_000), 404, 'UploadNotFound');

      const aborted = await call<{ uploadId: string }>(server.url, 'POST', '/artifacts/uploads');
      const abortPath = `/artifacts/uploads/${aborted.json.uploadId}`;
      assert.equal((await call(server.url, 'DELETE', abortPath)).status, 204);
      errorOf(await call(server.url, 'GET', abortPath), 404, 'UploadNotFound');
      errorOf(await call(server.url, 'DELETE', abortPath), 404, 'UploadNotFound');
    });

    test('lists blobs in digest order, page by page', async () => {
      for (let i = 10; i < 13; i++) await upload(server.url, bytesOf(100 + i, i));
      const all = await listAll(server.url);
      assert.ok(all.length >= 3);
      assert.deepEqual(all, [...all].sort());
      const paged: string[] = [];
      let token: string | undefined;
      do {
        const page = await call<{
          items: { sha256: string; size: number; modifiedAt: string; uri: string }[];
          nextPageToken?: string;
        }>(server.url, 'GET', `/artifacts?limit=2${token ? `&pageToken=${token}` : ''}`);
        assert.equal(page.status, 200);
        assert.ok(page.json.items.length <= 2);
        for (const item of page.json.items) {
          assert.equal(item.uri, `modelry://artifacts/sha256/${item.sha256}`);
          assert.ok(Date.parse(item.modifiedAt) > 0);
          paged.push(item.sha256);
        }
        token = page.json.nextPageToken;
      } while (token);
      assert.deepEqual(paged, all);
      errorOf(await call(server.url, 'GET', '/artifacts?limit=1001'), 400, 'ValidationFailed');
      errorOf(await call(server.url, 'GET', '/artifacts?pageToken=bogus'), 400, 'InvalidPageToken');
    });
  });
}

/** Every stored digest, through the list's pages. */
async function listAll(base: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await call<{ items: { sha256: string }[]; nextPageToken?: string }>(
      base,
      'GET',
      `/artifacts?limit=1000${token ? `&pageToken=${token}` : ''}`,
    );
    out.push(...page.json.items.map((i) => i.sha256));
    token = page.json.nextPageToken;
  } while (token);
  return out;
}

/** The bytes as a stream of chunks, sent without a Content-Length. */
function streamOf(bytes: Buffer, chunk: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(at, at + chunk));
      at += chunk;
    },
  });
}
