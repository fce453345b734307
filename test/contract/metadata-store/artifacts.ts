import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PinnedArtifact } from '../../../src/domain/model.js';
import {
  createGroup,
  newAccount,
  type OpenStore,
  register,
  storeFor,
  unversionedRecord,
} from './fixtures.js';

const hex = (c: string) => c.repeat(64);

const PINS: PinnedArtifact[] = [
  {
    field: 'InferenceSpecification.Containers[0].ModelDataUrl',
    uri: `modelry://artifacts/sha256/${hex('a')}`,
    sha256: hex('a'),
    size: 5 * 1024 ** 3 + 7,
    verified: true,
  },
  {
    field: 'ModelMetrics.ModelQuality.Statistics.S3Uri',
    uri: 'https://example.com/report.json',
    verified: false,
  },
  {
    field: 'InferenceSpecification.Containers[1].ModelDataUrl',
    uri: `s3://bucket/sha256/${hex('b')}`,
    sha256: hex('b'),
    size: 0,
    verified: true,
  },
];

export function artifactContract(open: OpenStore): void {
  describe('pinned artifacts', () => {
    const h = storeFor(open);

    it('records a package’s artifacts and reads them back in order, sizes beyond 32 bits included', async () => {
      const g = await createGroup(h.store, newAccount(), 'pinned');
      const v1 = await register(h.store, g);
      const v2 = await register(h.store, g);
      await h.store.write((tx) => tx.insertPackageArtifacts(v1.id, PINS));
      await h.store.write((tx) => tx.insertPackageArtifacts(v2.id, [PINS[2]!]));
      const found = await h.store.read((tx) => tx.listPackageArtifacts([v1.id, v2.id, v1.id, 987_654_321]));
      assert.deepEqual([...found.keys()].sort(), [v1.id, v2.id].sort());
      assert.deepEqual(found.get(v1.id), PINS);
      assert.deepEqual(found.get(v2.id), [PINS[2]]);
      assert.deepEqual(await h.store.read((tx) => tx.listPackageArtifacts([])), new Map());
    });

    it('tells which digests some package references, until the last referencing package is deleted', async () => {
      const account = newAccount();
      const g = await createGroup(h.store, account, 'shared');
      const c = hex('c');
      const d = hex('d');
      const pin = (sha256: string): PinnedArtifact => ({
        field: 'InferenceSpecification.Containers[0].ModelDataUrl',
        uri: `modelry://artifacts/sha256/${sha256}`,
        sha256,
        size: 3,
        verified: true,
      });
      const one = await register(h.store, g);
      const two = await register(h.store, g);
      const unversioned = await h.store.write(async (tx) => {
        const pkg = await tx.insertPackage(unversionedRecord(account, 'market'));
        await tx.insertPackageArtifacts(pkg.id, [pin(d)]);
        return pkg;
      });
      await h.store.write(async (tx) => {
        await tx.insertPackageArtifacts(one.id, [pin(c)]);
        await tx.insertPackageArtifacts(two.id, [pin(c)]);
      });
      const referenced = () => h.store.read((tx) => tx.referencedDigests([c, d, hex('e'), c]));
      assert.deepEqual([...(await referenced())].sort(), [c, d]);

      await h.store.write((tx) => tx.deletePackage(one.id));
      assert.deepEqual([...(await referenced())].sort(), [c, d], 'the other version still pins c');
      await h.store.write((tx) => tx.deletePackage(two.id));
      await h.store.write((tx) => tx.deletePackage(unversioned.id));
      assert.deepEqual([...(await referenced())], []);
      assert.deepEqual(await h.store.read((tx) => tx.listPackageArtifacts([one.id, two.id])), new Map());
    });

    it('answers large digest lists (more than one batch of parameters)', async () => {
      const g = await createGroup(h.store, newAccount(), 'many');
      const v = await register(h.store, g);
      const digests = Array.from({ length: 1200 }, (_, i) => i.toString(16).padStart(64, '0'));
      await h.store.write((tx) =>
        tx.insertPackageArtifacts(
          v.id,
          [digests[3]!, digests[1100]!].map((sha256) => ({
            field: 'f',
            uri: 'u',
            sha256,
            size: 1,
            verified: true,
          })),
        ),
      );
      const found = await h.store.read((tx) => tx.referencedDigests(digests));
      assert.deepEqual([...found].sort(), [digests[3], digests[1100]]);
    });

    it('forgets a package’s artifacts on request, and only that package’s', async () => {
      const g = await createGroup(h.store, newAccount(), 'replaced');
      const [a, b] = [await register(h.store, g), await register(h.store, g)];
      await h.store.write(async (tx) => {
        await tx.insertPackageArtifacts(a.id, PINS);
        await tx.insertPackageArtifacts(b.id, PINS);
      });
      await h.store.write(async (tx) => {
        await tx.deletePackageArtifacts(a.id);
        await tx.insertPackageArtifacts(a.id, [PINS[1]!]);
      });
      const found = await h.store.read((tx) => tx.listPackageArtifacts([a.id, b.id]));
      assert.deepEqual(found.get(a.id), [PINS[1]]);
      assert.deepEqual(found.get(b.id), PINS);
    });

    it('rolls back with the unit of work', async () => {
      const g = await createGroup(h.store, newAccount(), 'rollback');
      const v = await register(h.store, g);
      await assert.rejects(
        h.store.write(async (tx) => {
          await tx.insertPackageArtifacts(v.id, PINS);
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.deepEqual(await h.store.read((tx) => tx.listPackageArtifacts([v.id])), new Map());
    });
  });
}
