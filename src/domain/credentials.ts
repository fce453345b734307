import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Credential formats. Access key pairs look like AWS's (20-character id, 40-character secret) so that
 * every AWS client and tool accepts them; API tokens are `mdl_<id>_<secret>`, where only the id is
 * stored in the clear and the secret only as its SHA-256.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: number, length: number): string {
  const raw = randomBytes(bytes);
  let out = '';
  for (let i = 0; out.length < length; i += 1) out += BASE32[raw[i % raw.length]! % 32];
  return out;
}

/** `AKMD` + 16 base32 characters: recognisably Modelry's, shaped like an AWS access key id. */
export function newAccessKeyId(): string {
  return `AKMD${base32(16, 16)}`;
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

export const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

const TOKEN = /^mdl_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

export function newApiToken(): { token: string; tokenId: string; secret: string } {
  const tokenId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { token: `mdl_${tokenId}_${secret}`, tokenId, secret };
}

export function parseApiToken(text: string): { tokenId: string; secret: string } | undefined {
  const m = TOKEN.exec(text);
  return m ? { tokenId: m[1]!, secret: m[2]! } : undefined;
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares a presented token secret with a stored hash in constant time. */
export function tokenSecretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashTokenSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** IAM's user name rule: 1-64 of letters, digits and `+=,.@_-`. */
export const PRINCIPAL_NAME = /^[\w+=,.@-]{1,64}$/;
