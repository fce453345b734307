import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  type InferenceSpecification,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { sagemakerClient, TEST_CREDENTIALS } from '../helpers/aws.js';
import { backends } from '../helpers/backends.js';
import { awsClientEnv, skipWithoutAwsCli } from '../helpers/python.js';
import { startServer, type TestServer } from '../helpers/server.js';

const SPEC: InferenceSpecification = {
  Containers: [
    {
      Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.0',
      ModelDataUrl: 's3://demo-bucket/churn/model.tar.gz',
      Environment: { SAGEMAKER_PROGRAM: 'inference.py' },
    },
  ],
  SupportedContentTypes: ['text/csv'],
  SupportedResponseMIMETypes: ['text/csv'],
  SupportedRealtimeInferenceInstanceTypes: ['ml.m5.large'],
  SupportedTransformInstanceTypes: ['ml.m5.large'],
};

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

type Json = Record<string, unknown>;

/** Runs `aws sagemaker <args>` against the server without blocking the event loop. */
function awsCli(url: string, args: readonly string[]): Promise<CliResult> {
  const full = ['sagemaker', ...args, '--endpoint-url', url, '--region', 'us-east-1', '--output', 'json'];
  return new Promise((resolve, reject) => {
    const child = spawn('aws', full, { env: awsClientEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A CLI call that must succeed; returns its parsed JSON output ({} when it prints nothing). */
async function ok(url: string, args: readonly string[]): Promise<Json> {
  const r = await awsCli(url, args);
  assert.equal(r.code, 0, `aws sagemaker ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r.stdout.trim() === '' ? {} : (JSON.parse(r.stdout) as Json);
}

function list<T = Json>(out: Json, key: string): T[] {
  const value = out[key];
  assert.ok(Array.isArray(value), `${key} missing in ${JSON.stringify(out)}`);
  return value as T[];
}

const cliSkip = skipWithoutAwsCli();

for (const { backend, skip } of await backends()) {
  describe(`AWS CLI v1 on ${backend}`, { skip: cliSkip || skip }, () => {
    let server: TestServer;
    let sm: SageMakerClient;
    let dir: string;
    let url: string;
    before(async () => {
      server = await startServer({ backend });
      url = server.url;
      sm = sagemakerClient(url);
      dir = mkdtempSync(join(tmpdir(), 'modelry-cli-'));
    });
    after(async () => {
      sm?.destroy();
      if (dir) rmSync(dir, { recursive: true, force: true });
      assert.equal(await server?.stop(), 0);
    });

    test('register → list → approve → describe → tag → delete', async () => {
      const created = await ok(url, [
        'create-model-package-group',
        '--model-package-group-name',
        'cli-group',
        '--model-package-group-description',
        'from the AWS CLI',
        '--tags',
        'Key=team,Value=ml',
      ]);
      const groupArn = 'arn:aws:sagemaker:us-east-1:000000000000:model-package-group/cli-group';
      assert.deepEqual(created, { ModelPackageGroupArn: groupArn });

      const specFile = join(dir, 'inference-specification.json');
      writeFileSync(specFile, JSON.stringify(SPEC, null, 2));
      const registered = await ok(url, [
        'create-model-package',
        '--model-package-group-name',
        'cli-group',
        '--model-package-description',
        'churn v1',
        '--inference-specification',
        `file://${specFile}`,
        '--model-approval-status',
        'PendingManualApproval',
        '--customer-metadata-properties',
        'git_sha=abc1,owner=alice',
      ]);
      const versionArn = 'arn:aws:sagemaker:us-east-1:000000000000:model-package/cli-group/1';
      assert.deepEqual(registered, { ModelPackageArn: versionArn });

      const pending = await ok(url, ['list-model-packages', '--model-package-group-name', 'cli-group']);
      const [summary] = list(pending, 'ModelPackageSummaryList');
      assert.equal(summary?.ModelPackageArn, versionArn);
      assert.equal(summary?.ModelPackageVersion, 1);
      assert.equal(summary?.ModelApprovalStatus, 'PendingManualApproval');
      assert.equal(summary?.ModelPackageStatus, 'Completed');

      const approved = await ok(url, [
        'update-model-package',
        '--model-package-arn',
        versionArn,
        '--model-approval-status',
        'Approved',
        '--approval-description',
        'passed offline eval',
      ]);
      assert.deepEqual(approved, { ModelPackageArn: versionArn });

      const d = await ok(url, ['describe-model-package', '--model-package-name', versionArn]);
      assert.equal(d.ModelPackageGroupName, 'cli-group');
      assert.equal(d.ModelPackageVersion, 1);
      assert.equal(d.ModelPackageDescription, 'churn v1');
      assert.equal(d.ModelApprovalStatus, 'Approved');
      assert.equal(d.ApprovalDescription, 'passed offline eval');
      assert.deepEqual(d.InferenceSpecification, SPEC);
      assert.deepEqual(d.CustomerMetadataProperties, { git_sha: 'abc1', owner: 'alice' });
      assert.equal(d.ModelPackageStatus, 'Completed');
      assert.ok(d.ModelPackageStatusDetails, 'ModelPackageStatusDetails is required');
      // CLI v1 prints timestamps as the epoch seconds it received.
      assert.equal(typeof d.CreationTime, 'number');
      assert.ok(Math.abs((d.CreationTime as number) - Date.now() / 1000) < 300);
      assert.equal(typeof d.LastModifiedTime, 'number');
      const createdBy = d.CreatedBy as { IamIdentity?: { PrincipalId?: string } };
      assert.equal(createdBy.IamIdentity?.PrincipalId, TEST_CREDENTIALS.accessKeyId);

      const approvedOnly = await ok(url, [
        'list-model-packages',
        '--model-package-group-name',
        'cli-group',
        '--model-approval-status',
        'Approved',
      ]);
      assert.deepEqual(
        list(approvedOnly, 'ModelPackageSummaryList').map((s) => s.ModelPackageArn),
        [versionArn],
      );

      const groups = await ok(url, [
        'list-model-package-groups',
        '--sort-by',
        'Name',
        '--name-contains',
        'cli-gr',
      ]);
      const [g] = list(groups, 'ModelPackageGroupSummaryList');
      assert.equal(g?.ModelPackageGroupName, 'cli-group');
      assert.equal(g?.ModelPackageGroupArn, groupArn);
      assert.equal(g?.ModelPackageGroupDescription, 'from the AWS CLI');
      assert.equal(g?.ModelPackageGroupStatus, 'Completed');

      await ok(url, ['add-tags', '--resource-arn', groupArn, '--tags', 'Key=stage,Value=prod']);
      const groupTags = await ok(url, ['list-tags', '--resource-arn', groupArn]);
      assert.deepEqual(
        list<{ Key: string }>(groupTags, 'Tags').sort((a, b) => a.Key.localeCompare(b.Key)),
        [
          { Key: 'stage', Value: 'prod' },
          { Key: 'team', Value: 'ml' },
        ],
      );
      await ok(url, ['add-tags', '--resource-arn', versionArn, '--tags', 'Key=reviewed,Value=yes']);
      assert.deepEqual(list(await ok(url, ['list-tags', '--resource-arn', versionArn]), 'Tags'), [
        { Key: 'reviewed', Value: 'yes' },
      ]);
      await ok(url, ['delete-tags', '--resource-arn', groupArn, '--tag-keys', 'stage']);
      assert.deepEqual(list(await ok(url, ['list-tags', '--resource-arn', groupArn]), 'Tags'), [
        { Key: 'team', Value: 'ml' },
      ]);

      const refused = await awsCli(url, [
        'delete-model-package-group',
        '--model-package-group-name',
        'cli-group',
      ]);
      assert.equal(refused.code, 255, refused.stderr);
      assert.match(
        refused.stderr,
        /An error occurred \(ConflictException\) when calling the DeleteModelPackageGroup/,
      );

      assert.deepEqual(await ok(url, ['delete-model-package', '--model-package-name', versionArn]), {});
      const gone = await awsCli(url, ['describe-model-package', '--model-package-name', versionArn]);
      assert.equal(gone.code, 255, gone.stderr);
      assert.match(gone.stderr, /An error occurred \(ValidationException\)/);
      assert.match(gone.stderr, /does not exist/);

      assert.deepEqual(
        await ok(url, ['delete-model-package-group', '--model-package-group-name', 'cli-group']),
        {},
      );
      const groupsAfter = await ok(url, ['list-model-package-groups', '--name-contains', 'cli-gr']);
      assert.deepEqual(list(groupsAfter, 'ModelPackageGroupSummaryList'), []);
    });

    test('list-model-packages auto-paginates over 120 versions with --page-size 50', async () => {
      await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'cli-many' }));
      for (let i = 0; i < 120; i += 20) {
        await Promise.all(
          Array.from({ length: 20 }, () =>
            sm.send(
              new CreateModelPackageCommand({
                ModelPackageGroupName: 'cli-many',
                InferenceSpecification: SPEC,
              }),
            ),
          ),
        );
      }
      const all = await ok(url, [
        'list-model-packages',
        '--model-package-group-name',
        'cli-many',
        '--page-size',
        '50',
      ]);
      assert.deepEqual(
        list(all, 'ModelPackageSummaryList').map((s) => s.ModelPackageVersion),
        Array.from({ length: 120 }, (_, i) => i + 1),
      );
      assert.equal(all.NextToken, undefined);

      // --max-items stops early with a resume token; --starting-token continues where it stopped.
      const head = await ok(url, [
        'list-model-packages',
        '--model-package-group-name',
        'cli-many',
        '--sort-order',
        'Descending',
        '--page-size',
        '50',
        '--max-items',
        '70',
      ]);
      assert.deepEqual(
        list(head, 'ModelPackageSummaryList').map((s) => s.ModelPackageVersion),
        Array.from({ length: 70 }, (_, i) => 120 - i),
      );
      assert.equal(typeof head.NextToken, 'string');
      const tail = await ok(url, [
        'list-model-packages',
        '--model-package-group-name',
        'cli-many',
        '--sort-order',
        'Descending',
        '--page-size',
        '50',
        '--starting-token',
        head.NextToken as string,
      ]);
      assert.deepEqual(
        list(tail, 'ModelPackageSummaryList').map((s) => s.ModelPackageVersion),
        Array.from({ length: 50 }, (_, i) => 50 - i),
      );
    });

    test('a missing group is exit code 255 with the ValidationException on stderr', async () => {
      const r = await awsCli(url, ['describe-model-package-group', '--model-package-group-name', 'nope']);
      assert.equal(r.code, 255, r.stdout);
      assert.equal(r.stdout, '');
      assert.match(
        r.stderr,
        /An error occurred \(ValidationException\) when calling the DescribeModelPackageGroup operation/,
      );
      assert.match(r.stderr, /model-package-group\/nope does not exist/);
    });

    test('an invalid approval status is refused with the AWS constraint message', async () => {
      const r = await awsCli(url, [
        'update-model-package',
        '--model-package-arn',
        'arn:aws:sagemaker:us-east-1:000000000000:model-package/cli-many/1',
        '--model-approval-status',
        'Maybe',
      ]);
      assert.equal(r.code, 255, r.stdout);
      assert.match(
        r.stderr,
        /\(ValidationException\) when calling the UpdateModelPackage operation: 1 validation error detected: Value 'Maybe' at 'modelApprovalStatus' failed to satisfy constraint: Member must satisfy enum value set: \[PendingManualApproval, Approved, Rejected\]/,
      );
    });
  });
}
