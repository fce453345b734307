import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  paginateListModelPackages,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { sagemakerClient } from '../helpers/aws.js';
import { backends } from '../helpers/backends.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** Version numbers are gapless and unique under any concurrency, on both backends and across processes. */

const ARN_PREFIX = 'arn:aws:sagemaker:us-east-1:000000000000:model-package';
const SPEC = { Containers: [{ Image: 'registry.example/concurrent:1' }] };

function expectedArns(group: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${ARN_PREFIX}/${group}/${i + 1}`);
}

function versionOf(arn: string): number {
  return Number(arn.slice(arn.lastIndexOf('/') + 1));
}

/** Sorted by version number, so a gap or a duplicate shows up as a mismatch against 1..n. */
function byVersion(arns: readonly string[]): string[] {
  return [...arns].sort((a, b) => versionOf(a) - versionOf(b));
}

function registerSm(sm: SageMakerClient, group: string): Promise<string> {
  return sm
    .send(new CreateModelPackageCommand({ ModelPackageGroupName: group, InferenceSpecification: SPEC }))
    .then((r) => r.ModelPackageArn ?? assert.fail('no ModelPackageArn'));
}

async function registerNative(url: string, group: string, i: number): Promise<string> {
  const res = await fetch(`${url}/api/v1/groups/${group}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ image: 'registry.example/native:1', metrics: { auc: i / 100 } }),
  });
  const body = (await res.json()) as { arn?: string; version?: number };
  assert.equal(res.status, 201, JSON.stringify(body));
  assert.equal(versionOf(body.arn ?? ''), body.version);
  return body.arn ?? assert.fail('no arn');
}

async function listedArns(sm: SageMakerClient, group: string): Promise<string[]> {
  const arns: string[] = [];
  for await (const page of paginateListModelPackages(
    { client: sm, pageSize: 100 },
    { ModelPackageGroupName: group },
  )) {
    for (const s of page.ModelPackageSummaryList ?? []) arns.push(s.ModelPackageArn ?? '');
  }
  return arns;
}

for (const { backend, skip } of await backends()) {
  describe(`concurrent writers on ${backend}`, { skip }, () => {
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

    test('50 parallel CreateModelPackage calls give versions exactly 1..50', async () => {
      await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'par50' }));
      const arns = await Promise.all(Array.from({ length: 50 }, () => registerSm(sm, 'par50')));
      assert.equal(new Set(arns).size, 50, 'an ARN was handed out twice');
      assert.deepEqual(byVersion(arns), expectedArns('par50', 50));
      assert.deepEqual(await listedArns(sm, 'par50'), expectedArns('par50', 50));
    });

    test('native and SageMaker registrations racing into one group stay gapless and unique', async () => {
      await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'mixed' }));
      const arns = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          i % 2 === 0 ? registerSm(sm, 'mixed') : registerNative(server.url, 'mixed', i),
        ),
      );
      assert.equal(new Set(arns).size, 60, 'an ARN was handed out twice');
      assert.deepEqual(byVersion(arns), expectedArns('mixed', 60));
      // The next registration continues the sequence.
      assert.equal(await registerSm(sm, 'mixed'), `${ARN_PREFIX}/mixed/61`);
      assert.deepEqual(await listedArns(sm, 'mixed'), expectedArns('mixed', 61));
    });

    test('the same group name created by 10 clients at once: one wins, nine hear "already exists"', async () => {
      const clients = Array.from({ length: 10 }, (_, i) => sagemakerClient(server.url, `AKIDRACER${i}`));
      try {
        const outcomes = await Promise.allSettled(
          clients.map((c) =>
            c.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'contested' })),
          ),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        assert.equal(won.length, 1, `winners: ${won.length}`);
        assert.equal(lost.length, 9);
        for (const { reason } of lost) {
          const err = reason as Error & { $metadata?: { httpStatusCode?: number } };
          assert.equal(err.name, 'ValidationException', String(err));
          assert.match(err.message, /already exists/);
          assert.equal(err.$metadata?.httpStatusCode, 400);
        }
      } finally {
        for (const c of clients) c.destroy();
      }
    });

    test('the same group name created natively by 10 callers at once: one 201, nine 409', async () => {
      const statuses = await Promise.all(
        Array.from({ length: 10 }, async () => {
          const res = await fetch(`${server.url}/api/v1/groups`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'contested-native' }),
          });
          const body = (await res.json()) as { error?: { code?: string } };
          return res.status === 201 ? 'created' : `${res.status} ${body.error?.code}`;
        }),
      );
      assert.equal(statuses.filter((s) => s === 'created').length, 1, statuses.join('; '));
      assert.deepEqual(
        statuses.filter((s) => s !== 'created'),
        Array.from({ length: 9 }, () => '409 GroupAlreadyExists'),
      );
    });
  });
}

for (const { backend, skip } of await backends()) {
  describe(`two server processes on one ${backend} store`, { skip }, () => {
    let first: TestServer;
    let second: TestServer;
    let sm1: SageMakerClient;
    let sm2: SageMakerClient;
    before(async () => {
      first = await startServer({ backend });
      // The same database (PostgreSQL) or the same data dir (SQLite, whose WAL admits one writer at a time).
      second = await startServer(
        backend === 'postgres'
          ? { backend, databaseUrl: first.databaseUrl ?? assert.fail('no database url') }
          : { backend, dataDir: first.dataDir },
      );
      sm1 = sagemakerClient(first.url);
      sm2 = sagemakerClient(second.url);
    });
    after(async () => {
      sm1?.destroy();
      sm2?.destroy();
      // The second does not own the store; the first removes it when it stops.
      assert.equal(await second?.stop(), 0);
      assert.equal(await first?.stop(), 0);
    });

    test('40 registrations through each process, in parallel, give versions exactly 1..80', async () => {
      await sm1.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'shared' }));
      const arns = await Promise.all(
        Array.from({ length: 80 }, (_, i) => registerSm(i % 2 === 0 ? sm1 : sm2, 'shared')),
      );
      assert.equal(new Set(arns).size, 80, 'an ARN was handed out twice');
      assert.deepEqual(byVersion(arns), expectedArns('shared', 80));
      assert.deepEqual(await listedArns(sm2, 'shared'), expectedArns('shared', 80));
    });

    test('a group created on one process is a duplicate on the other', async () => {
      const outcomes = await Promise.allSettled(
        [sm1, sm2, sm1, sm2].map((c) =>
          c.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'both' })),
        ),
      );
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
      for (const o of outcomes) {
        if (o.status === 'rejected') assert.match(String(o.reason), /ValidationException: .*already exists/);
      }
    });
  });
}
