import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, test } from 'node:test';
import { migrate, SCHEMA_VERSION, SchemaTooNewError } from '../../src/adapters/sql/migrations.js';
import { openMetadataStore } from '../../src/adapters/sql/open-store.js';
import { PostgresDatabase } from '../../src/adapters/sql/postgres-database.js';
import { createTestDatabase, skipWithoutPostgres } from '../helpers/postgres.js';
import { metadataStoreContract } from './metadata-store.contract.js';

const skip = await skipWithoutPostgres();

if (skip) {
  test('MetadataStore contract: postgres', { skip }, () => undefined);
} else {
  metadataStoreContract('postgres', async () => {
    const db = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'modelry-pg-contract-'));
    const store = await openMetadataStore({ dataDir, databaseUrl: db.url });
    return {
      store,
      close: async () => {
        await store.close();
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  });

  describe('PostgreSQL migrations', () => {
    it('migrates once when two nodes start together, and a later run changes nothing', async () => {
      const testDb = await createTestDatabase();
      const nodes = [new PostgresDatabase(testDb.url, 2), new PostgresDatabase(testDb.url, 2)];
      try {
        const results = await Promise.all(nodes.map((n) => migrate(n)));
        assert.deepEqual(
          results.map((r) => r.from).sort(),
          [0, SCHEMA_VERSION],
          'one node applied the migrations, the other found them applied',
        );
        assert.deepEqual(await migrate(nodes[0]!), { from: SCHEMA_VERSION, to: SCHEMA_VERSION });
        const rows = await nodes[0]!.read((c) =>
          c.all<{ version: number }>('SELECT version FROM schema_migrations'),
        );
        assert.deepEqual(
          rows.map((r) => r.version),
          Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
        );
        await nodes[1]!.write((c) =>
          c.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
            SCHEMA_VERSION + 1,
            'from the future',
            0,
          ]),
        );
        await assert.rejects(migrate(nodes[1]!), SchemaTooNewError);
      } finally {
        await Promise.all(nodes.map((n) => n.close()));
        await testDb.drop();
      }
    });
  });
}
