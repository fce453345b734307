import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AuditEntry,
  type AuditRecord,
  approvalStatusAt,
  chainRecord,
  GENESIS_HASH,
  latestApprovedAt,
  VERSION_DELETE_ACTION,
} from './audit.js';

const ACCOUNT = '000000000000';
const GROUP = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package-group/Fraud`;
const v = (n: number, group = 'fraud') =>
  `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/${group}/${n}`;

type Step = Pick<AuditEntry, 'at' | 'resource'> & Partial<AuditEntry>;

function history(steps: Step[]): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const step of steps) {
    const e: AuditEntry = {
      principal: 'alice',
      account: ACCOUNT,
      face: 'sagemaker',
      action: 'sagemaker:UpdateModelPackage',
      parameters: {},
      outcome: 'allowed',
      ...step,
    };
    records.push(chainRecord(e, records.length + 1, records.at(-1)?.hash ?? GENESIS_HASH));
  }
  return records;
}

const status = (approvalStatus: string) => ({ after: { approvalStatus } });
const create = { action: 'sagemaker:CreateModelPackage' };

const TRAIL = history([
  { at: 100, resource: v(1), ...create, ...status('PendingManualApproval') },
  { at: 150, resource: GROUP, action: 'sagemaker:AddTags' },
  { at: 200, resource: v(1), ...status('Approved') },
  { at: 300, resource: v(2), ...create, ...status('PendingManualApproval') },
  { at: 400, resource: v(2), ...status('Approved'), outcome: 'denied', errorCode: 'AccessDenied' },
  { at: 450, resource: v(2), ...status('Approved'), outcome: 'failed', errorCode: 'InternalFailure' },
  { at: 500, resource: v(2), ...status('Approved') },
  { at: 550, resource: v(9, 'fraud-2'), ...status('Approved') },
  { at: 600, resource: v(2), ...status('Rejected') },
  { at: 700, resource: v(3), ...create, ...status('Approved') },
  { at: 800, resource: v(3), after: { stage: 'Production', stageStatus: 'InProgress' } },
  { at: 850, resource: v(3), action: VERSION_DELETE_ACTION, outcome: 'denied' },
  { at: 900, resource: v(3), action: VERSION_DELETE_ACTION },
  { at: 1000, resource: v(2), ...status('Approved') },
]);

describe('approvalStatusAt', () => {
  const cases: [string, string, number, string | undefined][] = [
    ['before the version existed', v(2), 299, undefined],
    ['exactly when it was created', v(2), 300, 'PendingManualApproval'],
    ['after a denied attempt', v(2), 400, 'PendingManualApproval'],
    ['after a failed attempt', v(2), 499, 'PendingManualApproval'],
    ['exactly at its approval', v(2), 500, 'Approved'],
    ['just before its rejection', v(2), 599, 'Approved'],
    ['exactly at its rejection', v(2), 600, 'Rejected'],
    ['approved again', v(2), 5000, 'Approved'],
    ['with a lifecycle change that left approval alone', v(3), 800, 'Approved'],
    ['after a denied deletion', v(3), 899, 'Approved'],
    ['exactly at its deletion', v(3), 900, undefined],
    ['named with the group in upper case', v(1, 'Fraud'), 250, 'Approved'],
    ['of a version never recorded', v(4), 5000, undefined],
  ];
  for (const [name, arn, at, expected] of cases) {
    it(`answers ${expected ?? 'nothing'} ${name} (T=${at})`, () => {
      assert.equal(approvalStatusAt(TRAIL, arn, at), expected);
    });
  }

  it('takes records in trail order, not sorted by time, when clocks disagree', () => {
    const skewed = history([
      { at: 1000, resource: v(1), ...status('Approved') },
      { at: 990, resource: v(1), ...status('Rejected') },
    ]);
    assert.equal(approvalStatusAt(skewed, v(1), 995), 'Rejected');
    assert.equal(approvalStatusAt(skewed, v(1), 1000), 'Rejected');
  });
});

describe('latestApprovedAt', () => {
  const cases: [number, number | undefined][] = [
    [199, undefined],
    [200, 1],
    [499, 1],
    [500, 2],
    [600, 1],
    [700, 3],
    [899, 3],
    [900, 1],
    [1000, 2],
  ];
  for (const [at, version] of cases) {
    it(`answers ${version === undefined ? 'none' : `version ${version}`} at T=${at}`, () => {
      const expected = version === undefined ? undefined : { arn: v(version), version };
      assert.deepEqual(latestApprovedAt(TRAIL, GROUP, at), expected);
    });
  }

  it('compares version numbers as numbers, and keeps to its group', () => {
    const trail = history([
      { at: 1, resource: v(10), ...status('Approved') },
      { at: 2, resource: v(9), ...status('Approved') },
      { at: 3, resource: v(11, 'fraud-2'), ...status('Approved') },
      { at: 4, resource: `${v(12)}/extra`, ...status('Approved') },
    ]);
    assert.deepEqual(latestApprovedAt(trail, GROUP, 10), { arn: v(10), version: 10 });
  });

  it('refuses an ARN that is not a group ARN', () => {
    assert.throws(
      () => latestApprovedAt(TRAIL, v(1), 0),
      /not a model package group ARN: ".*model-package\/fraud\/1"/,
    );
    assert.throws(() => latestApprovedAt(TRAIL, 'fraud', 0), RangeError);
  });
});
