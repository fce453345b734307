import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import { clip, incomplete, parseAuthorization, SIGV4_ALGORITHM } from './sigv4-authorization.js';
import { canonicalHeaderValue, canonicalRequest, headerValues } from './sigv4-canonical.js';
import { checkClockSkew, parseAmzDate } from './sigv4-time.js';

/**
 * AWS Signature Version 4 verification for the SageMaker face, in two steps so the caller can look the
 * access key up in between: parseSigV4 checks everything the request says about itself, verifySigV4
 * recomputes the signature with the key's secret. Recipe and checks: ../shared/reference/
 * sagemaker-registry-api.md §a.4; the tests sign with @smithy/signature-v4 and replay botocore's captures.
 */

export interface SigV4Request {
  readonly method: string;
  /** The raw request target as received: path plus optional ?query, not decoded. */
  readonly url: string;
  /**
   * Node's IncomingHttpHeaders shape: lower-case names, string or string[] values. Node joins repeated
   * headers with ', ' where the signer joined them with ','; pass sigV4Headers(rawHeaders) to keep them apart.
   */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body exactly as received (empty when it streams: see unsignedPayload). */
  readonly body: Buffer;
  /**
   * Whether the signature may name `x-amz-content-sha256: UNSIGNED-PAYLOAD` (S3's form) instead of the
   * body's hash. `required` where the body streams to its handler unread (artifact chunks, which may be
   * gigabytes; the artifact's sha256 protects the bytes instead); `declared` where it streams unread but
   * the handler checks a digest as it stores (single-request artifact uploads): there a signed hex
   * `x-amz-content-sha256` (S3 clients and botocore sign the body's hash) is also taken as the signed
   * payload hash, and the handler must refuse a body that hashes otherwise; `allowed` on routes that read
   * no body (artifact downloads, which clients sign like uploads). Without it UNSIGNED-PAYLOAD is refused.
   */
  readonly unsignedPayload?: 'required' | 'declared' | 'allowed';
}

/** The payload hash a signer writes for a body it does not hash. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface SigV4Credential {
  readonly accessKeyId: string;
  /** Scope date, yyyymmdd. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly amzDate: string;
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.';

/**
 * Step 1, synchronous and before any lookup: the Authorization header is well formed, scoped to
 * `expectedService` on the day of X-Amz-Date, signs `host` and only headers the request carries, and
 * X-Amz-Date is within 15 minutes of `nowMs`.
 */
export function parseSigV4(req: SigV4Request, nowMs: number, expectedService = 'sagemaker'): SigV4Credential {
  if (/[?&]X-Amz-Algorithm=/i.test(queryOf(req.url))) {
    throw incomplete(
      'Presigned URLs (X-Amz-Algorithm in the query string) are not supported; sign the request with an Authorization header.',
    );
  }
  const headers = headerValues(req.headers);
  const authorization = headers.get('authorization') ?? [];
  if (authorization.length === 0) {
    throw new DomainError(
      'AuthenticationRequired',
      `Missing Authentication Token: sign the request with AWS Signature Version 4 (${SIGV4_ALGORITHM}) using an access key issued by this server.`,
    );
  }
  if (authorization.length > 1) {
    throw incomplete(`The request carries ${authorization.length} Authorization headers; send exactly one.`);
  }
  const amzDates = headers.get('x-amz-date') ?? [];
  const parts = parseAuthorization(authorization[0]!, amzDates.length === 0);

  if (parts.service !== expectedService) {
    throw incomplete(
      `Credential should be scoped to correct service: '${expectedService}', not '${clip(parts.service)}'.`,
    );
  }
  const amzDate = canonicalHeaderValue(amzDates);
  const amzDateMs = parseAmzDate(amzDate);
  if (amzDateMs === undefined) {
    throw incomplete(
      `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'", not '${clip(amzDate)}'.`,
    );
  }
  if (parts.date !== amzDate.slice(0, 8)) {
    throw incomplete(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${clip(parts.date)}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (!parts.signedHeaders.includes('host')) {
    throw incomplete("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const absent = parts.signedHeaders.find((name) => !headers.has(name));
  if (absent !== undefined) {
    throw incomplete(`SignedHeaders names '${clip(absent)}', which the request does not carry.`);
  }
  checkClockSkew(amzDate, amzDateMs, nowMs);
  return { ...parts, amzDate };
}

/**
 * Step 2, with the secret of credential.accessKeyId: recomputes the signature over the request as
 * received and compares in constant time. Throws SignatureMismatch; its details carry the canonical
 * request and string to sign (no secret in either), which is what a client author needs to find the
 * difference, and what AWS's JSON services print too.
 */
export function verifySigV4(req: SigV4Request, credential: SigV4Credential, secretAccessKey: string): void {
  const headers = headerValues(req.headers);
  const payloadHash = payloadHashOf(req, credential, headers);
  const canonical = canonicalRequest({
    method: req.method,
    url: req.url,
    headers,
    signedHeaders: credential.signedHeaders,
    payloadHash,
  });
  const scope = `${credential.date}/${credential.region}/${credential.service}/aws4_request`;
  const stringToSign = [SIGV4_ALGORITHM, credential.amzDate, scope, sha256Hex(canonical)].join('\n');
  const expected = createHmac('sha256', signingKey(secretAccessKey, credential))
    .update(stringToSign, 'utf8')
    .digest('hex');
  if (!constantTimeEqual(expected, credential.signature)) {
    throw new DomainError('SignatureMismatch', SIGNATURE_MISMATCH, {
      canonicalRequest: canonical,
      stringToSign,
    });
  }
}

/** What the canonical request names as the body's hash, after checking what the request declares. */
function payloadHashOf(
  req: SigV4Request,
  credential: SigV4Credential,
  headers: ReturnType<typeof headerValues>,
): string {
  const declared = credential.signedHeaders.includes('x-amz-content-sha256')
    ? canonicalHeaderValue(headers.get('x-amz-content-sha256') ?? [])
    : undefined;
  if (declared === UNSIGNED_PAYLOAD && req.unsignedPayload === 'allowed') return UNSIGNED_PAYLOAD;
  if (req.unsignedPayload === 'declared' && declared !== undefined && SHA256_HEX.test(declared)) {
    // Not hashed here: the route stores the body only if it hashes to this (see unsignedPayload).
    return declared;
  }
  if (req.unsignedPayload === 'required' || req.unsignedPayload === 'declared') {
    if (declared !== UNSIGNED_PAYLOAD) {
      throw incomplete(
        req.unsignedPayload === 'declared'
          ? `This route streams its body unread: send the body's hex sha256 you signed in the header 'x-amz-content-sha256' (listed in SignedHeaders), or sign 'x-amz-content-sha256: ${UNSIGNED_PAYLOAD}'; the artifact's sha256 protects the bytes.`
          : `This route streams its body unread: sign it with the header 'x-amz-content-sha256: ${UNSIGNED_PAYLOAD}' (listed in SignedHeaders); the artifact's sha256 protects the bytes.`,
        { declared: declared ?? null },
      );
    }
    return UNSIGNED_PAYLOAD;
  }
  const computed = sha256Hex(req.body);
  if (declared !== undefined && declared !== computed) {
    throw new DomainError(
      'SignatureMismatch',
      declared === UNSIGNED_PAYLOAD
        ? `The provided 'x-amz-content-sha256' header says ${UNSIGNED_PAYLOAD}, which only artifact uploads accept; sign the body's sha256.`
        : "The provided 'x-amz-content-sha256' header does not match what was computed.",
      { declared, computed },
    );
  }
  return computed;
}

/** The caller's answer when no key matches credential.accessKeyId, in AWS's words (UnrecognizedClientException). */
export function unknownAccessKey(): DomainError {
  return new DomainError('InvalidCredentials', 'The security token included in the request is invalid.');
}

/**
 * Node's `rawHeaders` ([name, value, name, value, …]) as a SigV4Request header record that keeps
 * repeated headers as separate values, which IncomingMessage.headers merges with ', '.
 */
export function sigV4Headers(rawHeaders: readonly string[]): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    headers[name] = [...(headers[name] ?? []), rawHeaders[i + 1]!];
  }
  return headers;
}

function queryOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q);
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function signingKey(secret: string, { date, region, service }: SigV4Credential): Buffer {
  let key: Buffer = Buffer.from(`AWS4${secret}`, 'utf8');
  for (const part of [date, region, service, 'aws4_request'])
    key = createHmac('sha256', key).update(part).digest();
  return key;
}

/** Equal-length buffers through timingSafeEqual; a signature of another length fails without throwing or leaking where. */
function constantTimeEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
