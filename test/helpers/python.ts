import { spawnSync } from 'node:child_process';

/**
 * Detects the real AWS clients of the machine: Python 3 with boto3 and pytest, and the `aws` CLI.
 * Answers are cached per process; a missing tool is reported loudly so a skipped suite never goes unseen.
 */

let boto3Reason: string | false | undefined;
let awsCliReason: string | false | undefined;

function probe(command: string, args: readonly string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 });
  return result.error === undefined && result.status === 0;
}

function loud(reason: string): string {
  process.stderr.write(`\n!!! ${reason}\n`);
  return reason;
}

/** Reason to skip the boto3 suite, or false when `python3 -c "import boto3, pytest"` works. */
export function skipWithoutBoto3(): string | false {
  boto3Reason ??= probe('python3', ['-c', 'import boto3, pytest'])
    ? false
    : loud('SKIPPED: python3 with boto3 and pytest is not available (pip install boto3 pytest)');
  return boto3Reason;
}

/** Reason to skip the AWS CLI suite, or false when `aws --version` works. */
export function skipWithoutAwsCli(): string | false {
  awsCliReason ??= probe('aws', ['--version'])
    ? false
    : loud('SKIPPED: the AWS CLI (`aws`) is not available on PATH');
  return awsCliReason;
}

/**
 * Environment for the real AWS clients: dummy keys, a fixed region and no config from the machine,
 * so nothing can reach real AWS or pick up someone's profile.
 */
export function awsClientEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('AWS_')) delete env[key];
  }
  return {
    ...env,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    ...extra,
  };
}
