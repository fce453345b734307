import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ModelryClient } from '../../sdk/client.js';
import { keyValues, numericValues, positiveInt, UsageError } from '../errors.js';
import { createOutput } from '../output.js';
import { VERSIONS_HELP, versionRef, versionsCommand } from './versions.js';

const ARN = 'arn:aws:sagemaker:us-east-1:000000000000:model-package';

describe('versionRef', () => {
  test('reads GROUP/N', () => {
    assert.deepEqual(versionRef('churn/3'), ['churn', 3]);
    assert.deepEqual(versionRef('a-b-c/123456789'), ['a-b-c', 123456789]);
    assert.deepEqual(versionRef('x'.repeat(63) + '/1'), ['x'.repeat(63), 1]);
  });

  test('reads a model package version ARN, in any partition and region', () => {
    assert.deepEqual(versionRef(`${ARN}/churn/12`), ['churn', 12]);
    assert.deepEqual(versionRef('arn:aws-cn:sagemaker:cn-north-1:123456789012:model-package/fraud-v2/1'), [
      'fraud-v2',
      1,
    ]);
  });

  test('reads --group and --version', () => {
    assert.deepEqual(versionRef(undefined, 'churn', '7'), ['churn', 7]);
    // A positional reference wins over the flags.
    assert.deepEqual(versionRef('other/2', 'churn', '7'), ['other', 2]);
  });

  test('refuses anything else with a usage error', () => {
    const bad = [
      'churn',
      'churn/',
      '/3',
      'churn/0',
      'churn/01',
      'churn/-1',
      'churn/1.5',
      'churn/v1',
      'churn/1/2',
      'bad_name/1',
      '-churn/1',
      'churn-/1',
      `${'x'.repeat(64)}/1`,
      'churn/1234567890',
      `arn:aws:sagemaker:us-east-1:000000000000:model-package-group/churn`,
      `arn:aws:sagemaker:us-east-1:000000000000:model-package/churn`,
      `arn:aws:sagemaker:us-east-1:000000000000:model-package/unversioned-name`,
      'arn:aws:s3:::bucket/churn/1',
    ];
    for (const ref of bad) {
      assert.throws(() => versionRef(ref), UsageError, `"${ref}" was accepted`);
    }
    assert.throws(() => versionRef(undefined), /GROUP\/N/);
    assert.throws(() => versionRef(undefined, 'churn'), UsageError);
    assert.throws(() => versionRef(undefined, undefined, '3'), UsageError);
    assert.throws(() => versionRef(undefined, 'churn', '0'), /--version expects a positive integer/);
    assert.throws(() => versionRef(undefined, 'churn', 'two'), UsageError);
  });
});

describe('argument helpers', () => {
  test('keyValues splits at the first "=" and keeps empty values', () => {
    assert.deepEqual(keyValues(['a=1', 'b=x=y', 'c='], '--metadata'), { a: '1', b: 'x=y', c: '' });
    assert.deepEqual(keyValues(undefined, '--tag'), {});
    assert.throws(() => keyValues(['novalue'], '--tag'), /--tag expects key=value, got "novalue"/);
    assert.throws(() => keyValues(['=v'], '--tag'), UsageError);
  });

  test('numericValues accepts finite numbers only', () => {
    assert.deepEqual(numericValues(['auc=0.93', 'loss=-1e-3', 'n=42'], '--metric'), {
      auc: 0.93,
      loss: -0.001,
      n: 42,
    });
    for (const bad of ['auc=high', 'auc=', 'auc= ', 'auc=NaN', 'auc=Infinity', 'auc']) {
      assert.throws(() => numericValues([bad], '--metric'), UsageError, bad);
    }
  });

  test('positiveInt', () => {
    assert.equal(positiveInt(undefined, '--limit'), undefined);
    assert.equal(positiveInt('25', '--limit'), 25);
    for (const bad of ['0', '-1', '1.0', '01', 'ten', '']) {
      assert.throws(() => positiveInt(bad, '--limit'), UsageError, bad);
    }
  });
});

describe('versionsCommand usage errors (raised before any request)', () => {
  // Nothing listens here: a usage error must be reported before the client is used.
  const client = new ModelryClient({ endpoint: 'http://127.0.0.1:9' });
  const out = createOutput(false, () => assert.fail('nothing should be printed'));
  const dir = mkdtempSync(join(tmpdir(), 'modelry-versions-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...argv: string[]) => versionsCommand(client, out, argv);

  test('register checks metrics, metadata, status and lifecycle flags', async () => {
    await assert.rejects(run('register', '--group', 'g', '--metric', 'auc=high'), /--metric auc=high/);
    await assert.rejects(run('register', '--group', 'g', '--metadata', 'k'), /--metadata expects key=value/);
    await assert.rejects(run('register', '--group', 'g', '--approval-status', 'Yes'), /--approval-status/);
    await assert.rejects(run('register', '--group', 'g', '--stage', 'Staging'), /--stage and --stage-status/);
    await assert.rejects(run('register', '--metric', 'auc=0.9'), /needs --group/);
  });

  test('register checks the metrics file', async () => {
    const notObject = join(dir, 'array.json');
    writeFileSync(notObject, '[0.9]');
    const notNumber = join(dir, 'string.json');
    writeFileSync(notNumber, '{"auc": "0.9"}');
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{auc: 0.9');
    await assert.rejects(run('register', 'g', '--metrics-file', notObject), /expected a JSON object/);
    await assert.rejects(run('register', 'g', '--metrics-file', notNumber), /metric "auc" is not a number/);
    await assert.rejects(run('register', 'g', '--metrics-file', notJson), UsageError);
    await assert.rejects(run('register', 'g', '--metrics-file', join(dir, 'missing.json')), UsageError);
  });

  test('list, describe, approve, delete and latest check their arguments', async () => {
    await assert.rejects(run('list'), /needs --group/);
    await assert.rejects(run('list', 'g', '--limit', '0'), /--limit/);
    await assert.rejects(run('list', 'g', '--status', 'approved'), /--status must be one of/);
    await assert.rejects(run('describe'), UsageError);
    await assert.rejects(run('describe', 'g/x'), UsageError);
    await assert.rejects(run('approve', 'g'), UsageError);
    await assert.rejects(run('reject', `${ARN}/g`), UsageError);
    await assert.rejects(run('delete', '--group', 'g'), UsageError);
    await assert.rejects(run('latest'), /needs --group/);
    await assert.rejects(run('latest', 'g', '--status', 'Done'), /--status/);
  });

  test('an unknown or missing subcommand is a usage error', async () => {
    await assert.rejects(run('promote', 'g/1'), /Unknown command "versions promote"/);
    await assert.rejects(run(), (err: unknown) => err instanceof UsageError && err.message === VERSIONS_HELP);
  });

  test('unknown flags are refused', async () => {
    await assert.rejects(run('list', 'g', '--colour', 'red'), /colour/);
  });
});
