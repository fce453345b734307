import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/model.js';
import {
  type Cursor,
  type CursorShape,
  decodePageToken,
  encodePageToken,
  filterFingerprint,
} from '../../domain/paging.js';
import type { Caller } from '../../services/authenticator.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; absent only under --insecure-dev. */
    caller?: Caller;
  }
}

/** The authenticated caller's actor; under --insecure-dev, whoever X-Modelry-Principal names. */
export function nativeActor(req: FastifyRequest, account: string): Actor {
  if (req.caller) return req.caller.actor;
  const header = req.headers['x-modelry-principal'];
  const principal =
    typeof header === 'string' && header.trim() !== '' ? header.trim().slice(0, 128) : 'anonymous';
  return { principal, account, source: 'native' };
}

export function pageCursor(
  token: string | undefined,
  filters: Record<string, unknown>,
  shape: CursorShape,
): { fingerprint: string; after?: Cursor } {
  const fingerprint = filterFingerprint(filters);
  return token ? { fingerprint, after: decodePageToken(token, fingerprint, shape) } : { fingerprint };
}

export function pageResult<T>(
  items: readonly T[],
  next: Cursor | undefined,
  fingerprint: string,
): { items: readonly T[]; nextPageToken?: string } {
  return next ? { items, nextPageToken: encodePageToken(next, fingerprint) } : { items };
}
