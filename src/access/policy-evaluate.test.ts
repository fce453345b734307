// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables inside policy fixtures
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../domain/errors.js';
import { type PolicyDocument, parsePolicy } from './policy.js';
import { accessDenied, type Decision, evaluate, type RequestContext } from './policy-evaluate.js';

const HOME = '111111111111';
const OTHER = '222222222222';
const ALICE = `arn:aws:iam::${HOME}:user/alice`;
const BOB = `arn:aws:iam::${OTHER}:user/bob`;
const GROUP = `arn:aws:sagemaker:us-east-1:${HOME}:model-package-group/churn`;
const V3 = `arn:aws:sagemaker:us-east-1:${HOME}:model-package/churn/3`;
const DESCRIBE = 'sagemaker:DescribeModelPackage';
const UPDATE = 'sagemaker:UpdateModelPackage';

function ctx(over: Partial<RequestContext> = {}): RequestContext {
  return {
    principalArn: ALICE,
    principalAccount: HOME,
    action: DESCRIBE,
    resource: V3,
    resourceAccount: HOME,
    keys: {},
    ...over,
  };
}
const bob = (over: Partial<RequestContext> = {}) =>
  ctx({ principalArn: BOB, principalAccount: OTHER, ...over });

const identity = (...Statement: object[]) => parsePolicy({ Version: '2012-10-17', Statement }, 'identity');
const resource = (...Statement: object[]) => parsePolicy({ Version: '2012-10-17', Statement }, 'resource');
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const deny = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});

function check(decision: Decision, reason: Decision['reason'], statement?: string): void {
  assert.equal(decision.reason, reason, decision.message);
  assert.equal(decision.allowed, reason === 'allowed');
  assert.equal(decision.statement, statement);
}

describe('evaluate: actions', () => {
  const cases: ReadonlyArray<readonly [pattern: string, action: string, allowed: boolean]> = [
    ['*', UPDATE, true],
    ['sagemaker:*', UPDATE, true],
    ['sagemaker:Describe*', DESCRIBE, true],
    ['sagemaker:Describe*', UPDATE, false],
    ['sagemaker:describemodelpackage', DESCRIBE, true],
    ['SAGEMAKER:DescribeModelPackage', 'sagemaker:describeMODELpackage', true],
    ['sagemaker:*Package', UPDATE, true],
    ['sagemaker:*Package', 'sagemaker:DescribeModelPackageGroup', false],
    ['sagemaker:Describe?odelPackage', DESCRIBE, true],
    ['sagemaker:DescribeModelPackage', 'sagemaker:DescribeModelPackageGroup', false],
    ['modelry:*', DESCRIBE, false],
    ['modelry:*', 'modelry:ReadAudit', true],
  ];
  for (const [pattern, action, allowed] of cases) {
    it(`Action ${pattern} ${allowed ? 'covers' : 'does not cover'} ${action}`, () => {
      check(
        evaluate(ctx({ action }), [identity(allow(pattern))]),
        allowed ? 'allowed' : 'implicit-deny',
        allowed ? 'identity-policy[0].Statement[0]' : undefined,
      );
    });
  }

  it('NotAction with Allow grants everything but the listed actions', () => {
    const policy = identity({ Effect: 'Allow', NotAction: 'sagemaker:Delete*', Resource: '*' });
    check(evaluate(ctx(), [policy]), 'allowed', 'identity-policy[0].Statement[0]');
    check(evaluate(ctx({ action: 'sagemaker:DeleteModelPackage' }), [policy]), 'implicit-deny');
  });

  it('NotAction with Deny (IAM example): deny everything except reads, whatever else allows', () => {
    const policies = [
      identity(allow('*')),
      identity({
        Sid: 'OnlyReads',
        Effect: 'Deny',
        NotAction: ['sagemaker:Describe*', 'sagemaker:List*'],
        Resource: '*',
      }),
    ];
    check(evaluate(ctx(), policies), 'allowed', 'identity-policy[0].Statement[0]');
    check(evaluate(ctx({ action: UPDATE }), policies), 'explicit-deny', 'OnlyReads');
  });
});

describe('evaluate: resources', () => {
  const cases: ReadonlyArray<readonly [pattern: string | string[], resource: string, allowed: boolean]> = [
    ['*', V3, true],
    ['*', '*', true],
    [V3, V3, true],
    [`arn:aws:sagemaker:us-east-1:${HOME}:model-package/churn/*`, V3, true],
    [
      `arn:aws:sagemaker:us-east-1:${HOME}:model-package/churn/*`,
      `arn:aws:sagemaker:us-east-1:${HOME}:model-package/churn2/1`,
      false,
    ],
    [`arn:aws:sagemaker:us-east-1:${HOME}:model-package/Churn/*`, V3, false],
    [`arn:aws:sagemaker:*:${HOME}:model-package/*`, V3, true],
    [`arn:aws:sagemaker:us-*-1:*:model-package/*/?`, V3, true],
    [`arn:aws:sagemaker:us-east-1:${OTHER}:model-package/*`, V3, false],
    [GROUP, V3, false],
    [GROUP, '*', false],
    [[GROUP, `${GROUP.replace('-group', '')}/*`], V3, true],
  ];
  for (const [pattern, target, allowed] of cases) {
    it(`Resource ${pattern} ${allowed ? 'covers' : 'does not cover'} ${target}`, () => {
      check(
        evaluate(ctx({ resource: target }), [identity(allow(DESCRIBE, pattern))]),
        allowed ? 'allowed' : 'implicit-deny',
        allowed ? 'identity-policy[0].Statement[0]' : undefined,
      );
    });
  }

  it('NotResource with Allow grants all resources but the listed ones', () => {
    const policy = identity({
      Effect: 'Allow',
      Action: '*',
      NotResource: `arn:aws:sagemaker:*:*:model-package/secret/*`,
    });
    check(evaluate(ctx(), [policy]), 'allowed', 'identity-policy[0].Statement[0]');
    check(evaluate(ctx({ resource: V3.replace('churn', 'secret') }), [policy]), 'implicit-deny');
  });

  it('NotResource with Deny protects everything outside the listed resources', () => {
    const policies = [
      identity(allow('*'), {
        Sid: 'OnlyChurn',
        Effect: 'Deny',
        Action: '*',
        NotResource: `arn:aws:sagemaker:*:*:model-package/churn/*`,
      }),
    ];
    check(evaluate(ctx(), policies), 'allowed', 'identity-policy[0].Statement[0]');
    check(evaluate(ctx({ resource: V3.replace('churn', 'fraud') }), policies), 'explicit-deny', 'OnlyChurn');
  });

  it('${aws:username} in Resource: each user manages only their own keys', () => {
    const policy = identity(
      allow('modelry:ManageKeys', 'arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}'),
    );
    const keys = (user: string) =>
      ctx({ action: 'modelry:ManageKeys', resource: `arn:aws:iam::${HOME}:user/${user}` });
    check(evaluate(keys('alice'), [policy]), 'allowed', 'identity-policy[0].Statement[0]');
    check(evaluate(keys('bob'), [policy]), 'implicit-deny');
    // A request-supplied aws:username does not make alice bob.
    check(evaluate({ ...keys('bob'), keys: { 'aws:username': 'bob' } }, [policy]), 'implicit-deny');
    // A user with a path is still known by the last part of its name.
    const pathUser = ctx({
      principalArn: `arn:aws:iam::${HOME}:user/team/alice`,
      action: 'modelry:ManageKeys',
      resource: `arn:aws:iam::${HOME}:user/alice`,
    });
    check(evaluate(pathUser, [policy]), 'allowed', 'identity-policy[0].Statement[0]');
  });

  it('a Resource variable with no value matches nothing', () => {
    const policy = identity(allow('*', 'arn:aws:iam::*:user/${aws:PrincipalTag/team}'));
    check(evaluate(ctx({ resource: 'arn:aws:iam::111111111111:user/' }), [policy]), 'implicit-deny');
  });

  it('a role principal has no aws:username', () => {
    const policy = identity(allow('*', 'arn:aws:iam::*:user/${aws:username}'));
    const role = ctx({
      principalArn: `arn:aws:iam::${HOME}:role/ci`,
      resource: `arn:aws:iam::${HOME}:user/ci`,
    });
    check(evaluate(role, [policy]), 'implicit-deny');
  });

  it('2008-10-17 policies do not substitute variables', () => {
    const policy = parsePolicy(
      { Version: '2008-10-17', Statement: [allow('*', 'arn:aws:iam::*:user/${aws:username}')] },
      'identity',
    );
    check(evaluate(ctx({ resource: `arn:aws:iam::${HOME}:user/alice` }), [policy]), 'implicit-deny');
  });
});

describe('evaluate: explicit deny wins (IAM evaluation logic)', () => {
  it('no policy at all is an implicit deny', () => {
    check(evaluate(ctx(), []), 'implicit-deny');
  });

  it('an Allow allows, naming the statement by Sid', () => {
    check(evaluate(ctx(), [identity(allow(DESCRIBE, V3, { Sid: 'Read' }))]), 'allowed', 'Read');
  });

  it('a Deny in the same policy beats the Allow', () => {
    check(
      evaluate(ctx(), [identity(allow('*'), deny(DESCRIBE, '*', { Sid: 'NoDescribe' }))]),
      'explicit-deny',
      'NoDescribe',
    );
  });

  it('a Deny in another policy beats the Allow, wherever it comes in the list', () => {
    check(
      evaluate(ctx(), [identity(allow('*')), identity(deny('*'))]),
      'explicit-deny',
      'identity-policy[1].Statement[0]',
    );
    check(
      evaluate(ctx(), [identity(deny('*')), identity(allow('*'))]),
      'explicit-deny',
      'identity-policy[0].Statement[0]',
    );
  });

  it('a Deny whose condition does not hold does not apply', () => {
    const policies = [
      identity(
        allow('*'),
        deny(UPDATE, '*', { Condition: { StringEquals: { 'sagemaker:ModelApprovalStatus': 'Approved' } } }),
      ),
    ];
    check(
      evaluate(ctx({ action: UPDATE, keys: { 'sagemaker:ModelApprovalStatus': 'Rejected' } }), policies),
      'allowed',
      'identity-policy[0].Statement[0]',
    );
    check(
      evaluate(ctx({ action: UPDATE, keys: { 'sagemaker:ModelApprovalStatus': 'Approved' } }), policies),
      'explicit-deny',
      'identity-policy[0].Statement[1]',
    );
  });

  it('a Deny in the resource policy beats an identity Allow', () => {
    const shared = resource(deny('*', '*', { Sid: 'Frozen', Principal: '*' }));
    check(evaluate(ctx(), [identity(allow('*'))], shared), 'explicit-deny', 'Frozen');
  });

  it('an identity Deny beats a resource policy Allow', () => {
    const shared = resource(allow('*', '*', { Principal: { AWS: ALICE } }));
    check(
      evaluate(ctx(), [identity(deny(DESCRIBE))], shared),
      'explicit-deny',
      'identity-policy[0].Statement[0]',
    );
  });

  it('IAM example: deny all access from outside the office networks', () => {
    const office = identity(allow('*'), {
      Sid: 'OfficeOnly',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } },
    });
    check(
      evaluate(ctx({ keys: { 'aws:SourceIp': '203.0.113.5' } }), [office]),
      'allowed',
      'identity-policy[0].Statement[0]',
    );
    check(
      evaluate(ctx({ keys: { 'aws:SourceIp': '198.51.100.5' } }), [office]),
      'explicit-deny',
      'OfficeOnly',
    );
    // No source address: NotIpAddress holds for an absent key, so the Deny applies.
    check(evaluate(ctx(), [office]), 'explicit-deny', 'OfficeOnly');
  });

  it('IAM example: only tag with allowed keys (ForAllValues on aws:TagKeys)', () => {
    const tagging = identity(
      allow('sagemaker:AddTags', '*', {
        Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } },
      }),
    );
    const add = (...keys: string[]) => ctx({ action: 'sagemaker:AddTags', keys: { 'aws:TagKeys': keys } });
    check(evaluate(add('team'), [tagging]), 'allowed', 'identity-policy[0].Statement[0]');
    check(evaluate(add('team', 'owner'), [tagging]), 'implicit-deny');
  });
});

describe('evaluate: resource policies in the same account', () => {
  it('a resource policy naming the user allows without an identity policy (IAM: either suffices)', () => {
    const shared = resource(allow(DESCRIBE, V3, { Sid: 'Alice', Principal: { AWS: ALICE } }));
    check(evaluate(ctx(), [], shared), 'allowed', 'Alice');
  });

  it('Principal "*" allows any caller', () => {
    check(
      evaluate(ctx(), [], resource(allow(DESCRIBE, '*', { Principal: '*' }))),
      'allowed',
      'resource-policy.Statement[0]',
    );
    check(
      evaluate(ctx(), [], resource(allow(DESCRIBE, '*', { Principal: { AWS: '*' } }))),
      'allowed',
      'resource-policy.Statement[0]',
    );
  });

  it('a resource policy naming only the account delegates to it: an identity policy must allow too', () => {
    for (const principal of [HOME, `arn:aws:iam::${HOME}:root`]) {
      const shared = resource(allow(DESCRIBE, '*', { Principal: { AWS: principal } }));
      check(evaluate(ctx(), [], shared), 'implicit-deny');
      check(
        evaluate(ctx(), [identity(allow(DESCRIBE))], shared),
        'allowed',
        'identity-policy[0].Statement[0]',
      );
    }
  });

  it('a statement naming the user outranks an account statement in the same policy', () => {
    const shared = resource(
      allow(DESCRIBE, '*', { Sid: 'Account', Principal: { AWS: HOME } }),
      allow(DESCRIBE, '*', { Sid: 'User', Principal: { AWS: ALICE } }),
    );
    check(evaluate(ctx(), [], shared), 'allowed', 'User');
  });

  it('a resource policy for other principals does not apply', () => {
    const shared = resource(
      deny('*', '*', { Principal: { AWS: BOB } }),
      allow('*', '*', { Principal: { AWS: OTHER } }),
    );
    check(evaluate(ctx(), [identity(allow(DESCRIBE))], shared), 'allowed', 'identity-policy[0].Statement[0]');
    check(evaluate(ctx(), [], shared), 'implicit-deny');
  });
});

describe('evaluate: cross-account access needs both policies', () => {
  const shareWith = (
    principal: string | string[],
    actions: string | string[] = [DESCRIBE, 'sagemaker:ListModelPackages'],
  ) =>
    resource(
      allow(actions, [GROUP, `arn:aws:sagemaker:us-east-1:${HOME}:model-package/churn/*`], {
        Sid: 'Share',
        Principal: { AWS: principal },
      }),
    );
  const own = identity(allow('sagemaker:*', `arn:aws:sagemaker:*:${HOME}:*`, { Sid: 'Mine' }));

  it('the identity policy alone is not enough', () => {
    check(evaluate(bob(), [own]), 'implicit-deny');
    check(
      evaluate(bob(), [own], resource(allow('*', '*', { Principal: { AWS: `arn:aws:iam::${HOME}:root` } }))),
      'implicit-deny',
    );
  });

  it('the resource policy alone is not enough', () => {
    check(evaluate(bob(), [], shareWith(OTHER)), 'implicit-deny');
  });

  it('both together allow, naming the resource policy statement', () => {
    check(evaluate(bob(), [own], shareWith(OTHER)), 'allowed', 'Share');
    check(evaluate(bob(), [own], shareWith(`arn:aws:iam::${OTHER}:root`)), 'allowed', 'Share');
    check(evaluate(bob(), [own], shareWith(BOB)), 'allowed', 'Share');
    check(
      evaluate(
        bob({ action: 'sagemaker:ListModelPackages', resource: GROUP }),
        [own],
        shareWith([HOME, OTHER]),
      ),
      'allowed',
      'Share',
    );
  });

  it('Principal "*" still needs the caller\'s own Allow', () => {
    check(evaluate(bob(), [], resource(allow('*', '*', { Principal: '*' }))), 'implicit-deny');
    check(
      evaluate(bob(), [own], resource(allow('*', '*', { Principal: '*' }))),
      'allowed',
      'resource-policy.Statement[0]',
    );
  });

  it('sharing with another user of the account does not share with the caller', () => {
    check(evaluate(bob(), [own], shareWith(`arn:aws:iam::${OTHER}:user/carol`)), 'implicit-deny');
  });

  it('actions the resource policy does not list stay denied', () => {
    check(evaluate(bob({ action: UPDATE }), [own], shareWith(OTHER)), 'implicit-deny');
  });

  it('a resource policy Deny beats both Allows', () => {
    const shared = resource(
      allow('*', '*', { Principal: { AWS: OTHER } }),
      deny(UPDATE, '*', { Sid: 'NoWrites', Principal: { AWS: OTHER } }),
    );
    check(evaluate(bob({ action: UPDATE }), [own], shared), 'explicit-deny', 'NoWrites');
  });

  it("a statement on the group's versions covers registering and listing (resource aliases)", () => {
    const versions = `arn:aws:sagemaker:us-east-1:${HOME}:model-package/churn/*`;
    const onVersions = resource(
      allow(['sagemaker:CreateModelPackage', 'sagemaker:ListModelPackages'], versions, {
        Sid: 'Versions',
        Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
      }),
    );
    const register = (over: Partial<RequestContext> = {}) =>
      bob({ action: 'sagemaker:CreateModelPackage', resource: GROUP, ...over });
    check(evaluate(register(), [own], onVersions), 'implicit-deny');
    check(evaluate(register({ resourceAliases: [versions] }), [own], onVersions), 'allowed', 'Versions');
    const oneVersion = resource(allow('sagemaker:CreateModelPackage', V3, { Principal: { AWS: OTHER } }));
    check(evaluate(register({ resourceAliases: [versions] }), [own], oneVersion), 'implicit-deny');
    const denied = resource(
      allow('*', '*', { Principal: { AWS: OTHER } }),
      deny('sagemaker:CreateModelPackage', versions, { Sid: 'NoRegistering', Principal: { AWS: OTHER } }),
    );
    check(
      evaluate(register({ resourceAliases: [versions] }), [own], denied),
      'explicit-deny',
      'NoRegistering',
    );
  });

  it('conditions of the resource policy apply to the foreign caller', () => {
    const approvedOnly = resource(
      allow(DESCRIBE, '*', {
        Principal: { AWS: OTHER },
        Condition: { StringEquals: { 'aws:ResourceTag/stage': 'prod' } },
      }),
    );
    check(
      evaluate(bob({ keys: { 'aws:ResourceTag/stage': 'prod' } }), [own], approvedOnly),
      'allowed',
      'resource-policy.Statement[0]',
    );
    check(evaluate(bob({ keys: { 'aws:ResourceTag/stage': 'dev' } }), [own], approvedOnly), 'implicit-deny');
  });
});

describe('evaluate: messages say who, what, where and why', () => {
  const prefix = `User: ${ALICE} is not authorized to perform: ${UPDATE} on resource: ${V3}`;

  it('implicit deny in the same account', () => {
    assert.equal(
      evaluate(ctx({ action: UPDATE }), []).message,
      `${prefix} because no identity-based policy allows the ${UPDATE} action`,
    );
  });

  it('explicit deny in an identity policy', () => {
    assert.equal(
      evaluate(ctx({ action: UPDATE }), [identity(deny('*'))]).message,
      `${prefix} with an explicit deny in an identity-based policy`,
    );
  });

  it('explicit deny in a resource policy', () => {
    const shared = resource(deny('*', '*', { Principal: '*' }));
    assert.equal(
      evaluate(ctx({ action: UPDATE }), [], shared).message,
      `${prefix} with an explicit deny in a resource-based policy`,
    );
  });

  it('cross-account: which policy is missing', () => {
    const bobPrefix = `User: ${BOB} is not authorized to perform: ${UPDATE} on resource: ${V3}`;
    assert.equal(
      evaluate(bob({ action: UPDATE }), [identity(allow('*'))]).message,
      `${bobPrefix} because no resource-based policy allows the ${UPDATE} action`,
    );
    const shared = resource(allow('*', '*', { Principal: { AWS: OTHER } }));
    assert.equal(
      evaluate(bob({ action: UPDATE }), [], shared).message,
      `${bobPrefix} because no identity-based policy allows the ${UPDATE} action`,
    );
  });

  it('allowed', () => {
    assert.equal(
      evaluate(ctx(), [identity(allow('*'))]).message,
      `User: ${ALICE} is authorized to perform: ${DESCRIBE} on resource: ${V3}`,
    );
  });

  it('accessDenied builds the AccessDenied error with the facts in its details', () => {
    const request = ctx({ action: UPDATE });
    const decision = evaluate(request, [identity(deny('*', '*', { Sid: 'Stop' }))]);
    const err = accessDenied(request, decision);
    assert.ok(err instanceof DomainError);
    assert.equal(err.code, 'AccessDenied');
    assert.equal(err.message, decision.message);
    assert.deepEqual(err.details, {
      principal: ALICE,
      action: UPDATE,
      resource: V3,
      reason: 'explicit-deny',
      statement: 'Stop',
    });
  });
});

describe('evaluate: the request is read, never changed', () => {
  it('gives the same answer twice and leaves keys alone', () => {
    const keys = { 'sagemaker:ModelApprovalStatus': 'Approved' };
    const request = ctx({ keys });
    const policies: PolicyDocument[] = [
      identity(
        allow('*', '*', { Condition: { StringEquals: { 'sagemaker:ModelApprovalStatus': 'Approved' } } }),
      ),
    ];
    assert.deepEqual(evaluate(request, policies), evaluate(request, policies));
    assert.deepEqual(keys, { 'sagemaker:ModelApprovalStatus': 'Approved' });
  });
});
