import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * A real S3-compatible server for tests: moto (`moto_server`, Python moto 5) on a free loopback port,
 * started per suite. Skips loudly when moto_server is not on PATH.
 */

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

export interface TestS3 {
  readonly endpoint: string;
  /** A bucket created at start. */
  readonly bucket: string;
  readonly prefix: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The MODELRY_* settings of a server that keeps its artifacts in `bucket` under `prefix`. */
  readonly env: Record<string, string>;
  /** A client of the server, to look behind a store's back. */
  readonly client: S3Client;
  /** Creates another, empty bucket and returns its name. */
  newBucket(): Promise<string>;
  stop(): Promise<void>;
}

let motoReason: string | false | undefined;

/** Reason to skip the S3 suites, printed loudly, or false when `moto_server` can be run. */
export function skipWithoutMoto(): string | false {
  if (motoReason === undefined) {
    const probe = spawnSync('moto_server', ['--help'], { stdio: 'ignore', timeout: 30_000 });
    motoReason =
      probe.error === undefined && probe.status === 0
        ? false
        : 'SKIPPED: moto_server is not on PATH (pip install "moto[server]"); the S3 artifact store is untested';
    if (motoReason) process.stderr.write(`\n!!! ${motoReason}\n`);
  }
  return motoReason;
}

/** Starts moto_server on 127.0.0.1 (a port it picks) and creates a bucket. */
export async function startS3(options: { prefix?: string } = {}): Promise<TestS3> {
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let endpoint: string;
  try {
    endpoint = `http://127.0.0.1:${await listeningPort(child)}`;
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const client = new S3Client({ region: REGION, endpoint, forcePathStyle: true, credentials: CREDENTIALS });
  await answering(client);
  const newBucket = async () => {
    const name = `modelry-test-${randomBytes(6).toString('hex')}`;
    await client.send(new CreateBucketCommand({ Bucket: name }));
    return name;
  };
  const bucket = await newBucket();
  const prefix = options.prefix ?? '';
  return {
    endpoint,
    bucket,
    prefix,
    region: REGION,
    credentials: CREDENTIALS,
    env: {
      MODELRY_ARTIFACT_STORE: 's3',
      MODELRY_S3_BUCKET: bucket,
      MODELRY_S3_ENDPOINT: endpoint,
      MODELRY_S3_REGION: REGION,
      MODELRY_S3_FORCE_PATH_STYLE: 'true',
      MODELRY_S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      MODELRY_S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      ...(prefix !== '' && { MODELRY_S3_PREFIX: prefix }),
    },
    client,
    newBucket,
    stop: async () => {
      client.destroy();
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The port moto_server reports (` * Running on http://127.0.0.1:PORT`), within 30 s. */
function listeningPort(child: ChildProcess): Promise<number> {
  let out = '';
  return new Promise<number>((resolve, reject) => {
    const deadline = setTimeout(
      () => reject(new Error(`moto_server did not start in 30 s:\n${out}`)),
      30_000,
    );
    let found = false;
    // Keep reading after the start line, else moto's request log fills the pipe and blocks it.
    const read = (data: Buffer) => {
      if (found) return;
      out += data.toString();
      const m = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        found = true;
        clearTimeout(deadline);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(deadline);
      reject(new Error(`moto_server exited with ${code} before listening:\n${out}`));
    });
  });
}

/** Polls the server until it answers an S3 request (10 s deadline). */
async function answering(client: S3Client): Promise<void> {
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      await client.send(new ListBucketsCommand({}));
      return;
    } catch (err) {
      if (Date.now() > until) throw new Error(`moto_server does not answer: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
