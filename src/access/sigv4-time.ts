import { DomainError } from '../domain/errors.js';

/** How far `X-Amz-Date` may be from the server clock, either way, as AWS allows. */
export const SIGV4_CLOCK_SKEW_MS = 15 * 60 * 1000;

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Milliseconds since the epoch of an ISO 8601 basic `yyyyMMdd'T'HHmmss'Z'`, or undefined when it is not one (or no real instant). */
export function parseAmzDate(text: string): number | undefined {
  const m = AMZ_DATE.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 20261332 over into the next year; a date that does not survive the round trip is not a date.
  return formatAmzDate(ms) === text ? ms : undefined;
}

/** `yyyyMMdd'T'HHmmss'Z'`, seconds truncated, the form AWS writes in its clock-skew messages. */
export function formatAmzDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/** Throws RequestExpired, in AWS's words, when `amzDate` is more than 15 minutes from `nowMs`. */
export function checkClockSkew(amzDate: string, amzDateMs: number, nowMs: number): void {
  // X-Amz-Date has whole seconds, so the server clock is read in whole seconds too: exactly 15 minutes is in.
  const nowS = Math.floor(nowMs / 1000) * 1000;
  const now = formatAmzDate(nowS);
  if (amzDateMs < nowS - SIGV4_CLOCK_SKEW_MS) {
    const earliest = formatAmzDate(nowS - SIGV4_CLOCK_SKEW_MS);
    throw new DomainError(
      'RequestExpired',
      `Signature expired: ${amzDate} is now earlier than ${earliest} (${now} - 15 min.)`,
      { amzDate, serverTime: now },
    );
  }
  if (amzDateMs > nowS + SIGV4_CLOCK_SKEW_MS) {
    const latest = formatAmzDate(nowS + SIGV4_CLOCK_SKEW_MS);
    throw new DomainError(
      'RequestExpired',
      `Signature not yet current: ${amzDate} is still later than ${latest} (${now} + 15 min.)`,
      { amzDate, serverTime: now },
    );
  }
}
