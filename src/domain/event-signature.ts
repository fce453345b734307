import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `Modelry-Signature` header of webhook deliveries: `t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `"<t>.<raw body>"`, the scheme Stripe made familiar. Signing the timestamp with the body lets a
 * receiver refuse replays of an old request; several `v1=` entries let it accept both secrets while
 * one is being rotated.
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const HEX_SHA256 = /^[0-9a-f]{64}$/;
const UNIX_SECONDS = /^\d{1,15}$/;

/** `t` as written in the header: the receiver signs what it was sent, not a reformatted number. */
function hmacHex(secret: string, t: string, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
}

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  if (!Number.isSafeInteger(unixSeconds) || unixSeconds < 0) {
    throw new RangeError(`signature timestamp must be whole unix seconds, got ${unixSeconds}`);
  }
  return `t=${unixSeconds},v1=${hmacHex(secret, String(unixSeconds), body)}`;
}

/**
 * True when one of the header's `v1=` signatures was made with `secret` over `body` and its timestamp is
 * within `toleranceSeconds` of `nowSeconds` (either side: a receiver's clock may run behind ours).
 * Unknown entries (a future `v2=`) are ignored; a missing, repeated or malformed `t=` refuses.
 */
export function verifySignature(
  header: string,
  secret: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  const timestamps: string[] = [];
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') timestamps.push(value);
    else if (key === 'v1') candidates.push(value.toLowerCase());
  }
  const [t] = timestamps;
  if (timestamps.length !== 1 || t === undefined || !UNIX_SECONDS.test(t)) return false;
  if (Math.abs(nowSeconds - Number(t)) > toleranceSeconds) return false;

  const expected = Buffer.from(hmacHex(secret, t, body), 'hex');
  let matched = false;
  // Every candidate is compared, in constant time, so timing reveals neither which one matched nor how much.
  for (const candidate of candidates) {
    if (HEX_SHA256.test(candidate) && timingSafeEqual(Buffer.from(candidate, 'hex'), expected))
      matched = true;
  }
  return matched;
}
