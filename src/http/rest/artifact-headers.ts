import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import type { BlobInfo, ByteRange } from '../../ports/artifact-store.js';

/** HTTP conditions, ranges and descriptive headers of an artifact download (RFC 9110). */

export function etagOf(sha256: string): string {
  return `"${sha256}"`;
}

/**
 * The headers HEAD and GET share: size, strong ETag, digest (hex and RFC 9530), byte ranges, and the URI
 * that names the blob in this server's store (what a version registered with it pins).
 */
export function describeBlob(reply: FastifyReply, info: BlobInfo, uri: string): void {
  reply
    .header('etag', etagOf(info.sha256))
    .header('x-modelry-sha256', info.sha256)
    .header('x-modelry-uri', uri)
    .header('repr-digest', `sha-256=:${Buffer.from(info.sha256, 'hex').toString('base64')}:`)
    .header('accept-ranges', 'bytes')
    .type('application/octet-stream');
}

/** If-None-Match names this blob (or `*`): the client's copy is current. */
export function notModified(req: FastifyRequest, info: BlobInfo): boolean {
  const header = req.headers['if-none-match'];
  if (header === undefined) return false;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(etagOf(info.sha256));
}

/**
 * The single byte range the request asks for, or undefined for the whole blob. As RFC 9110 (14.2) lets
 * or makes a server do, the whole blob is the answer to no Range, an If-Range that names another
 * version, a Range in another unit or not parseable (ignored), and several ranges (not offered:
 * `multipart/byteranges` would save little over one whole, verified download). `bytes=a-b`, `bytes=a-`
 * and `bytes=-n` are understood; only such a range that selects no byte of the blob is InvalidRange.
 */
export function requestedRange(req: FastifyRequest, info: BlobInfo): ByteRange | undefined {
  const header = req.headers.range;
  if (header === undefined) return undefined;
  const ifRange = req.headers['if-range'];
  if (typeof ifRange === 'string' && ifRange.trim() !== etagOf(info.sha256)) return undefined;
  // Units are case-insensitive. Anything else (several ranges, another unit, bad syntax) is ignored.
  const m = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const first = m[1] === '' ? undefined : Number(m[1]);
  const last = m[2] === '' ? undefined : Number(m[2]);
  // last < first is not a valid range-spec (14.1.1): ignored like any other invalid Range.
  if (first !== undefined && last !== undefined && last < first) return undefined;
  const size = info.size;
  if (first === undefined) {
    // A suffix: the last n bytes (all of them when the blob is shorter).
    if (last === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - last!), end: size - 1 };
  }
  if (first >= size) throw invalidRange(header, size);
  return { start: first, end: last === undefined ? size - 1 : Math.min(last, size - 1) };
}

function invalidRange(header: string, size: number): DomainError {
  return new DomainError(
    'InvalidRange',
    `Range "${header.slice(0, 100)}" selects no byte of an artifact of ${size} bytes: ask for a range that starts within it.`,
    { range: header.slice(0, 100), size },
  );
}

/** The offset header of a resumable upload chunk: a non-negative integer. */
export function uploadOffset(req: FastifyRequest): number {
  const header = req.headers['upload-offset'];
  const value = typeof header === 'string' && /^\d{1,16}$/.test(header.trim()) ? Number(header) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw new DomainError(
      'MalformedRequest',
      'A chunk of a resumable upload needs the header Upload-Offset: <bytes received so far> (see GET /api/v1/artifacts/uploads/{id}).',
      { header: 'Upload-Offset' },
    );
  }
  return value;
}

/** A Content-Length the client announced, if any (the real size is enforced while the bytes stream). */
export function declaredLength(req: FastifyRequest): number | undefined {
  const header = req.headers['content-length'];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
}
