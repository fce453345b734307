import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/domain/errors.js';
import {
  ACTOR,
  createGroup,
  groupArn,
  newAccount,
  type OpenStore,
  register,
  registerIn,
  storeFor,
  T0,
  versionRecord,
  walk,
} from './fixtures.js';

export function transactionContract(open: OpenStore): void {
  describe('transactions', () => {
    const h = storeFor(open);

    it('leaves no trace of a rolled-back write and does not spend its version number', async () => {
      const account = newAccount();
      const g = await createGroup(h.store, account, 'rollback');
      await register(h.store, g);
      const boom = new Error('boom');
      let reserved = 0;
      await assert.rejects(
        h.store.write(async (tx) => {
          const v = await registerIn(tx, g, { metrics: { auc: 0.99 } });
          reserved = v.version!;
          await tx.recordApprovalChange(v.id, { at: T0, actor: ACTOR, to: 'Approved' });
          await tx.putTags({ type: 'package', id: v.id }, [{ key: 'k', value: 'v' }]);
          await tx.insertGroup({
            account,
            name: 'ghost',
            arn: groupArn(account, 'ghost'),
            createdAt: T0,
            createdBy: ACTOR,
          });
          await tx.setGroupPolicy(g.id, '{"p":1}');
          throw boom;
        }),
        (err) => err === boom,
      );
      assert.equal(reserved, 2);
      await h.store.read(async (tx) => {
        assert.equal(await tx.findVersion(g.account, g.name, 2), undefined);
        assert.equal(await tx.countVersions(g.id), 1);
        assert.equal(await tx.findGroup(account, 'ghost'), undefined);
        assert.equal(await tx.getGroupPolicy(g.id), undefined);
        const high = await tx.listVersions({
          groupId: g.id,
          conditions: [{ metric: 'auc', op: '>', value: 0.9 }],
          sort: { field: 'version', descending: true },
          limit: 10,
        });
        assert.deepEqual(high.items, []);
      });
      assert.equal((await register(h.store, g)).version, 2, 'the rolled-back number is handed out again');
    });

    it('rolls back everything before a failing statement, and passes domain errors through', async () => {
      const account = newAccount();
      await assert.rejects(
        h.store.write(async (tx) => {
          await tx.insertGroup({
            account,
            name: 'first',
            arn: groupArn(account, 'first'),
            createdAt: T0,
            createdBy: ACTOR,
          });
          await tx.insertGroup({
            account,
            name: 'FIRST',
            arn: groupArn(account, 'FIRST'),
            createdAt: T0,
            createdBy: ACTOR,
          });
        }),
        (err: unknown) => err instanceof DomainError && err.code === 'GroupAlreadyExists',
      );
      assert.equal(await h.store.read((tx) => tx.findGroup(account, 'first')), undefined);
      // The store stays usable after a failed transaction.
      const g = await createGroup(h.store, account, 'first');
      assert.equal((await register(h.store, g)).version, 1);
    });

    it('returns what the work returns, once committed', async () => {
      const account = newAccount();
      const result = await h.store.write(async (tx) => {
        const g = await tx.insertGroup({
          account,
          name: 'ret',
          arn: groupArn(account, 'ret'),
          createdAt: T0,
          createdBy: ACTOR,
        });
        return { id: g.id, n: 42 };
      });
      assert.equal(result.n, 42);
      assert.equal((await h.store.read((tx) => tx.findGroup(account, 'ret')))?.id, result.id);
    });

    it('hides uncommitted rows from reads that run while a write is open', async () => {
      const account = newAccount();
      const g = await createGroup(h.store, account, 'isolation');
      const seenInside = await h.store.write(async (tx) => {
        await tx.insertGroup({
          account,
          name: 'pending',
          arn: groupArn(account, 'pending'),
          createdAt: T0,
          createdBy: ACTOR,
        });
        const v = await registerIn(tx, g);
        await tx.putTags({ type: 'group', id: g.id }, [{ key: 'k', value: 'v' }]);
        // The write's own view has the rows...
        assert.equal((await tx.findVersion(g.account, g.name, 1))?.id, v.id);
        // ...a concurrent read does not.
        return h.store.read(async (r) => ({
          group: await r.findGroup(account, 'pending'),
          version: await r.findVersion(g.account, g.name, 1),
          count: await r.countVersions(g.id),
          tags: await r.countTags({ type: 'group', id: g.id }),
          groups: (
            await r.listGroups({ account, sortBy: 'Name', sortOrder: 'Ascending', limit: 10 })
          ).items.map((x) => x.name),
        }));
      });
      assert.deepEqual(seenInside, {
        group: undefined,
        version: undefined,
        count: 0,
        tags: 0,
        groups: ['isolation'],
      });
      await h.store.read(async (r) => {
        assert.ok(await r.findGroup(account, 'pending'));
        assert.ok(await r.findVersion(g.account, g.name, 1));
        assert.equal(await r.countTags({ type: 'group', id: g.id }), 1);
      });
    });

    it('gives 50 concurrent registrations into one group the versions 1..50', async () => {
      const g = await createGroup(h.store, newAccount(), 'concurrent');
      const other = await createGroup(h.store, g.account, 'concurrent-other');
      const created = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          h.store.write(async (tx) => {
            const target = i % 6 === 5 ? other : g;
            await tx.lockGroup(target.id);
            const version = await tx.nextVersionNumber(target.id);
            return tx.insertPackage(versionRecord(target, version, { clientToken: `t-${i}` }));
          }),
        ),
      );
      const mine = created.filter((p) => p.groupId === g.id).map((p) => p.version!);
      assert.equal(mine.length, 50);
      assert.deepEqual(
        [...mine].sort((a, b) => a - b),
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      const others = created.filter((p) => p.groupId === other.id).map((p) => p.version!);
      assert.deepEqual(
        [...others].sort((a, b) => a - b),
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
      assert.equal(await h.store.read((tx) => tx.countVersions(g.id)), 50);
      const listed = await walk(9, (after) =>
        h.store.read((tx) =>
          tx.listVersions({
            groupId: g.id,
            conditions: [],
            sort: { field: 'version', descending: false },
            limit: 9,
            ...(after && { after }),
          }),
        ),
      );
      assert.deepEqual(
        listed.items.map((p) => p.version),
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      assert.equal((await register(h.store, g)).version, 51);
    });
  });
}
