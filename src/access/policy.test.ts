// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables inside policy fixtures
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../domain/errors.js';
import { type PolicyKind, parsePolicy } from './policy.js';

const GROUP = 'arn:aws:sagemaker:us-east-1:111111111111:model-package-group/churn';
const allow = { Effect: 'Allow', Action: 'sagemaker:DescribeModelPackageGroup', Resource: GROUP };
const shared = { ...allow, Principal: { AWS: '222222222222' } };
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const withCondition = (Condition: unknown) => doc({ ...allow, Condition });

describe('parsePolicy accepts', () => {
  it('JSON text and objects alike', () => {
    const text = JSON.stringify(doc(allow));
    assert.deepEqual(parsePolicy(text, 'identity'), parsePolicy(JSON.parse(text), 'identity'));
  });

  it('a single statement object, keeping Id, and defaults Version to 2008-10-17 as IAM does', () => {
    const parsed = parsePolicy({ Id: 'p1', Statement: allow }, 'identity');
    assert.deepEqual(parsed, { Version: '2008-10-17', Id: 'p1', Statement: [allow] });
  });

  it('a copy: changing the input later does not change the policy', () => {
    const actions = ['sagemaker:DescribeModelPackage'];
    const parsed = parsePolicy(doc({ ...allow, Action: actions }), 'identity');
    actions.push('sagemaker:DeleteModelPackage');
    assert.deepEqual(parsed.Statement[0]!.Action, ['sagemaker:DescribeModelPackage']);
  });

  it('every principal form in a resource policy', () => {
    const principals = [
      '*',
      { AWS: '*' },
      { AWS: '222222222222' },
      { AWS: 'arn:aws:iam::222222222222:root' },
      { AWS: ['arn:aws:iam::222222222222:user/bob', 'arn:aws:iam::333333333333:role/ci'] },
    ];
    for (const Principal of principals) {
      assert.deepEqual(
        parsePolicy(doc({ ...allow, Principal }), 'resource').Statement[0]!.Principal,
        Principal,
      );
    }
  });

  it('NotAction, NotResource, policy variables and any Sid text in resource policies', () => {
    const parsed = parsePolicy(
      doc({
        Sid: 'share with team B',
        Effect: 'Deny',
        Principal: '*',
        NotAction: ['sagemaker:Describe*', 'sagemaker:List*'],
        NotResource: 'arn:aws:sagemaker:*:${aws:PrincipalAccount}:model-package/${aws:username}/*',
      }),
      'resource',
    );
    assert.equal(parsed.Statement[0]!.Sid, 'share with team B');
  });

  it('condition values as strings, numbers, booleans and lists, lists read as strings', () => {
    const parsed = parsePolicy(
      withCondition({
        NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
        Bool: { 'aws:SecureTransport': true },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] },
        IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32', '192.0.2.1'] },
        DateGreaterThan: { 'aws:CurrentTime': ['2026-01-01T00:00:00Z', '1700000000', '2026-01-01'] },
        NumericEquals: { 'modelry:Count': [1, 2] },
      }),
      'identity',
    );
    assert.deepEqual(parsed.Statement[0]!.Condition!.NumericEquals, { 'modelry:Count': ['1', '2'] });
    assert.deepEqual(parsed.Statement[0]!.Condition!.Bool, { 'aws:SecureTransport': true });
  });
});

describe('parsePolicy refuses', () => {
  const cases: ReadonlyArray<readonly [title: string, input: unknown, kind: PolicyKind, message: string]> = [
    ['text that is not JSON', '{"Version":', 'identity', 'the document is not valid JSON'],
    ['a document that is not an object', '[]', 'identity', 'the document must be a JSON object'],
    [
      'an unknown top-level member',
      { ...doc(allow), Statements: [] },
      'identity',
      'unknown top-level member "Statements"',
    ],
    [
      'an unknown Version',
      { ...doc(allow), Version: '2020-01-01' },
      'identity',
      'Version must be "2012-10-17" or "2008-10-17", not "2020-01-01"',
    ],
    ['a Version that is a number', { ...doc(allow), Version: 2012 }, 'identity', 'not 2012'],
    ['no Statement', { Version: '2012-10-17' }, 'identity', 'Statement must hold at least one statement'],
    ['an empty Statement list', doc(), 'identity', 'Statement must hold at least one statement'],
    ['a statement that is not an object', doc(allow, 'x'), 'identity', 'Statement[1] must be an object'],
    [
      'an unknown statement member',
      doc({ ...allow, Actions: [] }),
      'identity',
      'Statement[0] has an unknown member "Actions"',
    ],
    [
      'Effect in the wrong case',
      doc({ ...allow, Effect: 'allow' }),
      'identity',
      'Statement[0].Effect must be "Allow" or "Deny", not "allow"',
    ],
    [
      'a missing Effect',
      doc({ Action: '*', Resource: '*' }),
      'identity',
      'Statement[0].Effect must be "Allow" or "Deny", not undefined',
    ],
    [
      'both Action and NotAction',
      doc({ ...allow, NotAction: '*' }),
      'identity',
      'Statement[0] has both Action and NotAction',
    ],
    [
      'neither Action nor NotAction',
      doc({ Effect: 'Allow', Resource: '*' }),
      'identity',
      'Statement[0] must have Action or NotAction',
    ],
    [
      'an empty Action list',
      doc({ ...allow, Action: [] }),
      'identity',
      'Statement[0].Action must be a string or a non-empty list',
    ],
    [
      'an Action that is a number',
      doc({ ...allow, Action: 3 }),
      'identity',
      'Statement[0].Action must be a string',
    ],
    [
      'an action without a service',
      doc({ ...allow, Action: 'DescribeModelPackage' }),
      'identity',
      '"DescribeModelPackage" is not "*" or "service:Action"',
    ],
    [
      'a wildcard in the action service',
      doc({ ...allow, Action: 'sage*:Describe*' }),
      'identity',
      '"sage*:Describe*" is not "*" or "service:Action"',
    ],
    [
      'neither Resource nor NotResource',
      doc({ Effect: 'Allow', Action: '*' }),
      'identity',
      'Statement[0] must have Resource or NotResource',
    ],
    [
      'both Resource and NotResource',
      doc({ ...allow, NotResource: '*' }),
      'identity',
      'Statement[0] has both Resource and NotResource',
    ],
    [
      'a resource that is not an ARN',
      doc({ ...allow, Resource: 'model-package/churn/1' }),
      'identity',
      'Statement[0].Resource "model-package/churn/1" must be "*" or an ARN',
    ],
    [
      'an ARN with too few parts',
      doc({ ...allow, Resource: 'arn:aws:sagemaker:*' }),
      'identity',
      'must be "*" or an ARN',
    ],
    [
      'a wildcard in the resource service',
      doc({ ...allow, Resource: 'arn:aws:sage*:us-east-1:111111111111:x' }),
      'identity',
      'must name its service without wildcards',
    ],
    [
      'an unterminated variable in a resource',
      doc({ ...allow, Resource: 'arn:aws:iam::1:user/${aws:username' }),
      'identity',
      'Statement[0].Resource: policy variable at offset',
    ],
    [
      'a variable without a service',
      doc({ ...allow, Resource: 'arn:aws:iam::111111111111:user/${username}' }),
      'identity',
      '"${username}" in "arn:aws:iam::111111111111:user/${username}" is not a policy variable',
    ],
    [
      'a Principal in an identity policy',
      doc(shared),
      'identity',
      'Statement[0].Principal is only allowed in a resource policy',
    ],
    [
      'a resource policy statement without Principal',
      doc(allow),
      'resource',
      'Statement[0] must name a Principal',
    ],
    [
      'NotPrincipal',
      doc({ ...allow, NotPrincipal: { AWS: '222222222222' } }),
      'resource',
      'Statement[0].NotPrincipal is not supported',
    ],
    [
      'a Service principal',
      doc({ ...allow, Principal: { Service: 'sagemaker.amazonaws.com' } }),
      'resource',
      'Principal type "Service" is not supported',
    ],
    [
      'a principal that is a bare user name',
      doc({ ...allow, Principal: { AWS: 'bob' } }),
      'resource',
      'Principal.AWS "bob" is not "*", a 12-digit account id',
    ],
    [
      'a principal ARN with a short account',
      doc({ ...allow, Principal: { AWS: 'arn:aws:iam::1234:user/bob' } }),
      'resource',
      'is not "*", a 12-digit account id',
    ],
    [
      'a wildcard inside a principal ARN',
      doc({ ...allow, Principal: { AWS: 'arn:aws:iam::*:user/bob' } }),
      'resource',
      'is not "*", a 12-digit account id',
    ],
    [
      'an empty principal list',
      doc({ ...allow, Principal: { AWS: [] } }),
      'resource',
      'Principal.AWS must be a string or a non-empty list',
    ],
    [
      'a Sid with spaces in an identity policy',
      doc({ ...allow, Sid: 'read groups' }),
      'identity',
      'Statement[0].Sid "read groups" may hold only letters and digits',
    ],
    [
      'a Sid that is not a string',
      doc({ ...allow, Sid: 7 }),
      'identity',
      'Statement[0].Sid must be a string',
    ],
    [
      'two statements with one Sid',
      doc({ ...allow, Sid: 'A' }, { ...allow, Sid: 'A' }),
      'identity',
      'Statement[1].Sid "A" is used by an earlier statement',
    ],
    [
      'a Condition that is not an object',
      withCondition('x'),
      'identity',
      'Statement[0].Condition must be an object of operators',
    ],
    [
      'an unknown condition operator',
      withCondition({ StringEqual: { 'aws:username': 'a' } }),
      'identity',
      'Statement[0].Condition: "StringEqual" is not a condition operator',
    ],
    [
      'an unknown set qualifier',
      withCondition({ 'ForSomeValues:StringEquals': { 'aws:TagKeys': 'a' } }),
      'identity',
      '"ForSomeValues:StringEquals" is not a condition operator',
    ],
    [
      'Null with IfExists',
      withCondition({ NullIfExists: { 'aws:TagKeys': 'true' } }),
      'identity',
      '"NullIfExists": Null takes neither a set qualifier nor IfExists',
    ],
    [
      'Null with a set qualifier',
      withCondition({ 'ForAnyValue:Null': { 'aws:TagKeys': 'true' } }),
      'identity',
      'Null takes neither a set qualifier nor IfExists',
    ],
    [
      'an operator block that is not an object',
      withCondition({ StringEquals: 'x' }),
      'identity',
      'Statement[0].Condition.StringEquals must map condition keys to values',
    ],
    [
      'a condition key without a service',
      withCondition({ StringEquals: { ModelApprovalStatus: 'Approved' } }),
      'identity',
      'Condition.StringEquals["ModelApprovalStatus"]: a condition key is "service:name"',
    ],
    [
      'an empty value list',
      withCondition({ StringEquals: { 'aws:username': [] } }),
      'identity',
      '["aws:username"] must name at least one value',
    ],
    [
      'a value that is an object',
      withCondition({ StringEquals: { 'aws:username': [{}] } }),
      'identity',
      'values must be strings, numbers or booleans',
    ],
    [
      'a number that is not one',
      withCondition({ NumericLessThan: { 'modelry:Count': 'ten' } }),
      'identity',
      '"ten" is not a number',
    ],
    [
      'a variable in a numeric value',
      withCondition({ NumericEquals: { 'modelry:Count': '${aws:username}' } }),
      'identity',
      'is not a number',
    ],
    [
      'a date that is not one',
      withCondition({ DateLessThan: { 'aws:CurrentTime': 'tomorrow' } }),
      'identity',
      '"tomorrow" is not an ISO 8601 date-time or epoch seconds',
    ],
    [
      'a day that does not exist',
      withCondition({ DateLessThan: { 'aws:CurrentTime': '2024-02-30' } }),
      'identity',
      '"2024-02-30" is not an ISO 8601',
    ],
    [
      'a Bool value that is not true or false',
      withCondition({ Bool: { 'aws:SecureTransport': 'yes' } }),
      'identity',
      '"yes" is not "true" or "false"',
    ],
    [
      'a CIDR mask longer than the address',
      withCondition({ IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } }),
      'identity',
      '"10.0.0.0/33" is not an IPv4 or IPv6 address or CIDR block',
    ],
    [
      'an address that is not one',
      withCondition({ IpAddress: { 'aws:SourceIp': '10.0.0.256' } }),
      'identity',
      'is not an IPv4 or IPv6 address',
    ],
    [
      'a Null value that is not true or false',
      withCondition({ Null: { 'aws:TagKeys': 'maybe' } }),
      'identity',
      '"maybe" is not "true" or "false"',
    ],
    [
      'an unterminated variable in a condition',
      withCondition({ StringEquals: { 'aws:ResourceTag/owner': '${aws:username' } }),
      'identity',
      'has no closing "}"',
    ],
  ];
  for (const [title, input, kind, message] of cases) {
    it(title, () => {
      assert.throws(
        () => parsePolicy(input, kind),
        (err: unknown) => {
          assert.ok(err instanceof DomainError);
          assert.equal(err.code, 'ValidationFailed');
          assert.ok(err.message.startsWith('Invalid policy: '), err.message);
          assert.ok(err.message.includes(message), `"${err.message}" should say "${message}"`);
          return true;
        },
      );
    });
  }

  it('names the statement and member in the error details', () => {
    assert.throws(
      () => parsePolicy(doc(allow, { ...allow, Effect: 'Maybe' }), 'identity'),
      (err: DomainError) => {
        assert.deepEqual(err.details, { statement: 1, member: 'Effect' });
        return true;
      },
    );
  });

  it('variables only in 2012-10-17 policies: in 2008-10-17 "${" is plain text', () => {
    const old = {
      Version: '2008-10-17',
      Statement: [{ ...allow, Resource: 'arn:aws:iam::1:user/${aws:username' }],
    };
    assert.equal(parsePolicy(old, 'identity').Version, '2008-10-17');
  });
});
