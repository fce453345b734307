import { join } from 'node:path';
import { migrate, SchemaTooNewError } from './migrations.js';
import { PostgresDatabase } from './postgres-database.js';
import type { SqlDatabase } from './sql-connection.js';
import { SqlMetadataStore } from './sql-metadata-store.js';
import { SqliteDatabase } from './sqlite-database.js';

export interface StoreLocation {
  readonly databaseUrl?: string;
  readonly dataDir: string;
}

export const SQLITE_FILE = 'modelry.db';

/** Opens the configured backend and brings its schema up to date. */
export async function openMetadataStore(loc: StoreLocation): Promise<SqlMetadataStore> {
  const db: SqlDatabase = loc.databaseUrl
    ? new PostgresDatabase(loc.databaseUrl)
    : new SqliteDatabase(join(loc.dataDir, SQLITE_FILE));
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    if (err instanceof SchemaTooNewError) throw err;
    const where = loc.databaseUrl ? `PostgreSQL at ${redact(loc.databaseUrl)}` : `SQLite in ${loc.dataDir}`;
    throw new StoreUnavailableError(`Cannot open the metadata store (${where}): ${(err as Error).message}`);
  }
  return new SqlMetadataStore(db);
}

/** The store could not be opened or migrated at boot; the message says where and why. */
export class StoreUnavailableError extends Error {}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparsable URL';
  }
}
