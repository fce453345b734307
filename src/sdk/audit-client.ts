import type { Transport } from './events-client.js';

/** An audit record as the server answers it (docs/security.md, "Audit trail"). */
export interface AuditRecord {
  readonly seq: number;
  readonly at: string;
  readonly principal: string;
  readonly account: string;
  readonly face: 'sagemaker' | 'native' | 'system';
  readonly action: string;
  readonly resource: string;
  readonly outcome: 'allowed' | 'denied' | 'failed';
  readonly errorCode?: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly requestId?: string;
  readonly parameters: Record<string, unknown>;
  readonly before?: { approvalStatus?: string; stage?: string; stageStatus?: string };
  readonly after?: { approvalStatus?: string; stage?: string; stageStatus?: string };
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditQuery {
  readonly resource?: string;
  readonly principal?: string;
  readonly action?: string;
  /** ISO-8601. */
  readonly since?: string;
  readonly until?: string;
  readonly after?: number;
  readonly limit?: number;
}

/** The audit trail: `client.audit` (needs modelry:ReadAudit). */
export class AuditApi {
  constructor(private readonly transport: Pick<Transport, 'request'>) {}

  /** Records oldest first; `nextAfter` continues the list. */
  list(query: AuditQuery = {}): Promise<{ items: AuditRecord[]; nextAfter?: number }> {
    return this.transport.request('GET', '/audit', undefined, { ...query });
  }

  /**
   * The trail's last record, as `SEQ:HASH` in `expectHead`: saved outside the database, it lets
   * `modelry audit verify --expect-head` detect records cut off the end of the trail.
   */
  head(): Promise<{ seq: number; hash: string; at: string | null; expectHead: string }> {
    return this.transport.request('GET', '/audit/head');
  }

  /** The approval status a version had at `at` (default: now), from the trail. */
  statusAt(arn: string, at?: string): Promise<{ arn: string; at: string; approvalStatus: string | null }> {
    return this.transport.request('GET', '/audit/status', undefined, {
      arn,
      ...(at !== undefined && { at }),
    });
  }

  /** The latest version of a group that was Approved at `at`, from the trail. */
  latestApprovedAt(
    group: string,
    at?: string,
  ): Promise<{ group: string; at: string; latestApproved: { arn: string; version: number } | null }> {
    return this.transport.request('GET', '/audit/status', undefined, {
      group,
      ...(at !== undefined && { at }),
    });
  }
}
