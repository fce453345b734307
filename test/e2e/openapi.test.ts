import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ROOT, startServer, type TestServer } from '../helpers/server.js';

interface Operation {
  summary?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema: unknown }> }>;
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The routes the native API is meant to serve: if one is added, it must be documented (and added here). */
const EXPECTED: Record<string, readonly string[]> = {
  '/groups': ['get', 'post'],
  '/groups/{group}': ['delete', 'get', 'patch'],
  '/groups/{group}/versions': ['get', 'post'],
  '/groups/{group}/versions/latest': ['get'],
  '/groups/{group}/versions/{version}': ['delete', 'get', 'patch'],
  '/groups/{group}/versions/{version}/approval': ['post'],
  '/groups/{group}/versions/{version}/approvals': ['get'],
  '/events': ['get'],
  '/events/deliveries': ['get'],
  '/events/deliveries/{id}': ['get'],
  '/events/replay': ['post'],
  '/events/rules': ['get', 'post'],
  '/events/rules/{name}': ['delete', 'get', 'patch'],
  '/events/stream': ['get'],
  '/events/targets': ['get', 'post'],
  '/events/targets/{name}': ['delete', 'get', 'patch'],
  '/events/test-pattern': ['post'],
  '/events/{id}': ['get'],
  '/events/{id}/replay': ['post'],
  '/groups/{group}/approval-rules': ['get', 'put'],
  '/audit': ['get'],
  '/audit/status': ['get'],
  '/audit/head': ['get'],
  '/auth/whoami': ['get'],
  '/auth/users': ['get', 'post'],
  '/auth/users/{name}': ['delete', 'get', 'patch'],
  '/auth/users/{name}/policies': ['get'],
  '/auth/users/{name}/policies/{policy}': ['delete', 'put'],
  '/auth/users/{user}/keys': ['get', 'post'],
  '/auth/users/{user}/keys/{id}': ['delete'],
  '/auth/users/{user}/keys/{id}/rotate': ['post'],
  '/auth/users/{user}/tokens': ['get', 'post'],
  '/auth/users/{user}/tokens/{id}': ['delete'],
  '/auth/users/{user}/tokens/{id}/rotate': ['post'],
  '/artifacts': ['get', 'post'],
  '/artifacts/{sha256}': ['get'],
  '/artifacts/uploads': ['post'],
  '/artifacts/uploads/{id}': ['delete', 'get', 'patch'],
  '/artifacts/uploads/{id}/complete': ['post'],
  '/artifacts/verify': ['post'],
  '/artifacts/gc': ['post'],
  '/auth/roles': ['get', 'post'],
  '/auth/roles/{name}': ['delete', 'get', 'put'],
};

describe('OpenAPI document and docs page', () => {
  let server: TestServer;
  let doc: OpenApiDocument;

  /** Sends a request and returns the error code of the native envelope, if any. */
  async function errorCode(method: string, path: string): Promise<{ status: number; code?: string }> {
    const withBody = method === 'post' || method === 'patch' || method === 'put';
    const stream = new AbortController();
    const res = await fetch(`${server.url}${path}`, {
      method: method.toUpperCase(),
      signal: stream.signal,
      ...(withBody && { body: '{}', headers: { 'content-type': 'application/json' } }),
    });
    // The live event stream never ends: its headers are the answer.
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
      stream.abort();
      return { status: res.status };
    }
    const text = await res.text();
    const code = text.startsWith('{')
      ? (JSON.parse(text) as { error?: { code?: string } }).error?.code
      : undefined;
    return { status: res.status, ...(code !== undefined && { code }) };
  }

  before(async () => {
    server = await startServer();
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    doc = (await res.json()) as OpenApiDocument;
  });
  after(async () => {
    assert.equal(await server?.stop(), 0);
  });

  test('is OpenAPI 3.1 with the package version and the /api/v1 server', () => {
    assert.equal(doc.openapi, '3.1.0');
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string };
    assert.equal(doc.info.version, pkg.version);
    assert.ok(doc.info.title.length > 0);
    assert.deepEqual(doc.servers, [{ url: '/api/v1' }]);
    assert.match(doc.info.description ?? '', /GroupNotFound/);
  });

  test('documents every native route with its methods', () => {
    const documented = Object.fromEntries(
      Object.entries(doc.paths).map(([path, ops]) => [path, Object.keys(ops).sort()]),
    );
    assert.deepEqual(documented, EXPECTED);
  });

  test('each operation has a summary, responses, and its path parameters', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        assert.ok(op.summary && op.summary.length > 0, `${where} has no summary`);
        const statuses = Object.keys(op.responses ?? {});
        assert.ok(statuses.length > 0, `${where} has no responses`);
        assert.ok(
          statuses.some((s) => s.startsWith('2')),
          `${where} documents no success response`,
        );
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          assert.ok(response.description, `${where} ${status} has no description`);
          if (!status.startsWith('2')) {
            const schema = response.content?.['application/json']?.schema as
              | { properties?: Record<string, unknown> }
              | undefined;
            assert.ok(schema?.properties?.error, `${where} ${status} does not document the error envelope`);
          }
        }
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        assert.deepEqual(declared.sort(), [...pathParams].sort(), `${where} path parameters`);
        for (const p of op.parameters ?? []) {
          assert.ok(p.schema, `${where} parameter ${p.name} has no schema`);
          if (p.in === 'path') assert.equal(p.required, true);
        }
        if (method === 'post' || method === 'patch') {
          // JSON, or raw bytes (artifact uploads: application/octet-stream).
          const body = op.requestBody?.content;
          const schema = body?.['application/json']?.schema ?? body?.['application/octet-stream']?.schema;
          assert.ok(schema, `${where} has no body schema`);
        }
      }
    }
  });

  test('every documented operation is served, and undocumented methods are not', async () => {
    const concrete = (path: string) =>
      path
        .replace('{group}', 'openapi-probe')
        .replace('{version}', '1')
        .replace('{name}', 'probe')
        .replace('{id}', '1');
    const templates = Object.entries(doc.paths).map(([path, ops]) => ({
      ops,
      pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`),
    }));
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const url = concrete(path);
        const answer = await errorCode(method, `/api/v1${url}`);
        const where = `${method.toUpperCase()} ${path}`;
        if (method in ops) {
          assert.notEqual(answer.code, 'RouteNotFound', `${where} is documented but not served`);
          assert.ok(answer.status < 500, `${where} answered ${answer.status}`);
        } else if (!templates.some((t) => method in t.ops && t.pattern.test(url))) {
          // e.g. PATCH .../versions/latest reaches PATCH .../versions/{version}, which is documented.
          assert.deepEqual(
            answer,
            { status: 404, code: 'RouteNotFound' },
            `${where} is served but not documented`,
          );
        }
      }
    }
    assert.deepEqual(await errorCode('get', '/api/v1/groups/x/versions/1/lineage'), {
      status: 404,
      code: 'RouteNotFound',
    });
  });

  test('/api/v1/docs is an HTML page that loads openapi.json', async () => {
    const res = await fetch(`${server.url}/api/v1/docs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, /^<!doctype html>/i);
    assert.ok(html.includes('/api/v1/openapi.json'), 'the page does not reference openapi.json');
    const root = (await (await fetch(`${server.url}/`)).json()) as { api?: string };
    assert.equal(root.api, '/api/v1/docs');
  });
});
