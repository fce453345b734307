// biome-ignore-all lint/suspicious/noTemplateCurlyInString: resource forms use AWS's ${Name} notation
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTIONS, type ActionInfo } from './actions.js';
import { parsePolicy } from './policy.js';
import { evaluate, type RequestContext } from './policy-evaluate.js';
import { BUILT_IN_ROLES, type BuiltInRole } from './roles.js';

const HOME = '111111111111';
const ALICE = `arn:aws:iam::${HOME}:user/alice`;
const STATUS = 'sagemaker:ModelApprovalStatus';

/** The first resource form of the action, filled in for alice's account; the user resource is alice herself. */
function resourceOf(info: ActionInfo): string {
  const filled = info.resources[0]!.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const values: Record<string, string> = {
      Partition: 'aws',
      Region: 'us-east-1',
      Account: HOME,
      ModelPackageGroupName: 'Churn',
      GroupNameLowerCase: 'churn',
      Version: '3',
      ModelPackageNameLowerCase: 'mkt-pkg',
      UserName: 'alice',
      RuleName: 'to-slack',
      TargetName: 'slack',
      RoleName: 'release-manager',
      Sha256: 'ab'.repeat(32),
    };
    const value = values[name];
    assert.ok(value !== undefined, `no sample value for \${${name}} in ${info.name}`);
    return value;
  });
  return filled;
}

function allowedFor(
  role: BuiltInRole,
  info: ActionInfo,
  status: string | undefined,
  resource = resourceOf(info),
) {
  const ctx: RequestContext = {
    principalArn: ALICE,
    principalAccount: HOME,
    action: info.name,
    resource,
    resourceAccount: HOME,
    keys: status === undefined ? {} : { [STATUS]: status },
  };
  return evaluate(ctx, [BUILT_IN_ROLES[role]]).allowed;
}

const VIEWER_ACTIONS = new Set([
  'sagemaker:DescribeModelPackageGroup',
  'sagemaker:ListModelPackageGroups',
  'sagemaker:GetModelPackageGroupPolicy',
  'sagemaker:DescribeModelPackage',
  'sagemaker:ListModelPackages',
  'sagemaker:BatchDescribeModelPackage',
  'sagemaker:ListTags',
  'modelry:ListModelPackageApprovals',
  'modelry:GetApprovalRules',
  'modelry:GetArtifact',
  'modelry:ListArtifacts',
  'modelry:ListEvents',
  'modelry:DescribeEvent',
  'modelry:ListEventDeliveries',
  'modelry:DescribeEventDelivery',
  'modelry:ListEventRules',
  'modelry:DescribeEventRule',
  'modelry:ListEventTargets',
  'modelry:DescribeEventTarget',
  'modelry:TestEventPattern',
  // On her own user only (the matrix asks on alice's own ARN; see the self-service test).
  'modelry:ManageKeys',
  'modelry:ManageTokens',
]);
const DATA_SCIENTIST_ACTIONS = new Set([
  ...VIEWER_ACTIONS,
  'sagemaker:CreateModelPackageGroup',
  'modelry:UpdateModelPackageGroup',
  'sagemaker:AddTags',
  'sagemaker:DeleteTags',
  'modelry:PutArtifact',
]);

/** What each role may do, written out by hand: the statements in roles.ts must produce exactly this. */
const EXPECTED: Record<BuiltInRole, (action: string, status: string | undefined) => boolean> = {
  viewer: (action) => VIEWER_ACTIONS.has(action),
  'data-scientist': (action, status) => {
    if (action === 'sagemaker:CreateModelPackage')
      return status === undefined || status === 'PendingManualApproval';
    if (action === 'sagemaker:UpdateModelPackage') return status === undefined;
    return DATA_SCIENTIST_ACTIONS.has(action);
  },
  approver: (action, status) =>
    action === 'sagemaker:UpdateModelPackage' ? status !== undefined : VIEWER_ACTIONS.has(action),
  admin: () => true,
};

const STATUSES = [undefined, 'PendingManualApproval', 'Approved', 'Rejected'] as const;

for (const role of Object.keys(EXPECTED) as BuiltInRole[]) {
  describe(`role ${role}`, () => {
    for (const info of ACTIONS) {
      const expected = STATUSES.map((s) => EXPECTED[role](info.name, s));
      const summary = expected.every((e) => e === expected[0])
        ? expected[0]
          ? 'allowed'
          : 'denied'
        : `status-dependent (${STATUSES.map((s, i) => `${s ?? 'no status'}: ${expected[i] ? 'allowed' : 'denied'}`).join(', ')})`;
      it(`${info.name}: ${summary}`, () => {
        const actual = STATUSES.map((s) => allowedFor(role, info, s));
        assert.deepEqual(actual, expected);
      });
    }
  });
}

describe('built-in roles', () => {
  it('are valid identity policies as written', () => {
    for (const [role, policy] of Object.entries(BUILT_IN_ROLES)) {
      assert.deepEqual(parsePolicy(JSON.stringify(policy), 'identity'), policy, role);
    }
  });

  it('hold only Allow statements, so that roles compose', () => {
    for (const policy of Object.values(BUILT_IN_ROLES))
      for (const statement of policy.Statement) assert.equal(statement.Effect, 'Allow');
  });

  it('data-scientist together with approver can both edit and approve', () => {
    const update = ACTIONS.find((a) => a.name === 'sagemaker:UpdateModelPackage')!;
    const both = [BUILT_IN_ROLES['data-scientist'], BUILT_IN_ROLES.approver];
    for (const status of STATUSES) {
      const ctx: RequestContext = {
        principalArn: ALICE,
        principalAccount: HOME,
        action: update.name,
        resource: resourceOf(update),
        resourceAccount: HOME,
        keys: status === undefined ? {} : { [STATUS]: status },
      };
      assert.equal(evaluate(ctx, both).allowed, true, String(status));
    }
  });

  it("non-admin roles manage their own keys and tokens, not anyone else's, and no users", () => {
    for (const role of ['viewer', 'data-scientist', 'approver'] as const) {
      for (const name of ['modelry:ManageKeys', 'modelry:ManageTokens', 'modelry:ManageUsers']) {
        const info = ACTIONS.find((a) => a.name === name)!;
        const own = allowedFor(role, info, undefined, ALICE);
        assert.equal(own, name !== 'modelry:ManageUsers', `${role} ${name} on own user`);
        assert.equal(
          allowedFor(role, info, undefined, `arn:aws:iam::${HOME}:user/bob`),
          false,
          `${role} ${name} on bob`,
        );
        assert.equal(
          allowedFor(role, info, undefined, `arn:aws:iam::222222222222:user/alice`),
          false,
          `${role} ${name} in another account`,
        );
      }
    }
  });
});
