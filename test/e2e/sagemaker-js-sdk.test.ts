import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddTagsCommand,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DeleteModelPackageCommand,
  DeleteModelPackageGroupCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  ListModelPackagesCommand,
  ListTagsCommand,
  paginateListModelPackages,
  type SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { sagemakerClient } from '../helpers/aws.js';
import { backends } from '../helpers/backends.js';
import { startServer, type TestServer } from '../helpers/server.js';

const SPEC = {
  Containers: [
    {
      Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.0',
      ModelDataUrl: 's3://b/churn/model.tar.gz',
    },
  ],
  SupportedContentTypes: ['text/csv'],
  SupportedResponseMIMETypes: ['text/csv'],
};

for (const { backend, skip } of await backends()) {
  describe(`@aws-sdk/client-sagemaker on ${backend}`, { skip }, () => {
    let server: TestServer;
    let sm: SageMakerClient;
    before(async () => {
      server = await startServer({ backend });
      sm = sagemakerClient(server.url, 'AKIDJSUSER');
    });
    after(async () => {
      sm?.destroy();
      assert.equal(await server?.stop(), 0);
    });

    test('register → list → approve → describe', async () => {
      const { ModelPackageGroupArn } = await sm.send(
        new CreateModelPackageGroupCommand({
          ModelPackageGroupName: 'js-group',
          ModelPackageGroupDescription: 'from JS',
        }),
      );
      assert.match(
        ModelPackageGroupArn!,
        /^arn:aws:sagemaker:us-east-1:000000000000:model-package-group\/js-group$/,
      );
      const created = await sm.send(
        new CreateModelPackageCommand({ ModelPackageGroupName: 'js-group', InferenceSpecification: SPEC }),
      );
      assert.equal(
        created.ModelPackageArn,
        'arn:aws:sagemaker:us-east-1:000000000000:model-package/js-group/1',
      );
      const fresh = await sm.send(
        new DescribeModelPackageCommand({ ModelPackageName: created.ModelPackageArn }),
      );
      // Never updated: last modified when created, by its creator.
      assert.equal(fresh.LastModifiedTime?.getTime(), fresh.CreationTime?.getTime());
      assert.equal(fresh.LastModifiedBy?.IamIdentity?.PrincipalId, 'AKIDJSUSER');
      const listed = await sm.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'js-group' }));
      assert.equal(listed.ModelPackageSummaryList?.length, 1);
      assert.equal(listed.ModelPackageSummaryList?.[0]?.ModelApprovalStatus, 'PendingManualApproval');
      assert.ok(listed.ModelPackageSummaryList?.[0]?.CreationTime instanceof Date);
      await sm.send(
        new UpdateModelPackageCommand({
          ModelPackageArn: created.ModelPackageArn,
          ModelApprovalStatus: 'Approved',
          ApprovalDescription: 'looks good',
        }),
      );
      const d = await sm.send(new DescribeModelPackageCommand({ ModelPackageName: created.ModelPackageArn }));
      assert.equal(d.ModelApprovalStatus, 'Approved');
      assert.equal(d.ApprovalDescription, 'looks good');
      assert.equal(d.ModelPackageVersion, 1);
      assert.deepEqual(d.InferenceSpecification, SPEC);
      assert.equal(d.CreatedBy?.IamIdentity?.PrincipalId, 'AKIDJSUSER');
      assert.equal(d.LastModifiedBy?.IamIdentity?.PrincipalId, 'AKIDJSUSER');
      assert.ok(d.LastModifiedTime instanceof Date);
    });

    test('list summaries carry the registration type, also after an update changes it', async () => {
      await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'reg-type' }));
      const { ModelPackageArn } = await sm.send(
        new CreateModelPackageCommand({
          ModelPackageGroupName: 'reg-type',
          InferenceSpecification: SPEC,
          ModelPackageRegistrationType: 'Logged',
        }),
      );
      const types = async () =>
        (
          await sm.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'reg-type' }))
        ).ModelPackageSummaryList?.map((s) => s.ModelPackageRegistrationType);
      assert.deepEqual(await types(), ['Logged']);
      await sm.send(
        new UpdateModelPackageCommand({ ModelPackageArn, ModelPackageRegistrationType: 'Registered' }),
      );
      assert.deepEqual(await types(), ['Registered']);
    });

    test('a missing group is a ValidationException that says it does not exist', async () => {
      await assert.rejects(
        sm.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: 'nope' })),
        (err: Error & { $metadata: { httpStatusCode: number } }) => {
          assert.equal(err.name, 'ValidationException');
          assert.match(err.message, /model-package-group\/nope does not exist\./);
          assert.equal(err.$metadata.httpStatusCode, 400);
          return true;
        },
      );
    });

    test('the paginator walks 260 versions in order without repeats', async () => {
      await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'many' }));
      for (let i = 0; i < 260; i += 20) {
        await Promise.all(
          Array.from({ length: 20 }, () =>
            sm.send(
              new CreateModelPackageCommand({ ModelPackageGroupName: 'many', InferenceSpecification: SPEC }),
            ),
          ),
        );
      }
      const seen: number[] = [];
      for await (const page of paginateListModelPackages(
        { client: sm, pageSize: 25 },
        { ModelPackageGroupName: 'many' },
      )) {
        for (const s of page.ModelPackageSummaryList ?? []) seen.push(s.ModelPackageVersion!);
      }
      assert.deepEqual(
        seen,
        Array.from({ length: 260 }, (_, i) => i + 1),
      );
    });

    test('tags on groups and versions; deleting a version never frees its number', async () => {
      const group = await sm.send(
        new DescribeModelPackageGroupCommand({ ModelPackageGroupName: 'js-group' }),
      );
      await sm.send(
        new AddTagsCommand({
          ResourceArn: group.ModelPackageGroupArn,
          Tags: [{ Key: 'team', Value: 'risk' }],
        }),
      );
      const tags = await sm.send(new ListTagsCommand({ ResourceArn: group.ModelPackageGroupArn }));
      assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'risk' }]);
      await assert.rejects(
        sm.send(
          new AddTagsCommand({
            ResourceArn: group.ModelPackageGroupArn,
            Tags: [{ Key: 'aws:owner', Value: 'x' }],
          }),
        ),
        (err: Error) => err.name === 'ValidationException' && /reserved/.test(err.message),
      );
      const v2 = await sm.send(
        new CreateModelPackageCommand({ ModelPackageGroupName: 'js-group', InferenceSpecification: SPEC }),
      );
      assert.match(v2.ModelPackageArn!, /\/js-group\/2$/);
      await sm.send(new DeleteModelPackageCommand({ ModelPackageName: v2.ModelPackageArn }));
      const v3 = await sm.send(
        new CreateModelPackageCommand({ ModelPackageGroupName: 'js-group', InferenceSpecification: SPEC }),
      );
      assert.match(v3.ModelPackageArn!, /\/js-group\/3$/);
      await assert.rejects(
        sm.send(new DeleteModelPackageGroupCommand({ ModelPackageGroupName: 'js-group' })),
        {
          name: 'ConflictException',
        },
      );
    });
  });
}

describe('@aws-sdk/client-sagemaker: unversioned packages', () => {
  let server: TestServer;
  let sm: SageMakerClient;
  before(async () => {
    server = await startServer();
    sm = sagemakerClient(server.url);
  });
  after(async () => {
    sm?.destroy();
    await server?.stop();
  });

  test('a retried create with the same ClientToken returns the same package; another token is refused', async () => {
    const input = { ModelPackageName: 'market-model', InferenceSpecification: SPEC, ClientToken: 'tok-1' };
    const first = await sm.send(new CreateModelPackageCommand(input));
    const again = await sm.send(new CreateModelPackageCommand(input));
    assert.equal(again.ModelPackageArn, first.ModelPackageArn);
    assert.equal(
      first.ModelPackageArn,
      'arn:aws:sagemaker:us-east-1:000000000000:model-package/market-model',
    );
    await assert.rejects(
      sm.send(new CreateModelPackageCommand({ ...input, ClientToken: 'tok-2' })),
      (err: Error) => {
        assert.equal(err.name, 'ValidationException');
        assert.match(err.message, /already exists/);
        return true;
      },
    );
    await assert.rejects(
      sm.send(new CreateModelPackageCommand({ ...input, ModelPackageDescription: 'changed' })),
      { name: 'ConflictException' },
    );
  });
});
