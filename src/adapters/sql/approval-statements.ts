import type { ApprovalRules } from '../../domain/approval-rules.js';
import type { ApprovalTx, RecordedApproval } from '../../ports/approval-store.js';
import type { SqlConnection } from './sql-connection.js';

/** Approval rules per group and the approvals collected per version. */
export class ApprovalStatements implements ApprovalTx {
  constructor(private readonly conn: SqlConnection) {}

  async getApprovalRules(groupId: number): Promise<ApprovalRules | undefined> {
    const row = await this.conn.get<{ rules: string }>(
      'SELECT rules FROM approval_rules WHERE group_id = ?',
      [groupId],
    );
    return row && (JSON.parse(row.rules) as ApprovalRules);
  }

  async putApprovalRules(groupId: number, rules: ApprovalRules, at: number, by: string): Promise<void> {
    await this.conn.run(
      `INSERT INTO approval_rules (group_id, rules, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (group_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [groupId, JSON.stringify(rules), at, by],
    );
  }

  async recordApproval(packageId: number, a: RecordedApproval): Promise<void> {
    await this.conn.run(
      `INSERT INTO version_approvals (package_id, account, principal, at, comment) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (package_id, account, principal) DO NOTHING`,
      [packageId, a.account, a.principal, a.at, a.comment ?? null],
    );
  }

  async listApprovals(packageId: number): Promise<RecordedApproval[]> {
    const rows = await this.conn.all<{
      account: string;
      principal: string;
      at: number | string;
      comment: string | null;
    }>('SELECT account, principal, at, comment FROM version_approvals WHERE package_id = ? ORDER BY id', [
      packageId,
    ]);
    return rows.map((r) => ({
      principal: r.principal,
      account: r.account,
      at: Number(r.at),
      ...(r.comment !== null && { comment: r.comment }),
    }));
  }

  async clearApprovals(packageId: number): Promise<void> {
    await this.conn.run('DELETE FROM version_approvals WHERE package_id = ?', [packageId]);
  }
}
