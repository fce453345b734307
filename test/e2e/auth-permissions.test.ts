import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DeleteModelPackageCommand,
  ListModelPackageGroupsCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { authed } from '../helpers/authed.js';
import { backends } from '../helpers/backends.js';
import { skipWithoutAwsCli, skipWithoutBoto3 } from '../helpers/python.js';
import { ADMIN, startServer, type TestServer } from '../helpers/server.js';

type Role = 'viewer' | 'data-scientist' | 'approver' | 'admin';
const ROLES: readonly Role[] = ['viewer', 'data-scientist', 'approver', 'admin'];

interface Creds {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly token: string;
}

/** The members these tests read from native answers. */
interface Answer {
  accessKeyId?: string;
  secretAccessKey?: string;
  token?: string;
  version?: number;
  error?: { code: string; message: string };
}

const call = (base: string, token: string, method: string, path: string, body?: unknown) =>
  authed<Answer>(base, token, method, path, body);

function client(base: string, creds: { accessKeyId: string; secretAccessKey: string }): SageMakerClient {
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

const container = {
  Containers: [{ Image: 'registry.example/m:1' }],
  SupportedContentTypes: ['text/csv'],
  SupportedResponseMIMETypes: ['text/csv'],
};

for (const { backend, skip } of await backends()) {
  describe(`permissions by role, on both faces (${backend})`, { skip }, () => {
    let server: TestServer;
    const creds = {} as Record<Role, Creds>;

    before(async () => {
      server = await startServer({ backend, auth: true });
      for (const role of ROLES) {
        const name = `${role}-user`;
        assert.equal(
          (await call(server.url, ADMIN.token, 'POST', '/auth/users', { name, roles: [role] })).status,
          201,
        );
        const key = await call(server.url, ADMIN.token, 'POST', `/auth/users/${name}/keys`);
        const token = await call(server.url, ADMIN.token, 'POST', `/auth/users/${name}/tokens`, {});
        creds[role] = {
          accessKeyId: key.json.accessKeyId!,
          secretAccessKey: key.json.secretAccessKey!,
          token: token.json.token!,
        };
      }
      await client(server.url, ADMIN).send(
        new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'perm' }),
      );
    });
    after(async () => {
      await server?.stop();
    });

    it('nobody without credentials reads or changes anything', async () => {
      for (const [method, path] of [
        ['GET', '/groups'],
        ['POST', '/groups'],
        ['GET', '/events'],
        ['GET', '/auth/users'],
      ] as const) {
        const res = await fetch(`${server.url}/api/v1${path}`, {
          method,
          ...(method === 'POST' && { headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' }),
        });
        assert.equal(res.status, 401, `${method} ${path}`);
        assert.equal(
          ((await res.json()) as { error: { code: string } }).error.code,
          'AuthenticationRequired',
        );
      }
      const unsigned = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'SageMaker.ListModelPackageGroups',
        },
        body: '{}',
      });
      assert.equal(unsigned.status, 403);
      assert.equal(unsigned.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
      const wrong = await outcome(() =>
        client(server.url, { accessKeyId: ADMIN.accessKeyId, secretAccessKey: 'not-the-secret-at-all' }).send(
          new ListModelPackageGroupsCommand({}),
        ),
      );
      assert.equal(wrong, 'InvalidSignatureException');
      const unknown = await outcome(() =>
        client(server.url, { accessKeyId: 'AKIDUNKNOWN000000000', secretAccessKey: 'x'.repeat(40) }).send(
          new ListModelPackageGroupsCommand({}),
        ),
      );
      assert.equal(unknown, 'UnrecognizedClientException');
    });

    it('SageMaker face: each role may do what its policy allows, and nothing else', async () => {
      const expected: Record<string, Record<Role, boolean>> = {
        ListModelPackageGroups: { viewer: true, 'data-scientist': true, approver: true, admin: true },
        CreateModelPackageGroup: { viewer: false, 'data-scientist': true, approver: false, admin: true },
        'CreateModelPackage (pending)': {
          viewer: false,
          'data-scientist': true,
          approver: false,
          admin: true,
        },
        'CreateModelPackage (approved)': {
          viewer: false,
          'data-scientist': false,
          approver: false,
          admin: true,
        },
        'UpdateModelPackage (approve)': {
          viewer: false,
          'data-scientist': false,
          approver: true,
          admin: true,
        },
        'UpdateModelPackage (metadata)': {
          viewer: false,
          'data-scientist': true,
          approver: false,
          admin: true,
        },
        DeleteModelPackage: { viewer: false, 'data-scientist': false, approver: false, admin: true },
      };
      const arn = (
        await client(server.url, ADMIN).send(
          new CreateModelPackageCommand({ ModelPackageGroupName: 'perm', InferenceSpecification: container }),
        )
      ).ModelPackageArn!;
      for (const role of ROLES) {
        const sm = client(server.url, creds[role]);
        const ops: Record<string, () => Promise<unknown>> = {
          ListModelPackageGroups: () => sm.send(new ListModelPackageGroupsCommand({})),
          CreateModelPackageGroup: () =>
            sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: `g-${role}` })),
          'CreateModelPackage (pending)': () =>
            sm.send(
              new CreateModelPackageCommand({
                ModelPackageGroupName: 'perm',
                InferenceSpecification: container,
              }),
            ),
          'CreateModelPackage (approved)': () =>
            sm.send(
              new CreateModelPackageCommand({
                ModelPackageGroupName: 'perm',
                InferenceSpecification: container,
                ModelApprovalStatus: 'Approved',
              }),
            ),
          'UpdateModelPackage (approve)': () =>
            sm.send(new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: 'Approved' })),
          'UpdateModelPackage (metadata)': () =>
            sm.send(
              new UpdateModelPackageCommand({
                ModelPackageArn: arn,
                CustomerMetadataProperties: { by: role },
              }),
            ),
          // A version that does not exist: allowed callers get past authorization to ValidationException.
          DeleteModelPackage: () =>
            sm.send(new DeleteModelPackageCommand({ ModelPackageName: `${arn.replace(/\/\d+$/, '')}/999` })),
        };
        for (const [op, send] of Object.entries(ops)) {
          const result = await outcome(send);
          const allowed = expected[op]![role];
          if (allowed) assert.notEqual(result, 'AccessDeniedException', `${role} should be allowed ${op}`);
          else assert.equal(result, 'AccessDeniedException', `${role} should be denied ${op}`);
        }
      }
    });

    it('native face: the same policies govern the same actions', async () => {
      const version = await call(server.url, ADMIN.token, 'POST', '/groups/perm/versions', {
        image: 'registry.example/m:2',
      });
      const v = version.json.version as number;
      const expected: [string, string, unknown, Record<Role, boolean>][] = [
        ['GET', '/groups', undefined, { viewer: true, 'data-scientist': true, approver: true, admin: true }],
        [
          'POST',
          '/groups/perm/versions',
          { image: 'registry.example/m:3' },
          { viewer: false, 'data-scientist': true, approver: false, admin: true },
        ],
        [
          'POST',
          `/groups/perm/versions/${v}/approval`,
          { status: 'Rejected' },
          { viewer: false, 'data-scientist': false, approver: true, admin: true },
        ],
        [
          'PATCH',
          `/groups/perm/versions/${v}`,
          { metadata: { k: 'v' } },
          { viewer: false, 'data-scientist': true, approver: false, admin: true },
        ],
        ['GET', '/events', undefined, { viewer: true, 'data-scientist': true, approver: true, admin: true }],
        [
          'POST',
          '/events/rules',
          { name: 'r', pattern: { source: ['x'] }, targets: ['none'] },
          { viewer: false, 'data-scientist': false, approver: false, admin: true },
        ],
        [
          'GET',
          '/auth/users',
          undefined,
          { viewer: false, 'data-scientist': false, approver: false, admin: true },
        ],
      ];
      for (const role of ROLES) {
        for (const [method, path, body, allowed] of expected) {
          const res = await call(server.url, creds[role].token, method, path, body);
          const where = `${role}: ${method} ${path} answered ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`;
          if (allowed[role]) assert.notEqual(res.status, 403, where);
          else {
            assert.equal(res.status, 403, where);
            assert.equal(res.json.error?.code, 'AccessDenied');
            assert.match(
              res.json.error.message,
              new RegExp(`^User: arn:aws:iam::000000000000:user/${role}-user is not authorized to perform: `),
            );
          }
        }
      }
    });

    it('names the action, the resource and the principal when it denies', async () => {
      try {
        await client(server.url, creds.viewer).send(
          new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'nope' }),
        );
        assert.fail('the viewer created a group');
      } catch (err) {
        assert.equal((err as Error).name, 'AccessDeniedException');
        assert.equal(
          (err as Error).message.split(' because')[0],
          'User: arn:aws:iam::000000000000:user/viewer-user is not authorized to perform: sagemaker:CreateModelPackageGroup on resource: arn:aws:sagemaker:us-east-1:000000000000:model-package-group/nope',
        );
      }
    });

    it('the AWS CLI works with an issued key, and a wrong secret gets the signature error', {
      skip: skipWithoutAwsCli(),
    }, () => {
      const run = (secret: string) =>
        spawnSync(
          'aws',
          ['sagemaker', 'list-model-package-groups', '--endpoint-url', server.url, '--region', 'us-east-1'],
          {
            encoding: 'utf8',
            env: {
              ...process.env,
              AWS_ACCESS_KEY_ID: creds.viewer.accessKeyId,
              AWS_SECRET_ACCESS_KEY: secret,
              AWS_MAX_ATTEMPTS: '1',
            },
          },
        );
      const ok = run(creds.viewer.secretAccessKey);
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /"ModelPackageGroupName": "perm"/);
      const wrong = run('x'.repeat(40));
      assert.equal(wrong.status, 255);
      assert.match(wrong.stderr, /InvalidSignatureException/);
    });

    it('boto3 signs for real: an approver approves, a data scientist may not', {
      skip: skipWithoutBoto3(),
    }, async () => {
      const script = `
import sys, boto3, botocore
sm = boto3.client("sagemaker", endpoint_url=sys.argv[1], region_name="us-east-1")
arn = sys.argv[2]
try:
    sm.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved")
    print("ok")
except botocore.exceptions.ClientError as e:
    print(e.response["Error"]["Code"])
`;
      const arn = (
        await client(server.url, ADMIN).send(
          new CreateModelPackageCommand({ ModelPackageGroupName: 'perm', InferenceSpecification: container }),
        )
      ).ModelPackageArn!;
      const run = (c: Creds) =>
        spawnSync('python3', ['-c', script, server.url, arn], {
          encoding: 'utf8',
          env: {
            ...process.env,
            AWS_ACCESS_KEY_ID: c.accessKeyId,
            AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
            AWS_MAX_ATTEMPTS: '1',
          },
        });
      const ds = run(creds['data-scientist']);
      assert.equal(ds.stdout.trim(), 'AccessDeniedException', ds.stderr);
      const approver = run(creds.approver);
      assert.equal(approver.stdout.trim(), 'ok', approver.stderr);
    });
  });
}
