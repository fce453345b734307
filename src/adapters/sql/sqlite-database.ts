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

/**
 * SQLite: one writer connection, whose transactions run one after another, and one reader connection,
 * which sees only committed data even while a write transaction is open (WAL).
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly writer: SqliteConnection;
  private reader: SqliteConnection | undefined;
  private queue: Promise<unknown> = Promise.resolve();

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
    const run = async (): Promise<T> => {
      const db = this.writer.db;
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.writer);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw translate(err);
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async exec(sql: string): Promise<void> {
    this.writer.db.exec(sql);
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.reader && this.reader !== this.writer) this.reader.db.close();
    this.writer.db.close();
  }
}
