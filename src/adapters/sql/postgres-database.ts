import { createHash } from 'node:crypto';
import pg from 'pg';
import {
  assertStorable,
  ConstraintViolation,
  type SqlConnection,
  type SqlDatabase,
  type SqlValue,
} from './sql-connection.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** The store writes `?` placeholders once; PostgreSQL wants `$1, $2, ...`. */
const converted = new Map<string, { text: string; name: string }>();

function toPg(sql: string): { text: string; name: string } {
  let hit = converted.get(sql);
  if (!hit) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    hit = { text, name: `q${createHash('sha1').update(text).digest('hex').slice(0, 16)}` };
    converted.set(sql, hit);
  }
  return hit;
}

function translate(err: unknown): unknown {
  const e = err as { code?: string; constraint?: string; detail?: string; message?: string };
  if (e.code === '23505')
    return new ConstraintViolation('unique', `${e.constraint ?? ''} ${e.detail ?? ''}`.trim());
  if (e.code === '23503')
    return new ConstraintViolation('foreign-key', `${e.constraint ?? ''} ${e.detail ?? ''}`.trim());
  return err;
}

class PgConnection implements SqlConnection {
  constructor(private readonly client: pg.PoolClient | pg.Pool) {}

  private async query<T>(
    sql: string,
    params: readonly SqlValue[],
  ): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    assertStorable(params);
    const { text, name } = toPg(sql);
    try {
      return await this.client.query<T & pg.QueryResultRow>({ name, text, values: params as SqlValue[] });
    } catch (err) {
      throw translate(err);
    }
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.query<T>(sql, params)).rows;
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.query<T>(sql, params)).rows[0];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }
}

export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly reader: PgConnection;

  constructor(url: string, poolSize = 10) {
    const types = {
      getTypeParser: (oid: number, format?: string) => {
        if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
        return pg.types.getTypeParser(oid, format as 'text');
      },
    };
    // A host that never answers must fail the start (or the request) instead of hanging it.
    this.pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: 10_000 });
    // A dropped idle connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.reader = new PgConnection(this.pool);
  }

  async read<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T> {
    return work(this.reader);
  }

  async write<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(new PgConnection(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw translate(err);
    } finally {
      client.release();
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
