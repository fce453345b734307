import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { parseSigV4, type SigV4Request, sigV4Headers, unknownAccessKey, verifySigV4 } from './sigv4.js';

const KEY = { accessKeyId: 'AKIDMODELRY0001', secretAccessKey: 'c2VjcmV0LW9mLW1vZGVscnktdGVzdHMtMDAwMQ' };
const NOW = Date.UTC(2026, 10, 27, 6, 10, 12, 345);
const HOST = '127.0.0.1:39841';
const MINUTE = 60_000;

interface SignOptions {
  readonly path?: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly service?: string;
  readonly at?: number;
  /** JS v3 adds and signs x-amz-content-sha256; botocore does not. */
  readonly contentSha256?: boolean;
}

/** A request signed by the AWS SDK's own signer, as the server would receive it. */
async function signed(options: SignOptions = {}): Promise<SigV4Request> {
  const { path = '/', query = {}, body = '{}', service = 'sagemaker', at = NOW } = options;
  const signer = new SignatureV4({
    credentials: KEY,
    region: 'us-east-1',
    service,
    sha256: Sha256,
    applyChecksum: options.contentSha256 ?? true,
  });
  const request = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 39841,
      path,
      query,
      headers: {
        host: HOST,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'SageMaker.ListModelPackageGroups',
        ...options.headers,
      },
      body,
    },
    { signingDate: new Date(at) },
  );
  const search = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return {
    method: 'POST',
    url: search === '' ? path : `${path}?${search}`,
    headers,
    body: Buffer.from(body),
  };
}

function verify(req: SigV4Request, nowMs = NOW, secret = KEY.secretAccessKey): void {
  verifySigV4(req, parseSigV4(req, nowMs), secret);
}

function withHeaders(req: SigV4Request, headers: SigV4Request['headers']): SigV4Request {
  return { ...req, headers: { ...req.headers, ...headers } };
}

function withAuthorization(req: SigV4Request, edit: (value: string) => string): SigV4Request {
  return withHeaders(req, { authorization: edit(String(req.headers.authorization)) });
}

/** Asserts the DomainError code, and that the message matches `message` (text for equality, RegExp for a match). */
function fails(fn: () => void, code: ErrorCode, message: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DomainError, `expected a DomainError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.';

describe('verifySigV4 against the AWS SDK signer', () => {
  it('accepts a JS v3 style request (x-amz-content-sha256 signed) and a botocore style one', async () => {
    const js = await signed();
    assert.match(String(js.headers.authorization), /SignedHeaders=.*x-amz-content-sha256/);
    const credential = parseSigV4(js, NOW);
    assert.deepEqual(
      { ...credential, signature: credential.signature.length },
      {
        accessKeyId: KEY.accessKeyId,
        date: '20261127',
        region: 'us-east-1',
        service: 'sagemaker',
        signedHeaders: ['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-target'],
        signature: 64,
        amzDate: '20261127T061012Z',
      },
    );
    verifySigV4(js, credential, KEY.secretAccessKey);
    verify(await signed({ contentSha256: false, body: '{"NameContains":"churn"}' }));
  });

  it('refuses the wrong secret with AWS text, and details that show what was signed', async () => {
    const req = await signed();
    assert.throws(
      () => verify(req, NOW, `${KEY.secretAccessKey}x`),
      (err: unknown) =>
        err instanceof DomainError &&
        err.code === 'SignatureMismatch' &&
        err.message === MISMATCH &&
        String(err.details.canonicalRequest).startsWith(
          'POST\n/\n\ncontent-type:application/x-amz-json-1.1\n',
        ) &&
        String(err.details.stringToSign).startsWith('AWS4-HMAC-SHA256\n20261127T061012Z\n'),
    );
  });

  it('answers an unknown access key as AWS does', () => {
    const err = unknownAccessKey();
    assert.equal(err.code, 'InvalidCredentials');
    assert.equal(err.message, 'The security token included in the request is invalid.');
  });

  it('refuses a body changed by one byte, with or without x-amz-content-sha256', async () => {
    const tamper = (req: SigV4Request): SigV4Request => ({
      ...req,
      body: Buffer.from('{"NameContains":"churm"}'),
    });
    const js = tamper(await signed({ body: '{"NameContains":"churn"}' }));
    fails(
      () => verify(js),
      'SignatureMismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
    const boto = tamper(await signed({ body: '{"NameContains":"churn"}', contentSha256: false }));
    fails(() => verify(boto), 'SignatureMismatch', MISMATCH);
  });

  it('refuses x-amz-content-sha256 that matches neither the body nor the signature', async () => {
    const req = withHeaders(await signed(), { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    fails(() => verify(req), 'SignatureMismatch', /x-amz-content-sha256/);
  });

  it('accepts UNSIGNED-PAYLOAD, signed, only where the body streams (artifact uploads)', async () => {
    const unsigned = await signed({
      path: '/api/v1/artifacts',
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-type': 'application/octet-stream' },
      body: 'model bytes the server never buffers',
    });
    assert.match(String(unsigned.headers.authorization), /SignedHeaders=.*x-amz-content-sha256/);
    // The body streams to its handler: the verifier sees none, and the signature does not depend on it.
    verify({ ...unsigned, body: Buffer.alloc(0), unsignedPayload: 'required' });
    // A route that reads no body (a download) may be signed either way.
    verify({ ...unsigned, unsignedPayload: 'allowed' });
    verify({ ...(await signed({ path: '/api/v1/artifacts' })), unsignedPayload: 'allowed' });
    // A streamed body whose signature declares the body's hash cannot be checked: refused.
    const hashed = await signed({ path: '/api/v1/artifacts', body: 'model bytes' });
    fails(
      () => verify({ ...hashed, body: Buffer.alloc(0), unsignedPayload: 'required' }),
      'IncompleteSignature',
      /streams its body unread: sign it with the header 'x-amz-content-sha256: UNSIGNED-PAYLOAD'/,
    );
    // botocore style (x-amz-content-sha256 not signed) cannot say UNSIGNED-PAYLOAD under the signature.
    const boto = await signed({ path: '/api/v1/artifacts', contentSha256: false });
    fails(
      () =>
        verify({
          ...withHeaders(boto, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }),
          unsignedPayload: 'required',
        }),
      'IncompleteSignature',
      /UNSIGNED-PAYLOAD/,
    );
    // Everywhere else a correctly signed UNSIGNED-PAYLOAD is refused, the body being there to hash.
    fails(
      () => verify(unsigned),
      'SignatureMismatch',
      "The provided 'x-amz-content-sha256' header says UNSIGNED-PAYLOAD, which only artifact uploads accept; sign the body's sha256.",
    );
  });

  it('takes a signed hex payload hash unchecked where the route checks the digest (single uploads)', async () => {
    const body = 'model bytes the server never buffers';
    const hashed = await signed({ path: '/api/v1/artifacts', body });
    assert.match(String(hashed.headers['x-amz-content-sha256']), /^[0-9a-f]{64}$/);
    assert.match(String(hashed.headers.authorization), /SignedHeaders=.*x-amz-content-sha256/);
    // The body streams: the verifier sees none, and trusts the signed hash for the route to check.
    verify({ ...hashed, body: Buffer.alloc(0), unsignedPayload: 'declared' });
    verify({
      ...(await signed({
        path: '/api/v1/artifacts',
        headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      })),
      body: Buffer.alloc(0),
      unsignedPayload: 'declared',
    });
    // The hash is part of what was signed: another one in the header breaks the signature.
    fails(
      () =>
        verify({
          ...withHeaders(hashed, { 'x-amz-content-sha256': 'a'.repeat(64) }),
          body: Buffer.alloc(0),
          unsignedPayload: 'declared',
        }),
      'SignatureMismatch',
      /does not match the signature you provided/,
    );
    // A signer that hashed the body but sent no x-amz-content-sha256 (botocore's default) is told to send it.
    const boto = await signed({ path: '/api/v1/artifacts', body, contentSha256: false });
    assert.equal(boto.headers['x-amz-content-sha256'], undefined);
    fails(
      () => verify({ ...boto, body: Buffer.alloc(0), unsignedPayload: 'declared' }),
      'IncompleteSignature',
      /send the body's hex sha256 you signed in the header 'x-amz-content-sha256' \(listed in SignedHeaders\), or sign 'x-amz-content-sha256: UNSIGNED-PAYLOAD'/,
    );
    // Chunks of a resumable upload still need UNSIGNED-PAYLOAD: nothing checks a chunk's own digest.
    fails(
      () => verify({ ...hashed, body: Buffer.alloc(0), unsignedPayload: 'required' }),
      'IncompleteSignature',
      /UNSIGNED-PAYLOAD/,
    );
  });

  it('refuses a changed signed header, and ignores a changed unsigned one', async () => {
    const req = await signed({ headers: { 'user-agent': 'aws-sdk-js/3.1141.0' } });
    assert.doesNotMatch(String(req.headers.authorization), /user-agent/);
    fails(
      () => verify(withHeaders(req, { 'x-amz-target': 'SageMaker.DeleteModelPackageGroup' })),
      'SignatureMismatch',
      MISMATCH,
    );
    verify(withHeaders(req, { 'user-agent': 'curl/8.0', 'x-forwarded-for': '10.0.0.1' }));
  });

  it('canonicalizes header values: inner runs of spaces and tabs collapse, ends are trimmed', async () => {
    const req = await signed({ headers: { 'x-amz-meta-note': 'two  words\tand   more' } });
    verify(withHeaders(req, { 'x-amz-meta-note': '  two words \t and more ' }));
    fails(
      () => verify(withHeaders(req, { 'x-amz-meta-note': 'twowords and more' })),
      'SignatureMismatch',
      MISMATCH,
    );
  });

  it('joins repeated headers with "," as the signer does', async () => {
    const req = await signed({ headers: { 'x-amz-meta-dup': 'a,b c' } });
    verify(withHeaders(req, { 'x-amz-meta-dup': [' a ', 'b   c'] }));
    // Node's IncomingMessage.headers would merge the two as 'a, b c': no longer what was signed.
    fails(() => verify(withHeaders(req, { 'x-amz-meta-dup': 'a, b c' })), 'SignatureMismatch', MISMATCH);
  });

  it('keeps repeated raw headers apart with sigV4Headers', () => {
    assert.deepEqual(sigV4Headers(['Host', 'h:1', 'X-Dup', 'a', 'x-dup', 'b']), {
      host: ['h:1'],
      'x-dup': ['a', 'b'],
    });
  });

  it('encodes path segments the way the clients do (the encoded path is encoded again)', async () => {
    for (const path of ['/prefix/a%20b/c%2Fd/', '/prefix/~tilde/(x)', '/a//b/./c/../d']) {
      verify(await signed({ path }));
    }
    const req = await signed({ path: '/prefix/a%20b' });
    fails(() => verify({ ...req, url: '/prefix/a+b' }), 'SignatureMismatch', MISMATCH);
  });

  it('sorts and re-encodes the query string', async () => {
    const req = await signed({ query: { b: 'x y', a: '1', 'c~*': 'é/?' } });
    verify(req);
    verify({ ...req, url: '/?c~%2A=%C3%A9%2F%3F&a=1&b=x%20y' });
    fails(() => verify({ ...req, url: '/?a=2&b=x%20y&c~%2A=%C3%A9%2F%3F' }), 'SignatureMismatch', MISMATCH);
  });

  it('refuses a signature of the wrong length or case without throwing anything else', async () => {
    const req = await signed();
    for (const edit of [
      (s: string) => s.slice(0, -2),
      (s: string) => `${s}00`,
      (s: string) => s.toUpperCase(),
    ]) {
      fails(
        () =>
          verify(
            withAuthorization(req, (a) =>
              a.replace(/Signature=(\w+)/, (_, sig: string) => `Signature=${edit(sig)}`),
            ),
          ),
        'SignatureMismatch',
        MISMATCH,
      );
    }
  });
});

describe('parseSigV4 checks', () => {
  it('accepts X-Amz-Date up to 15 minutes either side of the server clock', async () => {
    for (const offset of [-15 * MINUTE, -14 * MINUTE, 14 * MINUTE, 15 * MINUTE]) {
      verify(await signed({ at: NOW + offset }));
    }
  });

  it('refuses a request signed 16 minutes ago, in AWS words', async () => {
    const req = await signed({ at: NOW - 16 * MINUTE });
    fails(
      () => parseSigV4(req, NOW),
      'RequestExpired',
      'Signature expired: 20261127T055412Z is now earlier than 20261127T055512Z (20261127T061012Z - 15 min.)',
    );
  });

  it('refuses a request signed 16 minutes ahead, in AWS words', async () => {
    const req = await signed({ at: NOW + 16 * MINUTE });
    fails(
      () => parseSigV4(req, NOW),
      'RequestExpired',
      'Signature not yet current: 20261127T062612Z is still later than 20261127T062512Z (20261127T061012Z + 15 min.)',
    );
  });

  it('refuses a scope for another service', async () => {
    const req = await signed({ service: 's3' });
    fails(
      () => parseSigV4(req, NOW),
      'IncompleteSignature',
      "Credential should be scoped to correct service: 'sagemaker', not 's3'.",
    );
    assert.equal(parseSigV4(req, NOW, 's3').service, 's3');
  });

  it('refuses a scope date that is not the date of X-Amz-Date', async () => {
    const req = withAuthorization(await signed(), (a) => a.replace('/20261127/', '/20261126/'));
    fails(
      () => parseSigV4(req, NOW),
      'IncompleteSignature',
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261126' != '20261127', from '20261127T061012Z'.",
    );
  });

  it('refuses a request that does not sign host', async () => {
    const unsignedHost = await signed({ headers: { host: undefined as unknown as string } });
    const req = withHeaders(unsignedHost, { host: HOST });
    assert.doesNotMatch(String(req.headers.authorization), /host/);
    fails(
      () => parseSigV4(req, NOW),
      'IncompleteSignature',
      "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });

  it('refuses a signed header the request does not carry', async () => {
    const req = withHeaders(await signed(), { 'x-amz-target': undefined });
    fails(
      () => parseSigV4(req, NOW),
      'IncompleteSignature',
      "SignedHeaders names 'x-amz-target', which the request does not carry.",
    );
  });

  it('asks for credentials when there is no Authorization header', async () => {
    const req = withHeaders(await signed(), { authorization: undefined });
    fails(
      () => parseSigV4(req, NOW),
      'AuthenticationRequired',
      /^Missing Authentication Token: sign the request/,
    );
  });

  it('names every missing part at once, X-Amz-Date included', async () => {
    const req = withHeaders(await signed(), {
      authorization: `AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/20261127/us-east-1/sagemaker/aws4_request`,
      'x-amz-date': undefined,
    });
    fails(
      () => parseSigV4(req, NOW),
      'IncompleteSignature',
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of an 'X-Amz-Date' header (a 'Date' header is not accepted here).",
    );
  });

  it('refuses malformed credentials and dates precisely', async () => {
    const req = await signed();
    const cases: [SigV4Request, string][] = [
      [
        withAuthorization(req, (a) => a.replace('/us-east-1/', '/')),
        `Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request", not '${KEY.accessKeyId}/20261127/sagemaker/aws4_request'.`,
      ],
      [
        withAuthorization(req, (a) => a.replace('/aws4_request', '/aws5_request')),
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.",
      ],
      [
        withAuthorization(req, (a) => a.replace('/us-east-1/', '//')),
        "Credential should be scoped to a valid region, not ''.",
      ],
      [
        withAuthorization(req, (a) =>
          a.replace('SignedHeaders=content-type;host', 'SignedHeaders=Content-Type;Host'),
        ),
        "SignedHeaders must list lower-case header names separated by ';', not 'Content-Type;Host;x-amz-content-sha256;x-amz-date;x-amz-target'.",
      ],
      [
        withAuthorization(req, (a) => `${a}, Signature=00`),
        "Authorization header has the 'Signature' parameter more than once.",
      ],
      [
        withHeaders(req, { 'x-amz-date': '2026-11-27T06:10:12Z' }),
        `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'", not '2026-11-27T06:10:12Z'.`,
      ],
      [
        withHeaders(req, { 'x-amz-date': '20261327T061012Z' }),
        `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'", not '20261327T061012Z'.`,
      ],
      [
        withHeaders(req, {
          authorization: [String(req.headers.authorization), String(req.headers.authorization)],
        }),
        'The request carries 2 Authorization headers; send exactly one.',
      ],
    ];
    for (const [bad, message] of cases) fails(() => parseSigV4(bad, NOW), 'IncompleteSignature', message);
  });

  it('reads the header under any name case, but the scheme and parameter names exactly', async () => {
    const req = await signed();
    const { authorization, ...rest } = req.headers;
    verify({ ...req, headers: { ...rest, Authorization: authorization } });
    fails(
      () =>
        parseSigV4(
          withAuthorization(req, (a) => a.replace('AWS4-HMAC-SHA256', 'aws4-hmac-sha256')),
          NOW,
        ),
      'IncompleteSignature',
      "Unsupported Authorization scheme 'aws4-hmac-sha256': only 'AWS4-HMAC-SHA256' (AWS Signature Version 4) is accepted here.",
    );
    fails(
      () =>
        parseSigV4(
          withAuthorization(req, (a) => a.replace('Credential=', 'credential=')),
          NOW,
        ),
      'IncompleteSignature',
      "Authorization header requires 'Credential' parameter (parameter names are case-sensitive; found 'credential').",
    );
    fails(
      () => parseSigV4(withHeaders(req, { authorization: 'Bearer mdl_abc' }), NOW),
      'IncompleteSignature',
      /'Bearer'/,
    );
  });

  it('accepts parameters separated by "," without spaces', async () => {
    verify(withAuthorization(await signed(), (a) => a.replaceAll(', ', ',')));
  });

  it('refuses presigned URLs', async () => {
    const req = await signed();
    fails(
      () => parseSigV4({ ...req, url: '/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00' }, NOW),
      'IncompleteSignature',
      'Presigned URLs (X-Amz-Algorithm in the query string) are not supported; sign the request with an Authorization header.',
    );
  });
});
