import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/domain/errors.js';
import type { Group } from '../../../src/domain/model.js';
import type { GroupQuery, MetadataStore } from '../../../src/ports/metadata-store.js';
import {
  ACTOR,
  createGroup,
  groupArn,
  ids,
  newAccount,
  type OpenStore,
  register,
  sortedBy,
  storeFor,
  T0,
  walk,
} from './fixtures.js';

function isDomainError(code: string) {
  return (err: unknown) => {
    assert.ok(err instanceof DomainError, `expected DomainError ${code}, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  };
}

async function listAll(store: MetadataStore, query: Omit<GroupQuery, 'after'>): Promise<Group[]> {
  const { items } = await walk(query.limit, (after) =>
    store.read((tx) => tx.listGroups({ ...query, ...(after && { after }) })),
  );
  return items;
}

export function groupContract(open: OpenStore): void {
  describe('groups', () => {
    const h = storeFor(open);

    it('inserts a group and finds it by name case-insensitively', async () => {
      const account = newAccount();
      const created = await h.store.write((tx) =>
        tx.insertGroup({
          account,
          name: 'Churn-Model',
          arn: groupArn(account, 'Churn-Model'),
          description: 'predicts churn',
          createdAt: T0 + 5,
          createdBy: ACTOR,
          managedConfiguration: { nested: { list: [1, 'two', null, true] } },
        }),
      );
      assert.ok(Number.isInteger(created.id) && created.id > 0);
      assert.deepEqual(created, {
        id: created.id,
        account,
        name: 'Churn-Model',
        arn: groupArn(account, 'Churn-Model'),
        description: 'predicts churn',
        status: 'Completed',
        createdAt: T0 + 5,
        createdBy: ACTOR,
        managedConfiguration: { nested: { list: [1, 'two', null, true] } },
      });
      for (const spelling of ['Churn-Model', 'churn-model', 'CHURN-MODEL']) {
        assert.deepEqual(await h.store.read((tx) => tx.findGroup(account, spelling)), created);
      }
      assert.equal(await h.store.read((tx) => tx.findGroup(account, 'churn')), undefined);
      assert.equal(await h.store.read((tx) => tx.findGroup(newAccount(), 'churn-model')), undefined);
    });

    it('keeps names unique per account case-insensitively, and apart across accounts', async () => {
      const account = newAccount();
      await createGroup(h.store, account, 'fraud');
      await assert.rejects(createGroup(h.store, account, 'FRAUD'), isDomainError('GroupAlreadyExists'));
      await assert.rejects(createGroup(h.store, account, 'fraud'), isDomainError('GroupAlreadyExists'));
      const other = await createGroup(h.store, newAccount(), 'Fraud');
      assert.equal(other.name, 'Fraud');
      const found = await h.store.read((tx) => tx.findGroup(account, 'fraud'));
      assert.equal(found?.name, 'fraud');
    });

    it('updates and clears the description', async () => {
      const g = await createGroup(h.store, newAccount(), 'described');
      await h.store.write((tx) => tx.updateGroupDescription(g.id, 'now described'));
      assert.equal(
        (await h.store.read((tx) => tx.findGroup(g.account, g.name)))?.description,
        'now described',
      );
      await h.store.write((tx) => tx.updateGroupDescription(g.id, null));
      const cleared = await h.store.read((tx) => tx.findGroup(g.account, g.name));
      assert.ok(cleared && !('description' in cleared));
    });

    it('sets, gets and clears the group policy', async () => {
      const g = await createGroup(h.store, newAccount(), 'with-policy');
      const other = await createGroup(h.store, g.account, 'without-policy');
      assert.equal(await h.store.read((tx) => tx.getGroupPolicy(g.id)), undefined);
      const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow' }] });
      await h.store.write((tx) => tx.setGroupPolicy(g.id, policy));
      assert.equal(await h.store.read((tx) => tx.getGroupPolicy(g.id)), policy);
      assert.equal(await h.store.read((tx) => tx.getGroupPolicy(other.id)), undefined);
      await h.store.write((tx) => tx.setGroupPolicy(g.id, '{"replaced":true}'));
      assert.equal(await h.store.read((tx) => tx.getGroupPolicy(g.id)), '{"replaced":true}');
      await h.store.write((tx) => tx.setGroupPolicy(g.id, null));
      assert.equal(await h.store.read((tx) => tx.getGroupPolicy(g.id)), undefined);
    });

    it('refuses to delete a group that still has versions, and deletes it once empty', async () => {
      const g = await createGroup(h.store, newAccount(), 'busy');
      const v1 = await register(h.store, g);
      const v2 = await register(h.store, g);
      assert.equal(await h.store.read((tx) => tx.countVersions(g.id)), 2);
      await assert.rejects(
        h.store.write((tx) => tx.deleteGroup(g.id)),
        isDomainError('GroupNotEmpty'),
      );
      assert.ok(await h.store.read((tx) => tx.findGroup(g.account, g.name)));
      await h.store.write((tx) => tx.deletePackage(v1.id));
      assert.equal(await h.store.read((tx) => tx.countVersions(g.id)), 1);
      await assert.rejects(
        h.store.write((tx) => tx.deleteGroup(g.id)),
        isDomainError('GroupNotEmpty'),
      );
      await h.store.write((tx) => tx.deletePackage(v2.id));
      assert.equal(await h.store.read((tx) => tx.countVersions(g.id)), 0);
      await h.store.write((tx) => tx.deleteGroup(g.id));
      assert.equal(await h.store.read((tx) => tx.findGroup(g.account, g.name)), undefined);
      // The name is free again.
      const again = await createGroup(h.store, g.account, 'BUSY');
      assert.equal((await h.store.read((tx) => tx.findGroup(g.account, 'busy')))?.id, again.id);
    });

    describe('listGroups over 237 groups, 7 per page', () => {
      const account = newAccount();
      let all: Group[] = [];
      const prefixes = ['Alpha', 'beta', 'GAMMA', 'delta'];

      it('creates the groups (names out of insertion order, mixed case, tied creation times)', async () => {
        all = await h.store.write(async (tx) => {
          const out: Group[] = [];
          for (let i = 0; i < 237; i++) {
            const name = `${prefixes[i % 4]}-${String((i * 97) % 1000).padStart(3, '0')}`;
            const createdAt = T0 + ((i * 13) % 40);
            out.push(
              await tx.insertGroup({
                account,
                name,
                arn: groupArn(account, name),
                createdAt,
                createdBy: ACTOR,
              }),
            );
          }
          return out;
        });
        // Another account's groups never show up.
        await createGroup(h.store, newAccount(), 'alpha-000');
        assert.equal(all.length, 237);
      });

      const byName = () =>
        sortedBy(
          all,
          (g) => g.name.toLowerCase(),
          (g) => g.id,
        );
      const byTime = () =>
        sortedBy(
          all,
          (g) => g.createdAt,
          (g) => g.id,
        );
      const cases = [
        { sortBy: 'Name', sortOrder: 'Ascending', expected: () => byName() },
        { sortBy: 'Name', sortOrder: 'Descending', expected: () => byName().reverse() },
        { sortBy: 'CreationTime', sortOrder: 'Ascending', expected: () => byTime() },
        { sortBy: 'CreationTime', sortOrder: 'Descending', expected: () => byTime().reverse() },
      ] as const;
      for (const c of cases) {
        it(`walks every page by ${c.sortBy} ${c.sortOrder} without repeats or skips`, async () => {
          const { items, pages } = await walk(7, (after) =>
            h.store.read((tx) =>
              tx.listGroups({
                account,
                sortBy: c.sortBy,
                sortOrder: c.sortOrder,
                limit: 7,
                ...(after && { after }),
              }),
            ),
          );
          assert.equal(pages, 34);
          assert.deepEqual(ids(items), ids(c.expected()));
          assert.deepEqual(items[0], c.expected()[0]);
        });
      }

      it('filters by creation time with strict bounds', async () => {
        const got = await listAll(h.store, {
          account,
          createdAfter: T0 + 10,
          createdBefore: T0 + 20,
          sortBy: 'CreationTime',
          sortOrder: 'Ascending',
          limit: 5,
        });
        const expected = byTime().filter((g) => g.createdAt > T0 + 10 && g.createdAt < T0 + 20);
        assert.ok(expected.length > 0 && expected.length < 237);
        assert.deepEqual(ids(got), ids(expected));
        assert.ok(got.every((g) => g.createdAt !== T0 + 10 && g.createdAt !== T0 + 20));
      });

      it('filters by a case-insensitive name substring while paging', async () => {
        const got = await listAll(h.store, {
          account,
          nameContains: 'TA-0',
          sortBy: 'Name',
          sortOrder: 'Descending',
          limit: 3,
        });
        const expected = byName()
          .reverse()
          .filter((g) => g.name.toLowerCase().includes('ta-0'));
        assert.ok(expected.length > 3);
        assert.deepEqual(ids(got), ids(expected));
      });
    });

    it('treats % and _ in nameContains literally', async () => {
      const account = newAccount();
      // The store does not validate names; these spellings exercise its LIKE escaping.
      for (const name of ['a_b', 'axb', 'a%b', 'aXYb', 'plain', 'back\\slash', 'backxslash']) {
        await createGroup(h.store, account, name);
      }
      const names = async (nameContains: string) =>
        (
          await listAll(h.store, { account, nameContains, sortBy: 'Name', sortOrder: 'Ascending', limit: 10 })
        ).map((g) => g.name);
      assert.deepEqual(await names('a_b'), ['a_b']);
      assert.deepEqual(await names('_'), ['a_b']);
      assert.deepEqual(await names('a%b'), ['a%b']);
      assert.deepEqual(await names('%'), ['a%b']);
      assert.deepEqual(await names('k\\s'), ['back\\slash']);
      assert.deepEqual(await names('AX'), ['axb', 'aXYb']);
      assert.deepEqual(await names('nothing'), []);
    });
  });
}
