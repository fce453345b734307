import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_APPROVAL_STATUS } from './approval.js';
import { APPROVAL_STATUSES } from './model.js';

describe('approval status', () => {
  it('starts new versions pending manual approval', () => {
    assert.equal(DEFAULT_APPROVAL_STATUS, 'PendingManualApproval');
  });

  it("lists SageMaker's three statuses in the order AWS prints them", () => {
    assert.deepEqual(APPROVAL_STATUSES, ['PendingManualApproval', 'Approved', 'Rejected']);
  });
});
