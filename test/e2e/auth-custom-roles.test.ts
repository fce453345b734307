import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AddTagsCommand,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeModelPackageCommand,
  ListModelPackageGroupsCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import type { Role } from '../../src/sdk/client.js';
import { authed } from '../helpers/authed.js';
import { backends } from '../helpers/backends.js';
import { assertFails, assertOk, modelry } from '../helpers/cli.js';
import { ADMIN, startServer, type TestServer, waitFor } from '../helpers/server.js';

interface Answer {
  name?: string;
  arn?: string;
  builtIn?: boolean;
  roles?: string[];
  document?: unknown;
  /** Roles, or audit records. */
  items?: { name?: string; builtIn?: boolean; principal?: string; resource?: string; outcome?: string }[];
  accessKeyId?: string;
  secretAccessKey?: string;
  token?: string;
  error?: { code: string; message: string };
}

const call = (base: string, token: string, method: string, path: string, body?: unknown) =>
  authed<Answer>(base, token, method, path, body);

const container = {
  Containers: [{ Image: 'registry.example/m:1' }],
  SupportedContentTypes: ['text/csv'],
  SupportedResponseMIMETypes: ['text/csv'],
};

function sagemaker(base: string, creds: { accessKeyId: string; secretAccessKey: string }): SageMakerClient {
  return new SageMakerClient({ endpoint: base, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
}

/** Runs `send`; undefined when it succeeded, else the AWS error name. */
async function outcome(send: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await send();
    return undefined;
  } catch (err) {
    return (err as Error).name;
  }
}

const READ = {
  Sid: 'Read',
  Effect: 'Allow',
  Action: ['sagemaker:Describe*', 'sagemaker:List*'],
  Resource: '*',
};

/** Read everything; approve (only approve) versions of the groups whose version ARNs are given. */
function approveIn(...groups: string[]) {
  return {
    Version: '2012-10-17',
    Statement: [
      READ,
      {
        Sid: 'ApproveOnly',
        Effect: 'Allow',
        Action: 'sagemaker:UpdateModelPackage',
        Resource: groups.map((g) => `arn:aws:sagemaker:*:*:model-package/${g}/*`),
        Condition: { StringEquals: { 'sagemaker:ModelApprovalStatus': 'Approved' } },
      },
    ],
  };
}

for (const { backend, skip } of await backends()) {
  describe(`custom roles (${backend})`, { skip }, () => {
    let server: TestServer;
    let admin: SageMakerClient;
    let rita: SageMakerClient;
    let ritaToken: string;

    const register = async (group: string): Promise<string> =>
      (
        await admin.send(
          new CreateModelPackageCommand({ ModelPackageGroupName: group, InferenceSpecification: container }),
        )
      ).ModelPackageArn!;
    const approve = (arn: string, status: 'Approved' | 'Rejected' = 'Approved') =>
      outcome(() =>
        rita.send(new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: status })),
      );

    before(async () => {
      server = await startServer({ backend, auth: true });
      admin = sagemaker(server.url, ADMIN);
      for (const group of ['fraud', 'churn']) {
        await admin.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: group }));
      }
      const created = await call(server.url, ADMIN.token, 'POST', '/auth/roles', {
        name: 'release-manager',
        description: 'approves fraud models',
        document: approveIn('fraud'),
      });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      assert.equal(created.json.arn, 'arn:aws:iam::000000000000:role/release-manager');
      assert.equal(created.json.builtIn, false);
      // Any case names the role; the user holds it under the name it was created with.
      const user = await call(server.url, ADMIN.token, 'POST', '/auth/users', {
        name: 'rita',
        roles: ['Release-Manager'],
      });
      assert.equal(user.status, 201, JSON.stringify(user.json));
      assert.deepEqual(user.json.roles, ['release-manager']);
      const key = await call(server.url, ADMIN.token, 'POST', '/auth/users/rita/keys');
      rita = sagemaker(server.url, {
        accessKeyId: key.json.accessKeyId!,
        secretAccessKey: key.json.secretAccessKey!,
      });
      ritaToken = (await call(server.url, ADMIN.token, 'POST', '/auth/users/rita/tokens', {})).json.token!;
    });
    after(async () => {
      await server?.stop();
    });

    it('a user holding the role approves where it allows and nowhere else (AWS SDK for JS)', async () => {
      const fraud = await register('fraud');
      const churn = await register('churn');
      assert.equal(await outcome(() => rita.send(new ListModelPackageGroupsCommand({}))), undefined);
      assert.equal(
        await approve(fraud, 'Rejected'),
        'AccessDeniedException',
        'the role allows only Approved',
      );
      assert.equal(await approve(fraud), undefined);
      const described = await rita.send(new DescribeModelPackageCommand({ ModelPackageName: fraud }));
      assert.equal(described.ModelApprovalStatus, 'Approved');
      assert.equal(await approve(churn), 'AccessDeniedException');
      assert.equal(
        await outcome(() =>
          rita.send(
            new CreateModelPackageCommand({
              ModelPackageGroupName: 'fraud',
              InferenceSpecification: container,
            }),
          ),
        ),
        'AccessDeniedException',
      );
      assert.equal(
        await outcome(() => rita.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'mine' }))),
        'AccessDeniedException',
      );
    });

    it('a change to the role binds its holders from their next request', async () => {
      const churn = await register('churn');
      assert.equal(await approve(churn), 'AccessDeniedException');
      const widened = await call(server.url, ADMIN.token, 'PUT', '/auth/roles/release-manager', {
        document: approveIn('fraud', 'churn'),
      });
      assert.equal(widened.status, 200, JSON.stringify(widened.json));
      assert.deepEqual(widened.json.document, approveIn('fraud', 'churn'));
      assert.equal(await approve(churn), undefined);

      const fraud = await register('fraud');
      const narrowed = await call(server.url, ADMIN.token, 'PUT', '/auth/roles/RELEASE-MANAGER', {
        document: { Version: '2012-10-17', Statement: [READ] },
      });
      assert.equal(narrowed.status, 200);
      assert.equal(await approve(fraud), 'AccessDeniedException');
      assert.equal(await outcome(() => rita.send(new ListModelPackageGroupsCommand({}))), undefined);
      const kept = await call(server.url, ADMIN.token, 'GET', '/auth/roles/release-manager');
      assert.equal((kept.json as { description?: string }).description, 'approves fraud models');
    });

    it('a role can follow the tags of the version (the example of docs/security.md)', async () => {
      const tagged = await register('churn');
      const untagged = await register('churn');
      await admin.send(new AddTagsCommand({ ResourceArn: tagged, Tags: [{ Key: 'team', Value: 'fraud' }] }));
      const byTag = {
        Version: '2012-10-17',
        Statement: [
          READ,
          {
            Sid: 'ApproveTeamFraud',
            Effect: 'Allow',
            Action: 'sagemaker:UpdateModelPackage',
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:ResourceTag/team': 'fraud', 'sagemaker:ModelApprovalStatus': 'Approved' },
            },
          },
        ],
      };
      const put = await call(server.url, ADMIN.token, 'PUT', '/auth/roles/release-manager', {
        document: byTag,
      });
      assert.equal(put.status, 200);
      assert.equal(await approve(untagged), 'AccessDeniedException');
      assert.equal(await approve(tagged), undefined);
    });

    it('only admins manage roles: others get AccessDenied, recorded in the audit trail', async () => {
      const create = await call(server.url, ritaToken, 'POST', '/auth/roles', {
        name: 'my-own',
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      });
      assert.equal(create.status, 403);
      assert.equal(create.json.error?.code, 'AccessDenied');
      assert.match(create.json.error!.message, /modelry:CreateRole/);
      assert.match(create.json.error!.message, /role\/my-own/);
      for (const [method, path] of [
        ['GET', '/auth/roles'],
        ['GET', '/auth/roles/release-manager'],
        ['DELETE', '/auth/roles/release-manager'],
      ] as const) {
        assert.equal((await call(server.url, ritaToken, method, path)).status, 403, `${method} ${path}`);
      }
      const escalate = await call(server.url, ritaToken, 'PATCH', '/auth/users/rita', { roles: ['admin'] });
      assert.equal(escalate.status, 403);

      // A refusal is recorded once its answer has gone out, so the record may land just after the 403.
      const records = await waitFor(async () => {
        const found = (await call(server.url, ADMIN.token, 'GET', '/audit?action=modelry:CreateRole')).json
          .items!;
        const denied = found.some(
          (r) =>
            r.principal === 'rita' &&
            r.outcome === 'denied' &&
            r.resource === 'arn:aws:iam::000000000000:role/my-own',
        );
        return denied && found;
      });
      assert.ok(
        records.some(
          (r) =>
            r.principal === 'admin' &&
            r.outcome === 'allowed' &&
            r.resource === 'arn:aws:iam::000000000000:role/release-manager',
        ),
      );
      const updates = await call(server.url, ADMIN.token, 'GET', '/audit?action=modelry:UpdateRole');
      assert.ok(updates.json.items!.length >= 2);
    });

    it('lists built-in and custom roles; built-ins are fixed; unknown roles are named', async () => {
      const list = await call(server.url, ADMIN.token, 'GET', '/auth/roles');
      assert.equal(list.status, 200);
      const byName = new Map(list.json.items!.map((r) => [r.name, r]));
      for (const name of ['viewer', 'data-scientist', 'approver', 'admin']) {
        assert.equal(byName.get(name)?.builtIn, true, name);
      }
      assert.equal(byName.get('release-manager')?.builtIn, false);
      const viewer = await call(server.url, ADMIN.token, 'GET', '/auth/roles/viewer');
      assert.equal((viewer.json.document as { Statement: unknown[] }).Statement.length, 3);

      const redefine = await call(server.url, ADMIN.token, 'POST', '/auth/roles', {
        name: 'Approver',
        document: approveIn('fraud'),
      });
      assert.equal(redefine.status, 409);
      assert.equal(redefine.json.error?.code, 'RoleAlreadyExists');
      const twice = await call(server.url, ADMIN.token, 'POST', '/auth/roles', {
        name: 'RELEASE-manager',
        document: approveIn('fraud'),
      });
      assert.equal(twice.json.error?.code, 'RoleAlreadyExists');
      const change = await call(server.url, ADMIN.token, 'PUT', '/auth/roles/viewer', { description: 'x' });
      assert.equal(change.status, 400);
      assert.match(change.json.error!.message, /built-in/);
      const badDoc = await call(server.url, ADMIN.token, 'POST', '/auth/roles', {
        name: 'broken',
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] },
      });
      assert.equal(badDoc.status, 400);
      assert.equal(badDoc.json.error?.code, 'ValidationFailed');
      const badName = await call(server.url, ADMIN.token, 'POST', '/auth/roles', {
        name: 'no spaces',
        document: approveIn('fraud'),
      });
      assert.equal(badName.status, 400);

      const unknown = await call(server.url, ADMIN.token, 'POST', '/auth/users', {
        name: 'ursula',
        roles: ['viewer', 'release-mgr'],
      });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.error?.code, 'RoleNotFound');
      assert.match(
        unknown.json.error!.message,
        /release-mgr.*viewer, data-scientist, approver, admin, release-manager/,
      );
      const missing = await call(server.url, ADMIN.token, 'GET', '/auth/roles/release-mgr');
      assert.equal(missing.status, 404);
    });

    it('a role is deleted only once nobody holds it', async () => {
      await call(server.url, ADMIN.token, 'POST', '/auth/roles', {
        name: 'temp',
        document: { Version: '2012-10-17', Statement: [READ] },
      });
      assert.equal(
        (await call(server.url, ADMIN.token, 'POST', '/auth/users', { name: 'tim', roles: ['temp'] })).status,
        201,
      );
      const held = await call(server.url, ADMIN.token, 'DELETE', '/auth/roles/temp');
      assert.equal(held.status, 409);
      assert.equal(held.json.error?.code, 'RoleInUse');
      assert.match(held.json.error!.message, /held by tim/);
      assert.equal(
        (await call(server.url, ADMIN.token, 'PATCH', '/auth/users/tim', { roles: ['viewer'] })).status,
        200,
      );
      assert.equal((await call(server.url, ADMIN.token, 'DELETE', '/auth/roles/temp')).status, 204);
      assert.equal(
        (await call(server.url, ADMIN.token, 'GET', '/auth/roles/temp')).json.error?.code,
        'RoleNotFound',
      );
      const gone = await call(server.url, ADMIN.token, 'PATCH', '/auth/users/tim', { roles: ['temp'] });
      assert.equal(gone.json.error?.code, 'RoleNotFound');
    });

    it('the CLI creates, lists, describes, updates, gives and deletes a role', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'modelry-roles-cli-'));
      try {
        const env = { MODELRY_ENDPOINT: server.url, MODELRY_TOKEN: ADMIN.token };
        const file = join(dir, 'auditor.json');
        writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [READ] }));
        const created = JSON.parse(
          assertOk(
            await modelry(
              [
                'auth',
                'roles',
                'create',
                'auditor',
                '--policy-file',
                file,
                '--description',
                'reads',
                '--json',
              ],
              env,
            ),
          ),
        ) as Role;
        assert.equal(created.name, 'auditor');
        assert.equal(created.createdBy, 'admin');
        const table = assertOk(await modelry(['auth', 'roles', 'list'], env));
        assert.match(table, /^auditor +custom +1 +\S+ +reads$/m);
        assert.match(table, /^viewer +built-in +3/m);
        const described = assertOk(await modelry(['auth', 'roles', 'describe', 'AUDITOR'], env));
        assert.match(described, /^kind +custom$/m);
        assert.match(described, /"sagemaker:Describe\*"/);
        const updated = JSON.parse(
          assertOk(await modelry(['auth', 'roles', 'update', 'auditor', '--description', '', '--json'], env)),
        ) as Role;
        assert.equal(updated.description, undefined);
        assert.equal(updated.updatedBy, 'admin');
        assertOk(await modelry(['auth', 'users', 'create', 'audrey', '--role', 'auditor'], env));
        assertFails(
          await modelry(['auth', 'roles', 'delete', 'auditor'], env),
          1,
          /^modelry: RoleInUse: .*audrey/,
        );
        assertFails(
          await modelry(['auth', 'users', 'update', 'audrey', '--role', 'auditors'], env),
          1,
          /^modelry: RoleNotFound: Unknown role\(s\) auditors: the roles are .*auditor/,
        );
        assertOk(await modelry(['auth', 'users', 'update', 'audrey', '--role', 'viewer'], env));
        assert.match(
          assertOk(await modelry(['auth', 'roles', 'delete', 'auditor'], env)),
          /Deleted role auditor/,
        );
        assertFails(
          await modelry(['auth', 'roles', 'describe', 'auditor'], env),
          1,
          /^modelry: RoleNotFound: /,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
