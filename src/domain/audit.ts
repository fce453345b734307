/**
 * The audit trail in domain terms: every mutating call and every denied attempt becomes an AuditEntry,
 * numbered and hash-chained into an AuditRecord when it is appended (audit-record.ts); the chain is
 * verified record by record (audit-verify.ts); parameters lose their secrets before they are recorded
 * (audit-redact.ts); and past approval states are read back from the trail (audit-history.ts).
 */
export { approvalStatusAt, latestApprovedAt, VERSION_DELETE_ACTION } from './audit-history.js';
export {
  type AuditEntry,
  type AuditRecord,
  type AuditState,
  auditHash,
  canonicalAuditText,
  chainRecord,
  GENESIS_HASH,
} from './audit-record.js';
export { isSecretName, REDACTED, redactSecrets } from './audit-redact.js';
export {
  AuditChainVerifier,
  type AuditFailure,
  type AuditHead,
  type AuditVerification,
  verifyAuditChain,
} from './audit-verify.js';
