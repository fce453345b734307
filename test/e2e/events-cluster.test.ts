import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, hookEverything, SECRET, versionBody } from '../helpers/events.js';
import { createTestDatabase, skipWithoutPostgres, type TestDatabase } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventually, WebhookReceiver } from '../helpers/webhook-receiver.js';

const skip = await skipWithoutPostgres();
/** Nodes sharing a database share the master key that seals webhook secrets. */
const KEY = Buffer.alloc(32, 42).toString('base64');

/** Two server processes on one PostgreSQL: every event goes to the target once, in order per group. */
describe('event delivery from two nodes on one PostgreSQL', { skip }, () => {
  let db: TestDatabase;
  const nodes: TestServer[] = [];
  const receiver = new WebhookReceiver();

  before(async () => {
    db = await createTestDatabase();
    await receiver.start();
    for (let i = 0; i < 2; i += 1)
      nodes.push(
        await startServer({ backend: 'postgres', databaseUrl: db.url, env: { MODELRY_MASTER_KEY: KEY } }),
      );
  });
  after(async () => {
    for (const node of nodes) await node.stop();
    await receiver.stop();
    await db?.drop();
  });

  it('sends each event once, whichever node committed it, in order per group', async () => {
    const [a, b] = nodes as [TestServer, TestServer];
    await hookEverything(a.url, 'cluster-hook', receiver.url, SECRET);
    const groups = ['cluster-a', 'cluster-b', 'cluster-c'];
    for (const group of groups) await api(b.url, 'POST', '/groups', { name: group });
    // Both nodes register into every group at once.
    await Promise.all(
      [a, b].map(async (node) => {
        for (let i = 0; i < 10; i += 1) {
          for (const group of groups) {
            const res = await api(node.url, 'POST', `/groups/${group}/versions`, versionBody());
            assert.equal(res.status, 201);
          }
        }
      }),
    );
    for (const group of groups) {
      await api(a.url, 'POST', `/groups/${group}/versions/1/approval`, { status: 'Approved' });
      await api(b.url, 'POST', `/groups/${group}/versions/2/approval`, { status: 'Rejected' });
    }
    const expected = groups.length * (1 + 20 + 2);
    await eventually('every event', () => (receiver.received.length >= expected ? true : undefined), 30_000);
    // Both nodes poll; give a wrong second delivery time to show up.
    await new Promise((r) => setTimeout(r, 1000));
    const ids = receiver.received.map((h) => h.event.id);
    assert.equal(ids.length, expected);
    assert.equal(new Set(ids).size, expected, 'no event was sent twice');
    for (const group of groups) {
      const sequence = receiver.received
        .map(
          (h) =>
            h.event.detail as {
              ModelPackageGroupName?: string;
              ModelPackageVersion?: number;
              ChangeTypes: string[];
            },
        )
        .filter((d) => d.ModelPackageGroupName === group);
      assert.equal(sequence[0]!.ChangeTypes[0], 'GroupCreated');
      const registered = sequence
        .filter((d) => d.ChangeTypes[0] === 'Registered')
        .map((d) => d.ModelPackageVersion);
      assert.deepEqual(
        registered,
        Array.from({ length: 20 }, (_, i) => i + 1),
        `${group} in version order`,
      );
      assert.deepEqual(
        sequence.slice(-2).map((d) => [d.ChangeTypes[0], d.ModelPackageVersion]),
        [
          ['ApprovalStatusChanged', 1],
          ['ApprovalStatusChanged', 2],
        ],
      );
    }
    const log = await api<{ items: { status: string }[] }>(b.url, 'GET', '/events/deliveries?limit=100');
    assert.ok(log.json.items.every((d) => d.status === 'delivered'));
  });
});
