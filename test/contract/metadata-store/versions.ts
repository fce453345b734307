import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetricCondition, VersionSort } from '../../../src/domain/metric-query.js';
import type { ApprovalStatus, Group, ModelPackage } from '../../../src/domain/model.js';
import type { VersionQuery } from '../../../src/ports/metadata-store.js';
import {
  createGroup,
  newAccount,
  type OpenStore,
  register,
  sortedBy,
  storeFor,
  T0,
  walk,
} from './fixtures.js';

const STATUSES: ApprovalStatus[] = ['PendingManualApproval', 'Approved', 'Rejected'];
const STAGES = ['Staging', 'Production', undefined];
/** Few distinct values, so that sorting by them pages through long runs of ties. */
const SCORES = [0.25, 0.1 + 0.2, -3, 0.25, 1e9];

/** Version i (1-based) of the fixture group: every metric a pure function of i, so tests can predict. */
function fixture(i: number) {
  const metrics: Record<string, number> = { score: SCORES[i % SCORES.length]! };
  if (i % 4 !== 0) metrics.auc = Math.round((0.5 + (i % 10) / 20) * 100) / 100;
  if (i % 3 === 0) metrics.loss = i / 100;
  const stage = STAGES[Math.floor(i / 2) % 3];
  return {
    approvalStatus: STATUSES[i % 3]!,
    metrics,
    createdAt: T0 + Math.floor(i / 6),
    ...(stage && { lifecycle: { stage, stageStatus: 'InProgress' } }),
  };
}

function holds(value: number | undefined, c: MetricCondition): boolean {
  if (value === undefined) return false;
  switch (c.op) {
    case '>=':
      return value >= c.value;
    case '>':
      return value > c.value;
    case '<=':
      return value <= c.value;
    case '<':
      return value < c.value;
    case '=':
      return value === c.value;
    case '!=':
      return value !== c.value;
  }
}

export function versionContract(open: OpenStore): void {
  describe('versions', () => {
    const h = storeFor(open);

    it('numbers versions 1, 2, 3... per group and never reuses a number after a delete', async () => {
      const account = newAccount();
      const a = await createGroup(h.store, account, 'counter-a');
      const b = await createGroup(h.store, account, 'counter-b');
      const numbers: number[] = [];
      for (let i = 0; i < 5; i++) numbers.push((await register(h.store, a)).version!);
      assert.deepEqual(numbers, [1, 2, 3, 4, 5]);
      assert.equal((await register(h.store, b)).version, 1, 'each group has its own counter');
      const five = await h.store.read((tx) => tx.findVersion(a.account, a.name, 5));
      const three = await h.store.read((tx) => tx.findVersion(a.account, a.name, 3));
      await h.store.write(async (tx) => {
        await tx.deletePackage(five!.id);
        await tx.deletePackage(three!.id);
      });
      assert.equal((await register(h.store, a)).version, 6);
      const inOneTx = await h.store.write(async (tx) => [
        await tx.nextVersionNumber(a.id),
        await tx.nextVersionNumber(a.id),
      ]);
      assert.deepEqual(inOneTx, [7, 8], 'a reserved number is spent even when no version is inserted');
      assert.equal((await register(h.store, a)).version, 9);
      assert.equal(await h.store.read((tx) => tx.countVersions(a.id)), 5);
    });

    it('answers the latest version, with and without an approval status', async () => {
      const g = await createGroup(h.store, newAccount(), 'latest');
      assert.equal(await h.store.read((tx) => tx.latestVersion(g.id)), undefined);
      const v1 = await register(h.store, g, { approvalStatus: 'Approved' });
      const v2 = await register(h.store, g, { approvalStatus: 'Rejected' });
      const v3 = await register(h.store, g, { approvalStatus: 'PendingManualApproval', createdAt: T0 - 100 });
      const latest = async (status?: ApprovalStatus) =>
        (await h.store.read((tx) => tx.latestVersion(g.id, status)))?.version;
      assert.equal(await latest(), 3, 'the highest number, not the newest timestamp');
      assert.equal(await latest('Approved'), 1);
      assert.equal(await latest('Rejected'), 2);
      assert.equal(await latest('PendingManualApproval'), 3);
      await h.store.write((tx) =>
        tx.updatePackage(v2.id, { approvalStatus: 'Approved', updatedAt: T0, updatedBy: v2.createdBy }),
      );
      assert.equal(await latest('Approved'), 2);
      assert.equal(await latest('Rejected'), undefined);
      await h.store.write((tx) => tx.deletePackage(v3.id));
      assert.equal(await latest(), 2);
      const approved = await h.store.read((tx) => tx.latestVersion(g.id, 'Approved'));
      assert.deepEqual(approved, await h.store.read((tx) => tx.findVersion(g.account, g.name, 2)));
      await h.store.write((tx) => tx.deletePackage(v1.id));
      assert.equal(await latest('Approved'), 2);
    });

    describe('listVersions over 60 versions', () => {
      let g: Group;
      let all: ModelPackage[] = [];
      const list = (q: Omit<VersionQuery, 'groupId' | 'limit' | 'after'>, limit = 7) =>
        walk(limit, (after) =>
          h.store.read((tx) => tx.listVersions({ groupId: g.id, limit, ...q, ...(after && { after }) })),
        ).then((r) => r.items.map((p) => p.version));

      it('registers the versions (and a neighbour group that must never show up)', async () => {
        const account = newAccount();
        g = await createGroup(h.store, account, 'metrics');
        all = [];
        for (let i = 1; i <= 60; i++) all.push(await register(h.store, g, fixture(i)));
        const neighbour = await createGroup(h.store, account, 'neighbour');
        for (let i = 1; i <= 5; i++) await register(h.store, neighbour, fixture(i));
        assert.deepEqual(
          all.map((p) => p.version),
          Array.from({ length: 60 }, (_, i) => i + 1),
        );
      });

      const expect = (sort: VersionSort, keep: (p: ModelPackage) => boolean = () => true) => {
        const field = sort.field;
        const kept = all.filter(keep);
        const sorted =
          typeof field === 'object'
            ? sortedBy(
                kept.filter((p) => p.metrics[field.metric] !== undefined),
                (p) => p.metrics[field.metric]!,
                (p) => p.version!,
              )
            : field === 'createdAt'
              ? sortedBy(
                  kept,
                  (p) => p.createdAt,
                  (p) => p.id,
                )
              : sortedBy(kept, (p) => p.version!);
        return (sort.descending ? sorted.reverse() : sorted).map((p) => p.version);
      };

      const sorts: VersionSort[] = [
        { field: 'version', descending: false },
        { field: 'version', descending: true },
        { field: 'createdAt', descending: false },
        { field: 'createdAt', descending: true },
        { field: { metric: 'score' }, descending: false },
        { field: { metric: 'score' }, descending: true },
        { field: { metric: 'auc' }, descending: true },
      ];
      for (const sort of sorts) {
        const label = `${typeof sort.field === 'object' ? `metrics.${sort.field.metric}` : sort.field}${sort.descending ? ' desc' : ''}`;
        it(`sorts by ${label} and pages through ties without repeats or skips`, async () => {
          const expected = expect(sort);
          assert.ok(expected.length >= 45);
          assert.deepEqual(await list({ conditions: [], sort }), expected);
          assert.deepEqual(await list({ conditions: [], sort }, 1), expected);
        });
      }

      it('lists only versions that have the metric when sorting by it', async () => {
        const got = await list({ conditions: [], sort: { field: { metric: 'loss' }, descending: false } });
        assert.deepEqual(got, [3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48, 51, 54, 57, 60]);
        assert.deepEqual(
          await list({ conditions: [], sort: { field: { metric: 'absent' }, descending: true } }),
          [],
        );
      });

      const ops = ['>=', '>', '<=', '<', '=', '!='] as const;
      for (const op of ops) {
        it(`filters by auc ${op} 0.7 (a version without the metric never matches)`, async () => {
          const c: MetricCondition = { metric: 'auc', op, value: 0.7 };
          const sort: VersionSort = { field: 'version', descending: false };
          const expected = expect(sort, (p) => holds(p.metrics.auc, c));
          assert.ok(expected.length > 0 && expected.length < 45);
          assert.deepEqual(await list({ conditions: [c], sort }, 4), expected);
        });
      }

      it('combines several conditions, filters and a metric sort', async () => {
        const conditions: MetricCondition[] = [
          { metric: 'auc', op: '>', value: 0.55 },
          { metric: 'auc', op: '<=', value: 0.9 },
          { metric: 'score', op: '!=', value: 1e9 },
        ];
        const sort: VersionSort = { field: { metric: 'score' }, descending: true };
        const match = (p: ModelPackage) => conditions.every((c) => holds(p.metrics[c.metric], c));
        const expected = expect(sort, match);
        assert.ok(expected.length > 5);
        assert.deepEqual(await list({ conditions, sort }, 3), expected);
        const exact: MetricCondition = { metric: 'score', op: '=', value: 0.1 + 0.2 };
        assert.deepEqual(
          await list({ conditions: [exact], sort: { field: 'version', descending: true } }),
          expect({ field: 'version', descending: true }, (p) => p.metrics.score === 0.1 + 0.2),
        );
        for (const status of STATUSES) {
          for (const stage of ['Staging', 'Production']) {
            const keep = (p: ModelPackage) =>
              match(p) && p.approvalStatus === status && p.lifecycle?.stage === stage;
            const got = await list({ approvalStatus: status, stage, conditions, sort }, 2);
            assert.deepEqual(got, expect(sort, keep));
          }
        }
        const approved = await list({
          approvalStatus: 'Approved',
          conditions: [],
          sort: { field: 'createdAt', descending: true },
        });
        assert.deepEqual(
          approved,
          expect({ field: 'createdAt', descending: true }, (p) => p.approvalStatus === 'Approved'),
        );
        assert.equal(approved.length, 20);
      });
    });
  });
}
