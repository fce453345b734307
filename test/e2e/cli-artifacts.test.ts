import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { ArtifactInfo, GcReport, UploadResult, VerifyReport, Version } from '../../src/sdk/client.js';
import { backends } from '../helpers/backends.js';
import { assertFails, assertOk, modelry, type Run } from '../helpers/cli.js';
import { skipWithoutMoto, startS3, type TestS3 } from '../helpers/s3.js';
import { ADMIN, type Backend, startServer, type TestServer } from '../helpers/server.js';

/**
 * The done-when of issue 5 through the real CLI: register a model from a local file with one command,
 * get the same bytes back, verified, with one more; the second registration of the same file sends
 * nothing; corrupt stored bytes make `get` fail and leave no file; gc spares what versions reference.
 * Not on a terminal, so no progress line may appear (assertOk checks stderr is empty).
 */

const json = <T>(run: Run): T => JSON.parse(assertOk(run)) as T;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Registered extends Version {
  uploads: (UploadResult & { file: string })[];
}

const flip = (bytes: Uint8Array) => {
  bytes[bytes.length >> 1]! ^= 0x01;
  return bytes;
};

/** A metadata backend with an artifact store. */
interface Setup {
  readonly name: string;
  readonly backend: Backend;
  readonly skip: string | false;
  readonly s3: boolean;
}

describe('modelry artifacts without a server', () => {
  const env = { MODELRY_ENDPOINT: 'http://127.0.0.1:9' };

  test('--help names the artifacts commands and the register flags', async () => {
    const cases: [string[], string[]][] = [
      [['--help'], ['artifacts']],
      [
        ['artifacts', '--help'],
        ['upload', 'get', 'stat', 'list', 'verify', 'gc', '--output', '--dry-run', '--grace'],
      ],
      [
        ['artifacts', 'get', '--help'],
        ['--output', '--field', 'ARN', 'sha256', 'exits 1'],
      ],
      [
        ['artifacts', 'gc', '--help'],
        ['--dry-run', '--grace', '24h'],
      ],
      [
        ['versions', '--help'],
        ['--artifact FILE', '--metrics report.json', '--metadata'],
      ],
    ];
    for (const [args, words] of cases) {
      const out = assertOk(await modelry(args, env));
      for (const word of words)
        assert.ok(out.includes(word), `modelry ${args.join(' ')} does not mention ${word}`);
    }
  });

  test('bad usage exits 2 before any request', async () => {
    const cases: [string[], RegExp][] = [
      [['artifacts', 'get', 'a'.repeat(64)], /needs --output FILE/],
      [['artifacts', 'get', 's3://bucket/model.tar.gz', '--output', 'x'], /is neither a sha256 digest/],
      [['artifacts', 'gc', '--grace', '1 day'], /--grace "1 day" is not a duration/],
      [['artifacts', 'upload'], /needs a FILE/],
      [['artifacts', 'upload', '/nonexistent/model.bin'], /FILE \/nonexistent\/model\.bin: ENOENT/],
      [
        ['versions', 'register', '--group', 'g', '--artifact', '/tmp'],
        /--artifact \/tmp: not a regular file/,
      ],
      [
        ['versions', 'register', '--group', 'g', '--artifact', 'f', '--model-data-url', 's3://b/k'],
        /--artifact FILE \(to upload\) or --model-data-url URL, not both/,
      ],
      [
        ['versions', 'register', '--group', 'g', '--metrics', '/nonexistent/metrics.json'],
        /--metrics \/nonexistent/,
      ],
    ];
    for (const [args, pattern] of cases) assertFails(await modelry(args, env), 2, pattern);
  });
});

const SETUPS: Setup[] = [
  ...(await backends()).map(({ backend, skip }) => ({
    name: `${backend} + fs store`,
    backend,
    skip,
    s3: false,
  })),
  { name: 'sqlite + S3 store (moto)', backend: 'sqlite', skip: skipWithoutMoto(), s3: true },
];

for (const setup of SETUPS) {
  describe(`modelry artifacts, ${setup.name}`, { skip: setup.skip }, () => {
    let server: TestServer;
    let s3: TestS3 | undefined;
    let env: Record<string, string>;
    const dir = mkdtempSync(join(tmpdir(), 'modelry-cli-artifacts-'));
    const model = randomBytes(3 * 1024 * 1024 + 17);
    const modelPath = join(dir, 'model.tar.gz');
    const cli = (...args: string[]) => modelry(args, env);

    /** Flips one byte of a stored blob where the design puts it: under the data dir, or in the bucket. */
    async function corrupt(sha256: string): Promise<void> {
      if (!s3) {
        const path = join(server.dataDir, 'artifacts', 'sha256', sha256.slice(0, 2), sha256);
        writeFileSync(path, flip(readFileSync(path)));
        return;
      }
      const key = `${s3.prefix}sha256/${sha256}`;
      const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
      const bytes = flip(await got.Body!.transformToByteArray());
      await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes }));
    }

    before(async () => {
      if (setup.s3) s3 = await startS3({ prefix: 'models/' });
      server = await startServer({ backend: setup.backend, ...(s3 && { env: s3.env }) });
      env = { MODELRY_ENDPOINT: server.url, MODELRY_PRINCIPAL: 'alice' };
      writeFileSync(modelPath, model);
      assertOk(await cli('groups', 'create', 'fraud'));
    });
    after(async () => {
      await server?.stop();
      await s3?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    let first: Registered;

    test('register from a local file in one command; get the same bytes back with one more', async () => {
      first = json<Registered>(
        await cli(
          'versions',
          'register',
          '--group',
          'fraud',
          '--artifact',
          modelPath,
          '--image',
          'img:1',
          '--json',
        ),
      );
      assert.match(first.arn, /:model-package\/fraud\/1$/);
      assert.equal(first.version, 1);
      const pinned = first.artifacts?.[0];
      assert.equal(pinned?.sha256, sha(model));
      assert.equal(pinned?.size, model.length);
      assert.equal(pinned?.uri, first.artifactUri);
      assert.equal(first.uploads[0]?.skipped, false);

      const out = join(dir, 'fetched.tar.gz');
      const said = assertOk(await cli('artifacts', 'get', first.arn, '--output', out));
      assert.match(said, new RegExp(`^Wrote ${out}: 3\\.0 MiB, sha256 ${sha(model)} \\(verified\\)\\.\\n$`));
      assert.ok(readFileSync(out).equals(model), 'byte-identical');
    });

    test('the plain output of register is the ARN alone', async () => {
      const arn = assertOk(
        await cli('versions', 'register', '--group', 'fraud', '--artifact', modelPath, '--image', 'img:1'),
      );
      assert.match(arn, /^arn:aws:sagemaker:[^:]+:\d{12}:model-package\/fraud\/2\n$/);
    });

    test('registering the same file again uploads nothing', async () => {
      // The server audits every upload it receives (modelry:PutArtifact); a HEAD is not one.
      const uploads = async () =>
        json<{ items: unknown[] }>(await cli('audit', 'list', '--action', 'modelry:PutArtifact', '--json'))
          .items.length;
      const received = await uploads();
      assert.ok(received >= 1);
      const again = json<Registered>(
        await cli(
          'versions',
          'register',
          '--group',
          'fraud',
          '--artifact',
          modelPath,
          '--image',
          'img:1',
          '--json',
        ),
      );
      assert.equal(again.uploads[0]?.skipped, true, 'the SDK sent no bytes');
      assert.equal(again.artifacts?.[0]?.sha256, sha(model));
      assert.equal(await uploads(), received, 'the server received no upload');
    });

    test('a mistyped group fails before anything is uploaded', async () => {
      const other = randomBytes(2048);
      const path = join(dir, 'other.bin');
      writeFileSync(path, other);
      const run = await cli(
        'versions',
        'register',
        '--group',
        'frauf',
        '--artifact',
        path,
        '--image',
        'img:1',
      );
      assertFails(run, 1, /GroupNotFound/);
      assertFails(await cli('artifacts', 'stat', sha(other)), 1, /ArtifactNotFound/);
    });

    test('get by URI and by digest; stat', async () => {
      for (const ref of [first.artifactUri!, sha(model), `modelry://artifacts/sha256/${sha(model)}`]) {
        const out = join(dir, `by-${randomBytes(4).toString('hex')}`);
        const saved = json<{ path: string; sha256: string; size: number }>(
          await cli('artifacts', 'get', ref, '--output', out, '--json'),
        );
        assert.deepEqual(saved, { path: out, sha256: sha(model), size: model.length });
        assert.ok(readFileSync(out).equals(model));
      }
      const stat = json<{ size: number }>(await cli('artifacts', 'stat', sha(model), '--json'));
      assert.equal(stat.size, model.length);
      assertFails(await cli('artifacts', 'stat', '0'.repeat(64)), 1, /ArtifactNotFound/);
      const listed = json<ArtifactInfo[]>(await cli('artifacts', 'list', '--all', '--json'));
      const entry = listed.find((a) => a.sha256 === sha(model));
      assert.equal(entry?.size, model.length);
      assert.equal(entry?.uri, first.artifactUri);
      assert.match(
        assertOk(await cli('artifacts', 'list')),
        new RegExp(`^SHA256 +SIZE +MODIFIED\n(.*\n)*${sha(model)}  3.0 MiB`),
      );
    });

    test('--metrics uploads the report, sets it as model quality statistics and records its numbers', async () => {
      const report = join(dir, 'metrics.json');
      writeFileSync(report, JSON.stringify({ auc: 0.91, loss: 0.3, model: 'xgb', curve: [0.1, 0.2] }));
      const v = json<Registered>(
        await cli(
          'versions',
          'register',
          '--group',
          'fraud',
          '--artifact',
          modelPath,
          '--image',
          'img:2',
          '--metrics',
          report,
          '--metric',
          'loss=0.25',
          '--metadata',
          'team=risk',
          '--json',
        ),
      );
      assert.deepEqual(v.metrics, { auc: 0.91, loss: 0.25 });
      assert.deepEqual(v.metadata, { team: 'risk' });
      const reportSha = sha(readFileSync(report));
      const metricsSpec = v.sagemaker?.ModelMetrics as
        | { ModelQuality?: { Statistics?: { ContentType?: string; S3Uri?: string } } }
        | undefined;
      const statistics = metricsSpec?.ModelQuality?.Statistics;
      assert.equal(statistics?.ContentType, 'application/json');
      assert.ok(statistics?.S3Uri?.endsWith(`/sha256/${reportSha}`), statistics?.S3Uri);
      assert.ok(v.artifacts?.some((a) => a.sha256 === reportSha && a.field.startsWith('ModelMetrics.')));
      const out = join(dir, 'report-back.json');
      const field = v.artifacts!.find((a) => a.sha256 === reportSha)!.field;
      assertOk(await cli('artifacts', 'get', v.arn, '--field', field, '--output', out));
      assert.deepEqual(readFileSync(out), readFileSync(report));
    });

    test('gc --dry-run lists an unreferenced blob and deletes nothing; gc deletes it and spares the rest', async () => {
      const orphan = randomBytes(4096);
      const orphanPath = join(dir, 'orphan.bin');
      writeFileSync(orphanPath, orphan);
      const uri = assertOk(await cli('artifacts', 'upload', orphanPath));
      assert.match(uri, s3 ? /^s3:\/\/[^/]+\/models\/sha256\// : /^modelry:\/\/artifacts\/sha256\//);
      assert.ok(uri.endsWith(`/sha256/${sha(orphan)}\n`), uri);

      const dry = json<GcReport>(await cli('artifacts', 'gc', '--dry-run', '--grace', '0', '--json'));
      assert.equal(dry.dryRun, true);
      assert.deepEqual(dry.deleted, [{ sha256: sha(orphan), size: orphan.length }]);
      const said = assertOk(await cli('artifacts', 'gc', '--dry-run', '--grace', '0'));
      assert.match(said, /^Would delete 1 artifact\(s\), 4\.0 KiB; kept \d+; /);
      assert.ok(said.includes(`would delete ${sha(orphan)}  4.0 KiB`), said);
      assertOk(await cli('artifacts', 'stat', sha(orphan)));

      const spared = json<GcReport>(await cli('artifacts', 'gc', '--json'));
      assert.deepEqual(spared.deleted, [], 'the default grace spares a fresh upload');
      const done = json<GcReport>(await cli('artifacts', 'gc', '--grace', '0', '--json'));
      assert.deepEqual(done.deleted, [{ sha256: sha(orphan), size: orphan.length }]);
      assertFails(await cli('artifacts', 'stat', sha(orphan)), 1, /ArtifactNotFound/);
      assertOk(await cli('artifacts', 'stat', sha(model)));
    });

    // Only the S3 store has objects outside its content-addressed area (the folder store has none).
    const s3Only = setup.s3 ? test : () => undefined;
    s3Only(
      'get of a version pinned to an object of the bucket outside sha256/ says where it is and exits 1',
      async () => {
        const bytes = randomBytes(5000);
        // `aws s3 cp model.tar.gz s3://bucket/models/teams/a/model.tar.gz`: in the store, not a blob.
        const key = `${s3!.prefix}teams/a/model.tar.gz`;
        await s3!.client.send(new PutObjectCommand({ Bucket: s3!.bucket, Key: key, Body: bytes }));
        const uri = `s3://${s3!.bucket}/${key}`;
        const registered = json<Version>(
          await cli(
            'versions',
            'register',
            '--group',
            'fraud',
            '--model-data-url',
            uri,
            '--image',
            'img:1',
            '--json',
          ),
        );
        assert.equal(registered.artifacts?.[0]?.sha256, sha(bytes));
        const out = join(dir, 'outside.tar.gz');
        const run = await cli('artifacts', 'get', registered.arn, '--output', out);
        assertFails(run, 1, /outside its content-addressed area/);
        assert.ok(run.stderr.includes(uri), run.stderr);
        assert.ok(run.stderr.includes(sha(bytes)), run.stderr);
        assert.doesNotMatch(run.stderr, /ArtifactNotFound/);
        assert.equal(existsSync(out), false);
      },
    );

    test('corrupt stored bytes: get exits 1 with one line and leaves no file; verify lists the blob', async () => {
      assertOk(await cli('artifacts', 'verify'));
      await corrupt(sha(model));
      const target = join(dir, 'out-corrupt');
      rmSync(target, { recursive: true, force: true });
      const outDir = mkdtempSync(join(dir, 'corrupt-'));
      const out = join(outDir, 'model.tar.gz');
      for (const ref of [first.arn, sha(model)]) {
        assertFails(
          await cli('artifacts', 'get', ref, '--output', out),
          1,
          /DownloadIncomplete|DigestMismatch|ArtifactCorrupt/,
        );
        assert.equal(existsSync(out), false);
        assert.deepEqual(readdirSync(outDir), [], 'no temporary file left behind');
      }
      const verify = await cli('artifacts', 'verify', '--json');
      assert.equal(verify.code, 1);
      const report = JSON.parse(verify.stdout) as VerifyReport;
      assert.deepEqual(
        report.corrupt.map((c) => c.sha256),
        [sha(model)],
      );
      const plain = await cli('artifacts', 'verify');
      assert.equal(plain.code, 1);
      assert.ok(plain.stdout.includes(sha(model)), plain.stdout);
      assert.match(plain.stderr, /^modelry: 1 of \d+ artifact\(s\), .* are corrupt\.\n$/);
    });
  });
}

describe('modelry artifacts with authentication on', () => {
  let server: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'modelry-cli-artifacts-auth-'));
  before(async () => {
    server = await startServer({ auth: true });
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('uploads and downloads with a token and signed with SigV4 (UNSIGNED-PAYLOAD bodies)', async () => {
    const credentials = [
      { MODELRY_TOKEN: ADMIN.token },
      { MODELRY_ACCESS_KEY_ID: ADMIN.accessKeyId, MODELRY_SECRET_ACCESS_KEY: ADMIN.secretAccessKey },
    ];
    for (const [i, auth] of credentials.entries()) {
      const env = { MODELRY_ENDPOINT: server.url, ...auth };
      const bytes = randomBytes(100_000 + i);
      const path = join(dir, `f${i}`);
      writeFileSync(path, bytes);
      const up = json<UploadResult>(await modelry(['artifacts', 'upload', path, '--json'], env));
      assert.equal(up.sha256, sha(bytes));
      const out = join(dir, `back${i}`);
      assertOk(await modelry(['artifacts', 'get', up.uri, '--output', out], env));
      assert.ok(readFileSync(out).equals(bytes));
    }
    assertFails(
      await modelry(['artifacts', 'list'], { MODELRY_ENDPOINT: server.url }),
      1,
      /AuthenticationRequired/,
    );
  });

  test('a file over 64 MiB goes up in a resumable session (SigV4-signed chunks) and comes back identical', async () => {
    const env = {
      MODELRY_ENDPOINT: server.url,
      MODELRY_ACCESS_KEY_ID: ADMIN.accessKeyId,
      MODELRY_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    };
    const bytes = randomBytes(64 * 1024 * 1024 + 4099);
    const path = join(dir, 'large.bin');
    writeFileSync(path, bytes);
    const up = json<UploadResult>(await modelry(['artifacts', 'upload', path, '--json'], env));
    assert.deepEqual(up, {
      uri: up.uri,
      sha256: sha(bytes),
      size: bytes.length,
      existed: false,
      skipped: false,
    });
    const out = join(dir, 'large.out');
    assertOk(await modelry(['artifacts', 'get', up.sha256, '--output', out], env));
    assert.ok(readFileSync(out).equals(bytes));
  });
});
