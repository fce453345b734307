import { findAction } from '../access/actions.js';
import type { AuditEntry } from '../domain/audit.js';
import { type ErrorCode, isDomainError } from '../domain/errors.js';

/** Refusals of who the caller is or what it may do: recorded as denied attempts, reads included. */
const DENIALS: readonly ErrorCode[] = [
  'AuthenticationRequired',
  'InvalidCredentials',
  'IncompleteSignature',
  'SignatureMismatch',
  'RequestExpired',
  'AccessDenied',
  'ApprovalRuleViolation',
];

export function auditOutcome(err: unknown): { outcome: AuditEntry['outcome']; errorCode: string } {
  const code = isDomainError(err) ? err.code : 'InternalError';
  return { outcome: DENIALS.includes(code) ? 'denied' : 'failed', errorCode: code };
}

/** Whether an action changes something (and is therefore audited even when it succeeds or fails). */
export function isMutating(action: string): boolean {
  const access = findAction(action)?.access;
  return access !== 'Read' && access !== 'List';
}
