import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeModelPackageCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import {
  bytesOf,
  call,
  download,
  type ErrorBody,
  type Reply,
  type Stored,
  sendBytes,
  sha256,
  upload,
} from '../helpers/artifact-http.js';
import { sagemakerClient } from '../helpers/aws.js';
import { skipWithoutMoto, startS3, type TestS3 } from '../helpers/s3.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** The artifact API with the S3 store (moto_server on loopback): the same contract as the local store. */

const PREFIX = 'registry/';

interface VersionJson {
  version: number;
  artifacts: { field: string; uri: string; sha256?: string; size?: number; verified: boolean }[];
}

function codeOf(reply: Reply<unknown>): [number, string | undefined] {
  return [reply.status, (reply.json as Partial<ErrorBody>).error?.code];
}

describe('artifact API with the S3 store', { skip: skipWithoutMoto() }, () => {
  let s3: TestS3;
  let server: TestServer;
  let sm: SageMakerClient;
  before(async () => {
    s3 = await startS3({ prefix: PREFIX });
    server = await startServer({ env: s3.env });
    sm = sagemakerClient(server.url);
  });
  after(async () => {
    sm?.destroy();
    assert.equal(await server?.stop(), 0);
    await s3?.stop();
  });

  const blobUri = (digest: string) => `s3://${s3.bucket}/${PREFIX}sha256/${digest}`;
  const exists = async (key: string) =>
    s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key })).then(
      () => true,
      () => false,
    );

  test('upload, HEAD, GET whole and in a range, resumable upload', async () => {
    const bytes = bytesOf(200_000, 60);
    const digest = sha256(bytes);
    const put = await upload(server.url, bytes, { 'x-modelry-sha256': digest });
    assert.equal(put.status, 201, JSON.stringify(put.json));
    assert.deepEqual(put.json, { uri: blobUri(digest), sha256: digest, size: bytes.length, existed: false });
    assert.ok(await exists(`${PREFIX}sha256/${digest}`), 'the blob is at its key in the bucket');
    assert.equal((await upload(server.url, bytes)).status, 200, 'stored once');

    const head = await download(server.url, digest, {}, 'HEAD');
    assert.deepEqual(
      [head.status, head.headers.get('content-length'), head.headers.get('etag')],
      [200, String(bytes.length), `"${digest}"`],
    );
    assert.ok((await download(server.url, digest)).body.equals(bytes));
    const part = await download(server.url, digest, { range: 'bytes=1000-1999' });
    assert.equal(part.status, 206);
    assert.ok(part.body.equals(bytes.subarray(1000, 2000)));

    const mismatch = await upload(server.url, bytesOf(100, 61), { 'x-modelry-sha256': sha256('other') });
    assert.deepEqual(codeOf(mismatch), [400, 'DigestMismatch']);
    assert.ok(!(await exists(`${PREFIX}sha256/${sha256(bytesOf(100, 61))}`)));

    const resumable = bytesOf(50_000, 62);
    const session = await call<{ uploadId: string }>(server.url, 'POST', '/artifacts/uploads');
    const path = `/artifacts/uploads/${session.json.uploadId}`;
    const halves = [resumable.subarray(0, 20_000), resumable.subarray(20_000)];
    assert.equal(
      (await sendBytes(server.url, 'PATCH', path, halves[0]!, { 'upload-offset': '0' })).status,
      200,
    );
    const wrong = await sendBytes(server.url, 'PATCH', path, halves[1]!, { 'upload-offset': '0' });
    assert.deepEqual(codeOf(wrong), [409, 'UploadOffsetMismatch']);
    assert.equal(wrong.headers.get('upload-offset'), '20000');
    await sendBytes(server.url, 'PATCH', path, halves[1]!, { 'upload-offset': '20000' });
    const done = await call<Stored>(server.url, 'POST', `${path}/complete`, {});
    assert.deepEqual([done.status, done.json.sha256], [201, sha256(resumable)]);
    assert.ok((await download(server.url, sha256(resumable))).body.equals(resumable));
  });

  test('pins blobs, objects put into the bucket by other tools, and refuses missing keys', async () => {
    const model = bytesOf(30_000, 63);
    const blob = (await upload(server.url, model)).json;
    // `aws s3 cp model.tar.gz s3://bucket/registry/raw/model.tar.gz`: in the store, not a blob.
    const raw = bytesOf(40_000, 64);
    await s3.client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: `${PREFIX}raw/model.tar.gz`, Body: raw }),
    );
    const rawUri = `s3://${s3.bucket}/${PREFIX}raw/model.tar.gz`;

    await call(server.url, 'POST', '/groups', { name: 's3-pinned' });
    const register = (artifactUri: string) =>
      call<VersionJson>(server.url, 'POST', '/groups/s3-pinned/versions', { image: 'img:1', artifactUri });
    const field = 'InferenceSpecification.Containers[0].ModelDataUrl';
    const cases: [string, VersionJson['artifacts'][number]][] = [
      [blob.uri, { field, uri: blob.uri, sha256: blob.sha256, size: model.length, verified: true }],
      [
        `modelry://artifacts/sha256/${blob.sha256}`,
        {
          field,
          uri: `modelry://artifacts/sha256/${blob.sha256}`,
          sha256: blob.sha256,
          size: model.length,
          verified: true,
        },
      ],
      [rawUri, { field, uri: rawUri, sha256: sha256(raw), size: raw.length, verified: true }],
      [
        `s3://${s3.bucket}/elsewhere/model.tar.gz`,
        { field, uri: `s3://${s3.bucket}/elsewhere/model.tar.gz`, verified: false },
      ],
    ];
    for (const [uri, pinned] of cases) {
      const v = await register(uri);
      assert.equal(v.status, 201, JSON.stringify(v.json));
      assert.deepEqual(v.json.artifacts, [pinned], uri);
    }
    for (const missing of [`${rawUri}.missing`, blobUri(sha256('not there'))]) {
      const refused = await register(missing);
      assert.deepEqual(codeOf(refused), [404, 'ArtifactNotFound']);
      assert.ok((refused.json as unknown as ErrorBody).error.message.includes(missing));
    }

    await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 's3-pinned-sm' }));
    const created = await sm.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: 's3-pinned-sm',
        InferenceSpecification: {
          Containers: [{ Image: 'img:1', ModelDataUrl: rawUri }],
          SupportedContentTypes: ['text/csv'],
          SupportedResponseMIMETypes: ['text/csv'],
        },
      }),
    );
    const described = await sm.send(
      new DescribeModelPackageCommand({ ModelPackageName: created.ModelPackageArn }),
    );
    assert.equal(described.InferenceSpecification?.Containers?.[0]?.ModelDataETag, sha256(raw));

    // A prefix (S3DataType S3Prefix, or a URI ending in '/') is many objects, not one: recorded
    // unverified, not refused as missing, though objects exist under it in the store's bucket.
    const prefixUri = `s3://${s3.bucket}/${PREFIX}raw`;
    const multi = await sm.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: 's3-pinned-sm',
        InferenceSpecification: {
          Containers: [
            {
              Image: 'img:1',
              ModelDataSource: {
                S3DataSource: { S3Uri: prefixUri, S3DataType: 'S3Prefix', CompressionType: 'None' },
              },
            },
            { Image: 'img:2', ModelDataUrl: `${prefixUri}/` },
          ],
          SupportedContentTypes: ['text/csv'],
          SupportedResponseMIMETypes: ['text/csv'],
        },
      }),
    );
    const version = Number(multi.ModelPackageArn?.split('/').pop());
    const shown = await call<VersionJson>(server.url, 'GET', `/groups/s3-pinned-sm/versions/${version}`);
    assert.equal(shown.status, 200, JSON.stringify(shown.json));
    assert.deepEqual(shown.json.artifacts, [
      {
        field: 'InferenceSpecification.Containers[0].ModelDataSource.S3DataSource.S3Uri',
        uri: prefixUri,
        verified: false,
      },
      { field: 'InferenceSpecification.Containers[1].ModelDataUrl', uri: `${prefixUri}/`, verified: false },
    ]);
  });

  test('gc deletes an unreferenced blob from the bucket and keeps pinned ones', async () => {
    const kept = (await upload(server.url, bytesOf(1000, 65))).json;
    const dropped = (await upload(server.url, bytesOf(1000, 66))).json;
    await call(server.url, 'POST', '/groups', { name: 's3-gc' });
    await call(server.url, 'POST', '/groups/s3-gc/versions', { image: 'img:1', artifactUri: kept.uri });
    const gc = await call<{ deleted: { sha256: string }[] }>(server.url, 'POST', '/artifacts/gc', {
      graceSeconds: 0,
    });
    assert.equal(gc.status, 200);
    const deleted = gc.json.deleted.map((d) => d.sha256);
    assert.ok(deleted.includes(dropped.sha256));
    assert.ok(!deleted.includes(kept.sha256));
    assert.ok(!(await exists(`${PREFIX}sha256/${dropped.sha256}`)));
    assert.ok(await exists(`${PREFIX}sha256/${kept.sha256}`));
  });
});
