import type { ApprovalRules } from '../domain/approval-rules.js';

/** One principal's approval of a version, counted toward its group's required approvals. */
export interface RecordedApproval {
  readonly principal: string;
  /** The approver's own account: a user of another account may share a name with a local one. */
  readonly account: string;
  readonly at: number;
  readonly comment?: string;
}

/** The approval-rules part of a unit of work. */
export interface ApprovalTx {
  /** The group's rules, or undefined when it has the defaults. */
  getApprovalRules(groupId: number): Promise<ApprovalRules | undefined>;
  putApprovalRules(groupId: number, rules: ApprovalRules, at: number, by: string): Promise<void>;
  /** Records a (possibly partial) approval; a principal (account and name) counts once per version. */
  recordApproval(packageId: number, approval: RecordedApproval): Promise<void>;
  listApprovals(packageId: number): Promise<RecordedApproval[]>;
  /** Forgets the approvals collected so far (the version was rejected or sent back to pending). */
  clearApprovals(packageId: number): Promise<void>;
}
