import { DomainError } from './errors.js';
import { type MetricCondition, parseMetricFilter } from './metric-query.js';
import type { ModelPackage } from './model.js';

/**
 * A group's approval rules. Separation of duties is on for every group unless an admin turns it off;
 * the others are opt-in. They bind on both API faces (docs/security.md, "Approval rules").
 */
export interface ApprovalRules {
  /** The principal who registered a version may not approve it (admins included). */
  readonly separationOfDuties: boolean;
  /** Distinct approvers needed before the status becomes Approved; earlier approvals are recorded as partial. */
  readonly requiredApprovals: number;
  /** When non-empty, only principals holding one of these roles may approve. */
  readonly approverRoles: readonly string[];
  /** Metric conditions that must hold, e.g. `auc >= 0.9`. */
  readonly metricGates: readonly string[];
  /** Members that must be set: a SageMaker member (`ModelCard`) or `metadata.<key>` (CustomerMetadataProperties). */
  readonly requiredFields: readonly string[];
}

export const DEFAULT_APPROVAL_RULES: ApprovalRules = Object.freeze({
  separationOfDuties: true,
  requiredApprovals: 1,
  approverRoles: [],
  metricGates: [],
  requiredFields: [],
});

const MAX_APPROVALS = 10;
const FIELD = /^(metadata\.[A-Za-z0-9_.:/=+@-]{1,128}|[A-Z][A-Za-z]{1,63})$/;

function invalid(message: string, field: string): DomainError {
  return new DomainError('ValidationFailed', message, { field });
}

/** Validates rules as a caller sends them (members left out keep `base`'s values). */
export function parseApprovalRules(
  input: Partial<Record<keyof ApprovalRules, unknown>>,
  base: ApprovalRules,
): ApprovalRules {
  const rules = { ...base, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
  if (typeof rules.separationOfDuties !== 'boolean')
    throw invalid('separationOfDuties must be true or false.', 'separationOfDuties');
  const n = rules.requiredApprovals;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_APPROVALS) {
    throw invalid(`requiredApprovals must be an integer from 1 to ${MAX_APPROVALS}.`, 'requiredApprovals');
  }
  const list = (value: unknown, field: string): string[] => {
    if (!Array.isArray(value) || value.length > 20 || !value.every((v) => typeof v === 'string')) {
      throw invalid(`${field} must be a list of at most 20 strings.`, field);
    }
    return [...new Set(value as string[])];
  };
  const approverRoles = list(rules.approverRoles, 'approverRoles');
  const metricGates = list(rules.metricGates, 'metricGates');
  for (const gate of metricGates) parseMetricFilter(gate);
  const requiredFields = list(rules.requiredFields, 'requiredFields');
  for (const field of requiredFields) {
    if (!FIELD.test(field)) {
      throw invalid(
        `Invalid required field ${JSON.stringify(field)}: a SageMaker member (ModelCard) or metadata.<key>.`,
        'requiredFields',
      );
    }
  }
  return {
    separationOfDuties: rules.separationOfDuties,
    requiredApprovals: n,
    approverRoles,
    metricGates,
    requiredFields,
  };
}

/** A principal by identity: names are unique only within an account, so the account is part of it. */
export interface PrincipalIdentity {
  readonly principal: string;
  readonly account: string;
}

export interface Approver extends PrincipalIdentity {
  readonly roles: readonly string[];
}

/** Whether two identities are the same principal: same account, and names equal ignoring case (as IAM). */
export function samePrincipal(a: PrincipalIdentity, b: PrincipalIdentity): boolean {
  return a.account === b.account && a.principal.toLowerCase() === b.principal.toLowerCase();
}

/** How a message names a principal: its bare name in the version's own account, else its user ARN. */
function named(who: PrincipalIdentity, pkg: ModelPackage): string {
  return who.account === pkg.account ? who.principal : `arn:aws:iam::${who.account}:user/${who.principal}`;
}

function holds(condition: MetricCondition, value: number | undefined): boolean {
  if (value === undefined) return false;
  switch (condition.op) {
    case '>=':
      return value >= condition.value;
    case '>':
      return value > condition.value;
    case '<=':
      return value <= condition.value;
    case '<':
      return value < condition.value;
    case '=':
      return value === condition.value;
    case '!=':
      return value !== condition.value;
  }
}

/**
 * Why `approver` may not approve `pkg` under `rules`, or undefined when the rules allow it. Checked before
 * each approval, partial ones included; `earlier` are the principals who already approved this version.
 * Principals are compared by identity (account and name): a user of another account who shares a name
 * with a local user is another principal.
 */
export function approvalViolation(
  rules: ApprovalRules,
  pkg: ModelPackage,
  approver: Approver,
  earlier: readonly PrincipalIdentity[],
): string | undefined {
  const who = named(approver, pkg);
  if (rules.separationOfDuties && samePrincipal(pkg.createdBy, approver)) {
    return `Separation of duties: ${who} registered ${pkg.arn} and may not approve it; another principal must.`;
  }
  if (rules.approverRoles.length > 0 && !approver.roles.some((r) => rules.approverRoles.includes(r))) {
    return `Only principals with role ${rules.approverRoles.join(' or ')} may approve versions of ${pkg.groupName}; ${who} has ${approver.roles.join(', ') || 'no role'}.`;
  }
  if (earlier.some((p) => samePrincipal(p, approver))) {
    return `${who} already approved ${pkg.arn}; ${rules.requiredApprovals} distinct approvers are required.`;
  }
  for (const gate of rules.metricGates) {
    for (const condition of parseMetricFilter(gate)) {
      const value = pkg.metrics[condition.metric];
      if (!holds(condition, value)) {
        return `Metric gate "${gate}" does not hold for ${pkg.arn}: ${condition.metric} is ${value ?? 'not set'}.`;
      }
    }
  }
  for (const field of rules.requiredFields) {
    const present = field.startsWith('metadata.')
      ? pkg.customerMetadata?.[field.slice('metadata.'.length)] !== undefined
      : pkg.spec[field] !== undefined && pkg.spec[field] !== null;
    if (!present) return `Required field ${field} is not set on ${pkg.arn}.`;
  }
  return undefined;
}
