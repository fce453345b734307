/** The few calls the store makes on a database connection, the same for SQLite and PostgreSQL. */
export type SqlValue = string | number | null;

export interface SqlConnection {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDatabase {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs work on a connection that sees committed data only. */
  read<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T>;
  /** Runs work in a transaction and commits it durably before resolving. */
  write<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T>;
  /** Runs DDL outside the request path (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

import { DomainError } from '../../domain/errors.js';

/**
 * PostgreSQL cannot store U+0000 in text; SQLite can. Refusing it on both keeps the backends equal and
 * turns what would be a server fault into a clear client error.
 */
export function assertStorable(params: readonly SqlValue[]): void {
  for (const p of params) {
    if (typeof p === 'string' && p.includes('\u0000')) {
      throw new DomainError('ValidationFailed', 'Text values may not contain the NUL character (U+0000).');
    }
  }
}

/** A unique or foreign-key constraint failed; repositories turn it into a domain error. */
export class ConstraintViolation extends Error {
  constructor(
    readonly kind: 'unique' | 'foreign-key',
    readonly detail: string,
  ) {
    super(`${kind} constraint violated: ${detail}`);
  }
}
