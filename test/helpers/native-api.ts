import assert from 'node:assert/strict';
import { ModelryApiError, type ModelryClient, type Version } from '../../src/sdk/client.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An ISO-8601 UTC time with milliseconds, close to now. */
export function assertIso(value: string | undefined, what: string): void {
  assert.match(value ?? '', ISO, `${what} is not an ISO-8601 UTC time: ${value}`);
  assert.ok(Math.abs(Date.parse(value ?? '') - Date.now()) < 10 * 60_000, `${what} is not recent: ${value}`);
}

/** Asserts that an SDK call fails with the given HTTP status and catalogue code; returns the error. */
export async function rejectsWith(
  call: Promise<unknown>,
  status: number,
  code: string,
): Promise<ModelryApiError> {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof ModelryApiError, `expected ModelryApiError, got ${String(err)}`);
    assert.deepEqual([err.status, err.code], [status, code], err.message);
    assert.ok(err.message.length > 0);
    return err;
  }
  assert.fail(`expected ${status} ${code}, but the call succeeded`);
}

/**
 * Sends a raw request (no SDK in between) and asserts the exact native error envelope:
 * `{"error": {"code", "message", "details"}}` with the given status and code.
 */
export async function assertEnvelope(
  baseUrl: string,
  method: string,
  path: string,
  body: string | undefined,
  status: number,
  code: string,
): Promise<void> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    ...(body !== undefined && { body, headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  assert.equal(res.status, status, `${method} ${path}: ${text}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const json = JSON.parse(text) as { error: { code: string; message: string; details: unknown } };
  assert.deepEqual(Object.keys(json), ['error']);
  assert.deepEqual(Object.keys(json.error).sort(), ['code', 'details', 'message']);
  assert.equal(json.error.code, code, text);
  assert.equal(typeof json.error.message, 'string');
  assert.ok(json.error.message.length > 0);
  assert.equal(typeof json.error.details, 'object');
  assert.notEqual(json.error.details, null);
}

/** Creates a group and registers one version per auc value (loss = 1 - auc), in order. */
export async function seedVersions(
  client: ModelryClient,
  group: string,
  aucs: readonly number[],
): Promise<Version[]> {
  await client.createGroup({ name: group });
  const out: Version[] = [];
  for (const auc of aucs) {
    out.push(await client.registerVersion(group, { metrics: { auc, loss: Number((1 - auc).toFixed(3)) } }));
  }
  return out;
}

/** Follows nextPageToken to the end; returns the version numbers page by page. */
export async function versionPages(
  client: ModelryClient,
  group: string,
  query: { filter?: string; sort?: string; limit: number },
): Promise<number[][]> {
  const pages: number[][] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.listVersions(group, { ...query, ...(pageToken && { pageToken }) });
    assert.ok(page.items.length <= query.limit, `a page holds ${page.items.length} > ${query.limit} items`);
    pages.push(page.items.map((v) => v.version));
    pageToken = page.nextPageToken;
  } while (pageToken && pages.length < 100);
  assert.equal(pageToken, undefined, 'paging never ended');
  return pages;
}
