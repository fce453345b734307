import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertApprovalTransition, DEFAULT_APPROVAL_STATUS } from './approval.js';
import { DomainError } from './errors.js';
import { APPROVAL_STATUSES, type ApprovalStatus } from './model.js';

const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/1';

describe('approval transitions', () => {
  it('starts new versions pending manual approval', () => {
    assert.equal(DEFAULT_APPROVAL_STATUS, 'PendingManualApproval');
  });

  const allowed: Record<ApprovalStatus, ApprovalStatus[]> = {
    PendingManualApproval: ['PendingManualApproval', 'Approved', 'Rejected'],
    Approved: ['Approved', 'Rejected'],
    Rejected: ['Rejected', 'Approved'],
  };

  for (const from of APPROVAL_STATUSES) {
    for (const to of APPROVAL_STATUSES) {
      const ok = allowed[from].includes(to);
      it(`${ok ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
        if (ok) {
          assert.doesNotThrow(() => assertApprovalTransition(from, to, ARN));
          return;
        }
        assert.throws(
          () => assertApprovalTransition(from, to, ARN),
          (err: unknown) => {
            assert.ok(err instanceof DomainError);
            assert.equal(err.code, 'InvalidApprovalTransition');
            assert.match(err.message, new RegExp(`${ARN}.*from ${from} to ${to}`));
            assert.deepEqual(err.details, { from, to, allowed: allowed[from] });
            return true;
          },
        );
      });
    }
  }

  it('never lets a decided version go back to pending', () => {
    for (const from of ['Approved', 'Rejected'] as const) {
      assert.throws(() => assertApprovalTransition(from, 'PendingManualApproval', ARN), DomainError);
    }
  });
});
