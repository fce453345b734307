// The four measured operations as real AWS JSON 1.1 requests, and the group fixtures they run against.
import { randomBytes } from 'node:crypto';
import { awsHeaders, callAws, registerBody } from './aws.js';
import { type LoadResult, send } from './load.js';

export const OPS = ['register', 'describe', 'list-page', 'approve'] as const;
export type Op = (typeof OPS)[number];

export const TARGETS: Readonly<Record<Op, string>> = {
  register: 'SageMaker.CreateModelPackage',
  describe: 'SageMaker.DescribeModelPackage',
  'list-page': 'SageMaker.ListModelPackages',
  approve: 'SageMaker.UpdateModelPackage',
};

export const LIST_PAGE_SIZE = 50;

export interface GroupFixture {
  readonly name: string;
  /** Versions registered by the seeding (1..size). */
  readonly size: number;
  /** `arn:…:model-package/<group>/`: append a version number. */
  readonly arnPrefix: string;
  /** A NextToken that starts a page in the middle of the group (keyset position size/2). */
  readonly middleToken: string;
  /** How the seeding went: requests/s through the API. */
  readonly seed: LoadResult;
  /** Versions registered through the API; the others (if any) were copied in SQL. */
  readonly viaApi: number;
  readonly copySeconds?: number;
}

const runId = randomBytes(4).toString('hex');
let tokenCounter = 0;

/** A ClientToken no other request of this run uses: every registration creates a version. */
function freshToken(prefix: string): string {
  return `${prefix}-${runId}-${(tokenCounter++).toString(36)}`;
}

/** Versions past the ones registered through the API, written some other way (see seed-postgres.ts). */
export type CopyVersions = (
  group: string,
  last: number,
  size: number,
) => Promise<{ copied: number; seconds: number }>;

/**
 * Creates a group and registers `size` versions through the server's own API: one CreateModelPackage, then
 * more from 32 keep-alive connections, each with its own ClientToken. With `copy`, only the first
 * `viaApi` are registered and `copy` writes the rest. Then checks through the API that the numbers are
 * exactly 1..size, and finds a NextToken for the middle of the group by paging to it.
 */
export async function seedGroup(
  url: string,
  name: string,
  size: number,
  copy?: { readonly viaApi: number; readonly versions: CopyVersions },
): Promise<GroupFixture> {
  await callAws(url, 'CreateModelPackageGroup', {
    ModelPackageGroupName: name,
    ModelPackageGroupDescription: `bench group of ${size} versions`,
  });
  const first = await callAws(url, 'CreateModelPackage', JSON.parse(registerBody(name, freshToken('s'))));
  const arn = String(first.ModelPackageArn);
  const arnPrefix = arn.slice(0, arn.lastIndexOf('/') + 1);
  if (`${arnPrefix}1` !== arn) throw new Error(`first version of ${name} is ${arn}, expected …/1`);
  const viaApi = copy ? Math.min(size, copy.viaApi) : size;
  const rest = viaApi - 1;
  const seed =
    rest > 0
      ? await send(
          { url },
          {
            concurrency: Math.min(32, rest),
            headers: awsHeaders('CreateModelPackage'),
            body: () => registerBody(name, freshToken('s')),
          },
          rest,
        )
      : { requests: 0, seconds: 0, rps: 0, p50: 0, p99: 0, failures: 0 };
  if (seed.failures > 0) throw new Error(`seeding ${name} failed: ${seed.firstFailure ?? ''}`);
  const copied = copy && size > viaApi ? await copy.versions(name, viaApi, size) : undefined;
  if (copied && copied.copied !== size - viaApi)
    throw new Error(`copied ${copied.copied} versions of ${name}`);
  await callAws(url, 'DescribeModelPackage', { ModelPackageName: `${arnPrefix}${size}` });
  const beyond = await fetch(url, {
    method: 'POST',
    headers: awsHeaders('DescribeModelPackage'),
    body: JSON.stringify({ ModelPackageName: `${arnPrefix}${size + 1}` }),
  });
  await beyond.text();
  if (beyond.status !== 400) throw new Error(`${name} has more than ${size} versions after seeding`);
  return {
    name,
    size,
    arnPrefix,
    middleToken: await middleToken(url, name, size),
    seed,
    viaApi,
    ...(copied && { copySeconds: copied.seconds }),
  };
}

/** Pages through the group (100 a page) until half of it has been listed; the token that follows. */
async function middleToken(url: string, group: string, size: number): Promise<string> {
  const half = Math.max(1, Math.floor(size / 2));
  const pageSize = Math.min(100, half);
  const pages = Math.floor(half / pageSize);
  let token: string | undefined;
  for (let i = 0; i < pages; i++) {
    const page = await callAws(url, 'ListModelPackages', {
      ModelPackageGroupName: group,
      MaxResults: pageSize,
      ...(token && { NextToken: token }),
    });
    token = page.NextToken as string | undefined;
    if (!token) throw new Error(`${group}: no NextToken after page ${i + 1}`);
  }
  return token!;
}

function randomVersion(size: number): number {
  return 1 + Math.floor(Math.random() * size);
}

/** Headers and body (fixed or per request) of one operation against one group. */
export function opRequest(
  op: Op,
  g: GroupFixture,
): { headers: Record<string, string>; body: string | (() => string) } {
  const headers = awsHeaders(TARGETS[op].slice('SageMaker.'.length));
  switch (op) {
    case 'register':
      return { headers, body: () => registerBody(g.name, freshToken('r')) };
    case 'describe':
      return {
        headers,
        body: () => JSON.stringify({ ModelPackageName: `${g.arnPrefix}${randomVersion(g.size)}` }),
      };
    case 'list-page':
      return {
        headers,
        body: JSON.stringify({
          ModelPackageGroupName: g.name,
          MaxResults: LIST_PAGE_SIZE,
          NextToken: g.middleToken,
        }),
      };
    case 'approve': {
      let flip = 0;
      return {
        headers,
        body: () =>
          JSON.stringify({
            ModelPackageArn: `${g.arnPrefix}${randomVersion(g.size)}`,
            ModelApprovalStatus: flip++ % 2 === 0 ? 'Approved' : 'Rejected',
          }),
      };
    }
  }
}

/**
 * The request the bare baseline is driven with: the describe request, built per request like the measured
 * cells build theirs, so the load generator spends the same work on both sides of each ratio.
 */
export function bareRequest(): { headers: Record<string, string>; body: () => string } {
  const prefix = 'arn:aws:sagemaker:us-east-1:000000000000:model-package/bench-1000/';
  return {
    headers: awsHeaders('DescribeModelPackage'),
    body: () => JSON.stringify({ ModelPackageName: `${prefix}${randomVersion(1000)}` }),
  };
}
