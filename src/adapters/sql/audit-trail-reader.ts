import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AuditChainVerifier, type AuditHead, type AuditVerification } from '../../domain/audit.js';
import { auditColumnsMismatch, toAuditRecord } from './audit-statements.js';
import { SQLITE_FILE, type StoreLocation } from './open-store.js';
import { PostgresDatabase } from './postgres-database.js';
import type { SqlDatabase } from './sql-connection.js';
import { SqliteDatabase } from './sqlite-database.js';

const PAGE = 1000;

/**
 * Walks a store's whole audit trail in seq order and checks its hash chain, and that the indexed columns
 * say what each hashed entry says. Reads only: opens the database without migrating it. With `anchor` (a
 * head saved earlier, outside the database), a trail that ends before it or holds another record there fails.
 */
export async function verifyStoredTrail(loc: StoreLocation, anchor?: AuditHead): Promise<AuditVerification> {
  const file = join(loc.dataDir, SQLITE_FILE);
  if (!loc.databaseUrl && !existsSync(file))
    throw new Error(`No Modelry database in ${loc.dataDir} (${file} is missing).`);
  const db: SqlDatabase = loc.databaseUrl
    ? new PostgresDatabase(loc.databaseUrl, 1)
    : new SqliteDatabase(file);
  try {
    const verifier = new AuditChainVerifier(anchor);
    let after = 0;
    for (;;) {
      const rows = await db.read((conn) =>
        conn.all<Parameters<typeof toAuditRecord>[0]>(
          // Every column: resource_account exists only from migration 6 on, and the store is not migrated here.
          'SELECT * FROM audit_records WHERE seq > ? ORDER BY seq LIMIT ?',
          [after, PAGE],
        ),
      );
      for (const row of rows) {
        const column = auditColumnsMismatch(row);
        if (column) {
          return {
            ok: false,
            seq: Number(row.seq),
            reason: `record ${Number(row.seq)}: its ${column} column does not match its hashed contents (edited?)`,
          };
        }
        const failure = verifier.push(toAuditRecord(row));
        if (failure) return failure;
      }
      if (rows.length < PAGE) return verifier.finish();
      after = Number(rows.at(-1)!.seq);
    }
  } finally {
    await db.close();
  }
}
