import { userInfo } from 'node:os';

/** What the CLI reads from its environment: which server to talk to, and as whom. */
export interface ClientConfig {
  readonly endpoint: string;
  readonly principal: string;
  /** MODELRY_TOKEN: the API token the CLI authenticates with. */
  readonly token?: string;
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
  const token = env.MODELRY_TOKEN?.trim();
  return { endpoint, principal, ...(token && { token }) };
}
