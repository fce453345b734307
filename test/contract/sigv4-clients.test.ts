import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ListModelPackageGroupsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  parseSigV4,
  type SigV4Request,
  sigV4Headers,
  unknownAccessKey,
  verifySigV4,
} from '../../src/access/sigv4.js';
import { isDomainError } from '../../src/domain/errors.js';
import { AWS_CONTENT_TYPE, AWS_ERRORS } from '../../src/http/awsjson/errors.js';
import { TEST_CREDENTIALS } from '../helpers/aws.js';
import { awsClientEnv, skipWithoutAwsCli, skipWithoutBoto3 } from '../helpers/python.js';

/**
 * The verifier against the real signers: boto3, the AWS CLI and @aws-sdk/client-sagemaker talk to a
 * loopback node:http server that runs parseSigV4 + verifySigV4 on every request and answers `{}`-like
 * success or the SageMaker face's error envelope. `seen` records what the server decided, per request.
 */
const WRONG_SECRET = `${TEST_CREDENTIALS.secretAccessKey.slice(0, -1)}Z`;
const SECRETS = new Map([[TEST_CREDENTIALS.accessKeyId, TEST_CREDENTIALS.secretAccessKey]]);
const CLIENT_TIMEOUT_MS = 60_000;

const seen: string[] = [];

function answer(res: ServerResponse, status: number, body: object, errorType?: string): void {
  res.writeHead(status, {
    'content-type': AWS_CONTENT_TYPE,
    'x-amzn-requestid': randomUUID(),
    ...(errorType !== undefined && { 'x-amzn-errortype': errorType }),
  });
  res.end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const signed: SigV4Request = {
    method: req.method ?? '',
    url: req.url ?? '',
    headers: sigV4Headers(req.rawHeaders),
    body: Buffer.concat(chunks),
  };
  try {
    const credential = parseSigV4(signed, Date.now());
    const secret = SECRETS.get(credential.accessKeyId);
    if (secret === undefined) throw unknownAccessKey();
    verifySigV4(signed, credential, secret);
    seen.push('ok');
    answer(res, 200, { ModelPackageGroupSummaryList: [] });
  } catch (err) {
    if (!isDomainError(err)) throw err;
    seen.push(err.code);
    const { status, type } = AWS_ERRORS[err.code];
    answer(res, status, { __type: type, Message: err.message }, type);
  }
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns without blocking the event loop: the server answering the child lives in this process. */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** One attempt per call, so `seen` holds exactly the requests the assertions name. */
const clientEnv = (secret: string) =>
  awsClientEnv({ AWS_SECRET_ACCESS_KEY: secret, AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard' });

const BOTO3 = `
import json, sys, boto3
from botocore.exceptions import ClientError
sm = boto3.client("sagemaker", endpoint_url=sys.argv[1], region_name="us-east-1")
try:
    out = sm.list_model_package_groups()
    print(json.dumps({"ok": out["ModelPackageGroupSummaryList"]}))
except ClientError as e:
    print(json.dumps({"error": e.response["Error"]}))
`;

let server: Server;
let url: string;

before(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
});

describe('@aws-sdk/client-sagemaker', () => {
  const client = (credentials: { accessKeyId: string; secretAccessKey: string }, systemClockOffset = 0) =>
    new SageMakerClient({
      endpoint: url,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
      systemClockOffset,
    });

  test('a Modelry key pair is accepted', async () => {
    const out = await client(TEST_CREDENTIALS).send(new ListModelPackageGroupsCommand({}));
    assert.deepEqual(out.ModelPackageGroupSummaryList, []);
    assert.deepEqual(seen, ['ok']);
  });

  test('the wrong secret gets InvalidSignatureException', async () => {
    const wrong = client({ ...TEST_CREDENTIALS, secretAccessKey: WRONG_SECRET });
    await assert.rejects(wrong.send(new ListModelPackageGroupsCommand({})), {
      name: 'InvalidSignatureException',
      message: /^The request signature we calculated does not match/,
    });
    assert.deepEqual(seen, ['SignatureMismatch']);
  });

  test('an unknown access key gets UnrecognizedClientException', async () => {
    const unknown = client({ ...TEST_CREDENTIALS, accessKeyId: 'AKIDUNKNOWN' });
    await assert.rejects(unknown.send(new ListModelPackageGroupsCommand({})), {
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    assert.deepEqual(seen, ['InvalidCredentials']);
  });

  test('a clock 20 minutes slow gets a signature-expired error', async () => {
    const slow = client(TEST_CREDENTIALS, -20 * 60_000);
    await assert.rejects(slow.send(new ListModelPackageGroupsCommand({})), {
      name: 'InvalidSignatureException',
      message: /^Signature expired: \d{8}T\d{6}Z is now earlier than/,
    });
    assert.deepEqual(seen, ['RequestExpired']);
  });
});

const boto3Skip = skipWithoutBoto3();

describe('boto3', { skip: boto3Skip }, () => {
  const boto3 = async (secret: string): Promise<Record<string, unknown>> => {
    const r = await run('python3', ['-c', BOTO3, url], clientEnv(secret));
    assert.equal(r.code, 0, `python3 exited ${r.code}:\n${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };

  test('a Modelry key pair is accepted', { timeout: CLIENT_TIMEOUT_MS }, async () => {
    assert.deepEqual(await boto3(TEST_CREDENTIALS.secretAccessKey), { ok: [] });
    assert.deepEqual(seen, ['ok']);
  });

  test('the wrong secret gets InvalidSignatureException', { timeout: CLIENT_TIMEOUT_MS }, async () => {
    const out = await boto3(WRONG_SECRET);
    assert.deepEqual(out.error, {
      Code: 'InvalidSignatureException',
      Message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    });
    assert.deepEqual(seen, ['SignatureMismatch']);
  });
});

const cliSkip = skipWithoutAwsCli();

describe('AWS CLI', { skip: cliSkip }, () => {
  const cli = (secret: string) =>
    run(
      'aws',
      [
        'sagemaker',
        'list-model-package-groups',
        '--endpoint-url',
        url,
        '--region',
        'us-east-1',
        '--output',
        'json',
      ],
      clientEnv(secret),
    );

  test('a Modelry key pair is accepted', { timeout: CLIENT_TIMEOUT_MS }, async () => {
    const r = await cli(TEST_CREDENTIALS.secretAccessKey);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { ModelPackageGroupSummaryList: [] });
    assert.deepEqual(seen, ['ok']);
  });

  test('the wrong secret gets InvalidSignatureException', { timeout: CLIENT_TIMEOUT_MS }, async () => {
    const r = await cli(WRONG_SECRET);
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /An error occurred \(InvalidSignatureException\) when calling the ListModelPackageGroups operation(?: \(reached max retries: 0\))?: The request signature we calculated/,
    );
    assert.deepEqual(seen, ['SignatureMismatch']);
  });
});

describe('node:http and repeated headers', () => {
  /** Sends `x-amz-meta-dup` twice, signed by the SDK signer as the one value 'a,b' the SigV4 rules make of it. */
  async function sendRepeated(): Promise<number | undefined> {
    const { port } = new URL(url);
    const signer = new SignatureV4({
      credentials: TEST_CREDENTIALS,
      region: 'us-east-1',
      service: 'sagemaker',
      sha256: Sha256,
    });
    const body = '{}';
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: Number(port),
      path: '/',
      headers: {
        host: `127.0.0.1:${port}`,
        'content-type': AWS_CONTENT_TYPE,
        'x-amz-target': 'SageMaker.ListModelPackageGroups',
        'x-amz-meta-dup': 'a,b',
      },
      body,
    });
    const headers = { ...signed.headers, 'x-amz-meta-dup': ['a', 'b'] };
    return new Promise((resolve, reject) => {
      const req = request(`${url}/`, { method: 'POST', headers }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode));
      });
      req.once('error', reject);
      req.end(body);
    });
  }

  test('sigV4Headers(rawHeaders) keeps them apart, so the signature verifies', async () => {
    assert.equal(await sendRepeated(), 200);
    assert.deepEqual(seen, ['ok']);
  });
});
