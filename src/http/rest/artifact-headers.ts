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
 * The single byte range the request asks for, or undefined for the whole blob (no Range, or an If-Range
 * that names another version, which asks for the whole). `bytes=a-b`, `bytes=a-` and `bytes=-n` are
 * understood; anything else, several ranges, or a range outside the blob is InvalidRange.
 */
export function requestedRange(req: FastifyRequest, info: BlobInfo): ByteRange | undefined {
  const header = req.headers.range;
  if (header === undefined) return undefined;
  const ifRange = req.headers['if-range'];
  if (typeof ifRange === 'string' && ifRange.trim() !== etagOf(info.sha256)) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  const first = m?.[1] ? Number(m[1]) : undefined;
  const last = m?.[2] ? Number(m[2]) : undefined;
  const size = info.size;
  const unsatisfiable = () => invalidRange(header, size);
  if (!m || (first === undefined && last === undefined)) throw unsatisfiable();
  if (![first, last].every((n) => n === undefined || Number.isSafeInteger(n))) throw unsatisfiable();
  if (first === undefined) {
    // A suffix: the last n bytes (all of them when the blob is shorter).
    if (last === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - last!), end: size - 1 };
  }
  if (first >= size || (last !== undefined && last < first)) throw unsatisfiable();
  return { start: first, end: last === undefined ? size - 1 : Math.min(last, size - 1) };
}

function invalidRange(header: string, size: number): DomainError {
  return new DomainError(
    'InvalidRange',
    `Range "${header.slice(0, 100)}" cannot be served from an artifact of ${size} bytes: ask for one range, bytes=start-end, within it.`,
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
