import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { waitFor } from '../../helpers/server.js';
import {
  assertEmpty,
  breaksAfter,
  bytes,
  digestOf,
  listAll,
  MiB,
  type OpenedStore,
  type OpenStore,
  pseudoRandom,
  rejectsWith,
  sha256,
  text,
} from './streams.js';

const MAX = 64 * MiB;

/** put, get, stat, list, touch, delete, the refusals of put, and the URIs. */
export function blobContract(open: OpenStore): void {
  describe('blobs', () => {
    let opened: OpenedStore;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      await opened.close();
    });

    it('puts, reads, stats, lists and deletes a blob', async () => {
      const { store } = opened;
      const hex = sha256('hello artifacts');
      const put = await store.put(bytes('hello artifacts'), { maxBytes: MAX });
      assert.equal(put.sha256, hex);
      assert.equal(put.size, 15);
      assert.equal(put.existed, false);
      assert.ok(put.modifiedAt instanceof Date);
      assert.equal(await text(await store.get(hex)), 'hello artifacts');
      const info = await store.stat(hex);
      assert.equal(info?.size, 15);
      assert.equal(info?.sha256, hex);
      assert.deepEqual(await listAll(store), [hex]);
      const kept = await opened.leftovers();
      assert.equal(kept.length, 1, `one file or object: ${kept.join(', ')}`);
      assert.ok(kept[0]?.endsWith(hex));
      await store.delete(hex);
      await assertEmpty(opened, hex);
    });

    it('lists blobs in key order', async () => {
      const digests: string[] = [];
      for (const word of ['one', 'two', 'three', 'four', 'five']) {
        digests.push((await opened.store.put(bytes(word), { maxBytes: MAX })).sha256);
      }
      digests.sort();
      assert.deepEqual(await listAll(opened.store), digests);
      const after = async (digest: string) => {
        const seen: string[] = [];
        for await (const blob of opened.store.list(digest)) seen.push(blob.sha256);
        return seen;
      };
      assert.deepEqual(await after(digests[1]!), digests.slice(2));
      assert.deepEqual(await after(digests[4]!), []);
      assert.deepEqual(await after(''), digests);
      assert.deepEqual(await after('f'.repeat(64)), []);
      // A key that is not stored: the blobs after where it would be.
      assert.deepEqual(await after(digests[2]!.slice(0, 40)), digests.slice(2));
    });

    it('stores an empty artifact', async () => {
      const put = await opened.store.put(bytes(''), { maxBytes: MAX });
      assert.equal(put.sha256, sha256(''));
      assert.equal(put.size, 0);
      assert.equal(await text(await opened.store.get(put.sha256)), '');
    });

    it('stores the same bytes once and says they existed', async () => {
      const { store } = opened;
      const first = await store.put(bytes('same bytes'), { maxBytes: MAX });
      const second = await store.put(bytes('same bytes'), { maxBytes: MAX });
      const declared = await store.put(bytes('same bytes'), { maxBytes: MAX, expectedSha256: first.sha256 });
      assert.equal(first.existed, false);
      assert.equal(second.existed, true);
      assert.equal(declared.existed, true);
      assert.equal(second.sha256, first.sha256);
      assert.deepEqual(await listAll(store), [first.sha256]);
      assert.equal((await opened.leftovers()).length, 1);
    });

    it('accepts a declared digest in upper case', async () => {
      const hex = sha256('declared');
      const put = await opened.store.put(bytes('declared'), {
        maxBytes: MAX,
        expectedSha256: hex.toUpperCase(),
      });
      assert.equal(put.sha256, hex);
    });

    it('refuses bytes that do not match the declared digest, storing nothing', async () => {
      const declared = sha256('what the client meant');
      await rejectsWith(
        opened.store.put(bytes('what arrived'), { maxBytes: MAX, expectedSha256: declared }),
        'DigestMismatch',
        (err) => assert.equal(err.details.actual, sha256('what arrived')),
      );
      await assertEmpty(opened, declared);
      await rejectsWith(
        opened.store.put(bytes('x'), { maxBytes: MAX, expectedSha256: 'not-a-digest' }),
        'ValidationFailed',
      );
    });

    it('refuses other bytes declared as a blob already stored, keeping the blob', async () => {
      const put = await opened.store.put(bytes('original'), { maxBytes: MAX });
      await rejectsWith(
        opened.store.put(bytes('impostor'), { maxBytes: MAX, expectedSha256: put.sha256 }),
        'DigestMismatch',
      );
      assert.equal(await text(await opened.store.get(put.sha256)), 'original');
    });

    it('refuses more than maxBytes while streaming, storing nothing', async () => {
      for (const size of [11, 12 * MiB]) {
        await rejectsWith(
          opened.store.put(pseudoRandom(size, 1), { maxBytes: size - 1 }),
          'ArtifactTooLarge',
        );
        const { sha256: hex } = await digestOf(pseudoRandom(size, 1));
        await rejectsWith(
          opened.store.put(pseudoRandom(size, 1), { maxBytes: size - 1, expectedSha256: hex }),
          'ArtifactTooLarge',
          (err) => assert.equal(err.details.maxBytes, size - 1),
        );
        await assertEmpty(opened, hex);
      }
      const exact = await opened.store.put(pseudoRandom(1000, 2), { maxBytes: 1000 });
      assert.equal(exact.size, 1000);
    });

    it('leaves nothing when the body breaks mid-upload (a client or server dying)', async () => {
      for (const expectedSha256 of [undefined, sha256('never completed')]) {
        const options = { maxBytes: MAX, ...(expectedSha256 && { expectedSha256 }) };
        await assert.rejects(
          opened.store.put(breaksAfter(10 * MiB, new Error('connection reset')), options),
          {
            message: 'connection reset',
          },
        );
        await assert.rejects(opened.store.put(breaksAfter(100 * 1024), options));
        await assertEmpty(opened);
      }
    });

    it('reads byte ranges and refuses those outside the blob', async () => {
      const { sha256: hex } = await opened.store.put(bytes('0123456789'), { maxBytes: MAX });
      assert.equal(await text(await opened.store.get(hex, { start: 2, end: 5 })), '2345');
      assert.equal(await text(await opened.store.get(hex, { start: 0, end: 0 })), '0');
      assert.equal(await text(await opened.store.get(hex, { start: 9, end: 9 })), '9');
      for (const range of [
        { start: 5, end: 10 },
        { start: 10, end: 12 },
        { start: 6, end: 5 },
        { start: -1, end: 3 },
      ]) {
        await rejectsWith(opened.store.get(hex, range), 'InvalidRange', (err) =>
          assert.equal(err.details.size, 10),
        );
      }
    });

    it('answers ArtifactNotFound for a blob it does not hold', async () => {
      const absent = sha256('absent');
      await rejectsWith(opened.store.get(absent), 'ArtifactNotFound');
      await rejectsWith(opened.store.get('../../etc/passwd'), 'ArtifactNotFound');
      await rejectsWith(opened.store.touch(absent), 'ArtifactNotFound');
      assert.equal(await opened.store.stat(absent), undefined);
      assert.equal(await opened.store.stat('zz'), undefined);
      await opened.store.delete(absent);
    });

    it('renews modifiedAt on touch', async () => {
      const put = await opened.store.put(bytes('touch me'), { maxBytes: MAX });
      // Some stores keep whole seconds: touch again until the clock has moved on.
      await waitFor(
        async () => {
          await opened.store.touch(put.sha256);
          const info = await opened.store.stat(put.sha256);
          return info !== undefined && info.modifiedAt > put.modifiedAt;
        },
        10_000,
        200,
      );
      assert.equal(await text(await opened.store.get(put.sha256)), 'touch me');
    });

    it('streams an artifact of several parts in and out, with and without a declared digest', async () => {
      const size = 20 * MiB + 12_345;
      const expected = await digestOf(pseudoRandom(size, 3));
      const declared = await opened.store.put(pseudoRandom(size, 3), {
        maxBytes: MAX,
        expectedSha256: expected.sha256,
      });
      assert.deepEqual({ sha256: declared.sha256, size: declared.size }, expected);
      assert.deepEqual(await digestOf(await opened.store.get(expected.sha256)), expected);
      await opened.store.delete(expected.sha256);

      const streamed = await opened.store.put(pseudoRandom(size, 3), { maxBytes: MAX });
      assert.deepEqual(
        { sha256: streamed.sha256, size: streamed.size, existed: streamed.existed },
        {
          ...expected,
          existed: false,
        },
      );
      assert.deepEqual(await digestOf(await opened.store.get(expected.sha256)), expected);
      // A range across a part boundary (parts are 8 MiB or more).
      const range = { start: 8 * MiB - 10, end: 8 * MiB + 9 };
      const slice = await digestOf(await opened.store.get(expected.sha256, range));
      const whole = pseudoRandom(size, 3);
      const chunks: Buffer[] = [];
      for await (const chunk of whole as AsyncIterable<Buffer>) chunks.push(chunk);
      assert.equal(slice.sha256, sha256(Buffer.concat(chunks).subarray(range.start, range.end + 1)));
      await waitFor(
        async () => {
          await opened.store.touch(expected.sha256);
          return ((await opened.store.stat(expected.sha256))?.modifiedAt ?? 0) > streamed.modifiedAt;
        },
        10_000,
        200,
      );
      const kept = await opened.leftovers();
      assert.equal(kept.length, 1, `one file or object: ${kept.join(', ')}`);
      assert.ok(kept[0]?.endsWith(expected.sha256));
    });

    it('names blobs by URIs it locates again', async () => {
      const { store } = opened;
      const hex = sha256('located');
      assert.deepEqual(store.locate(store.uri(hex)), { sha256: hex });
      assert.deepEqual(store.locate(`modelry://artifacts/sha256/${hex}`), { sha256: hex });
      assert.equal(store.locate('https://example.com/model.tar.gz'), 'outside');
      assert.equal(store.locate('s3://some-other-bucket/model.tar.gz'), 'outside');
      const odd = store.locate('modelry://artifacts/sha256/not-a-digest');
      assert.ok(typeof odd === 'object' && 'key' in odd, JSON.stringify(odd));
      assert.equal(await store.statKey(odd.key), undefined);
      await rejectsWith(store.getKey(odd.key), 'ArtifactNotFound');
    });

    it('reports itself reachable', async () => {
      await opened.store.check();
      assert.match(opened.store.kind, /^(fs|s3)$/);
    });
  });
}
