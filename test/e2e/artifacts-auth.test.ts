import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { bytesOf, sha256 } from '../helpers/artifact-http.js';
import { authed } from '../helpers/authed.js';
import { ADMIN, startServer, type TestServer, waitFor } from '../helpers/server.js';

/** Who may do what with artifacts, SigV4 with UNSIGNED-PAYLOAD on the artifact routes, and their audit. */

interface Key {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Signs a native request with the AWS SDK's signer; `unsigned` declares UNSIGNED-PAYLOAD. */
async function signedFetch(
  server: TestServer,
  key: Key,
  method: string,
  path: string,
  body: Buffer | undefined,
  options: {
    unsigned?: boolean;
    type?: string;
    /** false: hash the body into the signature without sending x-amz-content-sha256 (botocore's default). */
    applyChecksum?: boolean;
    headers?: Record<string, string>;
    /** Bytes sent in place of the signed body (a body that hashes otherwise). */
    sent?: Buffer;
  } = {},
): Promise<Response> {
  const signer = new SignatureV4({
    credentials: key,
    region: 'us-east-1',
    service: 'sagemaker',
    sha256: Sha256,
    ...(options.applyChecksum !== undefined && { applyChecksum: options.applyChecksum }),
  });
  const headers: Record<string, string> = {
    host: `127.0.0.1:${server.port}`,
    ...(body !== undefined && { 'content-type': options.type ?? 'application/octet-stream' }),
    ...(options.unsigned && { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }),
    ...options.headers,
  };
  const request = await signer.sign({
    method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: server.port,
    path: `/api/v1${path}`,
    headers,
    ...(body !== undefined && { body }),
  });
  const { host: _host, ...sent } = request.headers as Record<string, string>;
  return fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: sent,
    ...(body !== undefined && { body: asBody(options.sent ?? body) }),
  });
}

/** Node's Buffer as fetch's body type (a Uint8Array at run time; the DOM-less typings disagree). */
function asBody(bytes: Buffer): BodyInit {
  return bytes as unknown as BodyInit;
}

async function codeOf(res: Response): Promise<[number, string | undefined]> {
  const text = await res.text();
  return [res.status, text ? (JSON.parse(text) as { error?: { code: string } }).error?.code : undefined];
}

describe('artifacts with authentication on', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  let scientistKey: Key;

  before(async () => {
    server = await startServer({ auth: true });
    for (const role of ['viewer', 'data-scientist']) {
      const name = `${role}-user`;
      assert.equal(
        (await authed(server.url, ADMIN.token, 'POST', '/auth/users', { name, roles: [role] })).status,
        201,
      );
      const token = await authed<{ token: string }>(
        server.url,
        ADMIN.token,
        'POST',
        `/auth/users/${name}/tokens`,
        {},
      );
      tokens[role] = token.json.token;
    }
    const key = await authed<Key>(server.url, ADMIN.token, 'POST', '/auth/users/data-scientist-user/keys');
    scientistKey = { accessKeyId: key.json.accessKeyId, secretAccessKey: key.json.secretAccessKey };
  });
  after(async () => {
    assert.equal(await server?.stop(), 0);
  });

  const bearer = (
    role: string,
    method: string,
    path: string,
    body?: Buffer,
    type = 'application/octet-stream',
  ) =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${role === 'admin' ? ADMIN.token : tokens[role]}`,
        ...(body !== undefined && { 'content-type': type }),
      },
      ...(body !== undefined && { body: asBody(body) }),
    });

  test('viewers read artifacts, data scientists upload them, only admins verify and collect', async () => {
    const bytes = bytesOf(2000, 70);
    const digest = sha256(bytes);
    assert.deepEqual(
      await codeOf(await fetch(`${server.url}/api/v1/artifacts`, { method: 'POST', body: asBody(bytes) })),
      [401, 'AuthenticationRequired'],
    );
    assert.deepEqual(await codeOf(await bearer('viewer', 'POST', '/artifacts', bytes)), [
      403,
      'AccessDenied',
    ]);
    assert.deepEqual(
      await codeOf(
        await bearer('viewer', 'POST', '/artifacts/uploads', Buffer.from('{}'), 'application/json'),
      ),
      [403, 'AccessDenied'],
    );
    const put = await bearer('data-scientist', 'POST', '/artifacts', bytes);
    assert.equal(put.status, 201, await put.clone().text());

    const got = await bearer('viewer', 'GET', `/artifacts/${digest}`);
    assert.equal(got.status, 200);
    assert.ok(Buffer.from(await got.arrayBuffer()).equals(bytes));
    assert.equal((await bearer('viewer', 'HEAD', `/artifacts/${digest}`)).status, 200);
    assert.equal((await fetch(`${server.url}/api/v1/artifacts/${digest}`, { method: 'HEAD' })).status, 401);
    assert.equal((await bearer('viewer', 'GET', '/artifacts')).status, 200);

    for (const role of ['viewer', 'data-scientist']) {
      for (const path of ['/artifacts/verify', '/artifacts/gc']) {
        const res = await bearer(role, 'POST', path, Buffer.from('{}'), 'application/json');
        assert.deepEqual(await codeOf(res), [403, 'AccessDenied'], `${role} ${path}`);
      }
    }
    assert.equal(
      (await bearer('admin', 'POST', '/artifacts/verify', Buffer.from('{}'), 'application/json')).status,
      200,
    );
    const gc = await bearer(
      'admin',
      'POST',
      '/artifacts/gc',
      Buffer.from('{"dryRun":true}'),
      'application/json',
    );
    assert.equal(gc.status, 200);
  });

  test("SigV4 signs a single upload with the body's sha256, as S3 clients do: it is the declared digest", async () => {
    const bytes = bytesOf(200_000, 73);
    const digest = sha256(bytes);
    const hashed = await signedFetch(server, scientistKey, 'POST', '/artifacts', bytes);
    assert.equal(hashed.status, 201, await hashed.clone().text());
    assert.equal(((await hashed.json()) as { sha256: string }).sha256, digest);
    // Same digest in both headers: fine (already stored).
    const both = await signedFetch(server, scientistKey, 'POST', '/artifacts', bytes, {
      headers: { 'x-modelry-sha256': digest },
    });
    assert.equal(both.status, 200, await both.clone().text());

    // Bytes that hash otherwise than the signed hash: DigestMismatch, nothing stored.
    const other = bytesOf(200_000, 74);
    const mismatched = await signedFetch(server, scientistKey, 'POST', '/artifacts', bytes, { sent: other });
    assert.deepEqual(await codeOf(mismatched), [400, 'DigestMismatch']);
    const absent = await authed(server.url, tokens['data-scientist']!, 'GET', `/artifacts/${sha256(other)}`);
    assert.equal(absent.status, 404);

    // X-Modelry-Sha256 and the signed hash disagree: 400, nothing stored.
    const fresh = bytesOf(1000, 75);
    const disagree = await signedFetch(server, scientistKey, 'POST', '/artifacts', fresh, {
      headers: { 'x-modelry-sha256': sha256(other) },
    });
    assert.deepEqual(await codeOf(disagree), [400, 'ValidationFailed']);
    const notStored = await authed(
      server.url,
      tokens['data-scientist']!,
      'GET',
      `/artifacts/${sha256(fresh)}`,
    );
    assert.equal(notStored.status, 404);

    // A signer that hashed the body but sent no x-amz-content-sha256 is told to send it.
    const silent = await signedFetch(server, scientistKey, 'POST', '/artifacts', fresh, {
      applyChecksum: false,
    });
    const answer = (await silent.json()) as { error: { code: string; message: string } };
    assert.equal(silent.status, 400);
    assert.equal(answer.error.code, 'IncompleteSignature');
    assert.match(
      answer.error.message,
      /send the body's hex sha256 you signed in the header 'x-amz-content-sha256'/,
    );
  });

  test('SigV4 signs artifact bodies as UNSIGNED-PAYLOAD, and nothing else', async () => {
    const bytes = bytesOf(300_000, 71);
    const digest = sha256(bytes);
    const put = await signedFetch(server, scientistKey, 'POST', '/artifacts', bytes, { unsigned: true });
    assert.equal(put.status, 201, await put.clone().text());
    assert.equal(((await put.json()) as { sha256: string }).sha256, digest);

    // A chunk signed with its hash cannot be checked without buffering it: refused (see fetchSignedPatch).

    const chunk = await authed<{ uploadId: string }>(
      server.url,
      tokens['data-scientist']!,
      'POST',
      '/artifacts/uploads',
    );
    const patched = await fetchSignedPatch(chunk.json.uploadId);
    assert.equal(patched.status, 200, await patched.clone().text());

    // Downloads may be signed either way; other routes refuse UNSIGNED-PAYLOAD.
    for (const unsigned of [true, false]) {
      const got = await signedFetch(server, scientistKey, 'GET', `/artifacts/${digest}`, undefined, {
        unsigned,
      });
      assert.equal(got.status, 200);
      assert.ok(Buffer.from(await got.arrayBuffer()).equals(bytes));
    }
    const group = Buffer.from('{"name":"sigv4-group"}');
    const refused = await signedFetch(server, scientistKey, 'POST', '/groups', group, {
      unsigned: true,
      type: 'application/json',
    });
    assert.deepEqual(await codeOf(refused), [403, 'SignatureMismatch']);
    const accepted = await signedFetch(server, scientistKey, 'POST', '/groups', group, {
      type: 'application/json',
    });
    assert.equal(accepted.status, 201);

    async function fetchSignedPatch(id: string): Promise<Response> {
      const signer = new SignatureV4({
        credentials: scientistKey,
        region: 'us-east-1',
        service: 'sagemaker',
        sha256: Sha256,
      });
      const body = bytes.subarray(0, 1000);
      const request = await signer.sign({
        method: 'PATCH',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: server.port,
        path: `/api/v1/artifacts/uploads/${id}`,
        headers: {
          host: `127.0.0.1:${server.port}`,
          'content-type': 'application/octet-stream',
          'upload-offset': '0',
          'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        },
        body,
      });
      const { host: _host, ...sent } = request.headers as Record<string, string>;
      return fetch(`${server.url}/api/v1/artifacts/uploads/${id}`, {
        method: 'PATCH',
        headers: sent,
        body: asBody(body),
      });
    }
  });

  test('uploads are audited with the blob they stored; refused ones as denied', async () => {
    const bytes = bytesOf(1234, 72);
    const digest = sha256(bytes);
    assert.equal((await bearer('data-scientist', 'POST', '/artifacts', bytes)).status, 201);
    assert.equal((await bearer('viewer', 'POST', '/artifacts', bytes)).status, 403);
    type Trail = {
      items: { principal: string; resource: string; outcome: string; parameters: Record<string, unknown> }[];
    };
    // A refusal is recorded once its answer has gone out, so its record may land just after the 403.
    const trail = await waitFor(async () => {
      const read = await authed<Trail>(server.url, ADMIN.token, 'GET', '/audit?action=modelry:PutArtifact');
      assert.equal(read.status, 200);
      return read.json.items.some((r) => r.outcome === 'denied') && read;
    });
    const stored = trail.json.items.find((r) => r.resource.endsWith(`:modelry-artifact/${digest}`));
    assert.ok(stored, JSON.stringify(trail.json.items));
    assert.equal(stored.principal, 'data-scientist-user');
    assert.equal(stored.outcome, 'allowed');
    assert.deepEqual(stored.parameters.artifact, { sha256: digest, size: bytes.length, existed: false });
    assert.match(stored.resource, /^arn:aws:sagemaker:us-east-1:000000000000:modelry-artifact\//);
    const denied = trail.json.items.filter((r) => r.principal === 'viewer-user' && r.outcome === 'denied');
    assert.ok(denied.length >= 1);
    assert.ok(denied.every((r) => r.resource.endsWith(':modelry-artifact/*')));
  });
});
