import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  PutModelPackageGroupPolicyCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { authed } from '../helpers/authed.js';
import { backends } from '../helpers/backends.js';
import { ADMIN, startServer, type TestServer } from '../helpers/server.js';

/** A is the server's own account, B another one; each has a user named bob. */
const A = '000000000000';
const B = '111122223333';
const GROUP_ARN = `arn:aws:sagemaker:us-east-1:${A}:model-package-group/shared`;
const REMOTE_BOB = `arn:aws:iam::${B}:user/bob`;
const LOCAL_BOB = `arn:aws:iam::${A}:user/bob`;

interface Answer {
  accessKeyId?: string;
  secretAccessKey?: string;
  token?: string;
  approvalStatus?: string;
  createdBy?: string;
  createdByArn?: string;
  collected?: { required: number; approvals: { by: string; byArn: string }[] };
  error?: { code: string; message: string };
}

const container = {
  Containers: [{ Image: 'registry.example/m:1' }],
  SupportedContentTypes: ['text/csv'],
  SupportedResponseMIMETypes: ['text/csv'],
};

/** The group shared with B for registering and approving its versions. */
const policy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${B}:root` },
      Action: ['sagemaker:DescribeModelPackageGroup'],
      Resource: GROUP_ARN,
    },
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${B}:root` },
      Action: [
        'sagemaker:DescribeModelPackage',
        'sagemaker:CreateModelPackage',
        'sagemaker:UpdateModelPackage',
      ],
      Resource: `arn:aws:sagemaker:us-east-1:${A}:model-package/shared/*`,
    },
  ],
});

/** Separation of duties and distinct approvers compare principals by account and name, not by name. */
for (const { backend, skip } of await backends()) {
  describe(`approval rules across accounts (${backend})`, { skip }, () => {
    let server: TestServer;
    const users: Record<'remote' | 'local', { token: string; sm: SageMakerClient }> = {} as never;
    const call = (token: string, method: string, path: string, body?: unknown) =>
      authed<Answer>(server.url, token, method, path, body);
    const native = `/groups/${encodeURIComponent(GROUP_ARN)}/versions`;

    before(async () => {
      server = await startServer({ backend, auth: true });
      const sm = (accessKeyId: string, secretAccessKey: string) =>
        new SageMakerClient({
          endpoint: server.url,
          region: 'us-east-1',
          credentials: { accessKeyId, secretAccessKey },
          maxAttempts: 1,
        });
      for (const [who, account, arn] of [
        ['remote', B, REMOTE_BOB],
        ['local', A, LOCAL_BOB],
      ] as const) {
        const created = await call(ADMIN.token, 'POST', '/auth/users', {
          name: 'bob',
          account,
          roles: ['data-scientist', 'approver'],
        });
        assert.equal(created.status, 201, JSON.stringify(created.json));
        const ref = encodeURIComponent(arn);
        const key = (await call(ADMIN.token, 'POST', `/auth/users/${ref}/keys`)).json;
        const token = (await call(ADMIN.token, 'POST', `/auth/users/${ref}/tokens`, {})).json;
        users[who] = { token: token.token!, sm: sm(key.accessKeyId!, key.secretAccessKey!) };
      }
      const admin = sm(ADMIN.accessKeyId, ADMIN.secretAccessKey);
      await admin.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'shared' }));
      await admin.send(
        new PutModelPackageGroupPolicyCommand({ ModelPackageGroupName: 'shared', ResourcePolicy: policy }),
      );
      admin.destroy();
    });
    after(async () => {
      users.remote?.sm.destroy();
      users.local?.sm.destroy();
      await server?.stop();
    });

    const register = async (who: 'remote' | 'local') =>
      (
        await users[who].sm.send(
          new CreateModelPackageCommand({
            ModelPackageGroupName: GROUP_ARN,
            InferenceSpecification: container,
          }),
        )
      )
        .ModelPackageArn!.split('/')
        .pop()!;

    it("a version registered by another account's bob is approved by the local bob; its own bob may not", async () => {
      const v = await register('remote');
      const described = await call(users.local.token, 'GET', `/groups/shared/versions/${v}`);
      assert.equal(described.json.createdBy, 'bob');
      assert.equal(described.json.createdByArn, REMOTE_BOB);

      const own = await call(users.remote.token, 'POST', `${native}/${v}/approval`, { status: 'Approved' });
      assert.equal(own.status, 409);
      assert.equal(own.json.error?.code, 'ApprovalRuleViolation');
      assert.match(own.json.error!.message, new RegExp(`^Separation of duties: ${REMOTE_BOB} registered`));

      const approved = await users.local.sm.send(
        new UpdateModelPackageCommand({
          ModelPackageArn: `arn:aws:sagemaker:us-east-1:${A}:model-package/shared/${v}`,
          ModelApprovalStatus: 'Approved',
        }),
      );
      assert.ok(approved.ModelPackageArn);
      const after = await call(ADMIN.token, 'GET', `/groups/shared/versions/${v}`);
      assert.equal(after.json.approvalStatus, 'Approved');
    });

    it('same-named users of two accounts are two distinct approvers; one of them is counted once', async () => {
      const rules = await call(ADMIN.token, 'PUT', '/groups/shared/approval-rules', { requiredApprovals: 2 });
      assert.equal(rules.status, 200, JSON.stringify(rules.json));
      const admin = await call(ADMIN.token, 'POST', '/groups/shared/versions', {
        image: 'registry.example/m:2',
      });
      assert.equal(admin.status, 201, JSON.stringify(admin.json));
      const v = (admin.json as { version?: number }).version;

      const first = await call(users.local.token, 'POST', `/groups/shared/versions/${v}/approval`, {
        status: 'Approved',
      });
      assert.equal(first.status, 200, JSON.stringify(first.json));
      assert.equal(first.json.approvalStatus, 'PendingManualApproval');
      const again = await call(users.local.token, 'POST', `/groups/shared/versions/${v}/approval`, {
        status: 'Approved',
      });
      assert.equal(again.status, 409);
      assert.match(again.json.error!.message, /^bob already approved/);

      const second = await call(users.remote.token, 'POST', `${native}/${v}/approval`, {
        status: 'Approved',
      });
      assert.equal(second.status, 200, JSON.stringify(second.json));
      assert.equal(second.json.approvalStatus, 'Approved');
      const seen = await call(ADMIN.token, 'GET', `/groups/shared/versions/${v}/approvals`);
      assert.deepEqual(
        seen.json.collected?.approvals.map((a) => [a.by, a.byArn]),
        [
          ['bob', LOCAL_BOB],
          ['bob', REMOTE_BOB],
        ],
      );
    });
  });
}
