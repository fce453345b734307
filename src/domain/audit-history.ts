import type { AuditRecord } from './audit-record.js';
import type { ApprovalStatus } from './model.js';
import { parseArn, versionArn } from './names.js';

/** The action whose allowed record ends a version's history: a deleted version has no status after it. */
export const VERSION_DELETE_ACTION = 'sagemaker:DeleteModelPackage';

const APPROVED: ApprovalStatus = 'Approved';

/**
 * The approval status version `versionArn` had at time `at` (ms), read from the trail: the
 * after.approvalStatus of the last allowed record on it, at or before `at`, that set one; undefined if
 * none did or the version had been deleted by then. Records are taken in trail order, not sorted by time,
 * since clocks of several servers may disagree; denied and failed attempts changed nothing and are skipped.
 * Records on other resources may be passed too. Version ARNs carry the group name in lower case, so
 * `…/Fraud/3` and `…/fraud/3` name the same version.
 */
export function approvalStatusAt(
  records: Iterable<AuditRecord>,
  versionArn: string,
  at: number,
): string | undefined {
  const wanted = versionArn.toLowerCase();
  let status: string | undefined;
  for (const record of records) {
    if (record.resource.toLowerCase() === wanted) status = statusAfter(status, record, at);
  }
  return status;
}

/**
 * The highest-numbered version of group `groupArn` that was Approved at time `at`, by the rules of
 * approvalStatusAt, or undefined if none was. Records on other resources may be passed too.
 * Throws RangeError when `groupArn` is not a model package group ARN.
 */
export function latestApprovedAt(
  records: Iterable<AuditRecord>,
  groupArn: string,
  at: number,
): { arn: string; version: number } | undefined {
  const arn = parseArn(groupArn);
  if (
    arn?.service !== 'sagemaker' ||
    arn.resourceType !== 'model-package-group' ||
    arn.resource.includes('/')
  ) {
    throw new RangeError(`not a model package group ARN: ${JSON.stringify(groupArn)}`);
  }
  // The group's version ARNs up to their number, from the one function that writes them.
  const prefix = versionArn(arn, arn.resource, 0).slice(0, -1);
  const statuses = new Map<number, string | undefined>();
  for (const record of records) {
    const resource = record.resource.toLowerCase();
    if (!resource.startsWith(prefix)) continue;
    const number = resource.slice(prefix.length);
    if (!/^[1-9][0-9]*$/.test(number)) continue;
    const version = Number(number);
    statuses.set(version, statusAfter(statuses.get(version), record, at));
  }
  let latest: number | undefined;
  for (const [version, status] of statuses) {
    if (status === APPROVED && (latest === undefined || version > latest)) latest = version;
  }
  return latest === undefined ? undefined : { arn: versionArn(arn, arn.resource, latest), version: latest };
}

function statusAfter(status: string | undefined, record: AuditRecord, at: number): string | undefined {
  if (record.outcome !== 'allowed' || record.at > at) return status;
  if (record.action === VERSION_DELETE_ACTION) return undefined;
  return record.after?.approvalStatus ?? status;
}
