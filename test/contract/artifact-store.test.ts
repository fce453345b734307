import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { FsArtifactStore } from '../../src/adapters/artifacts/fs-artifact-store.js';
import { S3ArtifactStore } from '../../src/adapters/artifacts/s3-artifact-store.js';
import { skipWithoutMoto, startS3, type TestS3 } from '../helpers/s3.js';
import { assertEmpty, breaksAfter, bytes, MiB, rejectsWith, sha256, text } from './artifact-store/streams.js';
import { artifactStoreContract, type OpenedStore } from './artifact-store.contract.js';

function files(root: string, dir = root): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(root, path) : [relative(root, path)];
  });
}

function openFs(): OpenedStore & { root: string } {
  const root = mkdtempSync(join(tmpdir(), 'modelry-artifacts-'));
  return {
    root,
    store: new FsArtifactStore({ root }),
    leftovers: async () => files(root).sort(),
    close: async () => rmSync(root, { recursive: true, force: true }),
  };
}

artifactStoreContract('fs', async () => openFs());

// One moto server for the file; every test gets a bucket of its own.
const motoSkip = skipWithoutMoto();
let moto: Promise<TestS3> | undefined;
after(async () => {
  await (await moto)?.stop();
});

interface S3Variant {
  readonly prefix?: string;
  /** Small copy parts make a 20 MiB blob go through UploadPartCopy, as S3 does above 5 GiB. */
  readonly copy?: { multipartAboveBytes: number; partBytes: number };
}

async function openS3(variant: S3Variant = {}): Promise<OpenedStore & { s3: TestS3; bucket: string }> {
  moto ??= startS3();
  const s3 = await moto;
  const bucket = await s3.newBucket();
  const store = new S3ArtifactStore({
    bucket,
    prefix: variant.prefix ?? '',
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: s3.credentials,
    ...(variant.copy && { copy: variant.copy }),
  });
  return {
    s3,
    bucket,
    store,
    leftovers: async () => {
      const objects = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }));
      const uploads = await s3.client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      return [
        ...(objects.Contents ?? []).map((o) => o.Key!),
        ...(uploads.Uploads ?? []).map((u) => `multipart upload of ${u.Key}`),
      ].sort();
    },
    close: () => store.close(),
  };
}

artifactStoreContract('s3', () => openS3(), motoSkip);
artifactStoreContract(
  's3 with a key prefix and multipart copies',
  () => openS3({ prefix: 'team/models/', copy: { multipartAboveBytes: 6 * MiB, partBytes: 5 * MiB } }),
  motoSkip,
);

describe('fs artifact store', () => {
  it('keeps blobs at sha256/<2 hex>/<hex>, and nothing else once a put is done', async () => {
    const opened = openFs();
    try {
      const put = await opened.store.put(bytes('layout'), { maxBytes: 100 });
      assert.deepEqual(await opened.leftovers(), [join('sha256', put.sha256.slice(0, 2), put.sha256)]);
      assert.equal(opened.store.uri(put.sha256), `modelry://artifacts/sha256/${put.sha256}`);
    } finally {
      await opened.close();
    }
  });

  it('leaves no file under sha256/ or tmp/ when the upload dies mid-put', async () => {
    const opened = openFs();
    try {
      await assert.rejects(opened.store.put(breaksAfter(5 * MiB), { maxBytes: 100 * MiB }));
      assert.deepEqual(files(join(opened.root, 'sha256')), []);
      assert.deepEqual(files(join(opened.root, 'tmp')), []);
    } finally {
      await opened.close();
    }
  });

  it('offers a stray tmp file (a crash mid-put) to garbage collection', async () => {
    const opened = openFs();
    try {
      await mkdir(join(opened.root, 'tmp'), { recursive: true });
      const stray = join(opened.root, 'tmp', '00000000-0000-4000-8000-000000000000');
      writeFileSync(stray, 'half an artifact');
      const old = new Date(Date.now() - 3_600_000);
      utimesSync(stray, old, old);
      const fresh = join(opened.root, 'tmp', '11111111-0000-4000-8000-000000000000');
      writeFileSync(fresh, 'an upload in flight');
      const stale = [];
      for await (const s of opened.store.staleUploads(new Date(Date.now() - 60_000))) stale.push(s);
      assert.deepEqual(
        stale.map((s) => [s.id, s.offset]),
        [['tmp/00000000-0000-4000-8000-000000000000', 16]],
      );
      await opened.store.abortUpload(stale[0]!.id);
      assert.deepEqual(await opened.leftovers(), ['tmp/11111111-0000-4000-8000-000000000000']);
    } finally {
      await opened.close();
    }
  });

  it('completes a session another process appended to (a shared data dir) with the right digest', async () => {
    const opened = openFs();
    const other = new FsArtifactStore({ root: opened.root });
    try {
      const session = await opened.store.createUpload();
      await opened.store.appendUpload(session.id, 0, bytes('first half, '), 100);
      // The other process's chunk: this one's running digest no longer covers the whole file.
      await other.appendUpload(session.id, 12, bytes('second half'), 100);
      const done = await opened.store.completeUpload(session.id, { maxBytes: 100 });
      assert.equal(done.sha256, sha256('first half, second half'));
      assert.equal(await text(await opened.store.get(done.sha256)), 'first half, second half');
    } finally {
      await opened.close();
    }
  });
});

describe('s3 artifact store', { skip: motoSkip }, () => {
  it('locates blob URIs and plain keys under its prefix, and reads plain keys', async () => {
    const opened = await openS3({ prefix: 'ml/' });
    const { store, s3, bucket } = opened;
    try {
      const put = await store.put(bytes('blob'), { maxBytes: 100 });
      assert.equal(store.uri(put.sha256), `s3://${bucket}/ml/sha256/${put.sha256}`);
      assert.deepEqual(store.locate(`s3://${bucket}/ml/sha256/${put.sha256}`), { sha256: put.sha256 });
      assert.deepEqual(store.locate(`s3://${bucket}/ml/models/m.tar.gz`), { key: 'ml/models/m.tar.gz' });
      assert.equal(store.locate(`s3://${bucket}/other/m.tar.gz`), 'outside');
      assert.equal(store.locate(`s3://${bucket}-x/ml/m.tar.gz`), 'outside');
      assert.deepEqual(store.locate('modelry://artifacts/models/m.tar.gz'), { key: 'ml/models/m.tar.gz' });

      await s3.client.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'ml/models/m.tar.gz', Body: 'copied in' }),
      );
      assert.deepEqual(await store.statKey('ml/models/m.tar.gz'), { size: 9 });
      assert.equal(await text(await store.getKey('ml/models/m.tar.gz')), 'copied in');
      assert.equal(await store.statKey('ml/models/absent'), undefined);
      await rejectsWith(store.getKey('ml/models/absent'), 'ArtifactNotFound');
      // The store's own areas are not plain keys.
      assert.equal(await store.statKey(`ml/sha256/${put.sha256}`), undefined);
      await rejectsWith(store.getKey(`ml/sha256/${put.sha256}`), 'ArtifactNotFound');
    } finally {
      await opened.close();
    }
  });

  it('offers stray staging objects and unfinished multipart uploads to garbage collection', async () => {
    const opened = await openS3({ prefix: 'p/' });
    const { store, s3, bucket } = opened;
    try {
      await s3.client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'p/tmp/00000000-0000-4000-8000-000000000000',
          Body: 'half',
        }),
      );
      await s3.client.send(
        new CreateMultipartUploadCommand({ Bucket: bucket, Key: `p/sha256/${sha256('x')}` }),
      );
      await s3.client.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'elsewhere/tmp/x', Body: 'not ours' }),
      );
      const stale = [];
      for await (const s of store.staleUploads(new Date(Date.now() + 60_000))) stale.push(s.id);
      assert.equal(stale.length, 2, stale.join(', '));
      assert.equal(stale[0], 'tmp/00000000-0000-4000-8000-000000000000');
      assert.match(stale[1]!, /^multipart\//);
      for (const id of stale) await store.abortUpload(id);
      assert.deepEqual(await opened.leftovers(), ['elsewhere/tmp/x']);
    } finally {
      await opened.close();
    }
  });

  it('cleans up the multipart upload of a put that breaks after several parts', async () => {
    const opened = await openS3();
    try {
      await assert.rejects(
        opened.store.put(breaksAfter(20 * MiB, new Error('gone')), { maxBytes: 100 * MiB }),
        {
          message: 'gone',
        },
      );
      await assertEmpty(opened);
    } finally {
      await opened.close();
    }
  });

  it('fails check() when the bucket does not exist', async () => {
    const opened = await openS3();
    const s3 = opened.s3;
    const missing = new S3ArtifactStore({
      bucket: 'modelry-no-such-bucket',
      prefix: '',
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: s3.credentials,
    });
    try {
      await assert.rejects(missing.check(), /Cannot reach the S3 artifact bucket "modelry-no-such-bucket"/);
      await opened.store.check();
    } finally {
      await missing.close();
      await opened.close();
    }
  });
});
