import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ModelryClient, type Version } from '../../src/sdk/client.js';
import { backends } from '../helpers/backends.js';
import { assertFails, assertOk, modelry, type Run } from '../helpers/cli.js';
import { ROOT, startServer, type TestServer } from '../helpers/server.js';

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

describe('modelry CLI without a server', () => {
  test('--version prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(assertOk(await modelry(['--version'])), `${pkg.version}\n`);
  });

  test('--help of each command exits 0 and names every subcommand', async () => {
    const cases: [string[], string[]][] = [
      [['--help'], ['server', 'groups', 'versions', '--endpoint', '--json', '--version']],
      [
        ['groups', '--help'],
        ['create', 'list', 'describe', 'delete'],
      ],
      [
        ['versions', '--help'],
        ['register', 'list', 'describe', 'approve', 'reject', 'delete', 'latest'],
      ],
      [
        ['versions', 'register', '--help'],
        ['register', '--metric', '--metrics-file', '--metadata', '--image'],
      ],
      [
        ['server', '--help'],
        ['--port', '--host', '--data-dir', '--database-url'],
      ],
      [['-h'], ['groups', 'versions']],
    ];
    for (const [args, words] of cases) {
      const out = assertOk(await modelry(args));
      for (const word of words)
        assert.ok(out.includes(word), `modelry ${args.join(' ')} does not mention ${word}`);
    }
  });

  test('bad usage exits 2 with one line on stderr', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const env = { MODELRY_ENDPOINT: endpoint };
    assertFails(
      await modelry(['versions', 'register', '--group', 'g', '--metric', 'auc=high'], env),
      2,
      /auc=high/,
    );
    assertFails(
      await modelry(['versions', 'register', '--group', 'g', '--metadata', 'novalue'], env),
      2,
      /key=value/,
    );
    assertFails(await modelry(['versions', 'describe', 'not a ref'], env), 2, /GROUP\/N/);
    assertFails(await modelry(['versions', 'describe', 'g/0'], env), 2, /GROUP\/N/);
    assertFails(await modelry(['versions', 'list'], env), 2, /--group/);
    assertFails(await modelry(['versions', 'list', '--group', 'g', '--limit', 'ten'], env), 2, /--limit/);
    assertFails(await modelry(['versions', 'list', '--group', 'g', '--status', 'Maybe'], env), 2, /--status/);
    assertFails(await modelry(['versions', 'list', '--group', 'g', '--colour', 'red'], env), 2, /colour/);
    assertFails(await modelry(['versions', 'frobnicate'], env), 2, /frobnicate/);
    assertFails(await modelry(['groups'], env), 2, /Usage/);
    assertFails(await modelry(['teleport'], env), 2, /teleport/);
    assertFails(await modelry(['groups', 'list', '--endpoint'], env), 2, /--endpoint/);
  });

  test('an unreachable endpoint exits 1 with "Cannot reach Modelry"', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    assertFails(
      await modelry(['groups', 'list'], { MODELRY_ENDPOINT: endpoint }),
      1,
      /Cannot reach Modelry at/,
    );
    assertFails(await modelry(['versions', 'list', 'g', '--endpoint', endpoint]), 1, /Cannot reach Modelry/);
  });
});

for (const { backend, skip } of await backends()) {
  describe(`modelry CLI against a server on ${backend}`, { skip }, () => {
    let server: TestServer;
    let sdk: ModelryClient;
    let env: Record<string, string>;
    let dir: string;
    const json = <T>(run: Run): T => JSON.parse(assertOk(run)) as T;

    before(async () => {
      server = await startServer({ backend });
      sdk = new ModelryClient({ endpoint: server.url });
      env = { MODELRY_ENDPOINT: server.url, MODELRY_PRINCIPAL: 'ci-bot' };
      dir = mkdtempSync(join(tmpdir(), 'modelry-cli-'));
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      assert.equal(await server?.stop(), 0);
    });

    test('groups create, list, describe, delete (MODELRY_ENDPOINT and --endpoint)', async () => {
      const created = assertOk(
        await modelry(
          ['groups', 'create', 'cli-group', '--description', 'from the CLI', '--tag', 'team=ml'],
          env,
        ),
      );
      assert.match(created, /arn:aws:sagemaker:us-east-1:000000000000:model-package-group\/cli-group/);
      // --endpoint wins over a wrong MODELRY_ENDPOINT.
      const other = { MODELRY_ENDPOINT: `http://127.0.0.1:${await closedPort()}` };
      assertOk(await modelry(['groups', 'create', 'cli-other', '--endpoint', server.url], other));
      assertOk(await modelry([`--endpoint=${server.url}`, 'groups', 'create', 'cli-third'], other));

      const table = assertOk(await modelry(['groups', 'list'], env))
        .trimEnd()
        .split('\n');
      assert.match(table[0]!, /^NAME\s+CREATED\s+DESCRIPTION$/);
      assert.deepEqual(
        table.slice(1).map((l) => l.split(/\s+/)[0]),
        ['cli-group', 'cli-other', 'cli-third'],
      );
      assert.match(table[1]!, /from the CLI$/);
      const listed = json<{ name: string }[]>(
        await modelry(['groups', 'list', '--json', '--sort', '-name'], env),
      );
      assert.deepEqual(
        listed.map((g) => g.name),
        ['cli-third', 'cli-other', 'cli-group'],
      );
      const paged = json<unknown[]>(
        await modelry(['groups', 'list', '--limit', '1', '--all', '--json'], env),
      );
      assert.equal(paged.length, 3);

      const described = assertOk(await modelry(['groups', 'describe', 'cli-group'], env));
      assert.match(described, /^name\s+cli-group$/m);
      assert.match(described, /team/);
      assert.match(described, /by ci-bot/);
      const asJson = json<{ tags: Record<string, string>; createdBy: string }>(
        await modelry(['groups', 'describe', 'cli-group', '--json'], env),
      );
      assert.deepEqual([asJson.tags, asJson.createdBy], [{ team: 'ml' }, 'ci-bot']);

      assertFails(await modelry(['groups', 'create', 'cli-group'], env), 1, /^modelry: GroupAlreadyExists: /);
      assert.match(assertOk(await modelry(['groups', 'delete', 'cli-other'], env)), /cli-other/);
      assertFails(
        await modelry(['groups', 'describe', 'cli-other'], env),
        1,
        /^modelry: GroupNotFound: .*cli-other/,
      );
      assertFails(
        await modelry(['versions', 'list', '--group', 'nope'], env),
        1,
        /^modelry: GroupNotFound: /,
      );
    });

    test('versions register, list, describe, approve, reject, latest, delete', async () => {
      await sdk.createGroup({ name: 'cli-models' });
      const first = assertOk(
        await modelry(
          [
            'versions',
            'register',
            '--group',
            'cli-models',
            '--metric',
            'auc=0.93',
            '--metric',
            'loss=0.2',
            '--metadata',
            'k=v',
            '--image',
            'I',
            '--model-data-url',
            's3://b/k',
            '--description',
            '-first-',
          ],
          env,
        ),
      );
      assert.equal(first, 'arn:aws:sagemaker:us-east-1:000000000000:model-package/cli-models/1\n');
      const v1 = await sdk.getVersion('cli-models', 1);
      assert.deepEqual(
        [v1.metrics, v1.metadata, v1.image, v1.artifactUri, v1.description, v1.createdBy],
        [{ auc: 0.93, loss: 0.2 }, { k: 'v' }, 'I', 's3://b/k', '-first-', 'ci-bot'],
      );

      const metricsFile = join(dir, 'metrics.json');
      writeFileSync(metricsFile, JSON.stringify({ auc: 0.85, f1: 0.7 }));
      const second = assertOk(
        await modelry(
          ['versions', 'register', 'cli-models', '--metrics-file', metricsFile, '--metric', 'f1=0.75'],
          env,
        ),
      );
      assert.equal(second.trim(), 'arn:aws:sagemaker:us-east-1:000000000000:model-package/cli-models/2');
      assert.deepEqual((await sdk.getVersion('cli-models', 2)).metrics, { auc: 0.85, f1: 0.75 });
      writeFileSync(join(dir, 'bad.json'), '{"auc": "high"}');
      assertFails(
        await modelry(['versions', 'register', 'cli-models', '--metrics-file', join(dir, 'bad.json')], env),
        2,
        /auc/,
      );
      assertOk(
        await modelry(['versions', 'register', '-g', 'cli-models', '--metric', 'auc=0.97', '--json'], env),
      );

      const table = assertOk(await modelry(['versions', 'list', '--group', 'cli-models'], env))
        .trimEnd()
        .split('\n');
      assert.match(table[0]!, /^VERSION\s+APPROVAL\s+STAGE\s+METRICS\s+CREATED\s+BY$/);
      assert.deepEqual(
        table.slice(1).map((l) => l.split(/\s+/)[0]),
        ['3', '2', '1'],
      );
      assert.match(table[3]!, /^1\s+PendingManualApproval\s+auc=0\.93 loss=0\.2\s+\S+Z\s+ci-bot$/);
      const all = json<Version[]>(await modelry(['versions', 'list', 'cli-models', '--json'], env));
      assert.deepEqual(
        all.map((v) => v.version),
        [3, 2, 1],
      );
      const best = json<Version[]>(
        await modelry(
          [
            'versions',
            'list',
            '--group',
            'cli-models',
            '--filter',
            'auc >= 0.9',
            '--sort',
            '-metrics.auc',
            '--json',
          ],
          env,
        ),
      );
      assert.deepEqual(
        best.map((v) => [v.version, v.metrics.auc]),
        [
          [3, 0.97],
          [1, 0.93],
        ],
      );
      const ascending = json<Version[]>(
        await modelry(
          ['versions', 'list', 'cli-models', '--sort=metrics.auc', '--limit', '1', '--all', '--json'],
          env,
        ),
      );
      assert.deepEqual(
        ascending.map((v) => v.version),
        [2, 1, 3],
      );

      const arn = 'arn:aws:sagemaker:us-east-1:000000000000:model-package/cli-models/1';
      const byRef = assertOk(await modelry(['versions', 'describe', 'cli-models/1'], env));
      assert.match(byRef, new RegExp(`^arn\\s+${arn}$`, 'm'));
      assert.match(byRef, /^metrics\s+\{"auc":0\.93,"loss":0\.2\}$/m);
      assert.equal(assertOk(await modelry(['versions', 'describe', arn], env)), byRef);
      assert.deepEqual(json<Version>(await modelry(['versions', 'describe', arn, '--json'], env)), v1);
      assertOk(await modelry(['versions', 'describe', '--group', 'cli-models', '--version', '2'], env));
      assertFails(
        await modelry(['versions', 'describe', 'cli-models/9'], env),
        1,
        /^modelry: PackageNotFound: /,
      );

      assertFails(
        await modelry(['versions', 'latest', '--group', 'cli-models', '--approved'], env),
        1,
        /^modelry: PackageNotFound: /,
      );
      const approved = assertOk(
        await modelry(['versions', 'approve', 'cli-models/1', '--comment', 'offline eval ok'], env),
      );
      assert.match(approved, /^approval\s+Approved \(offline eval ok\)$/m);
      assert.match(assertOk(await modelry(['versions', 'approve', arn.replace(/1$/, '2')], env)), /Approved/);
      const rejected = json<Version>(
        await modelry(['versions', 'reject', 'cli-models/2', '--comment', '-5% recall', '--json'], env),
      );
      assert.deepEqual([rejected.approvalStatus, rejected.approvalDescription], ['Rejected', '-5% recall']);
      const history = await sdk.approvalHistory('cli-models', 1);
      assert.deepEqual(history.items.map((c) => [c.by, c.to, c.comment]).slice(-1), [
        ['ci-bot', 'Approved', 'offline eval ok'],
      ]);

      const latest = json<Version>(
        await modelry(['versions', 'latest', '--group', 'cli-models', '--approved', '--json'], env),
      );
      assert.equal(latest.version, 1);
      assert.match(
        assertOk(await modelry(['versions', 'latest', 'cli-models', '--approved'], env)),
        /^version\s+1$/m,
      );
      assert.match(assertOk(await modelry(['versions', 'latest', 'cli-models'], env)), /^version\s+3$/m);
      const approvedOnly = json<Version[]>(
        await modelry(['versions', 'list', 'cli-models', '--status', 'Approved', '--json'], env),
      );
      assert.deepEqual(
        approvedOnly.map((v) => v.version),
        [1],
      );

      assert.match(assertOk(await modelry(['versions', 'delete', 'cli-models/3'], env)), /cli-models\/3/);
      assertFails(
        await modelry(['versions', 'describe', 'cli-models/3'], env),
        1,
        /^modelry: PackageNotFound: /,
      );
      assertFails(await modelry(['groups', 'delete', 'cli-models'], env), 1, /^modelry: GroupNotEmpty: /);
      // No environment at all: --endpoint alone picks the server.
      const bare = json<Version>(
        await modelry(['versions', 'describe', 'cli-models/1', '--endpoint', server.url, '--json'], {}),
      );
      assert.equal(bare.approvalStatus, 'Approved');
    });
  });
}
