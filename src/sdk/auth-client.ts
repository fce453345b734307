import type {
  AccessKey,
  ApiToken,
  CreatedAccessKey,
  CreatedToken,
  CreateTokenInput,
  CreateUserInput,
  InlinePolicy,
  PolicyDocument,
  UpdateUserInput,
  User,
  Whoami,
} from './auth.js';
import { RolesApi } from './auth-roles-client.js';
import type { Transport } from './events-client.js';
import type { Page } from './types.js';

const enc = encodeURIComponent;
const user = (name: string) => `/auth/users/${enc(name)}`;

/**
 * Users, their roles and inline policies, access keys (SigV4, for the SageMaker face) and API tokens
 * (Bearer, for the native API): `client.auth`. Secrets appear only in the answers that create or rotate
 * a credential; the server keeps none it could show again.
 */
export class AuthApi {
  /** Built-in and custom roles. */
  readonly roles: RolesApi;

  constructor(private readonly transport: Pick<Transport, 'request'>) {
    this.roles = new RolesApi(transport);
  }

  /** Who the client's credentials belong to. */
  whoami(): Promise<Whoami> {
    return this.transport.request('GET', '/auth/whoami');
  }

  createUser(input: CreateUserInput): Promise<User> {
    return this.transport.request('POST', '/auth/users', input);
  }

  /** By name; `nextPageToken` continues the list. */
  /** The caller's users, or with `account` another account's (the home account's admins only). */
  listUsers(input: { limit?: number; pageToken?: string; account?: string } = {}): Promise<Page<User>> {
    return this.transport.request('GET', '/auth/users', undefined, { ...input });
  }

  getUser(name: string): Promise<User> {
    return this.transport.request('GET', user(name));
  }

  updateUser(name: string, input: UpdateUserInput): Promise<User> {
    return this.transport.request('PATCH', user(name), input);
  }

  /** Deletes the user with its keys, tokens and inline policies. Refused for the caller itself. */
  deleteUser(name: string): Promise<void> {
    return this.transport.request('DELETE', user(name));
  }

  listPolicies(name: string): Promise<{ items: InlinePolicy[] }> {
    return this.transport.request('GET', `${user(name)}/policies`);
  }

  /** Attaches the policy under `policy`, replacing one of that name. */
  putPolicy(name: string, policy: string, document: PolicyDocument): Promise<InlinePolicy> {
    return this.transport.request('PUT', `${user(name)}/policies/${enc(policy)}`, { document });
  }

  deletePolicy(name: string, policy: string): Promise<void> {
    return this.transport.request('DELETE', `${user(name)}/policies/${enc(policy)}`);
  }

  /** A new SigV4 key pair for `name`; the secret is in this answer only. */
  createKey(name: string): Promise<CreatedAccessKey> {
    return this.transport.request('POST', `${user(name)}/keys`);
  }

  listKeys(name: string): Promise<{ items: AccessKey[] }> {
    return this.transport.request('GET', `${user(name)}/keys`);
  }

  revokeKey(name: string, accessKeyId: string): Promise<void> {
    return this.transport.request('DELETE', `${user(name)}/keys/${enc(accessKeyId)}`);
  }

  /** A new pair for the key's owner, the old key revoked in the same transaction. */
  rotateKey(name: string, accessKeyId: string): Promise<CreatedAccessKey> {
    return this.transport.request('POST', `${user(name)}/keys/${enc(accessKeyId)}/rotate`);
  }

  /** A new API token for `name`; the token is in this answer only. */
  createToken(name: string, input: CreateTokenInput = {}): Promise<CreatedToken> {
    return this.transport.request('POST', `${user(name)}/tokens`, input);
  }

  listTokens(name: string): Promise<{ items: ApiToken[] }> {
    return this.transport.request('GET', `${user(name)}/tokens`);
  }

  revokeToken(name: string, tokenId: string): Promise<void> {
    return this.transport.request('DELETE', `${user(name)}/tokens/${enc(tokenId)}`);
  }

  /** A new token with the old one's name and lifetime; the old one is revoked at once. */
  rotateToken(name: string, tokenId: string): Promise<CreatedToken> {
    return this.transport.request('POST', `${user(name)}/tokens/${enc(tokenId)}/rotate`);
  }
}
