import { randomBytes } from 'node:crypto';

/**
 * Resumable upload ids carry their creation time (12 hex digits of epoch milliseconds, then 128 random
 * bits), so a session needs no record of its own beyond its bytes, on disk or in a bucket.
 */
const SESSION_ID = /^([0-9a-f]{12})-[0-9a-f]{32}$/;

export function newSessionId(now = Date.now()): string {
  return `${now.toString(16).padStart(12, '0')}-${randomBytes(16).toString('hex')}`;
}

/** When the session was created, or undefined when `id` is not a session id (so names no session). */
export function sessionCreatedAt(id: string): Date | undefined {
  const m = SESSION_ID.exec(id);
  return m ? new Date(Number.parseInt(m[1]!, 16)) : undefined;
}

/** Names of staging files and objects (`tmp/<uuid>`), so that a tmp id offered to gc cannot point elsewhere. */
export const TMP_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
