/** Custom roles as the store keeps them: named policy documents of an account that principals may hold. */

export interface CustomRole {
  readonly id: number;
  readonly account: string;
  readonly name: string;
  readonly description?: string;
  /** The policy document as JSON text (already checked by parsePolicy). */
  readonly document: string;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly updatedAt?: number;
  readonly updatedBy?: string;
}

export interface NewRole {
  readonly account: string;
  readonly name: string;
  readonly description?: string;
  readonly document: string;
  readonly createdAt: number;
  readonly createdBy: string;
}

/** `undefined` keeps the stored value; a `null` description clears it. */
export interface RoleChange {
  readonly document?: string;
  readonly description?: string | null;
  readonly updatedAt: number;
  readonly updatedBy: string;
}

/**
 * Row locks (PostgreSQL; SQLite has one writer at a time): whoever gives a role to a principal holds it
 * `share`d, whoever deletes it holds it for `update`, so a role cannot be deleted while it is being given.
 */
export type RoleLock = 'share' | 'update';

/** The custom-role part of a unit of work. Names are unique per account ignoring case. */
export interface RoleTx {
  /** Throws DomainError RoleAlreadyExists when the name is taken in the account. */
  insertRole(role: NewRole): Promise<CustomRole>;
  /** The roles of the account among `names` (any case), in no particular order. */
  findRoles(account: string, names: readonly string[], lock?: RoleLock): Promise<CustomRole[]>;
  /** One page by name; `afterName` is the last name of the previous page. */
  listRoles(account: string, limit: number, afterName?: string): Promise<CustomRole[]>;
  updateRole(id: number, change: RoleChange): Promise<CustomRole>;
  deleteRole(id: number): Promise<void>;
  /** Names of the account's principals that hold the role (any case), by name, at most `limit`. */
  roleHolders(account: string, role: string, limit: number): Promise<string[]>;
}
