/**
 * The SigV4 canonical request, built from the request exactly as it arrived (raw target, raw body), the
 * way botocore and @smithy/signature-v4 build it on the sending side: recipe in
 * ../shared/reference/sagemaker-registry-api.md §a.4.
 */

export type RawHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** Header name (lower case) → every value received under it, in order. */
export type HeaderValues = ReadonlyMap<string, readonly string[]>;

/** Folds names case-insensitively, so a header object built with `Authorization` reads like Node's `authorization`. */
export function headerValues(headers: RawHeaders): HeaderValues {
  const values = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const list = values.get(key) ?? [];
    list.push(...(typeof value === 'string' ? [value] : value));
    values.set(key, list);
  }
  return values;
}

/**
 * A header as it enters the canonical request: runs of spaces and tabs collapsed to one space, the ends
 * trimmed (what both signers do), repeated headers joined by `,`.
 */
export function canonicalHeaderValue(values: readonly string[]): string {
  return values.map((v) => v.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '')).join(',');
}

/** RFC 3986 percent-encoding: everything but unreserved characters (`A-Z a-z 0-9 - . _ ~`). */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function uriDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray `%` was not an escape to the sender either; it signed the text as it stood.
    return text;
  }
}

/**
 * The path as sent, dot segments and empty segments removed (both clients normalize so), then each
 * segment encoded once more: the clients sign the already-encoded path, so `%20` on the wire is `%2520` here.
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  if (segments.length === 0) return '/';
  const trailing = rawPath.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

/** Pairs decoded then re-encoded, so any escaping style on the wire gives one canonical text; sorted by key, then value. */
export function canonicalQuery(rawQuery: string): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([uriEncode(uriDecode(key)), uriEncode(uriDecode(value))]);
  }
  pairs.sort(([ka, va], [kb, vb]) => (ka === kb ? compare(va, vb) : compare(ka, kb)));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface CanonicalInput {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderValues;
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
}

export function canonicalRequest({
  method,
  url,
  headers,
  signedHeaders,
  payloadHash,
}: CanonicalInput): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const lines = signedHeaders.map((name) => `${name}:${canonicalHeaderValue(headers.get(name) ?? [])}\n`);
  return [
    method,
    canonicalUri(path),
    canonicalQuery(query),
    lines.join(''),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}
