import { type AuditEntry, type AuditRecord, chainRecord, GENESIS_HASH } from '../../domain/audit.js';
import type { AuditHead, AuditQuery, AuditTx } from '../../ports/audit-store.js';
import type { SqlConnection, SqlValue } from './sql-connection.js';

interface AuditRow {
  seq: number | string;
  entry: string;
  prev_hash: string;
  hash: string;
  account: string;
  principal: string;
  action: string;
  resource: string;
  /** Absent from a store older than migration 6 (the verifier reads a store without migrating it). */
  resource_account?: string | null;
  outcome: string;
  at: number | string;
}

const COLUMNS =
  'seq, entry, prev_hash, hash, account, principal, action, resource, resource_account, outcome, at';

/**
 * A stored record: the entry as hashed, plus its chain links. The columns beside `entry` index the trail
 * for queries; verification checks that they say what the entry says.
 */
export function toAuditRecord(row: AuditRow): AuditRecord {
  const entry = JSON.parse(row.entry) as AuditEntry;
  return { ...entry, seq: Number(row.seq), prevHash: row.prev_hash, hash: row.hash };
}

/** The columns that disagree with the hashed entry (an edit that bypassed the chain's hash). */
export function auditColumnsMismatch(row: AuditRow): string | undefined {
  const e = JSON.parse(row.entry) as AuditEntry;
  const pairs: [string, unknown, unknown][] = [
    ['account', row.account, e.account],
    ['principal', row.principal, e.principal],
    ['action', row.action, e.action],
    ['resource', row.resource, e.resource],
    ...('resource_account' in row
      ? [
          ['resource_account', row.resource_account ?? null, e.resourceAccount ?? null] as [
            string,
            unknown,
            unknown,
          ],
        ]
      : []),
    ['outcome', row.outcome, e.outcome],
    ['at', Number(row.at), e.at],
  ];
  return pairs.find(([, column, value]) => column !== value)?.[0];
}

export class AuditStatements implements AuditTx {
  constructor(private readonly conn: SqlConnection) {}

  async auditHead(): Promise<AuditHead | undefined> {
    const row = await this.conn.get<{ seq: number | string; hash: string; at: number | string }>(
      'SELECT seq, hash, at FROM audit_records ORDER BY seq DESC LIMIT 1',
    );
    return row && { seq: Number(row.seq), hash: row.hash, at: Number(row.at) };
  }

  async appendAudit(entry: AuditEntry): Promise<AuditRecord> {
    // One appender at a time: PostgreSQL nodes take turns on a transaction lock; SQLite has one writer.
    if (this.conn.dialect === 'postgres') await this.conn.get('SELECT pg_advisory_xact_lock(7346203)');
    const head = await this.conn.get<{ seq: number | string; hash: string }>(
      'SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1',
    );
    const record = chainRecord(entry, Number(head?.seq ?? 0) + 1, head?.hash ?? GENESIS_HASH);
    const { seq, prevHash, hash, ...stored } = record;
    await this.conn.run(
      `INSERT INTO audit_records (seq, at, account, principal, action, resource, resource_account, outcome, entry, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        seq,
        entry.at,
        entry.account,
        entry.principal,
        entry.action,
        entry.resource,
        entry.resourceAccount ?? null,
        entry.outcome,
        JSON.stringify(stored),
        prevHash,
        hash,
      ],
    );
    return record;
  }

  async listAudit(q: AuditQuery): Promise<AuditRecord[]> {
    // An account's trail: its principals' calls, and other accounts' calls on its resources.
    const where = ['(account = ? OR resource_account = ?)'];
    const params: SqlValue[] = [q.account, q.account];
    const add = (clause: string, value: SqlValue | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    add('resource = ?', q.resource);
    add('principal = ?', q.principal);
    add('action = ?', q.action);
    add('at >= ?', q.since);
    add('at <= ?', q.until);
    add('seq > ?', q.afterSeq);
    const rows = await this.conn.all<AuditRow>(
      `SELECT ${COLUMNS} FROM audit_records WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`,
      [...params, q.limit],
    );
    return rows.map(toAuditRecord);
  }

  async auditTrail(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    const rows = await this.conn.all<AuditRow>(
      `SELECT ${COLUMNS} FROM audit_records WHERE seq > ? ORDER BY seq LIMIT ?`,
      [afterSeq, limit],
    );
    return rows.map(toAuditRecord);
  }
}
