import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MIGRATIONS, migrate, SCHEMA_VERSION, SchemaTooNewError } from './migrations.js';
import { openMetadataStore, SQLITE_FILE } from './open-store.js';
import { SqliteDatabase } from './sqlite-database.js';

const dirs: string[] = [];
function freshFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'modelry-migrations-'));
  dirs.push(dir);
  return join(dir, SQLITE_FILE);
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface SchemaRow {
  type: string;
  name: string;
  sql: string | null;
}

async function schemaOf(db: SqliteDatabase): Promise<SchemaRow[]> {
  return db.read((c) => c.all<SchemaRow>('SELECT type, name, sql FROM sqlite_master ORDER BY type, name'));
}

describe('migrations on a SQLite file', () => {
  it('numbers migrations 1, 2, 3... and knows the last as the schema version', () => {
    assert.deepEqual(
      MIGRATIONS.map((m) => m.version),
      Array.from({ length: MIGRATIONS.length }, (_, i) => i + 1),
    );
    assert.equal(SCHEMA_VERSION, MIGRATIONS.length);
  });

  it('migrates a new file, and a second run changes nothing', async () => {
    const db = new SqliteDatabase(freshFile());
    try {
      assert.deepEqual(await migrate(db), { from: 0, to: SCHEMA_VERSION });
      const schema = await schemaOf(db);
      const tables = schema.filter((r) => r.type === 'table').map((r) => r.name);
      for (const t of [
        'model_package_groups',
        'model_packages',
        'package_metrics',
        'approval_changes',
        'tags',
      ]) {
        assert.ok(tables.includes(t), `table ${t}`);
      }
      const applied = () =>
        db.read((c) =>
          c.all<{ version: number; name: string }>(
            'SELECT version, name FROM schema_migrations ORDER BY version',
          ),
        );
      const first = await applied();
      assert.deepEqual(
        first,
        MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
      );
      assert.deepEqual(await migrate(db), { from: SCHEMA_VERSION, to: SCHEMA_VERSION });
      assert.deepEqual(await schemaOf(db), schema);
      assert.deepEqual(await applied(), first);
    } finally {
      await db.close();
    }
  });

  it('keeps data when a store is opened again on a migrated file', async () => {
    const file = freshFile();
    const dataDir = join(file, '..');
    const first = await openMetadataStore({ dataDir });
    await first.write((tx) =>
      tx.insertGroup({
        account: '000000000000',
        name: 'kept',
        arn: 'arn:aws:sagemaker:us-east-1:000000000000:model-package-group/kept',
        createdAt: 1,
        createdBy: { principal: 'p', account: '000000000000', source: 'system' },
      }),
    );
    await first.close();
    const second = await openMetadataStore({ dataDir });
    try {
      assert.equal((await second.read((tx) => tx.findGroup('000000000000', 'kept')))?.name, 'kept');
    } finally {
      await second.close();
    }
  });

  it('refuses a database whose schema is newer than this build knows', async () => {
    const file = freshFile();
    const db = new SqliteDatabase(file);
    await migrate(db);
    await db.write((c) =>
      c.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        SCHEMA_VERSION + 1,
        'from the future',
        Date.now(),
      ]),
    );
    const before = await schemaOf(db);
    await assert.rejects(migrate(db), (err: unknown) => {
      assert.ok(err instanceof SchemaTooNewError, String(err));
      assert.match(err.message, new RegExp(`version ${SCHEMA_VERSION + 1}.*\\(${SCHEMA_VERSION}\\)`));
      return true;
    });
    assert.deepEqual(await schemaOf(db), before);
    await db.close();
    await assert.rejects(openMetadataStore({ dataDir: join(file, '..') }), SchemaTooNewError);
  });
});
