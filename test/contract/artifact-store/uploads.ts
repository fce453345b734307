import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, it } from 'node:test';
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
const LATER = () => new Date(Date.now() + 60_000);
const EARLIER = () => new Date(Date.now() - 60_000);

/** Resumable uploads: sessions, chunks at offsets, completion, abort, and what gc is offered. */
export function uploadContract(open: OpenStore): void {
  describe('resumable uploads', () => {
    let opened: OpenedStore;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      await opened.close();
    });

    it('appends chunks at their offsets and publishes the whole as one blob', async () => {
      const { store } = opened;
      const session = await store.createUpload();
      assert.equal(session.offset, 0);
      assert.ok(Math.abs(session.createdAt.getTime() - Date.now()) < 60_000);
      assert.deepEqual(await store.uploadStatus(session.id), session);
      assert.equal((await store.appendUpload(session.id, 0, bytes('abc'), MAX)).offset, 3);
      await rejectsWith(store.appendUpload(session.id, 0, bytes('abc'), MAX), 'UploadOffsetMismatch', (err) =>
        assert.equal(err.details.offset, 3),
      );
      await rejectsWith(store.appendUpload(session.id, 7, bytes('xyz'), MAX), 'UploadOffsetMismatch', (err) =>
        assert.equal(err.details.offset, 3),
      );
      assert.equal((await store.appendUpload(session.id, 3, bytes(''), MAX)).offset, 3);
      const after = await store.appendUpload(session.id, 3, bytes('def'), MAX);
      assert.deepEqual(after, { id: session.id, offset: 6, createdAt: session.createdAt });
      assert.equal((await store.uploadStatus(session.id))?.offset, 6);
      assert.deepEqual(await listAll(store), [], 'invisible until completed');

      const done = await store.completeUpload(session.id, {
        maxBytes: MAX,
        expectedSha256: sha256('abcdef'),
      });
      assert.deepEqual(
        { sha256: done.sha256, size: done.size, existed: done.existed },
        {
          sha256: sha256('abcdef'),
          size: 6,
          existed: false,
        },
      );
      assert.equal(await text(await store.get(done.sha256)), 'abcdef');
      assert.equal(await store.uploadStatus(session.id), undefined);
      await rejectsWith(store.appendUpload(session.id, 6, bytes('g'), MAX), 'UploadNotFound');
      const kept = await opened.leftovers();
      assert.equal(kept.length, 1, `only the blob: ${kept.join(', ')}`);
    });

    it('completes without a declared digest, and dedupes against a stored blob', async () => {
      const { store } = opened;
      await store.put(bytes('twice'), { maxBytes: MAX });
      const session = await store.createUpload();
      await store.appendUpload(session.id, 0, bytes('twi'), MAX);
      await store.appendUpload(session.id, 3, bytes('ce'), MAX);
      const done = await store.completeUpload(session.id, { maxBytes: MAX });
      assert.equal(done.sha256, sha256('twice'));
      assert.equal(done.existed, true);
      assert.equal((await opened.leftovers()).length, 1);
    });

    it('uploads large chunks and completes them into a blob of several parts', async () => {
      const { store } = opened;
      const size = 20 * MiB + 1;
      const expected = await digestOf(pseudoRandom(size, 5));
      const session = await store.createUpload();
      // The same pseudo-random stream, cut in two chunks of 12 MiB and the rest.
      const whole = pseudoRandom(size, 5);
      const first: Buffer[] = [];
      const rest: Buffer[] = [];
      let seen = 0;
      for await (const chunk of whole as AsyncIterable<Buffer>) {
        (seen < 12 * MiB ? first : rest).push(chunk);
        seen += chunk.length;
      }
      const firstSize = first.reduce((n, c) => n + c.length, 0);
      await store.appendUpload(session.id, 0, Readable.from(first), MAX);
      await store.appendUpload(session.id, firstSize, Readable.from(rest), MAX);
      const done = await store.completeUpload(session.id, { maxBytes: MAX, expectedSha256: expected.sha256 });
      assert.deepEqual({ sha256: done.sha256, size: done.size }, expected);
      assert.deepEqual(await digestOf(await store.get(done.sha256)), expected);
    });

    it('keeps the session when the digest does not match, until aborted', async () => {
      const { store } = opened;
      const session = await store.createUpload();
      await store.appendUpload(session.id, 0, bytes('partial'), MAX);
      await rejectsWith(
        store.completeUpload(session.id, { maxBytes: MAX, expectedSha256: sha256('something else') }),
        'DigestMismatch',
      );
      assert.deepEqual(await listAll(store), []);
      assert.equal((await store.uploadStatus(session.id))?.offset, 7);
      await rejectsWith(store.completeUpload(session.id, { maxBytes: 6 }), 'ArtifactTooLarge');
      await store.abortUpload(session.id);
      assert.equal(await store.uploadStatus(session.id), undefined);
      await rejectsWith(store.appendUpload(session.id, 7, bytes('x'), MAX), 'UploadNotFound');
      await rejectsWith(store.completeUpload(session.id, { maxBytes: MAX }), 'UploadNotFound');
      await store.abortUpload(session.id);
      await assertEmpty(opened);
    });

    it('refuses a chunk that would pass maxBytes, or that breaks, keeping the offset', async () => {
      const { store } = opened;
      const session = await store.createUpload();
      await store.appendUpload(session.id, 0, bytes('12345'), 10);
      // The error names the artifact's limit, not the bytes that were left under it.
      await rejectsWith(store.appendUpload(session.id, 5, bytes('678901'), 10), 'ArtifactTooLarge', (err) => {
        assert.equal(err.details.maxBytes, 10);
        assert.match(err.message, /maximum of 10 bytes/);
      });
      assert.equal((await store.uploadStatus(session.id))?.offset, 5);
      await assert.rejects(store.appendUpload(session.id, 5, breaksAfter(9 * MiB, new Error('cut')), MAX), {
        message: 'cut',
      });
      assert.equal((await store.uploadStatus(session.id))?.offset, 5);
      assert.equal((await store.appendUpload(session.id, 5, bytes('67890'), 10)).offset, 10);
      await store.abortUpload(session.id);
      await assertEmpty(opened);
    });

    it('does not know ids it never issued', async () => {
      const { store } = opened;
      for (const id of ['nope', '../../sha256', '0123456789ab-0123456789abcdef0123456789abcdef']) {
        assert.equal(await store.uploadStatus(id), undefined);
        await rejectsWith(store.appendUpload(id, 0, bytes('x'), MAX), 'UploadNotFound');
        await rejectsWith(store.completeUpload(id, { maxBytes: MAX }), 'UploadNotFound');
        await store.abortUpload(id);
      }
    });

    it('offers sessions untouched since a date to garbage collection', async () => {
      const { store } = opened;
      const session = await store.createUpload();
      await store.appendUpload(session.id, 0, bytes('abandoned'), MAX);
      const stale: { id: string; offset: number }[] = [];
      for await (const s of store.staleUploads(LATER())) stale.push({ id: s.id, offset: s.offset });
      assert.deepEqual(stale, [{ id: session.id, offset: 9 }]);
      for await (const s of store.staleUploads(EARLIER())) assert.fail(`not stale yet: ${s.id}`);
      for await (const s of store.staleUploads(LATER())) await store.abortUpload(s.id);
      await assertEmpty(opened);
    });
  });
}
