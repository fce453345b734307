import { userInfo } from 'node:os';

/** What the CLI reads from its environment: which server to talk to, and as whom. */
export interface ClientConfig {
  readonly endpoint: string;
  readonly principal: string;
  /** MODELRY_TOKEN: the API token the CLI authenticates with. */
  readonly token?: string;
  /** Without a token: an access key pair to sign requests with (SigV4). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8585';

export function loadClientConfig(
  flags: { endpoint?: string },
  env: NodeJS.ProcessEnv = process.env,
): ClientConfig {
  const endpoint = (flags.endpoint ?? env.MODELRY_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  let principal = env.MODELRY_PRINCIPAL;
  if (!principal) {
    try {
      principal = userInfo().username;
    } catch {
      principal = 'cli';
    }
  }
  const token = (env.MODELRY_TOKEN ?? env.MODELRY_ADMIN_TOKEN)?.trim();
  const credentials = keyPair(env);
  return { endpoint, principal, ...(token && { token }), ...(credentials && { credentials }) };
}

/**
 * Where the CLI looks for a key pair, in order: its own variables, then the ones the AWS CLI and boto3
 * read, then the first admin's (so a shell set up to start the server can also administer it).
 */
const KEY_PAIRS = [
  ['MODELRY_ACCESS_KEY_ID', 'MODELRY_SECRET_ACCESS_KEY'],
  ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
  ['MODELRY_ADMIN_ACCESS_KEY_ID', 'MODELRY_ADMIN_SECRET_ACCESS_KEY'],
] as const;

function keyPair(env: NodeJS.ProcessEnv): { accessKeyId: string; secretAccessKey: string } | undefined {
  for (const [idName, secretName] of KEY_PAIRS) {
    const accessKeyId = env[idName]?.trim();
    const secretAccessKey = env[secretName]?.trim();
    if (accessKeyId && secretAccessKey) return { accessKeyId, secretAccessKey };
  }
  return undefined;
}
