import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/domain/errors.js';
import type { ApprovalStatus, Group, ModelPackage } from '../../../src/domain/model.js';
import type { PackageQuery } from '../../../src/ports/metadata-store.js';
import {
  ACTOR,
  createGroup,
  ids,
  newAccount,
  type OpenStore,
  register,
  sortedBy,
  storeFor,
  T0,
  unversionedRecord,
  versionRecord,
  walk,
} from './fixtures.js';

const EDITOR = { principal: 'editor', account: '000000000000', source: 'native' } as const;

export function packageContract(open: OpenStore): void {
  describe('packages', () => {
    const h = storeFor(open);

    it('stores every member of a version and finds it by number and by client token', async () => {
      const g = await createGroup(h.store, newAccount(), 'Full');
      const record = {
        ...versionRecord(g, 1, {
          approvalStatus: 'Approved',
          lifecycle: { stage: 'Staging', stageStatus: 'InProgress', stageDescription: 'soak' },
          metrics: { auc: 0.93, loss: -1.5e-7 },
          clientToken: 'token-1',
          requestHash: 'hash-1',
          description: 'first ✓ version',
        }),
        approvalDescription: 'looks good',
        customerMetadata: { team: 'risk', ünï: 'cödé' },
        spec: {
          InferenceSpecification: { Containers: [{ Image: 'x', Environment: { A: '1' } }] },
          Domain: 'NLP',
        },
      };
      const created = await h.store.write(async (tx) => {
        assert.equal(await tx.nextVersionNumber(g.id), 1);
        return tx.insertPackage(record);
      });
      const expected = {
        id: created.id,
        account: g.account,
        arn: record.arn,
        groupId: g.id,
        groupName: 'Full',
        version: 1,
        description: 'first ✓ version',
        status: 'Completed',
        approvalStatus: 'Approved',
        approvalDescription: 'looks good',
        lifecycle: { stage: 'Staging', stageStatus: 'InProgress', stageDescription: 'soak' },
        customerMetadata: { team: 'risk', ünï: 'cödé' },
        metrics: { auc: 0.93, loss: -1.5e-7 },
        spec: record.spec,
        requestHash: 'hash-1',
        clientToken: 'token-1',
        createdAt: T0 + 1,
        createdBy: ACTOR,
      };
      assert.deepEqual(created, expected);
      assert.deepEqual(await h.store.read((tx) => tx.findVersion(g.account, g.name, 1)), expected);
      assert.equal(await h.store.read((tx) => tx.findVersion(g.account, g.name, 2)), undefined);
      const byToken = await h.store.read((tx) => tx.findByClientToken(g.id, 'token-1'));
      assert.equal(byToken?.id, created.id);
      assert.equal(byToken?.requestHash, 'hash-1');
      assert.equal(await h.store.read((tx) => tx.findByClientToken(g.id, 'token-2')), undefined);
      const other = await createGroup(h.store, g.account, 'other');
      assert.equal(await h.store.read((tx) => tx.findByClientToken(other.id, 'token-1')), undefined);
      // The same token in the same group is refused; in another group it is fine.
      await assert.rejects(
        h.store.write((tx) => tx.insertPackage(versionRecord(g, 2, { clientToken: 'token-1' }))),
      );
      await register(h.store, other, { clientToken: 'token-1' });
      // A version number is unique within its group.
      await assert.rejects(h.store.write((tx) => tx.insertPackage(versionRecord(g, 1))));
    });

    it('keeps unversioned packages unique per account by name, case-insensitively', async () => {
      const account = newAccount();
      const created = await h.store.write((tx) => tx.insertPackage(unversionedRecord(account, 'Market-Pkg')));
      assert.equal(created.name, 'Market-Pkg');
      assert.equal(created.version, undefined);
      assert.equal(created.groupId, undefined);
      for (const spelling of ['Market-Pkg', 'market-pkg', 'MARKET-PKG']) {
        assert.deepEqual(await h.store.read((tx) => tx.findUnversioned(account, spelling)), created);
      }
      await assert.rejects(
        h.store.write((tx) => tx.insertPackage(unversionedRecord(account, 'MARKET-pkg'))),
        (err: unknown) => err instanceof DomainError && err.code === 'PackageAlreadyExists',
      );
      await h.store.write((tx) => tx.insertPackage(unversionedRecord(newAccount(), 'market-pkg')));
      // A version of a group with that name is not an unversioned package.
      const g = await createGroup(h.store, account, 'grouped');
      await register(h.store, g);
      assert.equal(await h.store.read((tx) => tx.findUnversioned(account, 'grouped')), undefined);
    });

    it('changes only the members an update gives, and null clears', async () => {
      const g = await createGroup(h.store, newAccount(), 'updates');
      const v = await h.store.write((tx) =>
        tx.insertPackage({
          ...versionRecord(g, 1, {
            lifecycle: { stage: 'Staging', stageStatus: 'InProgress' },
            metrics: { auc: 0.5, loss: 0.3 },
            description: 'desc',
          }),
          approvalDescription: 'pending review',
          customerMetadata: { k: 'v' },
        }),
      );
      const approved = await h.store.write((tx) =>
        tx.updatePackage(v.id, { approvalStatus: 'Approved', updatedAt: T0 + 100, updatedBy: EDITOR }),
      );
      assert.deepEqual(approved, {
        ...v,
        approvalStatus: 'Approved',
        updatedAt: T0 + 100,
        updatedBy: EDITOR,
      });
      assert.deepEqual(await h.store.read((tx) => tx.findVersion(g.account, g.name, 1)), approved);

      const spec = { InferenceSpecification: { Containers: [{ Image: 'new' }] } };
      const cleared = await h.store.write((tx) =>
        tx.updatePackage(v.id, {
          description: null,
          approvalDescription: null,
          lifecycle: null,
          customerMetadata: null,
          spec,
          updatedAt: T0 + 200,
          updatedBy: ACTOR,
        }),
      );
      const { description, approvalDescription, lifecycle, customerMetadata, ...kept } = approved;
      assert.deepEqual(cleared, { ...kept, spec, updatedAt: T0 + 200, updatedBy: ACTOR });
      assert.deepEqual(await h.store.read((tx) => tx.findVersion(g.account, g.name, 1)), cleared);
      const staged = await h.store.read((tx) =>
        tx.listVersions({
          groupId: g.id,
          stage: 'Staging',
          conditions: [],
          sort: { field: 'version', descending: true },
          limit: 10,
        }),
      );
      assert.deepEqual(staged.items, [], 'a cleared lifecycle leaves no stage to filter on');

      const relabelled = await h.store.write((tx) =>
        tx.updatePackage(v.id, {
          lifecycle: { stage: 'Production', stageStatus: 'Approved' },
          metrics: { auc: 0.9 },
          updatedAt: T0 + 300,
          updatedBy: ACTOR,
        }),
      );
      assert.deepEqual(relabelled.metrics, { auc: 0.9 });
      const list = (conditions: { metric: string; op: '>=' | '<'; value: number }[], stage?: string) =>
        h.store.read(async (tx) =>
          ids(
            (
              await tx.listVersions({
                groupId: g.id,
                ...(stage && { stage }),
                conditions,
                sort: { field: 'version', descending: false },
                limit: 10,
              })
            ).items,
          ),
        );
      assert.deepEqual(await list([{ metric: 'auc', op: '>=', value: 0.8 }]), [v.id]);
      assert.deepEqual(await list([{ metric: 'auc', op: '<', value: 0.8 }]), []);
      assert.deepEqual(await list([{ metric: 'loss', op: '<', value: 1 }]), [], 'the dropped metric is gone');
      assert.deepEqual(await list([], 'Production'), [v.id]);
      assert.deepEqual(await list([], 'Staging'), []);
    });

    it('records approval changes and lists them in the order they were made', async () => {
      const g = await createGroup(h.store, newAccount(), 'approvals');
      const v = await register(h.store, g);
      const w = await register(h.store, g);
      const changes = [
        { at: T0 + 10, actor: ACTOR, to: 'PendingManualApproval' as const },
        {
          at: T0 + 20,
          actor: EDITOR,
          from: 'PendingManualApproval' as const,
          to: 'Approved' as const,
          comment: 'ok',
        },
        {
          at: T0 + 20,
          actor: EDITOR,
          from: 'Approved' as const,
          to: 'Rejected' as const,
          comment: 'regression',
        },
        { at: T0 + 15, actor: ACTOR, from: 'Rejected' as const, to: 'Approved' as const },
      ];
      for (const c of changes) await h.store.write((tx) => tx.recordApprovalChange(v.id, c));
      await h.store.write((tx) => tx.recordApprovalChange(w.id, { at: T0, actor: ACTOR, to: 'Rejected' }));
      assert.deepEqual(await h.store.read((tx) => tx.listApprovalChanges(v.id)), changes);
      assert.deepEqual(await h.store.read((tx) => tx.listApprovalChanges(w.id)), [
        { at: T0, actor: ACTOR, to: 'Rejected' },
      ]);
      await h.store.write((tx) => tx.deletePackage(v.id));
      assert.equal(await h.store.read((tx) => tx.findVersion(g.account, g.name, v.version!)), undefined);
      assert.deepEqual(await h.store.read((tx) => tx.listApprovalChanges(v.id)), []);
      assert.equal((await h.store.read((tx) => tx.findVersion(g.account, g.name, w.version!)))?.id, w.id);
    });

    describe('listPackages', () => {
      const account = newAccount();
      let g1: Group;
      let g2: Group;
      let all: ModelPackage[] = [];
      const statuses: ApprovalStatus[] = ['Approved', 'PendingManualApproval', 'Rejected'];

      it('creates two groups of versions and some unversioned packages', async () => {
        g1 = await createGroup(h.store, account, 'Zeta-Group');
        g2 = await createGroup(h.store, account, 'beta-group');
        all = [];
        for (let i = 0; i < 9; i++) {
          const opts = { approvalStatus: statuses[i % 3]!, createdAt: T0 + (i % 4) };
          all.push(await register(h.store, i % 2 === 1 ? g2 : g1, opts));
        }
        for (const [i, name] of ['mango', 'Apple', 'kiwi', 'BANANA', 'zeta-group-x'].entries()) {
          all.push(
            await h.store.write((tx) => tx.insertPackage(unversionedRecord(account, name, T0 + 3 - i))),
          );
        }
        await register(h.store, await createGroup(h.store, newAccount(), 'elsewhere'));
      });

      const nameKey = (p: ModelPackage) => (p.name ?? p.groupName ?? '').toLowerCase();
      const byName = (items: ModelPackage[]) => sortedBy(items, nameKey, (p) => p.id);
      const byTime = (items: ModelPackage[]) =>
        sortedBy(
          items,
          (p) => p.createdAt,
          (p) => p.id,
        );
      const byVersion = (items: ModelPackage[]) =>
        sortedBy(
          items,
          (p) => p.version ?? 0,
          (p) => p.id,
        );
      const listAll = async (q: Omit<PackageQuery, 'after' | 'account' | 'limit'>, limit = 2) =>
        (
          await walk(limit, (after) =>
            h.store.read((tx) => tx.listPackages({ account, limit, ...q, ...(after && { after }) })),
          )
        ).items;

      for (const sortBy of ['Name', 'CreationTime'] as const) {
        for (const sortOrder of ['Ascending', 'Descending'] as const) {
          it(`sorts by ${sortBy} ${sortOrder} and pages through kinds and groups`, async () => {
            const order = (items: ModelPackage[]) => {
              const sorted = sortBy === 'Name' ? byName(items) : byTime(items);
              return sortOrder === 'Ascending' ? sorted : sorted.reverse();
            };
            const versioned = all.filter((p) => p.version !== undefined);
            const unversioned = all.filter((p) => p.version === undefined);
            const q = { sortBy, sortOrder } as const;
            assert.deepEqual(ids(await listAll({ ...q, kind: 'Both' })), ids(order(all)));
            assert.deepEqual(ids(await listAll({ ...q, kind: 'Versioned' })), ids(order(versioned)));
            assert.deepEqual(ids(await listAll({ ...q, kind: 'Unversioned' })), ids(order(unversioned)));
            // Within a group both sorts follow the version number (every version has the group's name, and
            // numbers are handed out in registration order), whatever the stored creation times say.
            const inG1 = byVersion(versioned.filter((p) => p.groupId === g1.id));
            const groupOrder = sortOrder === 'Ascending' ? inG1 : inG1.reverse();
            // With a group, the kind does not narrow further: a group holds versions only.
            for (const kind of ['Both', 'Versioned', 'Unversioned'] as const) {
              assert.deepEqual(ids(await listAll({ ...q, kind, groupId: g1.id })), ids(groupOrder));
            }
          });
        }
      }

      it('filters by approval status, with and without a group', async () => {
        for (const status of statuses) {
          const expected = byTime(all.filter((p) => p.approvalStatus === status));
          const got = await listAll({
            kind: 'Both',
            approvalStatus: status,
            sortBy: 'CreationTime',
            sortOrder: 'Ascending',
          });
          assert.deepEqual(ids(got), ids(expected));
          const inG1 = await listAll({
            kind: 'Versioned',
            groupId: g1.id,
            approvalStatus: status,
            sortBy: 'CreationTime',
            sortOrder: 'Descending',
          });
          assert.deepEqual(ids(inG1), ids(byVersion(expected.filter((p) => p.groupId === g1.id)).reverse()));
        }
      });

      it('filters by name substring and strict creation bounds', async () => {
        const zeta = await listAll({
          kind: 'Both',
          nameContains: 'ZETA',
          sortBy: 'Name',
          sortOrder: 'Ascending',
        });
        assert.deepEqual(ids(zeta), ids(byName(all.filter((p) => nameKey(p).includes('zeta')))));
        const window = await listAll({
          kind: 'Both',
          createdAfter: T0,
          createdBefore: T0 + 3,
          sortBy: 'CreationTime',
          sortOrder: 'Ascending',
        });
        assert.deepEqual(
          ids(window),
          ids(byTime(all.filter((p) => p.createdAt > T0 && p.createdAt < T0 + 3))),
        );
        assert.ok(window.length > 0);
      });
    });
  });
}
