import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { authed } from '../helpers/authed.js';
import { backends } from '../helpers/backends.js';
import { ADMIN, startServer, type TestServer } from '../helpers/server.js';

interface Answer {
  accessKeyId?: string;
  secretAccessKey?: string;
  token?: string;
  version?: number;
  approvalStatus?: string;
  collected?: { required: number; approvals: { by: string }[] };
  error?: { code: string; message: string };
}

const call = (base: string, token: string, method: string, path: string, body?: unknown) =>
  authed<Answer>(base, token, method, path, body);

const container = {
  Containers: [{ Image: 'registry.example/m:1' }],
  SupportedContentTypes: ['text/csv'],
  SupportedResponseMIMETypes: ['text/csv'],
};

/** Separation of duties and N-of-M approvals, end to end on both faces. */
for (const { backend, skip } of await backends()) {
  describe(`approval rules (${backend})`, { skip }, () => {
    let server: TestServer;
    const users: Record<string, { token: string; sm: SageMakerClient }> = {};
    const admin = () => users.admin!;

    before(async () => {
      server = await startServer({ backend, auth: true });
      const sm = (accessKeyId: string, secretAccessKey: string) =>
        new SageMakerClient({
          endpoint: server.url,
          region: 'us-east-1',
          credentials: { accessKeyId, secretAccessKey },
          maxAttempts: 1,
        });
      users.admin = { token: ADMIN.token, sm: sm(ADMIN.accessKeyId, ADMIN.secretAccessKey) };
      for (const [name, role] of [
        ['dana', 'data-scientist'],
        ['ada', 'approver'],
        ['abe', 'approver'],
      ] as const) {
        await call(server.url, ADMIN.token, 'POST', '/auth/users', { name, roles: [role] });
        const key = (await call(server.url, ADMIN.token, 'POST', `/auth/users/${name}/keys`)).json;
        const token = (await call(server.url, ADMIN.token, 'POST', `/auth/users/${name}/tokens`, {})).json;
        users[name] = { token: token.token!, sm: sm(key.accessKeyId!, key.secretAccessKey!) };
      }
      await admin().sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'sod' }));
    });
    after(async () => {
      await server?.stop();
    });

    const register = async (who: string) =>
      (
        await users[who]!.sm.send(
          new CreateModelPackageCommand({ ModelPackageGroupName: 'sod', InferenceSpecification: container }),
        )
      ).ModelPackageArn!;

    it('separation of duties binds admins too, on both faces, out of the box', async () => {
      const arn = await register('admin');
      await assert.rejects(
        admin().sm.send(
          new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: 'Approved' }),
        ),
        (err: Error) =>
          err.name === 'ValidationException' && /^Separation of duties: admin registered/.test(err.message),
      );
      const version = arn.split('/').pop();
      const native = await call(server.url, ADMIN.token, 'POST', `/groups/sod/versions/${version}/approval`, {
        status: 'Approved',
      });
      assert.equal(native.status, 409);
      assert.equal(native.json.error?.code, 'ApprovalRuleViolation');
      await assert.rejects(
        admin().sm.send(
          new CreateModelPackageCommand({
            ModelPackageGroupName: 'sod',
            InferenceSpecification: container,
            ModelApprovalStatus: 'Approved',
          }),
        ),
        (err: Error) => err.name === 'ValidationException' && /Separation of duties/.test(err.message),
      );
      // Another principal may approve it; the registrant may still reject its own version.
      await users.ada!.sm.send(
        new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: 'Approved' }),
      );
      const own = await register('dana');
      const rejected = await call(
        server.url,
        users.ada!.token,
        'POST',
        `/groups/sod/versions/${own.split('/').pop()}/approval`,
        {
          status: 'Rejected',
        },
      );
      assert.equal(rejected.status, 200);
    });

    it('N distinct approvers: partial approvals are recorded and visible; the Nth approves', async () => {
      const rules = await call(server.url, ADMIN.token, 'PUT', '/groups/sod/approval-rules', {
        requiredApprovals: 2,
      });
      assert.equal(rules.status, 200, JSON.stringify(rules.json));
      const arn = await register('dana');
      const v = arn.split('/').pop();
      const first = await call(server.url, users.ada!.token, 'POST', `/groups/sod/versions/${v}/approval`, {
        status: 'Approved',
        comment: 'looks good',
      });
      assert.equal(first.status, 200);
      assert.equal(first.json.approvalStatus, 'PendingManualApproval');
      const seen = await call(server.url, users.abe!.token, 'GET', `/groups/sod/versions/${v}/approvals`);
      assert.deepEqual(
        seen.json.collected?.approvals.map((a) => a.by),
        ['ada'],
      );
      assert.equal(seen.json.collected?.required, 2);
      const again = await call(server.url, users.ada!.token, 'POST', `/groups/sod/versions/${v}/approval`, {
        status: 'Approved',
      });
      assert.equal(again.status, 409);
      assert.match(again.json.error?.message ?? '', /already approved/);
      await users.abe!.sm.send(
        new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: 'Approved' }),
      );
      const done = await call(server.url, users.abe!.token, 'GET', `/groups/sod/versions/${v}`);
      assert.equal(done.json.approvalStatus, 'Approved');
      await call(server.url, ADMIN.token, 'PUT', '/groups/sod/approval-rules', { requiredApprovals: 1 });
    });

    it('metric gates and required fields hold on approval', async () => {
      await call(server.url, ADMIN.token, 'PUT', '/groups/sod/approval-rules', {
        metricGates: ['auc >= 0.9'],
        requiredFields: ['metadata.owner'],
      });
      const low = await call(server.url, users.dana!.token, 'POST', '/groups/sod/versions', {
        image: 'img:1',
        metrics: { auc: 0.8 },
        metadata: { owner: 'risk' },
      });
      const denied = await call(
        server.url,
        users.ada!.token,
        'POST',
        `/groups/sod/versions/${low.json.version}/approval`,
        { status: 'Approved' },
      );
      assert.equal(denied.status, 409);
      assert.match(denied.json.error?.message ?? '', /Metric gate "auc >= 0.9" does not hold/);
      const noOwner = await call(server.url, users.dana!.token, 'POST', '/groups/sod/versions', {
        image: 'img:1',
        metrics: { auc: 0.95 },
      });
      const missing = await call(
        server.url,
        users.ada!.token,
        'POST',
        `/groups/sod/versions/${noOwner.json.version}/approval`,
        { status: 'Approved' },
      );
      assert.match(missing.json.error?.message ?? '', /Required field metadata.owner is not set/);
      const good = await call(server.url, users.dana!.token, 'POST', '/groups/sod/versions', {
        image: 'img:1',
        metrics: { auc: 0.95 },
        metadata: { owner: 'risk' },
      });
      const ok = await call(
        server.url,
        users.ada!.token,
        'POST',
        `/groups/sod/versions/${good.json.version}/approval`,
        { status: 'Approved' },
      );
      assert.equal(ok.json.approvalStatus, 'Approved');
      await call(server.url, ADMIN.token, 'PUT', '/groups/sod/approval-rules', {
        metricGates: [],
        requiredFields: [],
      });
    });

    it('only an admin may turn separation of duties off, and then self-approval works', async () => {
      const denied = await call(server.url, users.ada!.token, 'PUT', '/groups/sod/approval-rules', {
        separationOfDuties: false,
      });
      assert.equal(denied.status, 403);
      const off = await call(server.url, ADMIN.token, 'PUT', '/groups/sod/approval-rules', {
        separationOfDuties: false,
      });
      assert.equal(off.status, 200);
      const arn = await register('admin');
      await admin().sm.send(
        new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: 'Approved' }),
      );
    });
  });
}
