import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ModelryClient } from '../../src/sdk/client.js';
import { backends } from '../helpers/backends.js';
import { assertEnvelope, assertIso, rejectsWith, seedVersions, versionPages } from '../helpers/native-api.js';
import { startServer, type TestServer } from '../helpers/server.js';

// Versions through the SDK: registration, lists (metric filters and sorts, paging), latest.
for (const { backend, skip } of await backends()) {
  describe(`native API versions and lists on ${backend}`, { skip }, () => {
    let server: TestServer;
    let alice: ModelryClient;
    let bob: ModelryClient;

    before(async () => {
      server = await startServer({ backend });
      alice = new ModelryClient({ endpoint: server.url, principal: 'alice' });
      bob = new ModelryClient({ endpoint: server.url, principal: 'bob' });
    });
    after(async () => {
      assert.equal(await server?.stop(), 0);
    });

    test('versions: register with the image shortcut and SageMaker members, and reject bad input', async () => {
      await alice.createGroup({ name: 'churn' });
      const sagemaker = {
        Domain: 'MACHINE_LEARNING',
        Task: 'CLASSIFICATION',
        SamplePayloadUrl: 's3://b/payload.csv',
        MetadataProperties: { CommitId: 'abc123', Repository: 'https://git.example/churn', ProjectId: 'p-1' },
        ModelMetrics: {
          ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: 's3://b/stats.json' } },
        },
        SourceUri: 's3://b/source.tar.gz',
      };
      const v = await alice.registerVersion('churn', {
        description: 'first',
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1',
        artifactUri: 's3://b/churn/model.tar.gz',
        contentTypes: ['text/csv'],
        responseTypes: ['application/json'],
        metrics: { auc: 0.93, 'f1.macro': 0.81 },
        metadata: { owner: 'team-a' },
        sagemaker,
      });
      assert.equal(v.arn, 'arn:aws:sagemaker:us-east-1:000000000000:model-package/churn/1');
      assert.deepEqual(
        [v.group, v.version, v.approvalStatus, v.createdBy],
        ['churn', 1, 'PendingManualApproval', 'alice'],
      );
      assertIso(v.createdAt, 'createdAt');
      const got = await bob.getVersion('churn', 1);
      assert.deepEqual(got.inferenceSpecification, {
        Containers: [
          {
            Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1',
            ModelDataUrl: 's3://b/churn/model.tar.gz',
          },
        ],
        SupportedContentTypes: ['text/csv'],
        SupportedResponseMIMETypes: ['application/json'],
      });
      assert.equal(got.image, '123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1');
      assert.equal(got.artifactUri, 's3://b/churn/model.tar.gz');
      assert.deepEqual(got.sagemaker, sagemaker);
      assert.deepEqual(got.metrics, { auc: 0.93, 'f1.macro': 0.81 });
      assert.deepEqual(got.metadata, { owner: 'team-a' });
      assert.equal(got.description, 'first');

      const path = '/api/v1/groups/churn/versions';
      await assertEnvelope(
        server.url,
        'POST',
        path,
        '{"sagemaker":{"ModelColour":"red"}}',
        400,
        'ValidationFailed',
      );
      await assertEnvelope(
        server.url,
        'POST',
        path,
        '{"sagemaker":{"SamplePayloadUrl":"ftp://x"}}',
        400,
        'ValidationFailed',
      );
      await assertEnvelope(server.url, 'POST', path, '{"metrics":{"1auc":0.9}}', 400, 'ValidationFailed');
      await assertEnvelope(server.url, 'POST', path, '{"metrics":{"bad name":0.9}}', 400, 'ValidationFailed');
      await assertEnvelope(server.url, 'POST', path, '{"metrics":{"auc":"high"}}', 400, 'ValidationFailed');
      await assertEnvelope(server.url, 'POST', path, '{"metrics":{"auc":true}}', 400, 'ValidationFailed');
      // A number in a string is not a number (the validator's type coercion must not apply to metrics).
      await assertEnvelope(server.url, 'POST', path, '{"metrics":{"auc":"0.93"}}', 400, 'ValidationFailed');
      await assertEnvelope(server.url, 'POST', path, '{"metrics":{"auc":null}}', 400, 'ValidationFailed');
      await assertEnvelope(server.url, 'POST', path, '{"imagee":"typo"}', 400, 'ValidationFailed');
      await assertEnvelope(server.url, 'POST', path, '{"approvalStatus":"Maybe"}', 400, 'ValidationFailed');
      await assertEnvelope(server.url, 'POST', '/api/v1/groups/ghost/versions', '{}', 404, 'GroupNotFound');
      await assertEnvelope(
        server.url,
        'GET',
        '/api/v1/groups/churn/versions/99',
        undefined,
        404,
        'PackageNotFound',
      );
      await assertEnvelope(
        server.url,
        'GET',
        '/api/v1/groups/churn/versions/zero',
        undefined,
        400,
        'ValidationFailed',
      );
      // None of the refused registrations took a number.
      assert.equal((await alice.registerVersion('churn', {})).version, 2);
    });

    test('versions: filters, metric sorts with stable paging, status and stage', async () => {
      const aucs = [0.85, 0.95, 0.9, 0.95, 0.7, 0.92, 0.95, 0.88];
      await seedVersions(alice, 'ranked', aucs);
      const versions = aucs.map((_, i) => i + 1);
      assert.deepEqual(
        (await versionPages(alice, 'ranked', { limit: 3 })).flat(),
        [...versions].reverse(),
        'default: newest first',
      );
      assert.deepEqual((await versionPages(alice, 'ranked', { limit: 3, sort: 'version' })).flat(), versions);
      assert.deepEqual(
        (await versionPages(alice, 'ranked', { limit: 5, sort: '-createdAt' })).flat(),
        [...versions].reverse(),
      );

      const highAuc = versions.filter((n) => aucs[n - 1]! >= 0.9).reverse();
      assert.deepEqual(
        (await versionPages(alice, 'ranked', { limit: 50, filter: 'auc >= 0.9' })).flat(),
        highAuc,
      );
      const both = versions.filter((n) => aucs[n - 1]! >= 0.9 && aucs[n - 1]! < 0.95).reverse();
      assert.deepEqual(
        (await versionPages(alice, 'ranked', { limit: 50, filter: 'auc >= 0.9 and auc < 0.95' })).flat(),
        both,
      );
      assert.deepEqual(
        (await versionPages(alice, 'ranked', { limit: 50, filter: 'auc > 0.9 and loss > 0.06' })).flat(),
        [6],
      );
      assert.deepEqual(
        (await versionPages(alice, 'ranked', { limit: 50, filter: 'precision > 0' })).flat(),
        [],
      );

      // Descending by auc; equal auc values come by descending version, and pages neither skip nor repeat.
      const byAuc = [...versions].sort((a, b) => aucs[b - 1]! - aucs[a - 1]! || b - a);
      const pages = await versionPages(alice, 'ranked', { limit: 2, sort: '-metrics.auc' });
      assert.deepEqual(pages.flat(), byAuc);
      assert.deepEqual(pages[0], [7, 4]);
      assert.deepEqual(pages[1], [2, 6]);
      assert.deepEqual(
        (await versionPages(alice, 'ranked', { limit: 3, sort: '-metrics.auc' })).flat(),
        byAuc,
      );
      const ascending = [...versions].sort((a, b) => aucs[a - 1]! - aucs[b - 1]! || a - b);
      assert.deepEqual(
        (await versionPages(alice, 'ranked', { limit: 3, sort: 'metrics.auc' })).flat(),
        ascending,
      );
      assert.deepEqual(
        (
          await versionPages(alice, 'ranked', { limit: 2, sort: '-metrics.auc', filter: 'auc >= 0.9' })
        ).flat(),
        byAuc.filter((n) => aucs[n - 1]! >= 0.9),
      );

      const first = await alice.listVersions('ranked', { sort: '-metrics.auc', limit: 2 });
      assert.ok(first.nextPageToken);
      await rejectsWith(
        alice.listVersions('ranked', {
          sort: '-metrics.auc',
          limit: 2,
          filter: 'auc >= 0.9',
          pageToken: first.nextPageToken,
        }),
        400,
        'InvalidPageToken',
      );
      await rejectsWith(
        alice.listVersions('ranked', { sort: 'metrics.auc', pageToken: first.nextPageToken }),
        400,
        'InvalidPageToken',
      );
      await rejectsWith(alice.listVersions('ranked', { filter: 'auc ~ 1' }), 400, 'InvalidFilter');
      await rejectsWith(alice.listVersions('ranked', { sort: 'colour' }), 400, 'InvalidFilter');
      await rejectsWith(alice.listVersions('ghost'), 404, 'GroupNotFound');

      await alice.setApproval('ranked', 3, 'Approved');
      await alice.setApproval('ranked', 6, 'Approved');
      await alice.setApproval('ranked', 5, 'Rejected');
      assert.deepEqual(
        (await alice.listVersions('ranked', { status: 'Approved' })).items.map((v) => v.version),
        [6, 3],
      );
      assert.deepEqual(
        (await alice.listVersions('ranked', { status: 'Rejected' })).items.map((v) => v.version),
        [5],
      );
      const staged = await alice.registerVersion('ranked', {
        lifecycle: { stage: 'Staging', stageStatus: 'InProgress' },
      });
      const staging = await alice.listVersions('ranked', { stage: 'Staging' });
      assert.deepEqual(
        staging.items.map((v) => v.version),
        [staged.version],
      );
      assert.deepEqual(staging.items[0]?.lifecycle, { stage: 'Staging', stageStatus: 'InProgress' });
      assert.deepEqual((await alice.listVersions('ranked', { stage: 'Production' })).items, []);
    });

    test('latest version, latest approved version, and 404 when there is none', async () => {
      await seedVersions(alice, 'latest', [0.8, 0.9, 0.7]);
      await rejectsWith(alice.latestVersion('latest', 'Approved'), 404, 'PackageNotFound');
      await assertEnvelope(
        server.url,
        'GET',
        '/api/v1/groups/latest/versions/latest?status=Approved',
        undefined,
        404,
        'PackageNotFound',
      );
      assert.equal((await alice.latestVersion('latest')).version, 3);
      await alice.setApproval('latest', 1, 'Approved');
      assert.equal((await alice.latestVersion('latest', 'Approved')).version, 1);
      await alice.setApproval('latest', 2, 'Approved');
      const latest = await alice.latestVersion('latest', 'Approved');
      assert.deepEqual([latest.version, latest.approvalStatus], [2, 'Approved']);
      await alice.setApproval('latest', 2, 'Rejected');
      assert.equal((await alice.latestVersion('latest', 'Approved')).version, 1);
      await rejectsWith(alice.latestVersion('ghost', 'Approved'), 404, 'GroupNotFound');
    });
  });
}
