/** Principals and their credentials, as the store keeps them. Secrets are sealed or hashed before they get here. */

export type PrincipalKind = 'user' | 'machine';

export interface Principal {
  readonly id: number;
  readonly account: string;
  readonly name: string;
  readonly kind: PrincipalKind;
  /** Role names: built-in (viewer, data-scientist, approver, admin) or custom roles of the account. */
  readonly roles: readonly string[];
  readonly description?: string;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly disabledAt?: number;
}

export interface NewPrincipal {
  readonly account: string;
  readonly name: string;
  readonly kind: PrincipalKind;
  readonly roles: readonly string[];
  readonly description?: string;
  readonly createdAt: number;
  readonly createdBy: string;
}

export interface PrincipalChange {
  readonly roles?: readonly string[];
  readonly description?: string | null;
  readonly disabledAt?: number | null;
}

export interface NamedPolicy {
  readonly name: string;
  /** The policy document as JSON text. */
  readonly document: string;
}

export type KeyStatus = 'Active' | 'Inactive';

export interface StoredAccessKey {
  readonly accessKeyId: string;
  readonly principalId: number;
  /** The secret access key, sealed by the SecretBox (SigV4 needs it back in the clear). */
  readonly sealedSecret: string;
  readonly status: KeyStatus;
  readonly createdAt: number;
  readonly lastUsedAt?: number;
  readonly revokedAt?: number;
}

export interface StoredToken {
  /** The public part of the token, shown in lists. */
  readonly tokenId: string;
  readonly principalId: number;
  /** Hex SHA-256 of the secret part; the secret itself is never stored. */
  readonly secretHash: string;
  readonly name?: string;
  readonly createdAt: number;
  readonly expiresAt?: number;
  readonly lastUsedAt?: number;
  readonly revokedAt?: number;
}

/** The identity part of a unit of work. */
export interface IdentityTx {
  /** Principals across all accounts (0 on a fresh install: time to create the first admin). */
  countPrincipals(): Promise<number>;
  /** Throws DomainError PrincipalAlreadyExists when the name is taken in the account. */
  insertPrincipal(principal: NewPrincipal): Promise<Principal>;
  findPrincipal(account: string, name: string): Promise<Principal | undefined>;
  findPrincipalById(id: number): Promise<Principal | undefined>;
  /** One page by name; `afterName` is the last name of the previous page. */
  listPrincipals(account: string, limit: number, afterName?: string): Promise<Principal[]>;
  /** The accounts (at most `limit`, in order) holding a principal of this name, ignoring case. */
  findPrincipalAccounts(name: string, limit: number): Promise<string[]>;
  updatePrincipal(id: number, change: PrincipalChange): Promise<Principal>;
  deletePrincipal(id: number): Promise<void>;

  putPrincipalPolicy(principalId: number, policy: NamedPolicy): Promise<void>;
  deletePrincipalPolicy(principalId: number, name: string): Promise<boolean>;
  listPrincipalPolicies(principalId: number): Promise<NamedPolicy[]>;

  insertAccessKey(key: StoredAccessKey): Promise<void>;
  findAccessKey(accessKeyId: string): Promise<StoredAccessKey | undefined>;
  listAccessKeys(principalId: number): Promise<StoredAccessKey[]>;
  /** Marks the key Inactive (revoked keys stay listed, for the audit trail). */
  revokeAccessKey(accessKeyId: string, at: number): Promise<boolean>;
  touchAccessKey(accessKeyId: string, at: number): Promise<void>;

  insertToken(token: StoredToken): Promise<void>;
  findToken(tokenId: string): Promise<StoredToken | undefined>;
  listTokens(principalId: number): Promise<StoredToken[]>;
  revokeToken(tokenId: string, at: number): Promise<boolean>;
  touchToken(tokenId: string, at: number): Promise<void>;
}
