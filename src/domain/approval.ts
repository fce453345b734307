import { DomainError } from './errors.js';
import type { ApprovalStatus } from './model.js';

/** New versions start here unless the caller asks otherwise (reference e.5). */
export const DEFAULT_APPROVAL_STATUS: ApprovalStatus = 'PendingManualApproval';

/**
 * The transitions AWS documents as valid: a pending version is approved or rejected, and a decision can be
 * reversed. A decided version does not go back to pending; setting the current status again is a no-op.
 */
const ALLOWED: Readonly<Record<ApprovalStatus, readonly ApprovalStatus[]>> = {
  PendingManualApproval: ['PendingManualApproval', 'Approved', 'Rejected'],
  Approved: ['Approved', 'Rejected'],
  Rejected: ['Rejected', 'Approved'],
};

export function assertApprovalTransition(from: ApprovalStatus, to: ApprovalStatus, arn: string): void {
  if (!ALLOWED[from].includes(to)) {
    throw new DomainError(
      'InvalidApprovalTransition',
      `Model package ${arn} cannot change its approval status from ${from} to ${to}.`,
      { from, to, allowed: ALLOWED[from] },
    );
  }
}
