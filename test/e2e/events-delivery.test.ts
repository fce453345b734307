import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import Database from 'better-sqlite3';
import pg from 'pg';
import { sagemakerClient } from '../helpers/aws.js';
import { backends } from '../helpers/backends.js';
import { api, hookEverything, SECRET, versionBody } from '../helpers/events.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventually, WebhookReceiver } from '../helpers/webhook-receiver.js';

const FAST_RETRIES = { MODELRY_EVENTS_RETRY_BASE_MS: '100', MODELRY_EVENTS_RETRY_MAX_MS: '400' };

type Detail = { ModelPackageGroupName?: string; ModelPackageVersion?: number; ChangeTypes?: string[] };

function detailOf(hook: { event: { detail: Record<string, unknown> } }): Detail {
  return hook.event.detail as Detail;
}

for (const { backend, skip } of await backends()) {
  describe(`event delivery (${backend})`, { skip }, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();

    before(async () => {
      server = await startServer({ backend, env: FAST_RETRIES });
      await receiver.start();
    });
    after(async () => {
      await server?.stop();
      await receiver.stop();
    });

    it('an approval through the AWS SDK arrives as one signed webhook', async (t) => {
      await hookEverything(server.url, 'hook-a', receiver.url, SECRET);
      const sm = sagemakerClient(server.url);
      await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'fraud-a' }));
      const created = await sm.send(
        new CreateModelPackageCommand({
          ModelPackageGroupName: 'fraud-a',
          InferenceSpecification: {
            Containers: [{ Image: 'registry.example/fraud:1' }],
            SupportedContentTypes: ['text/csv'],
            SupportedResponseMIMETypes: ['text/csv'],
          },
        }),
      );
      await eventually('the registration event', () =>
        receiver.received.find((h) => detailOf(h).ChangeTypes?.includes('Registered')),
      );
      const approvedAt = Date.now();
      await sm.send(
        new UpdateModelPackageCommand({
          ModelPackageArn: created.ModelPackageArn,
          ModelApprovalStatus: 'Approved',
          ApprovalDescription: 'offline eval passed',
        }),
      );
      const hook = await eventually('the approval webhook', () =>
        receiver.received.find((h) => detailOf(h).ChangeTypes?.includes('ApprovalStatusChanged')),
      );
      // Latency is measured in bench/ (house rule: no timed assertions in tests); here it is only reported.
      t.diagnostic(`webhook arrived ${hook.at - approvedAt} ms after the approval was sent`);
      // The envelope and the change, as a rule or a consumer reads them.
      assert.equal(hook.event.source, 'aws.sagemaker');
      assert.equal(hook.event['detail-type'], 'SageMaker Model Package State Change');
      assert.deepEqual(hook.event.resources, [created.ModelPackageArn]);
      assert.equal(hook.event.account, '000000000000');
      assert.match(String(hook.event.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const detail = hook.event.detail as Record<string, unknown>;
      assert.equal(detail.ModelApprovalStatus, 'Approved');
      assert.equal(detail.ModelPackageGroupName, 'fraud-a');
      assert.equal(detail.ModelPackageVersion, 1);
      assert.equal(detail.ApprovalDescription, 'offline eval passed');
      assert.deepEqual((detail.Changes as Record<string, unknown>).ModelApprovalStatus, {
        Previous: 'PendingManualApproval',
        Current: 'Approved',
      });
      assert.match(String(detail.CreationTime), /^\d{4}-\d\d-\d\dT/);
      // The signature, checked the way docs/events.md tells receivers to.
      assert.equal(hook.headers['modelry-event-id'], hook.event.id);
      assert.equal(hook.headers['content-type'], 'application/json');
      const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hook.headers['modelry-signature']));
      assert.ok(m, `signature header ${hook.headers['modelry-signature']}`);
      const expected = createHmac('sha256', SECRET).update(`${m[1]}.${hook.body}`).digest('hex');
      assert.equal(m[2], expected);
      assert.ok(Math.abs(Number(m[1]) - Date.now() / 1000) < 5);
      // Exactly once: nothing else arrives for this event.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(receiver.received.filter((h) => h.event.id === hook.event.id).length, 1);
      const log = await api<{ items: { status: string; attempts: number }[] }>(
        server.url,
        'GET',
        `/events/deliveries?event=${hook.event.id}`,
      );
      assert.deepEqual(
        log.json.items.map((d) => [d.status, d.attempts]),
        [['delivered', 1]],
      );
    });

    it('stores webhook secrets sealed by the master key, never in the clear', async () => {
      const stored = await storedTargetSpecs(server);
      assert.ok(stored.length > 0);
      for (const spec of stored) {
        assert.ok(!spec.includes(SECRET), 'the secret is not in the database');
        assert.match(JSON.parse(spec).secret, /^v1:[0-9a-f]{8}:/);
      }
    });

    it('a receiver that is down for a while gets every event afterwards, in order per group', async () => {
      const outage = new WebhookReceiver();
      await outage.start();
      await hookEverything(server.url, 'hook-b', outage.url, SECRET);
      await outage.stop();
      for (const group of ['outage-x', 'outage-y']) {
        await api(server.url, 'POST', '/groups', { name: group });
      }
      for (let i = 0; i < 4; i += 1) {
        for (const group of ['outage-x', 'outage-y']) {
          await api(server.url, 'POST', `/groups/${group}/versions`, versionBody());
        }
      }
      await api(server.url, 'POST', '/groups/outage-x/versions/2/approval', { status: 'Approved' });
      await api(server.url, 'POST', '/groups/outage-y/versions/3/approval', { status: 'Rejected' });
      // Failed attempts pile up in the delivery log while the receiver is down.
      const failing = await waitForFailures(server.url, 'hook-b');
      assert.ok(failing.lastError, 'a failed delivery says why');
      await outage.start();
      const expected = 2 /* groups */ + 8 /* versions */ + 2; /* approvals */
      await eventually(
        'all events after the outage',
        () => (outage.received.length >= expected ? true : undefined),
        20_000,
      );
      for (const group of ['outage-x', 'outage-y']) {
        const seen = outage.received
          .map(detailOf)
          .filter((d) => d.ModelPackageGroupName === group)
          .map((d) => `${d.ChangeTypes?.[0]}${d.ModelPackageVersion ?? ''}`);
        const approval = group === 'outage-x' ? 'ApprovalStatusChanged2' : 'ApprovalStatusChanged3';
        assert.deepEqual(seen, [
          'GroupCreated',
          'Registered1',
          'Registered2',
          'Registered3',
          'Registered4',
          approval,
        ]);
      }
      const ids = outage.received.map((h) => h.event.id);
      assert.equal(new Set(ids).size, ids.length, 'no event arrived twice');
      assert.equal(outage.verified(SECRET).length, ids.length);
      await outage.stop();
    });

    it('a rule written for AWS matches the same events here', async () => {
      const hooks = new WebhookReceiver();
      await hooks.start();
      await api(server.url, 'POST', '/events/targets', {
        name: 'approved-fraud',
        type: 'webhook',
        url: hooks.url,
        secret: SECRET,
      });
      const rule = await api(server.url, 'POST', '/events/rules', {
        name: 'aws-pattern',
        pattern: JSON.stringify({
          source: ['aws.sagemaker'],
          'detail-type': ['SageMaker Model Package State Change'],
          detail: { ModelApprovalStatus: ['Approved'], ModelPackageGroupName: [{ prefix: 'fraud-' }] },
        }),
        targets: ['approved-fraud'],
      });
      assert.equal(rule.status, 201, JSON.stringify(rule.json));
      for (const group of ['fraud-b', 'churn-b']) {
        await api(server.url, 'POST', '/groups', { name: group });
        await api(server.url, 'POST', `/groups/${group}/versions`, versionBody());
        await api(server.url, 'POST', `/groups/${group}/versions`, versionBody());
        await api(server.url, 'POST', `/groups/${group}/versions/1/approval`, { status: 'Approved' });
        await api(server.url, 'POST', `/groups/${group}/versions/2/approval`, { status: 'Rejected' });
      }
      const hook = await eventually('the fraud approval', () => hooks.received[0]);
      // Everything else was committed before the last approval; give the relay time to (wrongly) send it.
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(hooks.received.length, 1);
      assert.equal(detailOf(hook).ModelPackageGroupName, 'fraud-b');
      assert.equal(detailOf(hook).ModelPackageVersion, 1);
      await hooks.stop();
    });

    it('dead-letters after the maximum age, logs every attempt, and replays', async () => {
      const flaky = new WebhookReceiver();
      flaky.answer = () => 503;
      await flaky.start();
      await api(server.url, 'POST', '/events/targets', {
        name: 'flaky',
        type: 'webhook',
        url: flaky.url,
        secret: SECRET,
        maxAgeSeconds: 1,
      });
      await api(server.url, 'POST', '/events/rules', {
        name: 'flaky-dead',
        pattern: { detail: { ModelPackageGroupName: ['dead-letters'] } },
        targets: ['flaky'],
      });
      await api(server.url, 'POST', '/groups', { name: 'dead-letters' });
      const dead = await waitForStatus(server.url, 'flaky', 'dead');
      const detail = await api<{
        attempts: number;
        lastStatusCode: number;
        attemptLog: Record<string, unknown>[];
      }>(server.url, 'GET', `/events/deliveries/${dead.id}`);
      assert.ok(detail.json.attempts >= 2, `attempts: ${detail.json.attempts}`);
      assert.equal(detail.json.lastStatusCode, 503);
      assert.equal(detail.json.attemptLog.length, detail.json.attempts);
      for (const attempt of detail.json.attemptLog) {
        assert.equal(attempt.ok, false);
        assert.equal(attempt.statusCode, 503);
        assert.equal(attempt.excerpt, 'failing with 503');
        assert.equal(typeof attempt.latencyMs, 'number');
      }
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      assert.match(metrics, /^modelry_event_queue\{state="dead"\} 1$/m);
      assert.match(metrics, /^modelry_event_delivery_attempts_total\{outcome="dead"\} 1$/m);
      assert.match(metrics, /^modelry_event_delivery_attempts_total\{outcome="retried"\} [1-9]/m);
      flaky.answer = () => 200;
      const before = flaky.received.length;
      const replay = await api<{ replayed: number }>(server.url, 'POST', '/events/replay', {
        deadLetters: true,
        target: 'flaky',
      });
      assert.equal(replay.status, 202);
      assert.equal(replay.json.replayed, 1);
      await eventually('the replayed event', () => (flaky.received.length > before ? true : undefined));
      const again = await api<{ replayed: number }>(server.url, 'POST', '/events/replay', {
        deadLetters: true,
      });
      assert.equal(again.json.replayed, 0, 'a dead letter is replayed once');
      assert.match(
        await (await fetch(`${server.url}/metrics`)).text(),
        /^modelry_event_queue\{state="dead"\} 0$/m,
      );
      // One event replayed on demand, to one target, whatever the rules say.
      const eventId = flaky.received.at(-1)!.event.id;
      const one = await api<{ deliveries: { target: string }[] }>(
        server.url,
        'POST',
        `/events/${eventId}/replay`,
        {
          target: 'hook-a',
        },
      );
      assert.equal(one.status, 202);
      assert.deepEqual(
        one.json.deliveries.map((d) => d.target),
        ['hook-a'],
      );
      await eventually('the replay at hook-a', () =>
        receiver.received.filter((h) => h.event.id === eventId).length >= 2 ? true : undefined,
      );
      await flaky.stop();
    });

    it('replays the events of a time range to one target', async () => {
      const start = new Date().toISOString();
      await api(server.url, 'POST', '/groups', { name: 'range-one' });
      await api(server.url, 'POST', '/groups', { name: 'range-two' });
      const ids = await eventually('both events at hook-a', () => {
        const mine = receiver.received.filter((h) =>
          String(detailOf(h).ModelPackageGroupName).startsWith('range-'),
        );
        return mine.length === 2 ? mine.map((h) => h.event.id) : undefined;
      });
      const replay = await api<{ replayed: number }>(server.url, 'POST', '/events/replay', {
        since: start,
        until: new Date().toISOString(),
        target: 'hook-a',
      });
      assert.equal(replay.status, 202);
      assert.equal(replay.json.replayed, 2);
      await eventually('the replayed range', () =>
        ids.every((id) => receiver.received.filter((h) => h.event.id === id).length === 2) ? true : undefined,
      );
      const neither = await api(server.url, 'POST', '/events/replay', { deadLetters: true, since: start });
      assert.equal(neither.status, 400);
    });

    it('streams live events over SSE, filtered by a pattern', async () => {
      const controller = new AbortController();
      const res = await fetch(
        `${server.url}/api/v1/events/stream?pattern=${encodeURIComponent('{"detail":{"ModelPackageGroupName":["sse-group"]}}')}`,
        { signal: controller.signal },
      );
      assert.equal(res.status, 200);
      assert.match(String(res.headers.get('content-type')), /^text\/event-stream/);
      await api(server.url, 'POST', '/groups', { name: 'sse-other' });
      await api(server.url, 'POST', '/groups', { name: 'sse-group' });
      const reader = res.body!.getReader();
      let text = '';
      const deadline = Date.now() + 10_000;
      while (!/data: .*sse-group/.test(text) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      controller.abort();
      const frame = /id: (\d+)\ndata: (.*)\n\n/.exec(text);
      assert.ok(frame, text);
      assert.equal(JSON.parse(frame[2]!).detail.ModelPackageGroupName, 'sse-group');
      assert.doesNotMatch(text, /sse-other/);
    });
  });
}

/** The target specs as the database holds them (SQLite file, or PostgreSQL). */
async function storedTargetSpecs(server: TestServer): Promise<string[]> {
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      return (await client.query<{ spec: string }>('SELECT spec FROM event_targets')).rows.map((r) => r.spec);
    } finally {
      await client.end();
    }
  }
  const db = new Database(join(server.dataDir, 'modelry.db'), { readonly: true });
  try {
    return (db.prepare('SELECT spec FROM event_targets').all() as { spec: string }[]).map((r) => r.spec);
  } finally {
    db.close();
  }
}

async function waitForStatus(
  base: string,
  target: string,
  status: string,
): Promise<{ id: number; lastError?: string }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const page = await api<{ items: { id: number; lastError?: string }[] }>(
      base,
      'GET',
      `/events/deliveries?target=${target}&status=${status}`,
    );
    const found = page.json.items[0];
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${status} delivery for ${target}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitForFailures(base: string, target: string): Promise<{ id: number; lastError?: string }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const page = await api<{ items: { id: number; attempts: number; lastError?: string }[] }>(
      base,
      'GET',
      `/events/deliveries?target=${target}&status=pending`,
    );
    const failed = page.json.items.find((d) => d.attempts > 0);
    if (failed) return failed;
    if (Date.now() > deadline) throw new Error(`no failed attempt for ${target}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
