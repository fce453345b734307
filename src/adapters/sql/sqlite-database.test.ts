import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConstraintViolation } from './sql-connection.js';
import { SqliteDatabase } from './sqlite-database.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function freshDb(): Promise<{ db: SqliteDatabase; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'modelry-sqlite-'));
  dirs.push(dir);
  const file = join(dir, 'test.db');
  const db = new SqliteDatabase(file);
  await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  return { db, file };
}

type Row = { id: number };
const ids = (rows: Row[]) => rows.map((r) => r.id);

describe('SQLite group commit', { timeout: 20_000 }, () => {
  it('runs concurrent units in one transaction and acknowledges them after its COMMIT', async () => {
    const { db } = await freshDb();
    let writerSaw: Row[] = [];
    let readerSaw: Row[] = [];
    const a = db.write((c) => c.run('INSERT INTO t VALUES (1, ?)', ['a']));
    const b = db.write(async (c) => {
      writerSaw = await c.all<Row>('SELECT id FROM t ORDER BY id');
      readerSaw = await db.read((r) => r.all<Row>('SELECT id FROM t ORDER BY id'));
      return c.run('INSERT INTO t VALUES (2, ?)', ['b']);
    });
    assert.deepEqual(await Promise.all([a, b]), [1, 1]);
    // b ran after a inside the same open transaction: it saw a's row, which nobody else could see yet.
    assert.deepEqual(ids(writerSaw), [1]);
    assert.deepEqual(ids(readerSaw), []);
    assert.deepEqual(ids(await db.read((r) => r.all<Row>('SELECT id FROM t ORDER BY id'))), [1, 2]);
    await db.close();
  });

  it('rolls back a failing unit alone; the units around it commit', async () => {
    const { db } = await freshDb();
    const results = await Promise.allSettled([
      db.write((c) => c.run('INSERT INTO t VALUES (1, ?)', ['a'])),
      db.write(async (c) => {
        await c.run('INSERT INTO t VALUES (2, ?)', ['b']);
        throw new Error('b fails after writing');
      }),
      db.write((c) => c.run('INSERT INTO t VALUES (1, ?)', ['duplicate of a'])),
      db.write((c) => c.run('INSERT INTO t VALUES (3, ?)', ['c'])),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
    );
    assert.equal(((results[1] as PromiseRejectedResult).reason as Error).message, 'b fails after writing');
    const duplicate = (results[2] as PromiseRejectedResult).reason;
    assert.ok(duplicate instanceof ConstraintViolation && duplicate.kind === 'unique', String(duplicate));
    assert.deepEqual(ids(await db.read((r) => r.all<Row>('SELECT id FROM t ORDER BY id'))), [1, 3]);
    await db.close();
  });

  it('loses no unit queued while a batch commits, however the writes are chained', async () => {
    const { db } = await freshDb();
    const chain = async (start: number) => {
      for (let i = 0; i < 20; i++)
        await db.write((c) => c.run('INSERT INTO t (v) VALUES (?)', [`${start}-${i}`]));
    };
    await Promise.all([chain(0), chain(1), chain(2), chain(3)]);
    const burst = await Promise.all(
      Array.from({ length: 600 }, (_, i) =>
        db.write((c) => c.run('INSERT INTO t (v) VALUES (?)', [`b${i}`])),
      ),
    );
    // More than one batch holds (256 units): the rest commit in the batches after it.
    assert.equal(burst.length, 600);
    const count = await db.read((r) => r.get<{ n: number }>('SELECT COUNT(*) AS n FROM t'));
    assert.equal(count?.n, 680);
    await db.close();
  });

  it('close() waits for the units already queued, and they are on disk', async () => {
    const { db, file } = await freshDb();
    const pending = db.write((c) => c.run('INSERT INTO t VALUES (7, ?)', ['late']));
    await db.close();
    assert.equal(await pending, 1);
    const reopened = new SqliteDatabase(file);
    assert.deepEqual(ids(await reopened.read((r) => r.all<Row>('SELECT id FROM t'))), [7]);
    await reopened.close();
  });
});
