import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DeleteModelPackageGroupPolicyCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  GetModelPackageGroupPolicyCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  PutModelPackageGroupPolicyCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { authed } from '../helpers/authed.js';
import { backends } from '../helpers/backends.js';
import { assertFails, assertOk, modelry } from '../helpers/cli.js';
import { skipWithoutBoto3 } from '../helpers/python.js';
import { ADMIN, startServer, type TestServer, waitFor } from '../helpers/server.js';

/** Account A is the server's own (MODELRY_ACCOUNT_ID's default); B and C are other accounts. */
const A = '000000000000';
const B = '111122223333';
const C = '444455556666';
const GROUP_ARN = `arn:aws:sagemaker:us-east-1:${A}:model-package-group/shared`;
const BOB_ARN = `arn:aws:iam::${B}:user/bob`;

/** SageMaker's documented cross-account pattern: the group to the account, its versions to the account. */
function sharePolicy(extra: object[] = []): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AddPermModelPackageGroupCrossAccount',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${B}:root` },
        Action: ['sagemaker:DescribeModelPackageGroup'],
        Resource: GROUP_ARN,
      },
      {
        Sid: 'AddPermModelPackageVersionCrossAccount',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${B}:root` },
        Action: [
          'sagemaker:DescribeModelPackage',
          'sagemaker:ListModelPackages',
          'sagemaker:CreateModelPackage',
        ],
        Resource: `arn:aws:sagemaker:us-east-1:${A}:model-package/shared/*`,
      },
      ...extra,
    ],
  });
}

interface Answer {
  name?: string;
  arn?: string;
  account?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  token?: string;
  items?: { account: string; resourceAccount?: string; principal: string; action: string }[];
  error?: { code: string; message: string };
}

const call = (base: string, token: string, method: string, path: string, body?: unknown) =>
  authed<Answer>(base, token, method, path, body);

function client(base: string, creds: { accessKeyId: string; secretAccessKey: string }): SageMakerClient {
  return new SageMakerClient({ endpoint: base, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
}

/** Runs `send`; the AWS error (name and message) it failed with, else undefined. */
async function failure(send: () => Promise<unknown>): Promise<{ name: string; message: string } | undefined> {
  try {
    await send();
    return undefined;
  } catch (err) {
    return { name: (err as Error).name, message: (err as Error).message };
  }
}

const container = {
  Containers: [{ Image: 'registry.example/m:1' }],
  SupportedContentTypes: ['text/csv'],
  SupportedResponseMIMETypes: ['text/csv'],
};

for (const { backend, skip } of await backends()) {
  describe(`cross-account access through group resource policies (${backend})`, { skip }, () => {
    let server: TestServer;
    let admin: SageMakerClient;
    let bob: SageMakerClient;
    let bobKey: { accessKeyId: string; secretAccessKey: string };
    let bobToken: string;
    /** Bob's user ARN, URL-encoded for the native routes that take a user. */
    const bobRef = encodeURIComponent(BOB_ARN);

    before(async () => {
      server = await startServer({ backend, auth: true });
      admin = client(server.url, ADMIN);
      await admin.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'shared' }));
      await admin.send(
        new CreateModelPackageCommand({
          ModelPackageGroupName: 'shared',
          InferenceSpecification: container,
        }),
      );
      const created = await call(server.url, ADMIN.token, 'POST', '/auth/users', {
        name: 'bob',
        account: B,
        roles: ['data-scientist'],
      });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      assert.equal(created.json.arn, BOB_ARN);
      assert.equal(created.json.account, B);
      const key = await call(server.url, ADMIN.token, 'POST', `/auth/users/${bobRef}/keys`);
      assert.equal(key.status, 201, JSON.stringify(key.json));
      bobKey = { accessKeyId: key.json.accessKeyId!, secretAccessKey: key.json.secretAccessKey! };
      bob = client(server.url, bobKey);
      const token = await call(server.url, ADMIN.token, 'POST', `/auth/users/${bobRef}/tokens`, {});
      assert.equal(token.status, 201, JSON.stringify(token.json));
      bobToken = token.json.token!;
    });

    after(async () => {
      admin?.destroy();
      bob?.destroy();
      await server?.stop();
    });

    it("a user of another account signs in as that account (whoami) and lists only its account's groups", async () => {
      const me = await call(server.url, bobToken, 'GET', '/auth/whoami');
      assert.equal(me.status, 200);
      assert.equal(me.json.account, B);
      assert.equal(me.json.arn, BOB_ARN);
      const listed = await bob.send(new ListModelPackageGroupsCommand({}));
      assert.deepEqual(listed.ModelPackageGroupSummaryList, []);
    });

    it('the CLI creates a user in another account and issues its key by ARN; whoami shows the account', async () => {
      const env = { MODELRY_ENDPOINT: server.url, MODELRY_TOKEN: ADMIN.token };
      const created = JSON.parse(
        assertOk(
          await modelry(
            ['auth', 'users', 'create', 'ci-b', '--role', 'viewer', '--account', B, '--json'],
            env,
          ),
        ),
      ) as Answer;
      assert.equal(created.arn, `arn:aws:iam::${B}:user/ci-b`);
      const token = JSON.parse(
        assertOk(await modelry(['auth', 'tokens', 'create', '--user', created.arn, '--json'], env)),
      ) as Answer;
      const me = assertOk(
        await modelry(['auth', 'whoami'], { MODELRY_ENDPOINT: server.url, MODELRY_TOKEN: token.token! }),
      );
      assert.match(me, new RegExp(`account\\s+${B}`));
      assertFails(
        await modelry(['auth', 'users', 'create', 'x', '--role', 'viewer', '--account', '42'], env),
        2,
        /--account takes a 12-digit account id/,
      );
    });

    it('only the home account administers other accounts', async () => {
      const badmin = await call(server.url, ADMIN.token, 'POST', '/auth/users', {
        name: 'b-admin',
        account: B,
        roles: ['admin'],
      });
      assert.equal(badmin.status, 201);
      const ref = encodeURIComponent(`arn:aws:iam::${B}:user/b-admin`);
      const token = (await call(server.url, ADMIN.token, 'POST', `/auth/users/${ref}/tokens`, {})).json
        .token!;
      // In its own account, B's admin manages users (a bare name means B)...
      const own = await call(server.url, token, 'POST', '/auth/users', { name: 'carol', roles: ['viewer'] });
      assert.equal(own.status, 201, JSON.stringify(own.json));
      assert.equal(own.json.arn, `arn:aws:iam::${B}:user/carol`);
      // ... but neither creates users in another account, nor reaches the home account's users.
      const elsewhere = await call(server.url, token, 'POST', '/auth/users', {
        name: 'mallory',
        account: C,
        roles: ['admin'],
      });
      assert.equal(elsewhere.status, 403);
      assert.equal(elsewhere.json.error?.code, 'AccessDenied');
      assert.match(
        elsewhere.json.error!.message,
        new RegExp(
          `arn:aws:iam::${B}:user/b-admin is not authorized to perform: modelry:ManageUsers on resource: arn:aws:iam::${C}:user/mallory`,
        ),
      );
      const home = encodeURIComponent(`arn:aws:iam::${A}:user/admin`);
      const key = await call(server.url, token, 'POST', `/auth/users/${home}/keys`);
      assert.equal(key.status, 403);
      assert.equal(key.json.error?.code, 'AccessDenied');
      // A malformed account is refused before anything else.
      const bad = await call(server.url, ADMIN.token, 'POST', '/auth/users', { name: 'x', account: '12' });
      assert.equal(bad.status, 400);
    });

    it('shares a group through its resource policy, exactly as IAM decides', async () => {
      // Before any policy: denied, naming who, what and where.
      const before = await failure(() =>
        bob.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: GROUP_ARN })),
      );
      assert.equal(before?.name, 'AccessDeniedException');
      assert.match(
        before!.message,
        new RegExp(
          `User: ${BOB_ARN} is not authorized to perform: sagemaker:DescribeModelPackageGroup on resource: ${GROUP_ARN} because no resource-based policy allows`,
        ),
      );

      await admin.send(
        new PutModelPackageGroupPolicyCommand({
          ModelPackageGroupName: 'shared',
          ResourcePolicy: sharePolicy(),
        }),
      );

      const group = await bob.send(
        new DescribeModelPackageGroupCommand({ ModelPackageGroupName: GROUP_ARN }),
      );
      assert.equal(group.ModelPackageGroupArn, GROUP_ARN);
      const listed = await bob.send(new ListModelPackagesCommand({ ModelPackageGroupName: GROUP_ARN }));
      assert.deepEqual(
        listed.ModelPackageSummaryList?.map((p) => p.ModelPackageArn),
        [`arn:aws:sagemaker:us-east-1:${A}:model-package/shared/1`],
      );
      const v1 = await bob.send(
        new DescribeModelPackageCommand({
          ModelPackageName: `arn:aws:sagemaker:us-east-1:${A}:model-package/shared/1`,
        }),
      );
      assert.equal(v1.ModelPackageVersion, 1);

      // The native API takes the group's ARN in place of its name, with the same policies.
      const native = `/groups/${encodeURIComponent(GROUP_ARN)}`;
      assert.equal((await call(server.url, bobToken, 'GET', native)).json.arn, GROUP_ARN);
      const versions = await authed<{ items: { arn: string }[] }>(
        server.url,
        bobToken,
        'GET',
        `${native}/versions`,
      );
      assert.deepEqual(
        versions.json.items.map((v) => v.arn),
        [`arn:aws:sagemaker:us-east-1:${A}:model-package/shared/1`],
      );
      const one = await call(server.url, bobToken, 'GET', `${native}/versions/1`);
      assert.equal(one.status, 200, JSON.stringify(one.json));
      const approvals = await call(server.url, bobToken, 'POST', `${native}/versions/1/approval`, {
        status: 'Approved',
      });
      assert.equal(approvals.status, 403);

      // Registering into A's group: the version is A's, and records B's principal as its creator.
      const created = await bob.send(
        new CreateModelPackageCommand({
          ModelPackageGroupName: GROUP_ARN,
          InferenceSpecification: container,
        }),
      );
      const v2Arn = `arn:aws:sagemaker:us-east-1:${A}:model-package/shared/2`;
      assert.equal(created.ModelPackageArn, v2Arn);
      const v2 = await admin.send(new DescribeModelPackageCommand({ ModelPackageName: v2Arn }));
      assert.equal(v2.ModelApprovalStatus, 'PendingManualApproval');
      assert.equal(v2.CreatedBy?.IamIdentity?.Arn, BOB_ARN);

      // The policy lists no UpdateModelPackage: editing and approving stay denied.
      const edit = await failure(() =>
        bob.send(
          new UpdateModelPackageCommand({
            ModelPackageArn: v2Arn,
            CustomerMetadataProperties: { owner: 'b' },
          }),
        ),
      );
      assert.equal(edit?.name, 'AccessDeniedException');
      assert.match(
        edit!.message,
        /because no resource-based policy allows the sagemaker:UpdateModelPackage action/,
      );
      const approve = await failure(() =>
        bob.send(new UpdateModelPackageCommand({ ModelPackageArn: v2Arn, ModelApprovalStatus: 'Approved' })),
      );
      assert.equal(approve?.name, 'AccessDeniedException');

      // The policy itself is B's to read only when it says so; it is then read by the group's ARN.
      const hidden = await failure(() =>
        bob.send(new GetModelPackageGroupPolicyCommand({ ModelPackageGroupName: GROUP_ARN })),
      );
      assert.equal(hidden?.name, 'AccessDeniedException');
      const readable = sharePolicy([
        {
          Sid: 'ReadPolicy',
          Effect: 'Allow',
          Principal: { AWS: BOB_ARN },
          Action: 'sagemaker:GetModelPackageGroupPolicy',
          Resource: GROUP_ARN,
        },
      ]);
      await admin.send(
        new PutModelPackageGroupPolicyCommand({ ModelPackageGroupName: 'shared', ResourcePolicy: readable }),
      );
      const got = await bob.send(new GetModelPackageGroupPolicyCommand({ ModelPackageGroupName: GROUP_ARN }));
      assert.equal(got.ResourcePolicy, readable);
    });

    it("an explicit Deny for the caller's principal wins over the account's Allow", async () => {
      await admin.send(
        new PutModelPackageGroupPolicyCommand({
          ModelPackageGroupName: 'shared',
          ResourcePolicy: sharePolicy([
            {
              Sid: 'NotBob',
              Effect: 'Deny',
              Principal: { AWS: BOB_ARN },
              Action: 'sagemaker:DescribeModelPackage',
              Resource: `arn:aws:sagemaker:us-east-1:${A}:model-package/shared/*`,
            },
          ]),
        }),
      );
      const denied = await failure(() =>
        bob.send(
          new DescribeModelPackageCommand({
            ModelPackageName: `arn:aws:sagemaker:us-east-1:${A}:model-package/shared/1`,
          }),
        ),
      );
      assert.equal(denied?.name, 'AccessDeniedException');
      assert.match(denied!.message, /with an explicit deny in a resource-based policy/);
      // The rest of the share still holds.
      await bob.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: GROUP_ARN }));
      await admin.send(
        new PutModelPackageGroupPolicyCommand({
          ModelPackageGroupName: 'shared',
          ResourcePolicy: sharePolicy(),
        }),
      );
    });

    it("a bare name means the caller's own account", async () => {
      const missing = await failure(() =>
        bob.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: 'shared' })),
      );
      assert.equal(missing?.name, 'ValidationException');
      assert.match(
        missing!.message,
        new RegExp(`arn:aws:sagemaker:us-east-1:${B}:model-package-group/shared`),
      );
      // B's own group of the same name is B's, apart from A's.
      const own = await bob.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'shared' }));
      assert.equal(own.ModelPackageGroupArn, `arn:aws:sagemaker:us-east-1:${B}:model-package-group/shared`);
      const mine = await bob.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'shared' }));
      assert.deepEqual(mine.ModelPackageSummaryList, []);
    });

    it("audits the call in both accounts' trails, with the caller's and the resource's account", async () => {
      const trail = await call(
        server.url,
        ADMIN.token,
        'GET',
        `/audit?action=${encodeURIComponent('sagemaker:CreateModelPackage')}&principal=bob`,
      );
      assert.equal(trail.status, 200, JSON.stringify(trail.json));
      const record = trail.json.items?.find((r) => r.resourceAccount === A);
      assert.ok(record, JSON.stringify(trail.json.items));
      assert.equal(record.account, B);
      // The chain, with the new column, verifies.
      const where = server.databaseUrl
        ? ['--database-url', server.databaseUrl]
        : ['--data-dir', server.dataDir];
      assert.match(assertOk(await modelry(['audit', 'verify', ...where])), /intact/);
      // The event of the registration is A's, and says who of which account changed it.
      type Events = {
        items: { event: { account: string; detail: { ChangedBy: string; ChangedByAccount?: string } } }[];
      };
      const registered = await waitFor(async () => {
        const events = await authed<Events>(server.url, ADMIN.token, 'GET', '/events?group=shared');
        return events.json.items?.find((e) => e.event.detail.ChangedByAccount === B);
      });
      assert.equal(registered.event.account, A);
      assert.equal(registered.event.detail.ChangedBy, 'bob');
    });

    it('boto3 signs as the other account and reaches the shared group by ARN', {
      skip: skipWithoutBoto3(),
    }, () => {
      const script = `
import sys, boto3, botocore
sm = boto3.client("sagemaker", endpoint_url=sys.argv[1], region_name="us-east-1")
print(sm.describe_model_package_group(ModelPackageGroupName=sys.argv[2])["ModelPackageGroupArn"])
try:
    sm.update_model_package(ModelPackageArn=sys.argv[3], ModelApprovalStatus="Approved")
    print("approved")
except botocore.exceptions.ClientError as e:
    print(e.response["Error"]["Code"])
`;
      const result = spawnSync(
        'python3',
        ['-c', script, server.url, GROUP_ARN, `arn:aws:sagemaker:us-east-1:${A}:model-package/shared/2`],
        {
          encoding: 'utf8',
          env: {
            ...process.env,
            AWS_ACCESS_KEY_ID: bobKey.accessKeyId,
            AWS_SECRET_ACCESS_KEY: bobKey.secretAccessKey,
            AWS_MAX_ATTEMPTS: '1',
            AWS_CONFIG_FILE: '/dev/null',
            AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          },
        },
      );
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(result.stdout.trim().split('\n'), [GROUP_ARN, 'AccessDeniedException']);
    });

    it('refuses a policy it could not evaluate exactly, and keeps the one in force', async () => {
      const bad = await failure(() =>
        admin.send(
          new PutModelPackageGroupPolicyCommand({
            ModelPackageGroupName: 'shared',
            ResourcePolicy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
            }),
          }),
        ),
      );
      assert.equal(bad?.name, 'ValidationException');
      assert.match(bad!.message, /Principal/);
      await bob.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: GROUP_ARN }));
    });

    it('deleting the policy ends the access', async () => {
      await admin.send(new DeleteModelPackageGroupPolicyCommand({ ModelPackageGroupName: 'shared' }));
      const denied = await failure(() =>
        bob.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: GROUP_ARN })),
      );
      assert.equal(denied?.name, 'AccessDeniedException');
      const registering = await failure(() =>
        bob.send(
          new CreateModelPackageCommand({
            ModelPackageGroupName: GROUP_ARN,
            InferenceSpecification: container,
          }),
        ),
      );
      assert.equal(registering?.name, 'AccessDeniedException');
    });
  });
}
