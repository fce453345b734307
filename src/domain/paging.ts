import { createHash } from 'node:crypto';
import { DomainError } from './errors.js';
import { LIMITS } from './limits.js';

/** A position in a keyset-ordered list: the sort key values of the last item returned. */
export type Cursor = readonly (string | number)[];

/** The type of each sort key value of a list, checked when a token comes back. */
export type CursorShape = readonly ('string' | 'number')[];

interface TokenBody {
  readonly k: Cursor;
  readonly f: string;
}

/** Hash of the list arguments a token belongs to; a token reused with other filters is refused. */
export function filterFingerprint(args: Readonly<Record<string, unknown>>): string {
  const canonical = JSON.stringify(
    Object.keys(args)
      .sort()
      .map((key) => [key, args[key] ?? null]),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export function encodePageToken(cursor: Cursor, fingerprint: string): string {
  const body: TokenBody = { k: cursor, f: fingerprint };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

export function decodePageToken(token: string, fingerprint: string, shape: CursorShape): Cursor {
  const invalid = (why: string) =>
    new DomainError('InvalidPageToken', `Invalid pagination token: ${why}.`, { reason: why });
  if (token.length > LIMITS.pageTokenMax) throw invalid('it is too long');
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid('it was not issued by this server');
  }
  if (
    typeof body !== 'object' ||
    body === null ||
    !Array.isArray((body as TokenBody).k) ||
    typeof (body as TokenBody).f !== 'string'
  ) {
    throw invalid('it was not issued by this server');
  }
  const parsed = body as TokenBody;
  if (parsed.f !== fingerprint) throw invalid('it was issued for a list with different arguments');
  // Each part must have the type its column has: a tampered token must not reach the database.
  if (parsed.k.length !== shape.length || !parsed.k.every((v, i) => isKeyPart(v, shape[i]!))) {
    throw invalid('it was not issued by this server');
  }
  return parsed.k;
}

function isKeyPart(v: unknown, kind: 'string' | 'number'): boolean {
  return kind === 'string' ? typeof v === 'string' : typeof v === 'number' && Number.isFinite(v);
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}
