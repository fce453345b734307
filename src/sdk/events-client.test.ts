import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ModelryApiError, ModelryClient } from './client.js';
import { sseMessages } from './events-client.js';

interface Recorded {
  method: string;
  url: string;
  accept: string | undefined;
  principal: string | undefined;
  body: unknown;
}

/**
 * A stand-in for the server's HTTP edge that records each request and answers with `handle`: what is
 * under test is the client's side of the contract (paths, bodies, the SSE reader), not the server.
 */
function peer(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d.toString();
    });
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        accept: req.headers.accept,
        principal: req.headers['x-modelry-principal'] as string | undefined,
        body: body === '' ? undefined : JSON.parse(body),
      });
      handle(req, res, body);
    });
  });
  return {
    requests,
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        ),
      ),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function deadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function* chunks(...parts: string[]): AsyncGenerator<string> {
  yield* parts;
}

async function messages(...parts: string[]) {
  const out = [];
  for await (const m of sseMessages(chunks(...parts))) out.push(m);
  return out;
}

describe('sseMessages', () => {
  test('dispatches id and data on a blank line, skipping comments', async () => {
    assert.deepEqual(
      await messages(': keep-alive\n\nid: 1\ndata: {"a":1}\n\n: keep-alive\n\nid: 2\ndata: {}\n\n'),
      [
        { id: '1', data: '{"a":1}' },
        { id: '2', data: '{}' },
      ],
    );
  });

  test('reassembles lines split across chunks, including a CRLF split between its CR and LF', async () => {
    // Read as two line ends, the CR and LF would split "a" and "b" into two messages.
    assert.deepEqual(await messages('id: 4', '2\r', '\ndata: a\r', '\ndata: b', '\r\n\r\n'), [
      { id: '42', data: 'a\nb' },
    ]);
    assert.deepEqual(await messages('id:7\rdata:x\r\r'), [{ id: '7', data: 'x' }]);
  });

  test('joins data lines with newlines and keeps the last id for messages without one', async () => {
    assert.deepEqual(await messages('id: 9\ndata: a\ndata:  b\ndata\n\ndata: c\n\n'), [
      { id: '9', data: 'a\n b\n' },
      { id: '9', data: 'c' },
    ]);
  });

  test('a message without data, or cut off by the end of the stream, is not dispatched', async () => {
    assert.deepEqual(await messages('id: 1\n\nevent: x\n\nid: 2\ndata: half'), []);
  });
});

describe('EventsApi requests', () => {
  const server = peer((req, res) => {
    res.writeHead(req.method === 'DELETE' ? 204 : 200, { 'content-type': 'application/json' });
    res.end(req.method === 'DELETE' ? undefined : '{"ok":true}');
  });
  let client: ModelryClient;
  before(async () => {
    client = new ModelryClient({ endpoint: `${await server.start()}/`, principal: 'alice' });
  });
  after(() => server.stop());

  test('each method sends its method, path, query and body', async () => {
    const e = client.events;
    const calls: [() => Promise<unknown>, string, string, unknown?][] = [
      [
        () => e.createTarget({ name: 'h', type: 'webhook', url: 'https://x/h', timeoutMs: 5000 }),
        'POST',
        '/events/targets',
        { name: 'h', type: 'webhook', url: 'https://x/h', timeoutMs: 5000 },
      ],
      [() => e.listTargets({ limit: 100 }), 'GET', '/events/targets?limit=100'],
      [() => e.getTarget('a b'), 'GET', '/events/targets/a%20b'],
      [() => e.updateTarget('h', { maxAgeSeconds: 60 }), 'PATCH', '/events/targets/h', { maxAgeSeconds: 60 }],
      [() => e.deleteTarget('h'), 'DELETE', '/events/targets/h'],
      [
        () => e.createRule({ name: 'r', pattern: '{"source":["x"]}', targets: ['h'] }),
        'POST',
        '/events/rules',
        { name: 'r', pattern: '{"source":["x"]}', targets: ['h'] },
      ],
      [() => e.listRules(), 'GET', '/events/rules'],
      [() => e.getRule('r'), 'GET', '/events/rules/r'],
      [() => e.updateRule('r', { enabled: false }), 'PATCH', '/events/rules/r', { enabled: false }],
      [() => e.deleteRule('r'), 'DELETE', '/events/rules/r'],
      [
        () => e.listEvents({ group: 'g', since: '2026-01-01T00:00:00.000Z', limit: 2, pageToken: 't' }),
        'GET',
        '/events?group=g&since=2026-01-01T00%3A00%3A00.000Z&limit=2&pageToken=t',
      ],
      [() => e.getEvent('0f-1'), 'GET', '/events/0f-1'],
      [() => e.replayEvent('0f-1', { target: 'h' }), 'POST', '/events/0f-1/replay', { target: 'h' }],
      [() => e.replayEvent('0f-1'), 'POST', '/events/0f-1/replay', {}],
      [() => e.replay({ deadLetters: true }), 'POST', '/events/replay', { deadLetters: true }],
      [
        () => e.replay({ since: 'a', until: 'b', target: 'h' }),
        'POST',
        '/events/replay',
        { since: 'a', until: 'b', target: 'h' },
      ],
      [
        () => e.testPattern({ source: ['x'] }, { source: 'x' }),
        'POST',
        '/events/test-pattern',
        { pattern: { source: ['x'] }, event: { source: 'x' } },
      ],
      [
        () => e.listDeliveries({ status: 'dead', target: 'h', event: 'id' }),
        'GET',
        '/events/deliveries?status=dead&target=h&event=id',
      ],
      [() => e.getDelivery(7), 'GET', '/events/deliveries/7'],
    ];
    for (const [call, method, path, body] of calls) {
      server.requests.length = 0;
      await call();
      const [req] = server.requests;
      assert.deepEqual(
        [req?.method, req?.url, req?.body, req?.principal],
        [method, `/api/v1${path}`, body, 'alice'],
        `${method} ${path}`,
      );
    }
  });
});

describe('EventsApi.stream', () => {
  let streamed: ServerResponse | undefined;
  let closed: Promise<void> = Promise.resolve();
  const server = peer((req, res) => {
    if (req.url?.includes('pattern=bad')) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'InvalidEventPattern', message: 'Event pattern is not valid.' } }),
      );
      return;
    }
    streamed = res;
    closed = new Promise((resolve) => res.on('close', resolve));
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': keep-alive\n\n');
    res.write('id: 5\ndata: {"id":"e5","detail":{}}\n\n');
    if (req.url?.includes('after=0')) res.end('id: 6\nda');
  });
  let client: ModelryClient;
  before(async () => {
    client = new ModelryClient({ endpoint: await server.start() });
  });
  after(() => server.stop());

  test('sends the pattern and after, and ends when the server closes the stream', async () => {
    const seen = [];
    for await (const item of client.events.stream({ pattern: { source: ['aws.sagemaker'] }, after: 0 })) {
      seen.push(item);
    }
    assert.deepEqual(seen, [{ seq: 5, event: { id: 'e5', detail: {} } }]);
    const [req] = server.requests.slice(-1);
    const url = new URL(req!.url, 'http://x');
    assert.deepEqual(
      [url.pathname, url.searchParams.get('pattern'), url.searchParams.get('after'), req!.accept],
      ['/api/v1/events/stream', '{"source":["aws.sagemaker"]}', '0', 'text/event-stream'],
    );
  });

  test('aborting the signal ends the iteration without an error and closes the connection', async () => {
    const stop = new AbortController();
    const seen = [];
    for await (const item of client.events.stream({ signal: stop.signal })) {
      seen.push(item.seq);
      stop.abort();
    }
    assert.deepEqual(seen, [5]);
    assert.ok(streamed, 'the stream was never opened');
    await deadline(closed, 5000, 'the server still streams after the abort');
  });

  test('an error answer throws the catalogue error before any event', async () => {
    await assert.rejects(
      async () => {
        for await (const _ of client.events.stream({ pattern: 'bad' })) assert.fail('no event expected');
      },
      (err: unknown) =>
        err instanceof ModelryApiError && err.code === 'InvalidEventPattern' && err.status === 400,
    );
  });

  test('an unreachable server is ConnectionFailed', async () => {
    const nowhere = new ModelryClient({ endpoint: 'http://127.0.0.1:9' });
    await assert.rejects(
      async () => {
        for await (const _ of nowhere.events.stream()) assert.fail('no event expected');
      },
      (err: unknown) => err instanceof ModelryApiError && err.code === 'ConnectionFailed',
    );
  });
});
