import assert from 'node:assert/strict';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it, test } from 'node:test';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createLogHandler } from '../../src/adapters/targets/log-handler.js';
import { createSenderFactory } from '../../src/adapters/targets/sender-factory.js';
import { verifySignature } from '../../src/domain/event-signature.js';
import type { RegistryEvent } from '../../src/domain/events.js';
import { LIMITS } from '../../src/domain/limits.js';
import type { EventHandler, SenderFactory, TargetSpec } from '../../src/ports/event-target.js';
import { NATS_URL, skipWithoutNats } from '../helpers/nats.js';

const VERSION = '9.9.9-test';
const SECRET = 'whsec-test-0123456789';

function sampleEvent(): RegistryEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'SageMaker Model Package State Change',
    source: 'aws.sagemaker',
    account: '000000000000',
    time: '2026-05-01T12:34:56Z',
    region: 'us-east-1',
    resources: ['arn:aws:sagemaker:us-east-1:000000000000:model-package/fraud/3'],
    detail: { ModelPackageGroupName: 'fraud', ChangeTypes: ['ApprovalStatusChanged'], Note: 'café ✓ 模型' },
  };
}

/** The body as the outbox stores it: key order and spacing the sender must not touch. */
const bodyOf = (event: RegistryEvent) => JSON.stringify(event, null, 1);

interface Received {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

type Respond = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback HTTP receiver that records every request and answers with `respond`. */
async function startReceiver(respond: Respond) {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      respond(req, res);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function webhook(url: string, extra: Partial<Extract<TargetSpec, { kind: 'webhook' }>> = {}): TargetSpec {
  return { kind: 'webhook', url, secret: SECRET, headers: {}, timeoutMs: 5000, ...extra };
}

describe('webhook sender', () => {
  let factory: SenderFactory;
  before(() => {
    factory = createSenderFactory({ version: VERSION, natsUrl: NATS_URL, handlers: [] });
  });
  after(() => factory.close());

  it('POSTs the exact body, signed, with the contract headers and the custom ones', async () => {
    const receiver = await startReceiver((_req, res) => res.writeHead(202).end('accepted, thanks'));
    try {
      const event = sampleEvent();
      const body = bodyOf(event);
      const spec = webhook(`${receiver.url}/hooks/ci?team=risk`, {
        headers: { 'X-Team': 'risk', 'X-Trace': 'a b' },
      });
      const before = Math.floor(Date.now() / 1000);
      const result = await factory.senderFor(spec).deliver({ event, body });
      const afterSeconds = Math.floor(Date.now() / 1000);

      assert.equal(result.ok, true);
      assert.equal(result.statusCode, 202);
      assert.equal(result.excerpt, 'accepted, thanks');
      assert.ok(result.latencyMs >= 0 && result.latencyMs < 5000, String(result.latencyMs));

      assert.equal(receiver.requests.length, 1);
      const [req] = receiver.requests;
      assert.ok(req);
      assert.equal(req.method, 'POST');
      assert.equal(req.url, '/hooks/ci?team=risk');
      assert.ok(req.body.equals(Buffer.from(body, 'utf8')), 'the body arrives byte for byte');
      assert.equal(req.headers['content-type'], 'application/json');
      assert.equal(req.headers['modelry-event-id'], event.id);
      assert.equal(req.headers['user-agent'], `modelry/${VERSION}`);
      assert.equal(req.headers['x-team'], 'risk');
      assert.equal(req.headers['x-trace'], 'a b');

      const signature = String(req.headers['modelry-signature']);
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature);
      assert.ok(match, signature);
      const t = Number(match[1]);
      assert.ok(t >= before && t <= afterSeconds, `t=${t} is the send time`);
      const recomputed = createHmac('sha256', SECRET).update(`${match[1]}.`).update(req.body).digest('hex');
      assert.equal(match[2], recomputed, 'HMAC-SHA256(secret, "<t>.<raw body>")');
      assert.equal(verifySignature(signature, SECRET, req.body.toString('utf8'), afterSeconds), true);
      assert.equal(
        verifySignature(signature, 'another-secret-0123', req.body.toString('utf8'), afterSeconds),
        false,
      );
    } finally {
      await receiver.close();
    }
  });

  it('lets a custom User-Agent replace the default one', async () => {
    const receiver = await startReceiver((_req, res) => res.end());
    try {
      const event = sampleEvent();
      const spec = webhook(receiver.url, { headers: { 'User-Agent': 'ci-bridge/2' } });
      const result = await factory.senderFor(spec).deliver({ event, body: bodyOf(event) });
      assert.equal(result.ok, true);
      assert.equal(result.statusCode, 200);
      assert.equal(result.excerpt, '');
      assert.equal(receiver.requests[0]?.headers['user-agent'], 'ci-bridge/2');
    } finally {
      await receiver.close();
    }
  });

  it('counts a 500 as failed and keeps the start of its answer', async () => {
    const receiver = await startReceiver((_req, res) => res.writeHead(500).end('database is on fire'));
    try {
      const event = sampleEvent();
      const result = await factory.senderFor(webhook(receiver.url)).deliver({ event, body: bodyOf(event) });
      assert.deepEqual(
        { ...result, latencyMs: 0 },
        {
          ok: false,
          statusCode: 500,
          latencyMs: 0,
          excerpt: 'database is on fire',
        },
      );
    } finally {
      await receiver.close();
    }
  });

  it('does not follow a redirect: a 302 is a failed attempt saying where it pointed', async () => {
    const receiver = await startReceiver((req, res) => {
      if (req.url === '/old') res.writeHead(302, { Location: '/new' }).end('moved');
      else res.writeHead(200).end('should never be reached');
    });
    try {
      const event = sampleEvent();
      const result = await factory
        .senderFor(webhook(`${receiver.url}/old`))
        .deliver({ event, body: bodyOf(event) });
      assert.equal(result.ok, false);
      assert.equal(result.statusCode, 302);
      assert.equal(result.excerpt, 'redirect (302) to /new; redirects are not followed');
      assert.deepEqual(
        receiver.requests.map((r) => r.url),
        ['/old'],
      );
    } finally {
      await receiver.close();
    }
  });

  it('gives up after timeoutMs when the receiver never answers', async () => {
    const receiver = await startReceiver(() => undefined);
    try {
      const event = sampleEvent();
      const started = Date.now();
      const result = await factory
        .senderFor(webhook(receiver.url, { timeoutMs: 300 }))
        .deliver({ event, body: bodyOf(event) });
      const elapsed = Date.now() - started;
      assert.equal(result.ok, false);
      assert.equal(result.statusCode, undefined);
      assert.equal(result.excerpt, 'timeout after 300 ms');
      assert.ok(elapsed >= 290 && elapsed < 2000, `returned after ${elapsed} ms`);
      assert.ok(result.latencyMs >= 290 && result.latencyMs < 2000, String(result.latencyMs));
      assert.equal(receiver.requests.length, 1, 'the request did reach the receiver');
    } finally {
      await receiver.close();
    }
  });

  it('reports a refused connection readably', async () => {
    const gone = await startReceiver(() => undefined);
    await gone.close();
    const event = sampleEvent();
    const result = await factory.senderFor(webhook(gone.url)).deliver({ event, body: bodyOf(event) });
    assert.equal(result.ok, false);
    assert.equal(result.statusCode, undefined);
    assert.equal(result.excerpt, `connection refused (ECONNREFUSED 127.0.0.1:${gone.port})`);
  });

  it('reports a host that does not resolve readably', async () => {
    const event = sampleEvent();
    // .invalid never resolves (RFC 6761); without a resolver at all the lookup fails with EAI_AGAIN instead.
    const result = await factory
      .senderFor(webhook('http://no-such-host.invalid/hook'))
      .deliver({ event, body: bodyOf(event) });
    assert.equal(result.ok, false);
    assert.match(
      result.excerpt ?? '',
      /^DNS lookup failed.* no-such-host\.invalid \((ENOTFOUND|EAI_AGAIN)\)$/,
    );
  });

  it('reports a TLS failure readably', async () => {
    const receiver = await startReceiver((_req, res) => res.end('plain http'));
    try {
      const event = sampleEvent();
      const spec = webhook(receiver.url.replace('http:', 'https:'));
      const result = await factory.senderFor(spec).deliver({ event, body: bodyOf(event) });
      assert.equal(result.ok, false);
      assert.equal(result.excerpt, 'TLS error: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)');
    } finally {
      await receiver.close();
    }
  });

  it('returns a failed attempt, never a throw, for a header value fetch refuses', async () => {
    const event = sampleEvent();
    const spec = webhook('http://127.0.0.1:9/', { headers: { 'X-Bad': 'line\nbreak' } });
    const result = await factory.senderFor(spec).deliver({ event, body: bodyOf(event) });
    assert.equal(result.ok, false);
    assert.match(result.excerpt ?? '', /header/i);
  });

  it('keeps only the excerpt of an endless answer and stops reading it', async () => {
    let written = 0;
    const receiver = await startReceiver((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      const chunk = Buffer.from('é'.repeat(32 * 1024), 'utf8');
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) written += chunk.length;
      };
      res.on('drain', pump);
      pump();
    });
    try {
      const event = sampleEvent();
      const result = await factory.senderFor(webhook(receiver.url)).deliver({ event, body: bodyOf(event) });
      assert.equal(result.ok, true);
      assert.equal(result.statusCode, 200);
      assert.equal(result.excerpt, 'é'.repeat(LIMITS.deliveryExcerptMax), 'characters, not bytes');
      assert.ok(
        result.latencyMs < 4000,
        `finished after ${result.latencyMs} ms instead of waiting for the end`,
      );
      assert.ok(written < 64 * 1024 * 1024, `the receiver managed to push ${written} bytes`);
    } finally {
      await receiver.close();
    }
  });
});

describe('handler sender', () => {
  const seen: string[] = [];
  const handlers: EventHandler[] = [
    {
      name: 'recorder',
      handle: async (event) => {
        seen.push(event.id);
      },
    },
    {
      name: 'broken',
      handle: async () => {
        throw new Error('deployment controller is not ready');
      },
    },
  ];
  const factory = createSenderFactory({ version: VERSION, natsUrl: NATS_URL, handlers });
  after(() => factory.close());

  it('calls the handler of that name', async () => {
    const event = sampleEvent();
    const result = await factory.senderFor({ kind: 'handler', handler: 'recorder' }).deliver({
      event,
      body: bodyOf(event),
    });
    assert.equal(result.ok, true);
    assert.deepEqual(seen, [event.id]);
  });

  it('turns a rejection into a failed attempt carrying the error message', async () => {
    const event = sampleEvent();
    const result = await factory.senderFor({ kind: 'handler', handler: 'broken' }).deliver({
      event,
      body: bodyOf(event),
    });
    assert.equal(result.ok, false);
    assert.equal(result.excerpt, 'deployment controller is not ready');
  });

  it('fails an attempt for an unknown handler name', async () => {
    const event = sampleEvent();
    const result = await factory.senderFor({ kind: 'handler', handler: 'deployer' }).deliver({
      event,
      body: bodyOf(event),
    });
    assert.equal(result.ok, false);
    assert.equal(result.excerpt, 'no in-process handler named deployer');
  });

  it('refuses two handlers with one name', () => {
    assert.throws(
      () =>
        createSenderFactory({ version: VERSION, natsUrl: NATS_URL, handlers: [handlers[0]!, handlers[0]!] }),
      /two in-process event handlers are named recorder/,
    );
  });

  it('the built-in log handler writes one line per event', async () => {
    const lines: { obj: object; msg: string }[] = [];
    const log = createLogHandler({ info: (obj, msg) => lines.push({ obj, msg }) });
    const logFactory = createSenderFactory({ version: VERSION, natsUrl: NATS_URL, handlers: [log] });
    const event = sampleEvent();
    const result = await logFactory.senderFor({ kind: 'handler', handler: 'log' }).deliver({
      event,
      body: bodyOf(event),
    });
    await logFactory.close();
    assert.equal(result.ok, true);
    assert.deepEqual(lines, [
      {
        obj: {
          eventId: event.id,
          detailType: event['detail-type'],
          resources: event.resources,
          changeTypes: ['ApprovalStatusChanged'],
        },
        msg: 'registry event',
      },
    ]);
  });
});

const skipNats = await skipWithoutNats();

if (skipNats) {
  test('NATS JetStream sender', { skip: skipNats }, () => undefined);
} else {
  describe('NATS JetStream sender', () => {
    const run = randomBytes(4).toString('hex');
    const stream = `MODELRY_TEST_${run.toUpperCase()}`;
    const subject = `modelry.test.${run}.events`;
    let admin: NatsConnection;
    let jsm: JetStreamManager;
    let factory: SenderFactory;

    before(async () => {
      admin = await connect({ servers: NATS_URL });
      jsm = await jetstreamManager(admin);
      factory = createSenderFactory({ version: VERSION, natsUrl: NATS_URL, handlers: [] });
    });

    after(async () => {
      await factory.close();
      for (const name of [stream, `${stream}_AGAIN`, `${stream}_OTHER`])
        await jsm.streams.delete(name).catch(() => undefined);
      await admin.drain();
    });

    it('creates the stream, publishes with the event id headers, and dedupes a re-publish', async () => {
      const event = sampleEvent();
      const body = bodyOf(event);
      const sender = factory.senderFor({ kind: 'nats', subject, stream });

      const first = await sender.deliver({ event, body });
      assert.equal(first.ok, true, first.excerpt);
      assert.equal(first.excerpt, `stored as message 1 of stream ${stream}`);
      const info = await jsm.streams.info(stream);
      assert.deepEqual(info.config.subjects, [subject]);
      assert.equal(info.config.storage, 'file');

      const consumer = await jetstream(admin).consumers.get(stream);
      const msg = await consumer.next({ expires: 5000 });
      assert.ok(msg, 'the message reached a JetStream consumer');
      assert.equal(msg.subject, subject);
      assert.equal(msg.headers?.get('Nats-Msg-Id'), event.id);
      assert.equal(msg.headers?.get('Modelry-Event-Id'), event.id);
      assert.ok(Buffer.from(msg.data).equals(Buffer.from(body, 'utf8')), 'the body arrives byte for byte');

      const again = await factory.senderFor({ kind: 'nats', subject, stream }).deliver({ event, body });
      assert.equal(again.ok, true, again.excerpt);
      assert.equal(again.excerpt, `duplicate: already stored as message 1 of stream ${stream}`);
      assert.equal((await jsm.streams.info(stream)).state.messages, 1);
    });

    it('creates the stream again when it disappears (the attempt that finds it gone fails)', async () => {
      const name = `${stream}_AGAIN`;
      const again = `modelry.test.${run}.again`;
      const sender = factory.senderFor({ kind: 'nats', subject: again, stream: name });
      const first = sampleEvent();
      assert.equal((await sender.deliver({ event: first, body: bodyOf(first) })).ok, true);
      await jsm.streams.delete(name);

      const second = sampleEvent();
      const lost = await sender.deliver({ event: second, body: bodyOf(second) });
      assert.equal(lost.ok, false);
      assert.equal(
        lost.excerpt,
        `no JetStream stream captures subject ${again}: stream ${name} was deleted; the next attempt creates it again`,
      );
      const retried = await sender.deliver({ event: second, body: bodyOf(second) });
      assert.equal(retried.ok, true, retried.excerpt);
      assert.equal(retried.excerpt, `stored as message 1 of stream ${name}`);
    });

    it('fails readably when no stream captures the subject', async () => {
      const orphan = `modelry.test.${run}.orphan`;
      const event = sampleEvent();
      const result = await factory
        .senderFor({ kind: 'nats', subject: orphan })
        .deliver({ event, body: bodyOf(event) });
      assert.equal(result.ok, false);
      assert.equal(
        result.excerpt,
        `no JetStream stream captures subject ${orphan}; create one or set the target's stream`,
      );
    });

    it('says so when the named stream exists but does not capture the subject', async () => {
      const name = `${stream}_OTHER`;
      await jsm.streams.add({ name, subjects: [`modelry.test.${run}.other`] });
      const outside = `modelry.test.${run}.outside`;
      const event = sampleEvent();
      const result = await factory
        .senderFor({ kind: 'nats', subject: outside, stream: name })
        .deliver({ event, body: bodyOf(event) });
      assert.equal(result.ok, false);
      assert.equal(
        result.excerpt,
        `no JetStream stream captures subject ${outside}: stream ${name} exists but its subjects do not include it`,
      );
    });

    it('fails readably, and soon, when the target names an unreachable NATS', async () => {
      const event = sampleEvent();
      const started = Date.now();
      const result = await factory
        .senderFor({ kind: 'nats', subject, url: 'nats://127.0.0.1:1' })
        .deliver({ event, body: bodyOf(event) });
      const elapsed = Date.now() - started;
      assert.equal(result.ok, false);
      assert.equal(
        result.excerpt,
        'cannot connect to NATS at nats://127.0.0.1:1: connection refused (ECONNREFUSED 127.0.0.1:1)',
      );
      assert.ok(elapsed < 6000, `returned after ${elapsed} ms`);
    });

    it('fails attempts once the factory is closed', async () => {
      const closing = createSenderFactory({ version: VERSION, natsUrl: NATS_URL, handlers: [] });
      const sender = closing.senderFor({ kind: 'nats', subject, stream });
      const event = sampleEvent();
      assert.equal((await sender.deliver({ event, body: bodyOf(event) })).ok, true);
      await closing.close();
      const late = await sender.deliver({ event, body: bodyOf(event) });
      assert.equal(late.ok, false);
      assert.match(late.excerpt ?? '', /closed/);
    });
  });
}
