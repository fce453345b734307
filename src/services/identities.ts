import { parsePolicy } from '../access/policy.js';
import {
  hashTokenSecret,
  newAccessKeyId,
  newApiToken,
  newSecretAccessKey,
  PRINCIPAL_NAME,
} from '../domain/credentials.js';
import { DomainError } from '../domain/errors.js';
import type { Actor } from '../domain/model.js';
import { resolveUserRef } from '../domain/names.js';
import type {
  NamedPolicy,
  Principal,
  PrincipalKind,
  StoredAccessKey,
  StoredToken,
} from '../ports/identity-store.js';
import type { StoreTx } from '../ports/metadata-store.js';
import type { ServiceDeps } from './context.js';
import { invalid } from './event-settings.js';
import { resolveRoles } from './roles.js';

export interface NewPrincipalInput {
  readonly name: string;
  /**
   * The 12-digit account to create it in; the caller's by default. Only the home account's admins may name
   * another (the authorizer checks the creation on the new user's ARN).
   */
  readonly account?: string;
  readonly kind?: PrincipalKind;
  readonly roles?: readonly string[];
  readonly description?: string;
}

export interface IssuedKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly user: string;
  readonly createdAt: number;
}

export interface IssuedToken {
  readonly token: string;
  readonly tokenId: string;
  readonly user: string;
  readonly name?: string;
  readonly createdAt: number;
  readonly expiresAt?: number;
}

/** Longest lifetime of an API token; a token without one never expires. */
const TOKEN_TTL_MAX_SECONDS = 366 * 24 * 3600;

/** Users and machine principals of an account, with their roles, inline policies, keys and tokens. */
export class IdentityService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(actor: Actor, input: NewPrincipalInput): Promise<Principal> {
    assertName(input.name);
    const account = input.account ?? actor.account;
    if (!/^[0-9]{12}$/.test(account))
      throw invalid(`Invalid account ${JSON.stringify(account)}: 12 digits.`, 'account');
    return this.deps.store.write(async (tx) =>
      tx.insertPrincipal({
        account,
        name: input.name,
        kind: input.kind ?? 'user',
        roles: await resolveRoles(tx, account, input.roles ?? []),
        ...(input.description !== undefined && { description: input.description }),
        createdAt: this.deps.clock.now(),
        createdBy: actor.principal,
      }),
    );
  }

  get(actor: Actor, name: string): Promise<Principal> {
    return this.deps.store.read((tx) => this.principal(tx, actor, name));
  }

  /**
   * The users of the caller's account, or of `account` (the authorizer has checked the list on that
   * account's users: only the home account's admins list another account's).
   */
  list(actor: Actor, limit: number, after?: string, account?: string): Promise<Principal[]> {
    if (account !== undefined && !/^[0-9]{12}$/.test(account))
      throw invalid(`Invalid account ${JSON.stringify(account)}: 12 digits.`, 'account');
    return this.deps.store.read((tx) => tx.listPrincipals(account ?? actor.account, limit, after));
  }

  /** A user by name or ARN; for the home account's admins, a miss names the accounts holding that name. */
  private principal(tx: StoreTx, actor: Actor, name: string): Promise<Principal> {
    const admin = actor.account === this.deps.homeAccount && (actor.roles ?? []).includes('admin');
    return requirePrincipal(tx, actor.account, name, admin ? this.deps.partition : undefined);
  }

  async update(
    actor: Actor,
    name: string,
    change: { roles?: readonly string[]; description?: string | null; disabled?: boolean },
  ): Promise<Principal> {
    return this.deps.store.write(async (tx) => {
      const principal = await this.principal(tx, actor, name);
      const roles =
        change.roles !== undefined ? await resolveRoles(tx, principal.account, change.roles) : undefined;
      return tx.updatePrincipal(principal.id, {
        ...(roles !== undefined && { roles }),
        ...(change.description !== undefined && { description: change.description }),
        ...(change.disabled !== undefined && { disabledAt: change.disabled ? this.deps.clock.now() : null }),
      });
    });
  }

  async delete(actor: Actor, name: string): Promise<void> {
    const ref = resolveUserRef(actor.account, name);
    if (ref?.account === actor.account && ref.name.toLowerCase() === actor.principal.toLowerCase()) {
      throw invalid('You cannot delete the principal you are signed in as.', 'name');
    }
    await this.deps.store.write(async (tx) => tx.deletePrincipal((await this.principal(tx, actor, name)).id));
  }

  async putPolicy(actor: Actor, name: string, policyName: string, document: unknown): Promise<NamedPolicy> {
    if (!/^[\w+=,.@-]{1,128}$/.test(policyName))
      throw invalid(`Invalid policy name ${JSON.stringify(policyName)}.`, 'policyName');
    const parsed = parsePolicy(document, 'identity');
    const policy = { name: policyName, document: JSON.stringify(parsed) };
    await this.deps.store.write(async (tx) =>
      tx.putPrincipalPolicy((await this.principal(tx, actor, name)).id, policy),
    );
    return policy;
  }

  async deletePolicy(actor: Actor, name: string, policyName: string): Promise<void> {
    await this.deps.store.write(async (tx) => {
      const principal = await this.principal(tx, actor, name);
      if (!(await tx.deletePrincipalPolicy(principal.id, policyName))) {
        throw new DomainError('PolicyNotFound', `User ${name} has no inline policy named ${policyName}.`, {
          policyName,
        });
      }
    });
  }

  listPolicies(actor: Actor, name: string): Promise<NamedPolicy[]> {
    return this.deps.store.read(async (tx) =>
      tx.listPrincipalPolicies((await this.principal(tx, actor, name)).id),
    );
  }

  /** A new access key pair; the secret is returned this once and kept only sealed. */
  createKey(actor: Actor, user: string): Promise<IssuedKey> {
    return this.deps.store.write(async (tx) => this.issueKey(tx, await this.principal(tx, actor, user)));
  }

  /** Imports a given pair (MODELRY_ADMIN_*), or does nothing when the key exists already. */
  async ensureKey(
    tx: StoreTx,
    principal: Principal,
    accessKeyId: string,
    secretAccessKey: string,
  ): Promise<void> {
    if (await tx.findAccessKey(accessKeyId)) return;
    await tx.insertAccessKey({
      accessKeyId,
      principalId: principal.id,
      sealedSecret: this.deps.secrets.seal(secretAccessKey),
      status: 'Active',
      createdAt: this.deps.clock.now(),
    });
  }

  async issueKey(tx: StoreTx, principal: Principal): Promise<IssuedKey> {
    const accessKeyId = newAccessKeyId();
    const secretAccessKey = newSecretAccessKey();
    await this.ensureKey(tx, principal, accessKeyId, secretAccessKey);
    return { accessKeyId, secretAccessKey, user: principal.name, createdAt: this.deps.clock.now() };
  }

  listKeys(actor: Actor, user: string): Promise<StoredAccessKey[]> {
    return this.deps.store.read(async (tx) => tx.listAccessKeys((await this.principal(tx, actor, user)).id));
  }

  async revokeKey(actor: Actor, user: string, accessKeyId: string): Promise<void> {
    await this.deps.store.write(async (tx) => {
      await this.requireKey(tx, actor, user, accessKeyId);
      await tx.revokeAccessKey(accessKeyId, this.deps.clock.now());
    });
  }

  /** A new pair for the key's owner, and the old key revoked, in one transaction. */
  rotateKey(actor: Actor, user: string, accessKeyId: string): Promise<IssuedKey> {
    return this.deps.store.write(async (tx) => {
      const { principal } = await this.requireKey(tx, actor, user, accessKeyId);
      const issued = await this.issueKey(tx, principal);
      await tx.revokeAccessKey(accessKeyId, this.deps.clock.now());
      return issued;
    });
  }

  createToken(
    actor: Actor,
    user: string,
    options: { name?: string; ttlSeconds?: number } = {},
  ): Promise<IssuedToken> {
    const ttl = options.ttlSeconds;
    if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 60 || ttl > TOKEN_TTL_MAX_SECONDS)) {
      throw invalid(`A token's lifetime is 60 to ${TOKEN_TTL_MAX_SECONDS} seconds.`, 'ttlSeconds');
    }
    return this.deps.store.write(async (tx) =>
      this.issueToken(tx, await this.principal(tx, actor, user), options.name, ttl),
    );
  }

  /** Imports a given token (MODELRY_ADMIN_TOKEN), or does nothing when it exists already. */
  async ensureToken(
    tx: StoreTx,
    principal: Principal,
    tokenId: string,
    secret: string,
    name?: string,
  ): Promise<void> {
    if (await tx.findToken(tokenId)) return;
    await tx.insertToken({
      tokenId,
      principalId: principal.id,
      secretHash: hashTokenSecret(secret),
      ...(name !== undefined && { name }),
      createdAt: this.deps.clock.now(),
    });
  }

  async issueToken(
    tx: StoreTx,
    principal: Principal,
    name?: string,
    ttlSeconds?: number,
  ): Promise<IssuedToken> {
    const { token, tokenId, secret } = newApiToken();
    const now = this.deps.clock.now();
    const expiresAt = ttlSeconds !== undefined ? now + ttlSeconds * 1000 : undefined;
    await tx.insertToken({
      tokenId,
      principalId: principal.id,
      secretHash: hashTokenSecret(secret),
      ...(name !== undefined && { name }),
      createdAt: now,
      ...(expiresAt !== undefined && { expiresAt }),
    });
    return {
      token,
      tokenId,
      user: principal.name,
      createdAt: now,
      ...(expiresAt !== undefined && { expiresAt }),
    };
  }

  listTokens(actor: Actor, user: string): Promise<StoredToken[]> {
    return this.deps.store.read(async (tx) => tx.listTokens((await this.principal(tx, actor, user)).id));
  }

  async revokeToken(actor: Actor, user: string, tokenId: string): Promise<void> {
    await this.deps.store.write(async (tx) => {
      await this.requireToken(tx, actor, user, tokenId);
      await tx.revokeToken(tokenId, this.deps.clock.now());
    });
  }

  rotateToken(actor: Actor, user: string, tokenId: string): Promise<IssuedToken> {
    return this.deps.store.write(async (tx) => {
      const { principal, token } = await this.requireToken(tx, actor, user, tokenId);
      const ttl =
        token.expiresAt !== undefined ? Math.round((token.expiresAt - token.createdAt) / 1000) : undefined;
      const issued = await this.issueToken(tx, principal, token.name, ttl);
      await tx.revokeToken(tokenId, this.deps.clock.now());
      return issued;
    });
  }

  /** The key, if it belongs to `user` of the caller's account (the path a policy authorized). */
  private async requireKey(tx: StoreTx, actor: Actor, user: string, accessKeyId: string) {
    const key = await tx.findAccessKey(accessKeyId);
    const principal = key && (await tx.findPrincipalById(key.principalId));
    if (!key || !principal || !owns(principal, actor.account, user)) {
      throw new DomainError('CredentialNotFound', `User ${user} has no access key ${accessKeyId}.`, {
        accessKeyId,
      });
    }
    return { key, principal };
  }

  private async requireToken(tx: StoreTx, actor: Actor, user: string, tokenId: string) {
    const token = await tx.findToken(tokenId);
    const principal = token && (await tx.findPrincipalById(token.principalId));
    if (!token || !principal || !owns(principal, actor.account, user)) {
      throw new DomainError('CredentialNotFound', `User ${user} has no token ${tokenId}.`, { tokenId });
    }
    return { token, principal };
  }
}

/**
 * A user by name in `account` (the caller's), or by ARN in the ARN's account: the authorizer has checked
 * the request on that ARN (only the home account's admins manage other accounts' users). Given `partition`
 * (a caller who administers every account), a bare name found only in other accounts is refused with the
 * ARN that names it: a bare name always means the caller's own account.
 */
export async function requirePrincipal(
  tx: StoreTx,
  account: string,
  name: string,
  partition?: string,
): Promise<Principal> {
  const ref = resolveUserRef(account, name);
  const principal = ref && (await tx.findPrincipal(ref.account, ref.name));
  if (principal) return principal;
  const elsewhere =
    partition !== undefined && ref && !name.startsWith('arn:')
      ? (await tx.findPrincipalAccounts(ref.name, 5)).filter((a) => a !== account)
      : [];
  const hint = elsewhere
    .map((a) => `it lives in account ${a}: name it by ARN arn:${partition}:iam::${a}:user/${ref!.name}`)
    .join('; ');
  throw new DomainError(
    'PrincipalNotFound',
    `User ${name} does not exist${hint ? ` in account ${account}; ${hint}` : ''}.`,
    { user: name },
  );
}

function owns(principal: Principal, account: string, user: string): boolean {
  const ref = resolveUserRef(account, user);
  return principal.account === ref?.account && principal.name.toLowerCase() === ref.name.toLowerCase();
}

function assertName(name: string): void {
  if (typeof name !== 'string' || !PRINCIPAL_NAME.test(name)) {
    throw invalid(`Invalid user name ${JSON.stringify(name)}: 1-64 letters, digits and +=,.@_-.`, 'name');
  }
}
