import type { AuditEntry, AuditRecord } from '../domain/audit.js';

export interface AuditQuery {
  /** Whose trail: the account's principals' calls, and other accounts' calls on its resources. */
  readonly account: string;
  readonly resource?: string;
  readonly principal?: string;
  readonly action?: string;
  readonly since?: number;
  readonly until?: number;
  readonly limit: number;
  /** Records after this seq (keyset paging, oldest first). */
  readonly afterSeq?: number;
}

/** The audit part of a unit of work. */
export interface AuditTx {
  /** Chains the entry after the trail's last record, in this transaction (appends are serialized). */
  appendAudit(entry: AuditEntry): Promise<AuditRecord>;
  listAudit(query: AuditQuery): Promise<AuditRecord[]>;
  /** Every record of every account in trail order, from `afterSeq` on: what `modelry audit verify` walks. */
  auditTrail(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  /** The trail's last record (all accounts): the anchor an operator saves to detect a cut-off tail. */
  auditHead(): Promise<AuditHead | undefined>;
}

export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
  readonly at: number;
}
