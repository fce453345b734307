import { createHash } from 'node:crypto';
import pg from 'pg';
import { DomainError } from '../../domain/errors.js';
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

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
]);

/** The database is down, restarting or unreachable: a retryable 503, not a server fault. */
function isUnavailable(e: { code?: string; message?: string }): boolean {
  if (e.code && (NETWORK_ERRORS.has(e.code) || e.code.startsWith('08') || /^57P0[123]$/.test(e.code)))
    return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
    e.message ?? '',
  );
}

function translate(err: unknown): unknown {
  const e = err as { code?: string; constraint?: string; detail?: string; message?: string };
  if (isUnavailable(e)) {
    return new DomainError(
      'NotReady',
      `The metadata store is unavailable (${e.message ?? e.code}); retry later.`,
    );
  }
  if (e.code === '23505')
    return new ConstraintViolation('unique', `${e.constraint ?? ''} ${e.detail ?? ''}`.trim());
  if (e.code === '23503')
    return new ConstraintViolation('foreign-key', `${e.constraint ?? ''} ${e.detail ?? ''}`.trim());
  return err;
}

class PgConnection implements SqlConnection {
  readonly dialect = 'postgres' as const;
  constructor(private readonly client: pg.PoolClient) {}

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
  }

  /** A pooled connection; failing to get one means the store is unreachable, whatever PostgreSQL said. */
  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (err) {
      const e = err as { code?: string; message?: string };
      throw new DomainError(
        'NotReady',
        `The metadata store is unavailable (${e.message ?? e.code}); retry later.`,
      );
    }
  }

  /** Runs work on one connection; a connection that broke meanwhile is discarded, not pooled. */
  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let broken = false;
    try {
      return await work(client);
    } catch (err) {
      const translated = translate(err);
      broken = translated instanceof DomainError && translated.code === 'NotReady';
      throw translated;
    } finally {
      client.release(broken);
    }
  }

  read<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T> {
    return this.withClient((client) => work(new PgConnection(client)));
  }

  write<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work(new PgConnection(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
