import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ModelryClient, type Version } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { createOutput } from '../output.js';
import { ARTIFACTS_HELP, artifactsCommand, artifactsHelp } from './artifacts.js';
import { artifactTarget, blobDigest, graceSeconds, pinnedArtifact } from './artifacts-args.js';
import { reportMetrics } from './versions-artifacts.js';

const HEX = 'ab'.repeat(32);
const ARN = 'arn:aws:sagemaker:us-east-1:000000000000:model-package/churn/3';

describe('artifacts get REF', () => {
  test('a digest, a modelry URI, an S3 blob URI (any prefix), a version ARN or GROUP/N', () => {
    assert.deepEqual(artifactTarget(HEX, 'get'), { sha256: HEX });
    assert.deepEqual(artifactTarget(HEX.toUpperCase(), 'get'), { sha256: HEX });
    assert.deepEqual(artifactTarget(`modelry://artifacts/sha256/${HEX}`, 'get'), { sha256: HEX });
    assert.deepEqual(artifactTarget(`s3://bucket/sha256/${HEX}`, 'get'), { sha256: HEX });
    assert.deepEqual(artifactTarget(`s3://bucket/models/prod/sha256/${HEX}`, 'get'), { sha256: HEX });
    assert.deepEqual(artifactTarget(ARN, 'get'), { group: 'churn', version: 3 });
    assert.deepEqual(artifactTarget('churn/3', 'get'), { group: 'churn', version: 3 });
  });

  test('anything else is a usage error', () => {
    for (const bad of [
      undefined,
      HEX.slice(1),
      `s3://bucket/models/model.tar.gz`,
      `modelry://artifacts/sha256/${HEX.slice(2)}`,
      'arn:aws:sagemaker:us-east-1:000000000000:model-package-group/churn',
      'churn',
    ]) {
      assert.throws(() => artifactTarget(bad, 'get'), UsageError, String(bad));
    }
    assert.throws(() => blobDigest(ARN, 'stat'), /takes a sha256 digest or an artifact URI/);
    assert.equal(blobDigest(`modelry://artifacts/sha256/${HEX}`, 'stat'), HEX);
  });

  const version = (artifacts: Version['artifacts']): Version => ({
    arn: ARN,
    group: 'churn',
    version: 3,
    status: 'Completed',
    approvalStatus: 'PendingManualApproval',
    metrics: {},
    metadata: {},
    createdAt: '2026-11-27T09:00:00.000Z',
    createdBy: 'alice',
    ...(artifacts && { artifacts }),
  });
  const MODEL = 'InferenceSpecification.Containers[0].ModelDataUrl';
  const REPORT = 'ModelMetrics.ModelQuality.Statistics.S3Uri';

  test('a version: its first pinned artifact, or the one at --field', () => {
    const v = version([
      {
        field: 'InferenceSpecification.Containers[0].ModelDataUrl',
        uri: 's3://elsewhere/m',
        verified: false,
      },
      {
        field: 'InferenceSpecification.Containers[1].ModelDataUrl',
        uri: 'u1',
        sha256: HEX,
        size: 3,
        verified: true,
      },
      { field: REPORT, uri: 'u2', sha256: 'cd'.repeat(32), size: 2, verified: true },
    ]);
    assert.equal(pinnedArtifact(v, undefined).sha256, HEX);
    assert.equal(pinnedArtifact(v, REPORT).sha256, 'cd'.repeat(32));
    assert.throws(() => pinnedArtifact(v, MODEL), /external reference \(s3:\/\/elsewhere\/m\)/);
    assert.throws(() => pinnedArtifact(v, 'Nope'), /has no artifact at Nope; it has: /);
    assert.throws(
      () => pinnedArtifact(version(undefined), undefined),
      /pins no artifact stored on this server\.$/,
    );
  });
});

describe('artifacts gc --grace', () => {
  test('0, or whole seconds with a unit', () => {
    assert.equal(graceSeconds(undefined), undefined);
    assert.equal(graceSeconds('0'), 0);
    assert.equal(graceSeconds('0s'), 0);
    assert.equal(graceSeconds('30m'), 1800);
    assert.equal(graceSeconds('24h'), 86_400);
    assert.equal(graceSeconds('7d'), 604_800);
  });

  test('anything else is a usage error naming --grace', () => {
    for (const bad of ['', '24', '1.5h', '-1h', '500ms', '00', 'h']) {
      assert.throws(
        () => graceSeconds(bad),
        (err: unknown) => err instanceof UsageError && /--grace/.test(err.message),
        bad,
      );
    }
  });
});

describe('versions register --metrics REPORT', () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelry-metrics-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const report = (text: string) => {
    const path = join(dir, 'metrics.json');
    writeFileSync(path, text);
    return path;
  };

  test('records the numeric top-level values; the rest stays in the report', () => {
    const path = report(
      JSON.stringify({ auc: 0.93, loss: 0.2, n: 1000, model: 'xgb', confusion: [[1, 2]], ok: true }),
    );
    assert.deepEqual(reportMetrics(path), { auc: 0.93, loss: 0.2, n: 1000 });
  });

  test('not a JSON object is a usage error naming the file', () => {
    for (const text of ['[1, 2]', '0.9', 'null', '{"auc": ']) {
      assert.throws(
        () => reportMetrics(report(text)),
        (err: unknown) => err instanceof UsageError && /--metrics .*metrics\.json/.test(err.message),
      );
    }
    assert.throws(() => reportMetrics(join(dir, 'absent.json')), UsageError);
  });
});

describe('artifacts command line', () => {
  const client = new ModelryClient({ endpoint: 'http://127.0.0.1:1' });
  const out = createOutput(false, () => {});
  const usage = (args: string[], pattern: RegExp) =>
    assert.rejects(
      artifactsCommand(client, out, args),
      (err: unknown) => err instanceof UsageError && pattern.test(err.message),
    );

  test('usage errors come before any request', async () => {
    await usage(['upload'], /needs a FILE/);
    await usage(['get', HEX], /needs --output FILE/);
    await usage(['get', HEX, '--output', tmpdir()], /is a directory; name the file to write/);
    await usage(['get', HEX, '--output', 'x', '--field', 'F'], /--field picks an artifact of a version/);
    await usage(['stat', HEX, 'extra'], /does not take "extra"/);
    await usage(['gc', '--grace', '1 day'], /--grace/);
    await usage(['list', '--limit', '0'], /--limit/);
    await usage(['frobnicate'], /Unknown command "artifacts frobnicate"/);
  });

  test('help for the command and each subcommand', () => {
    assert.equal(artifactsHelp([]), ARTIFACTS_HELP);
    for (const sub of ['upload', 'get', 'stat', 'list', 'verify', 'gc']) {
      assert.match(artifactsHelp([sub]), new RegExp(`^Usage: modelry artifacts ${sub} `));
      assert.match(ARTIFACTS_HELP, new RegExp(`\\n  ${sub} `));
    }
  });
});
