import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateModelPackageCommand,
  DescribeModelPackageCommand,
  type SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { ModelryClient } from '../../src/sdk/client.js';
import { sagemakerClient } from '../helpers/aws.js';
import { backends } from '../helpers/backends.js';
import { assertEnvelope, assertIso, rejectsWith } from '../helpers/native-api.js';
import { startServer, type TestServer } from '../helpers/server.js';

// Groups, approvals, updates, deletes, the error envelope and the bridge to the SageMaker face.
// Versions and lists: native-api-versions.test.ts.
for (const { backend, skip } of await backends()) {
  describe(`native REST API and SDK on ${backend}`, { skip }, () => {
    let server: TestServer;
    let alice: ModelryClient;
    let bob: ModelryClient;
    let sm: SageMakerClient;

    before(async () => {
      server = await startServer({ backend });
      alice = new ModelryClient({ endpoint: server.url, principal: 'alice' });
      // A trailing slash on the endpoint is tolerated.
      bob = new ModelryClient({ endpoint: `${server.url}/`, principal: 'bob' });
      sm = sagemakerClient(server.url, 'AKIDNATIVE');
    });
    after(async () => {
      sm?.destroy();
      assert.equal(await server?.stop(), 0);
    });

    test('groups: create with tags, get, patch, delete, and their errors', async () => {
      const created = await alice.createGroup({
        name: 'fraud',
        description: 'card fraud',
        tags: { team: 'risk' },
      });
      assert.equal(created.arn, 'arn:aws:sagemaker:us-east-1:000000000000:model-package-group/fraud');
      assert.deepEqual(
        [created.name, created.description, created.createdBy],
        ['fraud', 'card fraud', 'alice'],
      );
      assertIso(created.createdAt, 'createdAt');
      const got = await bob.getGroup('fraud');
      assert.deepEqual(got.tags, { team: 'risk' });
      assert.equal(got.createdBy, 'alice');
      assert.equal((await bob.updateGroup('fraud', { description: 'all fraud' })).description, 'all fraud');
      assert.equal((await bob.getGroup('fraud')).description, 'all fraud');
      assert.equal((await bob.updateGroup('fraud', { description: null })).description, undefined);

      await rejectsWith(alice.createGroup({ name: 'fraud' }), 409, 'GroupAlreadyExists');
      await assertEnvelope(
        server.url,
        'POST',
        '/api/v1/groups',
        '{"name":"fraud"}',
        409,
        'GroupAlreadyExists',
      );
      await assertEnvelope(
        server.url,
        'GET',
        '/api/v1/groups/no-such-group',
        undefined,
        404,
        'GroupNotFound',
      );
      await assertEnvelope(
        server.url,
        'POST',
        '/api/v1/groups',
        '{"name":"bad_name!"}',
        400,
        'ValidationFailed',
      );
      await assertEnvelope(
        server.url,
        'POST',
        '/api/v1/groups',
        '{"name":"x","colour":"red"}',
        400,
        'ValidationFailed',
      );
      await assertEnvelope(server.url, 'POST', '/api/v1/groups', '{"name":', 400, 'MalformedRequest');
      await assertEnvelope(server.url, 'GET', '/api/v1/no/such/route', undefined, 404, 'RouteNotFound');
      await assertEnvelope(server.url, 'POST', '/api/v1/nothing-here', '{}', 404, 'RouteNotFound');

      await alice.registerVersion('fraud', { image: 'img:1' });
      const notEmpty = await rejectsWith(alice.deleteGroup('fraud'), 409, 'GroupNotEmpty');
      assert.equal(notEmpty.details.versions, 1);
      await alice.deleteVersion('fraud', 1);
      await alice.deleteGroup('fraud');
      await rejectsWith(alice.getGroup('fraud'), 404, 'GroupNotFound');
      await rejectsWith(alice.deleteGroup('fraud'), 404, 'GroupNotFound');
    });

    test('groups: paging with limit and pageToken, sorts and nameContains', async () => {
      const names = ['pg-delta', 'pg-alpha', 'pg-echo', 'pg-bravo', 'pg-charlie', 'pg-golf', 'pg-foxtrot'];
      for (const name of names) await alice.createGroup({ name });
      await alice.createGroup({ name: 'other-group' });
      const all = async (sort: string, limit: number) => {
        const seen: string[] = [];
        let pageToken: string | undefined;
        let pages = 0;
        do {
          const page = await alice.listGroups({
            nameContains: 'PG-',
            sort,
            limit,
            ...(pageToken && { pageToken }),
          });
          assert.ok(page.items.length <= limit);
          seen.push(...page.items.map((g) => g.name));
          pageToken = page.nextPageToken;
          pages++;
        } while (pageToken && pages < 50);
        assert.equal(pageToken, undefined, 'paging never ended');
        return { seen, pages };
      };
      const sorted = [...names].sort();
      const byName = await all('name', 2);
      assert.deepEqual(byName.seen, sorted);
      assert.equal(byName.pages, 4);
      assert.deepEqual((await all('-name', 3)).seen, [...sorted].reverse());
      assert.deepEqual((await all('createdAt', 2)).seen, names);
      assert.deepEqual((await all('-createdAt', 4)).seen, [...names].reverse());
      assert.deepEqual(
        (await alice.listGroups({ nameContains: 'fox' })).items.map((g) => g.name),
        ['pg-foxtrot'],
      );
      const unfiltered = await alice.listGroups({ limit: 100 });
      assert.ok(unfiltered.items.some((g) => g.name === 'other-group'));

      const first = await alice.listGroups({ nameContains: 'pg-', limit: 2 });
      assert.ok(first.nextPageToken);
      await rejectsWith(
        alice.listGroups({ nameContains: 'pg-a', limit: 2, pageToken: first.nextPageToken }),
        400,
        'InvalidPageToken',
      );
      await rejectsWith(alice.listGroups({ pageToken: 'not-a-token' }), 400, 'InvalidPageToken');
      await rejectsWith(alice.listGroups({ sort: 'size' }), 400, 'ValidationFailed');
      await rejectsWith(alice.listGroups({ limit: 101 }), 400, 'ValidationFailed');
    });

    test('approvals record who, when, from, to and why, in order', async () => {
      await alice.createGroup({ name: 'approvals' });
      await alice.registerVersion('approvals', { image: 'img:1' });
      const approved = await bob.setApproval('approvals', 1, 'Approved', 'offline eval passed');
      assert.deepEqual(
        [approved.approvalStatus, approved.approvalDescription, approved.updatedBy],
        ['Approved', 'offline eval passed', 'bob'],
      );
      assertIso(approved.updatedAt, 'updatedAt');
      // A decided version may go back to pending for another review; the history keeps every step.
      const reopened = await bob.setApproval('approvals', 1, 'PendingManualApproval', 'needs a second look');
      assert.equal(reopened.approvalStatus, 'PendingManualApproval');
      await bob.setApproval('approvals', 1, 'Approved', 'offline eval passed');
      await assertEnvelope(
        server.url,
        'POST',
        '/api/v1/groups/approvals/versions/1/approval',
        '{"status":"Yes"}',
        400,
        'ValidationFailed',
      );
      await alice.setApproval('approvals', 1, 'Rejected', 'drift in production');
      const { items } = await alice.approvalHistory('approvals', 1);
      // The registration itself opens the history (no "from"); then each change, oldest first.
      assert.deepEqual(
        items.map((c) => [c.by, c.from, c.to, c.comment]),
        [
          ['alice', undefined, 'PendingManualApproval', undefined],
          ['bob', 'PendingManualApproval', 'Approved', 'offline eval passed'],
          ['bob', 'Approved', 'PendingManualApproval', 'needs a second look'],
          ['bob', 'PendingManualApproval', 'Approved', 'offline eval passed'],
          ['alice', 'Approved', 'Rejected', 'drift in production'],
        ],
      );
      for (const c of items) assertIso(c.at, 'at');
      const times = items.map((c) => Date.parse(c.at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
      );
      assert.equal((await alice.getVersion('approvals', 1)).approvalStatus, 'Rejected');
      await rejectsWith(alice.approvalHistory('approvals', 9), 404, 'PackageNotFound');
    });

    test('PATCH merges metadata and metrics and keeps other members; DELETE removes a version', async () => {
      await alice.createGroup({ name: 'patching' });
      await alice.registerVersion('patching', {
        description: 'keep me',
        image: 'img:1',
        metrics: { auc: 0.9, loss: 0.2 },
        metadata: { a: '1', b: '2' },
      });
      const patched = await bob.updateVersion('patching', 1, {
        metadata: { b: '3', c: '4' },
        metrics: { loss: null, f1: 0.5 },
      });
      assert.deepEqual(patched.metadata, { a: '1', b: '3', c: '4' });
      assert.deepEqual(patched.metrics, { auc: 0.9, f1: 0.5 });
      assert.deepEqual(
        [patched.description, patched.image, patched.createdBy, patched.updatedBy],
        ['keep me', 'img:1', 'alice', 'bob'],
      );
      assertIso(patched.updatedAt, 'updatedAt');
      const again = await alice.updateVersion('patching', 1, {
        removeMetadata: ['a'],
        description: 'changed',
      });
      assert.deepEqual(again.metadata, { b: '3', c: '4' });
      assert.deepEqual(again.metrics, { auc: 0.9, f1: 0.5 });
      assert.equal(again.description, 'changed');
      assert.deepEqual(await alice.getVersion('patching', 1), again);
      await assertEnvelope(
        server.url,
        'PATCH',
        '/api/v1/groups/patching/versions/1',
        '{"metrics":{"auc":"x"}}',
        400,
        'ValidationFailed',
      );
      for (const metrics of ['{"auc":true}', '{"auc":"0.95"}', '{"auc":[1]}']) {
        await assertEnvelope(
          server.url,
          'PATCH',
          '/api/v1/groups/patching/versions/1',
          `{"metrics":${metrics}}`,
          400,
          'ValidationFailed',
        );
      }
      assert.deepEqual((await alice.getVersion('patching', 1)).metrics, { auc: 0.9, f1: 0.5 });
      await assertEnvelope(
        server.url,
        'PATCH',
        '/api/v1/groups/patching/versions/1',
        '{"approvalStatus":"Approved"}',
        400,
        'ValidationFailed',
      );

      await alice.deleteVersion('patching', 1);
      await rejectsWith(alice.getVersion('patching', 1), 404, 'PackageNotFound');
      await rejectsWith(alice.deleteVersion('patching', 1), 404, 'PackageNotFound');
      assert.equal((await alice.registerVersion('patching', {})).version, 2, 'numbers are never reused');
    });

    test('the SageMaker face and the native face see the same versions', async () => {
      await alice.createGroup({ name: 'both-faces' });
      const viaAws = await sm.send(
        new CreateModelPackageCommand({
          ModelPackageGroupName: 'both-faces',
          InferenceSpecification: {
            Containers: [{ Image: 'img:aws', ModelDataUrl: 's3://b/aws.tar.gz' }],
            SupportedContentTypes: ['text/csv'],
            SupportedResponseMIMETypes: ['text/csv'],
          },
        }),
      );
      assert.equal(
        viaAws.ModelPackageArn,
        'arn:aws:sagemaker:us-east-1:000000000000:model-package/both-faces/1',
      );
      const seen = await alice.getVersion('both-faces', 1);
      assert.deepEqual(
        [seen.image, seen.artifactUri, seen.createdBy],
        ['img:aws', 's3://b/aws.tar.gz', 'AKIDNATIVE'],
      );

      const native = await alice.registerVersion('both-faces', {
        image: 'img:native',
        artifactUri: 's3://b/n.tar.gz',
      });
      await bob.setApproval('both-faces', native.version, 'Approved', 'ship it');
      const described = await sm.send(new DescribeModelPackageCommand({ ModelPackageName: native.arn }));
      assert.equal(described.ModelApprovalStatus, 'Approved');
      assert.equal(described.ApprovalDescription, 'ship it');
      assert.equal(described.InferenceSpecification?.Containers?.[0]?.Image, 'img:native');
      assert.ok(described.CreationTime instanceof Date);

      await sm.send(
        new UpdateModelPackageCommand({
          ModelPackageArn: viaAws.ModelPackageArn,
          ModelApprovalStatus: 'Rejected',
        }),
      );
      assert.equal((await alice.getVersion('both-faces', 1)).approvalStatus, 'Rejected');
      const history = await alice.approvalHistory('both-faces', 1);
      assert.deepEqual(history.items.at(-1)?.by, 'AKIDNATIVE');
      assert.deepEqual(history.items.at(-1)?.to, 'Rejected');
      assert.equal((await alice.latestVersion('both-faces', 'Approved')).version, 2);
    });
  });
}
