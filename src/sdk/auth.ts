/** The identity resources of the native API (/api/v1/auth) as the SDK returns and sends them. */

/** The built-in roles; each is an IAM-style policy document (docs/security.md). */
export const ROLE_NAMES = ['viewer', 'data-scientist', 'approver', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** A person signs in; a machine principal stands for a pipeline or service. Both hold keys and tokens. */
export type UserKind = 'user' | 'machine';

export interface User {
  name: string;
  /** `arn:aws:iam::ACCOUNT:user/NAME`: the principal in policies. */
  arn: string;
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
