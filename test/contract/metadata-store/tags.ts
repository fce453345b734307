import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Tag } from '../../../src/domain/model.js';
import type { MetadataStore, TaggedResource } from '../../../src/ports/metadata-store.js';
import { createGroup, newAccount, type OpenStore, register, storeFor, walk } from './fixtures.js';

async function allTags(store: MetadataStore, r: TaggedResource, limit = 2): Promise<Tag[]> {
  const { items } = await walk(limit, (after) =>
    store.read((tx) => tx.listTags(r, { limit, ...(after && { afterKey: String(after[0]) }) })),
  );
  return items;
}

export function tagContract(open: OpenStore): void {
  describe('tags', () => {
    // A store of its own, so that the first group and the first package share an id.
    const h = storeFor(open);
    let group: TaggedResource;
    let pkg: TaggedResource;

    it('finds a group and a package with equal ids', async () => {
      const g = await createGroup(h.store, newAccount(), 'tagged');
      let p = await register(h.store, g);
      while (p.id < g.id) p = await register(h.store, g);
      assert.equal(p.id, g.id, 'precondition: a group and a package with the same id');
      group = { type: 'group', id: g.id };
      pkg = { type: 'package', id: p.id };
    });

    it('puts, overwrites and lists tags in key order, page by page', async () => {
      await h.store.write((tx) =>
        tx.putTags(group, [
          { key: 'team', value: 'risk' },
          { key: 'Env', value: 'prod' },
          { key: 'a:b/c', value: '' },
          { key: 'zz', value: 'last' },
          { key: 'cost-center', value: '42' },
        ]),
      );
      await h.store.write((tx) =>
        tx.putTags(group, [
          { key: 'team', value: 'fraud' },
          { key: 'owner', value: 'ana' },
        ]),
      );
      const expected = [
        { key: 'Env', value: 'prod' },
        { key: 'a:b/c', value: '' },
        { key: 'cost-center', value: '42' },
        { key: 'owner', value: 'ana' },
        { key: 'team', value: 'fraud' },
        { key: 'zz', value: 'last' },
      ];
      assert.deepEqual(await allTags(h.store, group), expected);
      assert.deepEqual(await allTags(h.store, group, 1), expected);
      assert.deepEqual(await allTags(h.store, group, 50), expected);
      const first = await h.store.read((tx) => tx.listTags(group, { limit: 4 }));
      assert.deepEqual(first.items, expected.slice(0, 4));
      assert.deepEqual(first.next, ['owner']);
      const rest = await h.store.read((tx) => tx.listTags(group, { limit: 4, afterKey: 'owner' }));
      assert.deepEqual(rest, { items: expected.slice(4) });
      assert.equal(await h.store.read((tx) => tx.countTags(group)), 6);
    });

    it('keeps the tags of a group and of a package with the same id apart', async () => {
      assert.deepEqual(await allTags(h.store, pkg), []);
      assert.equal(await h.store.read((tx) => tx.countTags(pkg)), 0);
      await h.store.write((tx) => tx.putTags(pkg, [{ key: 'team', value: 'package-team' }]));
      assert.deepEqual(await allTags(h.store, pkg), [{ key: 'team', value: 'package-team' }]);
      const groupTeam = (await allTags(h.store, group)).find((t) => t.key === 'team');
      assert.deepEqual(groupTeam, { key: 'team', value: 'fraud' });
      assert.equal(await h.store.read((tx) => tx.countTags(group)), 6);
    });

    it('deletes the named keys, ignoring keys that are not there', async () => {
      await h.store.write((tx) => tx.deleteTags(group, ['team', 'zz', 'not-there']));
      assert.deepEqual(
        (await allTags(h.store, group)).map((t) => t.key),
        ['Env', 'a:b/c', 'cost-center', 'owner'],
      );
      assert.equal(await h.store.read((tx) => tx.countTags(group)), 4);
      assert.deepEqual(await allTags(h.store, pkg), [{ key: 'team', value: 'package-team' }]);
    });

    it('deletes all tags of one resource only', async () => {
      await h.store.write((tx) => tx.deleteAllTags(group));
      assert.deepEqual(await allTags(h.store, group), []);
      assert.equal(await h.store.read((tx) => tx.countTags(group)), 0);
      assert.equal(await h.store.read((tx) => tx.countTags(pkg)), 1);
    });

    it('rolls tag changes back with their transaction', async () => {
      await assert.rejects(
        h.store.write(async (tx) => {
          await tx.putTags(pkg, [
            { key: 'team', value: 'changed' },
            { key: 'new', value: 'x' },
          ]);
          await tx.deleteAllTags(group);
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.deepEqual(await allTags(h.store, pkg), [{ key: 'team', value: 'package-team' }]);
    });
  });
}
