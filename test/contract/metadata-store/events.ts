import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { groupEvent } from '../../../src/domain/events.js';
import type { ClaimedDelivery } from '../../../src/ports/event-store.js';
import type { MetadataStore } from '../../../src/ports/metadata-store.js';
import { ACTOR, createGroup, newAccount, type OpenStore, storeFor, T0 } from './fixtures.js';

const WEBHOOK = {
  kind: 'webhook' as const,
  url: 'http://127.0.0.1:1/',
  secret: 's'.repeat(16),
  headers: {},
  timeoutMs: 1000,
};
const LEASE = 6000;

/** Appends one event per group name (order keys differ per group) and publishes them all. */
async function publishEvents(
  store: MetadataStore,
  account: string,
  groups: readonly string[],
): Promise<number[]> {
  for (const name of groups) {
    const group = await createGroup(store, account, `${name}-${randomUUID().slice(0, 8)}`);
    await store.write((tx) =>
      tx.appendEvent(
        groupEvent({ id: randomUUID(), region: 'us-east-1', at: T0, actor: ACTOR }, group, 'GroupCreated'),
        T0,
      ),
    );
  }
  return store.write(async (tx) => {
    const rows = [];
    let seq = await tx.lastSeq();
    for (const e of await tx.unpublishedEvents(100)) {
      seq += 1;
      await tx.publishEvent(e.row, seq);
      rows.push(e.row);
    }
    return rows;
  });
}

async function queue(
  store: MetadataStore,
  account: string,
  rows: readonly number[],
  orderKeys: readonly string[],
) {
  return store.write(async (tx) => {
    const target = await tx.insertTarget({
      account,
      name: `t-${randomUUID().slice(0, 8)}`,
      spec: WEBHOOK,
      maxAgeMs: 60_000,
      leaseMs: LEASE,
      createdAt: T0,
      createdBy: 'contract',
    });
    const ids: number[] = [];
    for (const [i, row] of rows.entries()) {
      ids.push(
        await tx.insertDelivery({
          eventRow: row,
          targetId: target.id,
          account,
          orderKey: orderKeys[i]!,
          createdAt: T0,
          expiresAt: T0 + 60_000,
        }),
      );
    }
    return { target, ids };
  });
}

const claim = (store: MetadataStore, owner: string, now: number, limit = 10): Promise<ClaimedDelivery[]> =>
  store.write((tx) => tx.claimDeliveries(owner, now, limit));

const attempt = { at: T0, ok: true, latencyMs: 3 };

export function eventContract(open: OpenStore): void {
  describe('events: outbox', () => {
    const h = storeFor(open);

    it('keeps an event only when its unit of work commits, and tells listeners after the commit', async () => {
      const account = newAccount();
      let told = 0;
      h.store.onEventsCommitted(() => {
        told += 1;
      });
      const group = await createGroup(h.store, account, 'outbox');
      const event = () =>
        groupEvent({ id: randomUUID(), region: 'us-east-1', at: T0, actor: ACTOR }, group, 'GroupUpdated');
      await assert.rejects(
        h.store.write(async (tx) => {
          await tx.appendEvent(event(), T0);
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      assert.equal(told, 0);
      assert.equal(await h.store.read((tx) => tx.hasUnpublished()), false);
      // Concurrent units (SQLite runs them in one batch): the failing one leaves no event, the other does.
      const results = await Promise.allSettled([
        h.store.write((tx) => tx.appendEvent(event(), T0)),
        h.store.write(async (tx) => {
          await tx.appendEvent(event(), T0);
          throw new Error('this one fails');
        }),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'rejected'],
      );
      assert.equal(told, 1);
      const waiting = await h.store.read((tx) => tx.unpublishedEvents(10));
      assert.equal(waiting.length, 1);
    });

    it('publishes in outbox order with gapless sequence numbers', async () => {
      const account = newAccount();
      const before = await h.store.read((tx) => tx.lastSeq());
      const rows = await publishEvents(h.store, account, ['a', 'b', 'c']);
      assert.ok(rows.length >= 3);
      const after = await h.store.read((tx) => tx.eventsAfter(before, 100));
      assert.deepEqual(
        after.map((e) => e.seq),
        Array.from({ length: after.length }, (_, i) => before + i + 1),
      );
      assert.deepEqual(
        after.map((e) => e.row),
        [...after.map((e) => e.row)].sort((x, y) => x - y),
      );
      const mine = await h.store.read((tx) => tx.listEvents({ account, descending: false, limit: 10 }));
      assert.equal(mine.items.length, 3);
      assert.ok(mine.items.every((e) => e.event.account === account && e.event.source === 'aws.sagemaker'));
    });
  });

  describe('events: delivery queues', () => {
    const h = storeFor(open);

    it('sends one order key at a time, in order, and other keys alongside', async () => {
      const account = newAccount();
      const rows = await publishEvents(h.store, account, ['q1', 'q2', 'q3']);
      const { ids } = await queue(h.store, account, rows, ['k1', 'k1', 'k2']);
      const first = await claim(h.store, 'node-a', T0 + 1);
      assert.deepEqual(
        first.map((c) => c.id),
        [ids[0], ids[2]],
        'the second delivery of k1 waits for the first',
      );
      assert.equal(first[0]!.targetName.startsWith('t-'), true);
      assert.equal(first[0]!.event.id.length, 36);
      assert.deepEqual(await claim(h.store, 'node-b', T0 + 2), [], 'leased deliveries are not claimed again');
      assert.equal(await h.store.read((tx) => tx.hasDue(T0 + 2)), false);
      assert.equal(
        await h.store.write((tx) => tx.finishAttempt(ids[0]!, 'node-a', attempt, { status: 'delivered' })),
        true,
      );
      assert.equal(await h.store.read((tx) => tx.hasDue(T0 + 3)), true);
      const next = await claim(h.store, 'node-b', T0 + 3);
      assert.deepEqual(
        next.map((c) => c.id),
        [ids[1]],
      );
      // Leave no lease behind for the next test (they share the store).
      for (const id of [ids[1]!, ids[2]!]) {
        const owner = id === ids[1] ? 'node-b' : 'node-a';
        await h.store.write((tx) => tx.finishAttempt(id, owner, attempt, { status: 'delivered' }));
      }
    });

    it('holds a retried delivery and everything behind it until it is due', async () => {
      const account = newAccount();
      const rows = await publishEvents(h.store, account, ['r1', 'r2']);
      const { ids } = await queue(h.store, account, rows, ['k', 'k']);
      await claim(h.store, 'node-a', T0 + 1);
      const retryAt = T0 + 10_000;
      await h.store.write((tx) =>
        tx.finishAttempt(
          ids[0]!,
          'node-a',
          { ...attempt, ok: false, statusCode: 503, excerpt: 'busy' },
          {
            status: 'pending',
            nextAttemptAt: retryAt,
          },
        ),
      );
      assert.deepEqual(await claim(h.store, 'node-a', retryAt - 1), []);
      const due = await claim(h.store, 'node-a', retryAt);
      assert.deepEqual(
        due.map((c) => [c.id, c.attempts]),
        [[ids[0], 1]],
      );
      const log = await h.store.read((tx) => tx.listAttempts(ids[0]!));
      assert.deepEqual(log, [{ at: T0, ok: false, statusCode: 503, latencyMs: 3, excerpt: 'busy' }]);
      const d = await h.store.read((tx) => tx.findDelivery(account, ids[0]!));
      assert.equal(d?.lastError, 'busy');
      assert.equal(d?.status, 'pending');
      await h.store.write((tx) => tx.finishAttempt(ids[0]!, 'node-a', attempt, { status: 'dead' }));
      assert.equal(
        (await claim(h.store, 'node-a', retryAt + 1)).length,
        1,
        'a dead letter unblocks the queue',
      );
      await h.store.write((tx) => tx.finishAttempt(ids[1]!, 'node-a', attempt, { status: 'delivered' }));
    });

    it('lets another node take over a delivery whose lease ran out, and the late owner loses it', async () => {
      const account = newAccount();
      const rows = await publishEvents(h.store, account, ['l1']);
      const { ids } = await queue(h.store, account, rows, ['k']);
      assert.equal((await claim(h.store, 'dead-node', T0 + 1)).length, 1);
      assert.deepEqual(await claim(h.store, 'node-b', T0 + LEASE), []);
      const taken = await claim(h.store, 'node-b', T0 + LEASE + 2);
      assert.deepEqual(
        taken.map((c) => c.id),
        ids,
      );
      assert.equal(
        await h.store.write((tx) => tx.finishAttempt(ids[0]!, 'dead-node', attempt, { status: 'delivered' })),
        false,
      );
      assert.equal(
        await h.store.write((tx) => tx.finishAttempt(ids[0]!, 'node-b', attempt, { status: 'delivered' })),
        true,
      );
      assert.equal((await h.store.read((tx) => tx.findDelivery(account, ids[0]!)))?.status, 'delivered');
    });

    it('gives each delivery to one claimant when many claim at once', async () => {
      const account = newAccount();
      const rows = await publishEvents(h.store, account, ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
      await queue(h.store, account, rows, ['a', 'b', 'c', 'd', 'e', 'f']);
      const claims = await Promise.all(
        Array.from({ length: 12 }, (_, i) => claim(h.store, `node-${i}`, T0 + 1, 1)),
      );
      const ids = claims.flat().map((c) => c.id);
      assert.equal(ids.length, 6);
      assert.equal(new Set(ids).size, 6);
    });
  });
}
