import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BatchDescribeModelPackageCommand,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeModelPackageCommand,
  type SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { bytesOf, call, type ErrorBody, type Reply, sha256, upload } from '../helpers/artifact-http.js';
import { sagemakerClient } from '../helpers/aws.js';
import { backends } from '../helpers/backends.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Pinning at registration, on both faces: URIs into the store are checked and recorded with their
 * digest and size, missing ones refused naming the URI, external ones kept unverified.
 */

interface PinnedJson {
  field: string;
  uri: string;
  sha256?: string;
  size?: number;
  verified: boolean;
}
interface VersionJson {
  arn: string;
  version: number;
  artifacts: PinnedJson[];
}

function errorOf(reply: Reply<unknown>, status: number, code: string): ErrorBody['error'] {
  assert.equal(reply.status, status, JSON.stringify(reply.json));
  const { error } = reply.json as ErrorBody;
  assert.equal(error.code, code, error.message);
  return error;
}

for (const { backend, skip } of await backends()) {
  describe(`artifact pinning on ${backend} with the local store`, { skip }, () => {
    let server: TestServer;
    let sm: SageMakerClient;
    before(async () => {
      server = await startServer({ backend });
      sm = sagemakerClient(server.url);
    });
    after(async () => {
      sm?.destroy();
      assert.equal(await server?.stop(), 0);
    });

    test('registration pins artifacts in the store; the SageMaker face shows ModelDataETag', async () => {
      const model = bytesOf(20_000, 20);
      const report = Buffer.from('{"auc": 0.91}');
      const [m, r] = [(await upload(server.url, model)).json, (await upload(server.url, report)).json];
      await call(server.url, 'POST', '/groups', { name: 'pinned' });
      const registered = await call<VersionJson>(server.url, 'POST', '/groups/pinned/versions', {
        image: 'registry.example/churn:1',
        artifactUri: m.uri,
        sagemaker: {
          ModelMetrics: {
            ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: r.uri } },
            Bias: { Report: { ContentType: 'application/json', S3Uri: 'https://reports.example/bias.json' } },
          },
        },
      });
      assert.equal(registered.status, 201, JSON.stringify(registered.json));
      const expected: PinnedJson[] = [
        {
          field: 'InferenceSpecification.Containers[0].ModelDataUrl',
          uri: m.uri,
          sha256: m.sha256,
          size: model.length,
          verified: true,
        },
        {
          field: 'ModelMetrics.ModelQuality.Statistics.S3Uri',
          uri: r.uri,
          sha256: r.sha256,
          size: report.length,
          verified: true,
        },
        {
          field: 'ModelMetrics.Bias.Report.S3Uri',
          uri: 'https://reports.example/bias.json',
          verified: false,
        },
      ];
      assert.deepEqual(registered.json.artifacts, expected);
      const read = await call<VersionJson>(
        server.url,
        'GET',
        `/groups/pinned/versions/${registered.json.version}`,
      );
      assert.deepEqual(read.json.artifacts, expected);
      const listed = await call<{ items: VersionJson[] }>(server.url, 'GET', '/groups/pinned/versions');
      assert.deepEqual(listed.json.items[0]!.artifacts, expected);

      // The SageMaker face: a container pinned by digest carries it as ModelDataETag.
      await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'pinned-sm' }));
      const created = await sm.send(
        new CreateModelPackageCommand({
          ModelPackageGroupName: 'pinned-sm',
          InferenceSpecification: {
            Containers: [
              { Image: 'registry.example/churn:1', ModelDataUrl: m.uri },
              { Image: 'registry.example/side:1', ModelDataUrl: 's3://elsewhere/side.tar.gz' },
            ],
            SupportedContentTypes: ['text/csv'],
            SupportedResponseMIMETypes: ['text/csv'],
          },
        }),
      );
      const described = await sm.send(
        new DescribeModelPackageCommand({ ModelPackageName: created.ModelPackageArn }),
      );
      const containers = described.InferenceSpecification?.Containers ?? [];
      assert.equal(containers[0]?.ModelDataETag, m.sha256);
      assert.equal(containers[0]?.ModelDataUrl, m.uri);
      assert.equal(containers[1]?.ModelDataETag, undefined, 'an external URI has no digest');
      const batch = await sm.send(
        new BatchDescribeModelPackageCommand({ ModelPackageArnList: [created.ModelPackageArn!] }),
      );
      const summary = batch.ModelPackageSummaries?.[created.ModelPackageArn!];
      assert.equal(summary?.InferenceSpecification?.Containers?.[0]?.ModelDataETag, m.sha256);

      // Replacing the InferenceSpecification pins its artifacts again.
      const next = (await upload(server.url, bytesOf(21_000, 21))).json;
      const spec = (uri: string) => ({
        Containers: [{ Image: 'registry.example/churn:2', ModelDataUrl: uri }],
        SupportedContentTypes: ['text/csv'],
        SupportedResponseMIMETypes: ['text/csv'],
      });
      await sm.send(
        new UpdateModelPackageCommand({
          ModelPackageArn: created.ModelPackageArn,
          InferenceSpecification: spec(next.uri),
        }),
      );
      const updated = await sm.send(
        new DescribeModelPackageCommand({ ModelPackageName: created.ModelPackageArn }),
      );
      assert.equal(updated.InferenceSpecification?.Containers?.[0]?.ModelDataETag, next.sha256);
      const gone = `modelry://artifacts/sha256/${sha256('not uploaded')}`;
      await assert.rejects(
        sm.send(
          new UpdateModelPackageCommand({
            ModelPackageArn: created.ModelPackageArn,
            InferenceSpecification: spec(gone),
          }),
        ),
        (err: Error) => err.name === 'ValidationException' && err.message.includes(gone),
      );
      const native = await call<VersionJson>(server.url, 'GET', '/groups/pinned-sm/versions/1');
      assert.deepEqual(native.json.artifacts, [
        {
          field: 'InferenceSpecification.Containers[0].ModelDataUrl',
          uri: next.uri,
          sha256: next.sha256,
          size: 21_000,
          verified: true,
        },
      ]);
    });

    test('a URI into the store at which nothing is stored fails registration, naming the URI', async () => {
      const missing = `modelry://artifacts/sha256/${sha256('never uploaded either')}`;
      await call(server.url, 'POST', '/groups', { name: 'unpinned' });
      const native = await call(server.url, 'POST', '/groups/unpinned/versions', {
        image: 'registry.example/churn:1',
        artifactUri: missing,
      });
      const error = errorOf(native, 404, 'ArtifactNotFound');
      assert.ok(error.message.includes(missing), error.message);
      assert.deepEqual(error.details, {
        field: 'InferenceSpecification.Containers[0].ModelDataUrl',
        uri: missing,
      });

      await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'unpinned-sm' }));
      await assert.rejects(
        sm.send(
          new CreateModelPackageCommand({
            ModelPackageGroupName: 'unpinned-sm',
            InferenceSpecification: {
              Containers: [{ Image: 'registry.example/churn:1', ModelDataUrl: missing }],
              SupportedContentTypes: ['text/csv'],
              SupportedResponseMIMETypes: ['text/csv'],
            },
          }),
        ),
        (err: Error) => {
          assert.equal(err.name, 'ValidationException');
          assert.ok(err.message.includes(missing), err.message);
          return true;
        },
      );
      for (const group of ['unpinned', 'unpinned-sm']) {
        const versions = await call<{ items: unknown[] }>(server.url, 'GET', `/groups/${group}/versions`);
        assert.deepEqual(versions.json.items, [], `no version in ${group}`);
      }
    });

    test('a URI outside every store is an unverified external reference', async () => {
      await call(server.url, 'POST', '/groups', { name: 'external' });
      const registered = await call<VersionJson>(server.url, 'POST', '/groups/external/versions', {
        image: 'registry.example/churn:1',
        artifactUri: 's3://some-other-bucket/churn/model.tar.gz',
      });
      assert.equal(registered.status, 201);
      assert.deepEqual(registered.json.artifacts, [
        {
          field: 'InferenceSpecification.Containers[0].ModelDataUrl',
          uri: 's3://some-other-bucket/churn/model.tar.gz',
          verified: false,
        },
      ]);
      const bare = await call<VersionJson>(server.url, 'POST', '/groups/external/versions', {
        image: 'registry.example/churn:2',
      });
      assert.deepEqual(bare.json.artifacts, []);
    });
  });
}
