import type { ApprovalStatus } from './model.js';

/**
 * New versions start here unless the caller asks otherwise (reference e.5). Every status may follow every
 * other: AWS documents the usual moves (pending → approved or rejected, and reversing a decision) but
 * not a refusal of any, and a version may go back to pending for another review. Each change is recorded
 * with who, when, from, to and why (ADR 0003).
 */
export const DEFAULT_APPROVAL_STATUS: ApprovalStatus = 'PendingManualApproval';
