import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { api, versionBody } from '../helpers/events.js';
import { NATS_URL, skipWithoutNats } from '../helpers/nats.js';
import { startServer, type TestServer } from '../helpers/server.js';

const skip = await skipWithoutNats();

/** Approvals published to the machine's real NATS JetStream through a `nats` target. */
describe('event delivery to NATS JetStream', { skip }, () => {
  const suffix = randomBytes(4).toString('hex');
  const stream = `MODELRY_E2E_${suffix}`;
  const subject = `modelry.e2e.${suffix}.approvals`;
  let server: TestServer;
  let nc: NatsConnection;

  before(async () => {
    server = await startServer({ env: { MODELRY_NATS_URL: NATS_URL } });
    nc = await connect({ servers: NATS_URL });
  });
  after(async () => {
    await server?.stop();
    if (nc) {
      await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
      await nc.close();
    }
  });

  it('publishes matching events to the subject, once each, with the event id for deduplication', async () => {
    const target = await api(server.url, 'POST', '/events/targets', {
      name: 'bus',
      type: 'nats',
      subject,
      stream,
    });
    assert.equal(target.status, 201, JSON.stringify(target.json));
    assert.equal(target.json.natsUrl, undefined, 'the server-wide URL is used');
    await api(server.url, 'POST', '/events/rules', {
      name: 'approvals-to-bus',
      pattern: {
        'detail-type': ['SageMaker Model Package State Change'],
        detail: { ChangeTypes: ['ApprovalStatusChanged'] },
      },
      targets: ['bus'],
    });
    await api(server.url, 'POST', '/groups', { name: 'nats-group' });
    for (let i = 0; i < 3; i += 1)
      await api(server.url, 'POST', '/groups/nats-group/versions', versionBody());
    for (const [version, status] of [
      [1, 'Approved'],
      [2, 'Rejected'],
      [3, 'Approved'],
    ] as const) {
      await api(server.url, 'POST', `/groups/nats-group/versions/${version}/approval`, { status });
    }
    const deadline = Date.now() + 10_000;
    let info = await (await jetstreamManager(nc)).streams.info(stream).catch(() => undefined);
    while ((info?.state.messages ?? 0) < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      info = await (await jetstreamManager(nc)).streams.info(stream).catch(() => undefined);
    }
    assert.equal(info?.state.messages, 3);
    const consumer = await jetstream(nc).consumers.get(stream);
    const seen: [number, string][] = [];
    for (let i = 0; i < 3; i += 1) {
      const msg = await consumer.next({ expires: 5000 });
      assert.ok(msg);
      assert.equal(msg.subject, subject);
      const event = msg.json<{
        id: string;
        detail: { ModelPackageVersion: number; ModelApprovalStatus: string };
      }>();
      assert.equal(msg.headers?.get('Nats-Msg-Id'), event.id);
      assert.equal(msg.headers?.get('Modelry-Event-Id'), event.id);
      seen.push([event.detail.ModelPackageVersion, event.detail.ModelApprovalStatus]);
      msg.ack();
    }
    assert.deepEqual(seen, [
      [1, 'Approved'],
      [2, 'Rejected'],
      [3, 'Approved'],
    ]);
    const log = await api<{ items: { status: string; target: string }[] }>(
      server.url,
      'GET',
      '/events/deliveries?target=bus',
    );
    assert.deepEqual(
      log.json.items.map((d) => d.status),
      ['delivered', 'delivered', 'delivered'],
    );
  });
});
