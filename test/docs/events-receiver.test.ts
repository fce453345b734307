import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signatureHeader } from '../../src/domain/event-signature.js';
import { api, hookEverything, SECRET, versionBody } from '../helpers/events.js';
import { ROOT, startServer, type TestServer, waitFor } from '../helpers/server.js';
import { eventually } from '../helpers/webhook-receiver.js';

/**
 * Runs the code of docs/events.md against a real server: the `// receiver.mjs` block readers copy to verify
 * webhooks, and the `// ci-relay.mjs` block of the worked example with the rules its commands create.
 */

const DOC = readFileSync(join(ROOT, 'docs', 'events.md'), 'utf8');

/** The ```js block of docs/events.md whose first line starts with `// <name>`. */
function docBlock(name: string): string {
  const blocks = [...DOC.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
  const found = blocks.filter((b) => b.startsWith(`// ${name}`));
  assert.equal(found.length, 1, `docs/events.md should hold one \`\`\`js block starting with // ${name}`);
  return found[0]!;
}

/** A loopback port free right now: the examples read a fixed PORT, so the test picks one for them. */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

interface Example {
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Writes a doc block to a file and runs it with node on `port`; resolves once it answers HTTP. */
async function runExample(dir: string, name: string, port: number, env: Record<string, string>) {
  const file = join(dir, name);
  writeFileSync(file, docBlock(name));
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (d: Buffer) => {
    out += d.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(async () => {
    assert.equal(child.exitCode, null, `${name} exited:\n${out}`);
    return fetch(url, { method: 'POST', body: '{}' }).then(
      () => true,
      () => false,
    );
  });
  const example: Example = {
    url,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await exited;
    },
  };
  return example;
}

async function post(url: string, body: string, signature?: string): Promise<number> {
  const headers = {
    'content-type': 'application/json',
    ...(signature && { 'modelry-signature': signature }),
  };
  return (await fetch(url, { method: 'POST', headers, body })).status;
}

type Delivery = { id: number; status: string; attempts: number };

async function deliveriesOf(base: string, target: string): Promise<Delivery[]> {
  return (await api<{ items: Delivery[] }>(base, 'GET', `/events/deliveries?target=${target}`)).json.items;
}

describe('the code of docs/events.md', () => {
  let dir: string;
  let server: TestServer;
  let receiver: Example;
  const examples: Example[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'modelry-docs-events-'));
    server = await startServer({ env: { MODELRY_EVENTS_RETRY_BASE_MS: '50' } });
    receiver = await runExample(dir, 'receiver.mjs', await freePort(), { MODELRY_WEBHOOK_SECRET: SECRET });
    examples.push(receiver);
  });
  after(async () => {
    for (const example of examples) await example.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('receiver.mjs answers 401 unless the signature verifies with its secret and is fresh', async () => {
    const body = JSON.stringify({
      id: 'sig-check',
      resources: ['arn'],
      detail: { ChangeTypes: ['Registered'] },
    });
    const now = Math.floor(Date.now() / 1000);
    assert.equal(await post(receiver.url, body), 401, 'no signature');
    assert.equal(await post(receiver.url, body, signatureHeader('another-secret-0123', body, now)), 401);
    assert.equal(await post(receiver.url, body, signatureHeader(SECRET, `${body} `, now)), 401, 'other body');
    assert.equal(await post(receiver.url, body, signatureHeader(SECRET, body, now - 301)), 401, 'too old');
    assert.equal(await post(receiver.url, body, signatureHeader(SECRET, body, now)), 204);
  });

  it('receiver.mjs prints one verified line per event the server delivers, once even when replayed', async () => {
    await hookEverything(server.url, 'docs-receiver', receiver.url, SECRET);
    await api(server.url, 'POST', '/groups', { name: 'docs-fraud' });
    await api(server.url, 'POST', '/groups/docs-fraud/versions', versionBody());
    await api(server.url, 'POST', '/groups/docs-fraud/versions/1/approval', { status: 'Approved' });
    const approval = await waitFor(async () => {
      const list = await api<{ items: { event: { id: string; detail: { ChangeTypes: string[] } } }[] }>(
        server.url,
        'GET',
        '/events?group=docs-fraud',
      );
      return list.json.items.find((i) => i.event.detail.ChangeTypes.includes('ApprovalStatusChanged'));
    });
    const id = approval.event.id;
    const line = new RegExp(
      `^verified ${id} ApprovalStatusChanged arn:aws:sagemaker:\\S+/docs-fraud/1$`,
      'm',
    );
    await eventually('the verified line', () => (line.test(receiver.output()) ? true : undefined));
    const all = await waitFor(async () => {
      const d = await deliveriesOf(server.url, 'docs-receiver');
      return d.length === 3 && d.every((x) => x.status === 'delivered') && d;
    });
    assert.ok(
      all.every((d) => d.attempts === 1),
      'the 204 answers count as delivered',
    );

    const replay = await api<{ deliveries: Delivery[] }>(server.url, 'POST', `/events/${id}/replay`, {
      target: 'docs-receiver',
    });
    assert.equal(replay.status, 202);
    const again = replay.json.deliveries[0]!.id;
    await waitFor(async () => {
      const d = await api<Delivery>(server.url, 'GET', `/events/deliveries/${again}`);
      return d.json.status === 'delivered';
    });
    assert.equal(receiver.output().match(new RegExp(`^verified ${id} `, 'gm'))?.length, 1, 'deduped');
  });

  it('ci-relay.mjs turns the worked example rules into GitHub repository dispatches', async () => {
    const github = await fakeGitHub();
    try {
      const port = await freePort();
      const target = await api<{ generatedSecret: string }>(server.url, 'POST', '/events/targets', {
        name: 'ci-relay',
        type: 'webhook',
        url: `http://127.0.0.1:${port}/modelry`,
        timeoutMs: 10_000,
      });
      assert.equal(target.status, 201);
      examples.push(
        await runExample(dir, 'ci-relay.mjs', port, {
          MODELRY_WEBHOOK_SECRET: target.json.generatedSecret,
          GITHUB_TOKEN: 'test-token',
          GITHUB_REPO: 'acme/models',
          GITHUB_API_URL: github.url,
        }),
      );
      const rules = [
        ...DOC.matchAll(/rules create --name (\S+) --target ci-relay \\\n\s+--pattern '([^']+)'/g),
      ];
      assert.deepEqual(
        rules.map((m) => m[1]),
        ['deploy-approved', 'rollback-withdrawn'],
      );
      for (const [, name, pattern] of rules) {
        const rule = await api(server.url, 'POST', '/events/rules', { name, pattern, targets: ['ci-relay'] });
        assert.equal(rule.status, 201, JSON.stringify(rule.json));
      }

      const group = '/groups/fraud-detector';
      await api(server.url, 'POST', '/groups', { name: 'fraud-detector' });
      for (let i = 0; i < 3; i += 1) await api(server.url, 'POST', `${group}/versions`, versionBody());
      const decide = (n: number, status: string, comment?: string) =>
        api(server.url, 'POST', `${group}/versions/${n}/approval`, { status, ...(comment && { comment }) });
      await decide(1, 'Approved'); // deploy
      await decide(2, 'Approved'); // deploy
      await decide(2, 'Rejected'); // roll back: an approval withdrawn
      await decide(1, 'Approved', 'still fine'); // a new comment only: nothing to do
      await decide(3, 'Rejected'); // never approved: nothing to roll back
      // Deliveries are queued as events are published: once all 9 events are, every delivery exists.
      await waitFor(async () => {
        const events = await api<{ items: unknown[] }>(server.url, 'GET', '/events?group=fraud-detector');
        return events.json.items.length === 9;
      });
      const deliveries = await waitFor(async () => {
        const d = await deliveriesOf(server.url, 'ci-relay');
        return d.every((x) => x.status === 'delivered') && d;
      });
      assert.deepEqual(
        deliveries.map((d) => d.attempts),
        [1, 1, 2],
        'the first dispatch failed; Modelry retried it and held the later ones back until it went',
      );
      const accepted = github.dispatches.slice(1).map(({ body }) => {
        const payload = body.client_payload as Record<string, unknown>;
        return [
          body.event_type,
          payload.group,
          payload.version,
          payload.modelDataUrl,
          typeof payload.eventId,
        ];
      });
      assert.deepEqual(accepted, [
        ['model-approved', 'fraud-detector', 1, 's3://bucket/model.tar.gz', 'string'],
        ['model-approved', 'fraud-detector', 2, 's3://bucket/model.tar.gz', 'string'],
        ['model-rejected', 'fraud-detector', 2, 's3://bucket/model.tar.gz', 'string'],
      ]);
      for (const { url, headers } of github.dispatches) {
        assert.equal(url, '/repos/acme/models/dispatches');
        assert.equal(headers.authorization, 'Bearer test-token');
        assert.equal(headers.accept, 'application/vnd.github+json');
      }
    } finally {
      await github.close();
    }
  });
});

/** A stand-in for api.github.com that records dispatches and fails the first one, as GitHub sometimes does. */
async function fakeGitHub() {
  const dispatches: { url: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  const server = createHttpServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString();
    });
    req.on('end', () => {
      dispatches.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(text) });
      if (dispatches.length === 1) res.writeHead(500).end('try again later');
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dispatches,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
