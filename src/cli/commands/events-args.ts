import { readFileSync } from 'node:fs';
import type { EventPattern, Page } from '../../sdk/client.js';
import { UsageError } from '../errors.js';

/** Argument parsing and formatting shared by the `modelry events` commands. */

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const DURATION_HINT = 'a whole number and a unit: ms, s, m, h or d (500ms, 5s, 15m, 2h, 7d)';

export function durationMs(text: string, flag: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new UsageError(`${flag} "${text}" is not a duration: write ${DURATION_HINT}.`);
  const ms = Number(m[1]) * UNIT_MS[m[2] as Unit];
  if (!Number.isSafeInteger(ms)) throw new UsageError(`${flag} "${text}" is too long a duration.`);
  return ms;
}

export function durationSeconds(text: string, flag: string): number {
  const ms = durationMs(text, flag);
  if (ms % 1000 !== 0) throw new UsageError(`${flag} "${text}" must be whole seconds (90s, 15m, 24h).`);
  return ms / 1000;
}

/** The largest unit that states the duration exactly: 86400000 → 1d, 5400000 → 90m, 1500 → 1500ms. */
export function formatDuration(ms: number): string {
  const units = Object.entries(UNIT_MS).reverse() as [Unit, number][];
  const [unit, size] = units.find(([, size]) => ms !== 0 && ms % size === 0) ?? ['ms', 1];
  return `${ms / size}${unit}`;
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** ISO-8601, or a duration meaning that long before `now`; answers ISO-8601 in UTC. */
export function timeArg(text: string, flag: string, now = Date.now()): string {
  if (DURATION.test(text)) return new Date(now - durationMs(text, flag)).toISOString();
  const m = ISO_TIME.exec(text);
  const ms = Date.parse(text);
  // Date.parse rolls 2026-02-30 over to March 2; a calendar date must name a real day.
  const [y, mo, d] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
  const realDay = new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d && mo >= 1 && mo <= 12;
  if (!m || Number.isNaN(ms) || !realDay) {
    throw new UsageError(
      `${flag} "${text}" is neither an ISO-8601 time (2026-11-27T09:00:00Z) nor a duration ago (15m, 2h, 7d).`,
    );
  }
  return new Date(ms).toISOString();
}

/** A non-negative integer (a seq may be 0: "from the start"). */
export function seqArg(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^(0|[1-9]\d*)$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${flag} expects a non-negative integer, got "${text}".`);
  }
  return Number(text);
}

/** `Name: value` items (an HTTP header field name, then a colon) into an object. */
export function headerArgs(items: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const item of items) {
    const colon = item.indexOf(':');
    const name = item.slice(0, Math.max(colon, 0)).trim();
    if (colon === -1 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new UsageError(`${flag} expects 'Name: value', got "${item}".`);
    }
    if (seen.has(name.toLowerCase())) throw new UsageError(`${flag} ${name} is given twice.`);
    seen.add(name.toLowerCase());
    out[name] = item.slice(colon + 1).trim();
  }
  return out;
}

/** The text of a JSON argument: inline, or the contents of the file after `@`. */
export function jsonText(text: string, flag: string): string {
  if (!text.startsWith('@')) return text;
  const path = text.slice(1);
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`${flag} @${path}: cannot read the file (${reason}).`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A pattern goes to the server as an object when it parses as one, else as the text itself: the server's
 * InvalidEventPattern then says what is wrong, in the same words as for the API and the console.
 */
export function patternArg(text: string, flag: string): EventPattern | string {
  const raw = jsonText(text, flag);
  try {
    const parsed: unknown = JSON.parse(raw);
    if (isObject(parsed)) return parsed;
  } catch {}
  return raw;
}

export function eventArg(text: string, flag: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText(text, flag));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${flag} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(parsed)) throw new UsageError(`${flag} must be a JSON object (an event envelope).`);
  return parsed;
}

/** The API's largest page. */
const MAX_PAGE = 100;

/** Up to `limit` items (every item without one), fetching pages as large as the API allows. */
export async function collect<T>(
  limit: number | undefined,
  fetchPage: (limit: number, pageToken: string | undefined) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let pageToken: string | undefined;
  do {
    const want = limit === undefined ? MAX_PAGE : Math.min(MAX_PAGE, limit - items.length);
    const page = await fetchPage(want, pageToken);
    items.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken && (limit === undefined || items.length < limit));
  return items;
}

/** `model-package/churn/2` of `arn:aws:sagemaker:us-east-1:000000000000:model-package/churn/2`. */
export function shortResource(arn: string | undefined): string {
  if (arn === undefined) return '';
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' ? parts.slice(5).join(':') : arn;
}

/** Free text (a response excerpt) on one line of at most `max` characters. */
export function oneLine(text: string | undefined, max = 60): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
