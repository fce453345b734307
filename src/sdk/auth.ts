/** The identity resources of the native API (/api/v1/auth) as the SDK returns and sends them. */

/** The built-in roles; each is an IAM-style policy document (docs/security.md). */
export const ROLE_NAMES = ['viewer', 'data-scientist', 'approver', 'admin'] as const;
export type BuiltInRoleName = (typeof ROLE_NAMES)[number];
/** A built-in role or a custom role of the account (`client.auth.roles`). */
export type RoleName = string;
/** What a role name may look like (IAM's role names); whether the role exists is the server's answer. */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

/** A person signs in; a machine principal stands for a pipeline or service. Both hold keys and tokens. */
export type UserKind = 'user' | 'machine';

export interface User {
  name: string;
  /** `arn:aws:iam::ACCOUNT:user/NAME`: the principal in policies. */
  arn: string;
  /** The 12-digit account the user belongs to, and signs in as. */
  account: string;
  kind: UserKind;
  roles: RoleName[];
  description?: string;
  /** A disabled user's keys and tokens are refused until it is enabled again. */
  disabled: boolean;
  createdAt: string;
  createdBy: string;
}

/**
 * `auth.whoami()`: the caller, and which credential (access key id or token id) it signed in with. A
 * server run with --insecure-dev checks nobody and answers only the name the client claimed.
 */
export type Whoami =
  | (User & { credential: string; insecureDev?: undefined })
  | { name: string; insecureDev: true };

export interface CreateUserInput {
  name: string;
  /**
   * The 12-digit account to create the user in (default: yours). Only admins of the server's own account
   * (MODELRY_ACCOUNT_ID) may name another; they then manage that user by its ARN
   * (`arn:aws:iam::ACCOUNT:user/NAME`) wherever a user name is asked.
   */
  account?: string;
  kind?: UserKind;
  roles?: RoleName[];
  description?: string;
}

export interface UpdateUserInput {
  /** Replaces every role. */
  roles?: RoleName[];
  /** `null` removes the description. */
  description?: string | null;
  disabled?: boolean;
}

/** An IAM-style identity policy document: `{"Version": "2012-10-17", "Statement": [...]}`. */
export type PolicyDocument = Record<string, unknown>;

export interface InlinePolicy {
  name: string;
  document: PolicyDocument;
}

export interface AccessKey {
  accessKeyId: string;
  user: string;
  status: 'Active' | 'Inactive';
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** The answer that creates a key pair: the only one that carries its secret. */
export interface CreatedAccessKey extends AccessKey {
  secretAccessKey: string;
}

export interface ApiToken {
  tokenId: string;
  user: string;
  name?: string;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** The answer that creates a token: the only one that carries the token itself (`mdl_…`). */
export interface CreatedToken extends ApiToken {
  token: string;
}

export interface CreateTokenInput {
  /** What the token is for, shown in lists. */
  name?: string;
  /** Lifetime, 60 seconds to 366 days; without it the token does not expire. */
  ttlSeconds?: number;
}

/** A role: built-in (fixed) or custom (an admin's named policy document). */
export interface Role {
  name: string;
  /** `arn:aws:iam::ACCOUNT:role/NAME`: the resource of the role actions in policies. */
  arn: string;
  builtIn: boolean;
  description?: string;
  document: PolicyDocument;
  createdAt?: string;
  createdBy?: string;
  updatedAt?: string;
  updatedBy?: string;
}

export interface CreateRoleInput {
  name: string;
  document: PolicyDocument;
  description?: string;
}

/** What to change; a change binds the role's holders from their next request. */
export interface UpdateRoleInput {
  document?: PolicyDocument;
  /** `null` removes the description. */
  description?: string | null;
}
