import { join } from 'node:path';
import { migrate } from './migrations.js';
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
    throw err;
  }
  return new SqlMetadataStore(db);
}
