import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  assertStorable,
  ConstraintViolation,
  type SqlConnection,
  type SqlDatabase,
  type SqlValue,
} from './sql-connection.js';

type Statement = Database.Statement<unknown[], unknown>;

/** One better-sqlite3 connection with a statement cache, exposed through the async SqlConnection. */
class SqliteConnection implements SqlConnection {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: Database.Database) {}

  private prepare(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    try {
      return this.prepare(sql).all(...params) as T[];
    } catch (err) {
      throw translate(err);
    }
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    assertStorable(params);
    try {
      return this.prepare(sql).get(...params) as T | undefined;
    } catch (err) {
      throw translate(err);
    }
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    assertStorable(params);
    try {
      return this.prepare(sql).run(...params).changes;
    } catch (err) {
      throw translate(err);
    }
  }
}

function translate(err: unknown): unknown {
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new ConstraintViolation('unique', (err as Error).message);
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
    return new ConstraintViolation('foreign-key', (err as Error).message);
  return err;
}

/** Undoes one unit of work inside the batch's transaction; false if the transaction itself is gone. */
function rollbackTo(db: Database.Database): boolean {
  if (!db.inTransaction) return false;
  try {
    db.exec('ROLLBACK TO unit');
    db.exec('RELEASE unit');
    return true;
  } catch {
    return false;
  }
}

function open(file: string, readonly: boolean): Database.Database {
  const db = new Database(file, { readonly, fileMustExist: readonly });
  db.pragma('busy_timeout = 5000');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
  }
  // FULL makes each commit survive a power cut, not only a process crash (DESIGN §4).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}

/** Most units of work that share one COMMIT. */
const MAX_BATCH = 256;

interface PendingWrite {
  readonly work: (conn: SqlConnection) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * SQLite: one writer connection, whose units of work run one after another, and one reader connection,
 * which sees only committed data even while a write transaction is open (WAL).
 *
 * Group commit: the units of work waiting when the writer turns to them share one transaction, each
 * inside its own savepoint, and one durable COMMIT (one fsync with synchronous=FULL). A unit that fails
 * is rolled back to its savepoint alone and rejected; the others are acknowledged only after the COMMIT.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly writer: SqliteConnection;
  private reader: SqliteConnection | undefined;
  private pending: PendingWrite[] = [];
  private flushing: Promise<void> | undefined;

  constructor(private readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.writer = new SqliteConnection(open(file, false));
  }

  private readerConnection(): SqliteConnection {
    // Opened lazily: the file must hold the schema before a read-only connection can open it.
    this.reader ??= this.file === ':memory:' ? this.writer : new SqliteConnection(open(this.file, true));
    return this.reader;
  }

  async read<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T> {
    return work(this.readerConnection());
  }

  write<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // setImmediate runs after the event loop has read the sockets that are ready, so requests that
      // arrived during the previous COMMIT's fsync join this batch.
      this.flushing ??= new Promise<void>((done) => setImmediate(() => void this.flush().then(done)));
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        await this.commitBatch(batch);
      } catch (err) {
        // Settling twice is a no-op: only the units not yet acknowledged or rejected get this error.
        const error = translate(err);
        for (const w of batch) w.reject(error);
        try {
          if (this.writer.db.inTransaction) this.writer.db.exec('ROLLBACK');
        } catch {
          // The connection reports the failure to the next unit of work.
        }
      }
      if (this.pending.length > 0) await new Promise<void>((r) => setImmediate(r));
    }
    // No await between the last check and this line: a write that comes later schedules a new flush.
    this.flushing = undefined;
  }

  /**
   * Runs `batch` in one transaction; units that arrive while it runs join it (and `batch`) before COMMIT,
   * up to MAX_BATCH, so a steady stream of writes cannot hold back the acknowledgements for long.
   */
  private async commitBatch(batch: PendingWrite[]): Promise<void> {
    const db = this.writer.db;
    db.exec('BEGIN IMMEDIATE');
    const done: { w: PendingWrite; result: unknown }[] = [];
    let units: readonly PendingWrite[] = batch;
    while (units.length > 0) {
      for (const w of units) {
        try {
          db.exec('SAVEPOINT unit');
          const result = await w.work(this.writer);
          db.exec('RELEASE unit');
          done.push({ w, result });
        } catch (err) {
          const error = translate(err);
          if (rollbackTo(db)) {
            w.reject(error);
            continue;
          }
          // SQLite abandoned the whole transaction (disk full, I/O error): nothing of this batch is kept, and
          // every unit of it fails with that error.
          throw error;
        }
      }
      // One turn of the event loop lets requests already on the sockets reach write() and share this COMMIT.
      if (batch.length >= MAX_BATCH) break;
      await new Promise<void>((r) => setImmediate(r));
      units = this.pending.splice(0, MAX_BATCH - batch.length);
      batch.push(...units);
    }
    db.exec('COMMIT');
    for (const d of done) d.w.resolve(d.result);
  }

  async exec(sql: string): Promise<void> {
    this.writer.db.exec(sql);
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.reader && this.reader !== this.writer) this.reader.db.close();
    this.writer.db.close();
  }
}
