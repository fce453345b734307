// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables inside policy fixtures
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicy } from './policy.js';
import { evaluate, type RequestContext } from './policy-evaluate.js';

/** Conditions, one operator at a time: an Allow of everything under the condition, asked with these keys. */

type Keys = RequestContext['keys'];

function holds(condition: unknown, keys: Keys, version = '2012-10-17'): boolean {
  const policy = parsePolicy(
    { Version: version, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: condition }] },
    'identity',
  );
  const ctx: RequestContext = {
    principalArn: 'arn:aws:iam::111111111111:user/alice',
    principalAccount: '111111111111',
    action: 'sagemaker:UpdateModelPackage',
    resource: 'arn:aws:sagemaker:us-east-1:111111111111:model-package/churn/3',
    resourceAccount: '111111111111',
    keys,
  };
  return evaluate(ctx, [policy]).allowed;
}

const STATUS = 'sagemaker:ModelApprovalStatus';
const STAGE = 'sagemaker:ModelLifeCycle:stage';
const IP = 'aws:SourceIp';
const NOW = 'aws:CurrentTime';
const TAGS = 'aws:TagKeys';
const approved = { [STATUS]: 'Approved' };
const pending = { [STATUS]: 'PendingManualApproval' };
const at = (time: string) => ({ [NOW]: time });
const from = (ip: string) => ({ [IP]: ip });
const CHURN = 'arn:aws:sagemaker:us-east-1:111111111111:model-package-group/churn';
const tags = (...keys: string[]) => ({ [TAGS]: keys });

type Case = readonly [title: string, condition: unknown, keys: Keys, expected: boolean];

const cases: Record<string, readonly Case[]> = {
  String: [
    ['StringEquals matches', { StringEquals: { [STATUS]: 'Approved' } }, approved, true],
    ['StringEquals is case-sensitive', { StringEquals: { [STATUS]: 'approved' } }, approved, false],
    ['StringEquals fails an absent key', { StringEquals: { [STATUS]: 'Approved' } }, {}, false],
    ['values of one key are OR-ed', { StringEquals: { [STATUS]: ['Rejected', 'Approved'] } }, approved, true],
    ['StringNotEquals passes another value', { StringNotEquals: { [STATUS]: 'Approved' } }, pending, true],
    [
      'StringNotEquals values are NOR-ed: one equal fails',
      { StringNotEquals: { [STATUS]: ['Rejected', 'Approved'] } },
      approved,
      false,
    ],
    [
      'StringNotEquals values are NOR-ed: none equal passes',
      { StringNotEquals: { [STATUS]: ['Rejected', 'Approved'] } },
      pending,
      true,
    ],
    ['StringNotEquals passes an absent key (IAM)', { StringNotEquals: { [STATUS]: 'Approved' } }, {}, true],
    [
      'StringEqualsIgnoreCase ignores case',
      { StringEqualsIgnoreCase: { [STATUS]: 'APPROVED' } },
      approved,
      true,
    ],
    [
      'StringNotEqualsIgnoreCase ignores case',
      { StringNotEqualsIgnoreCase: { [STATUS]: 'APPROVED' } },
      approved,
      false,
    ],
    ['StringLike with *', { StringLike: { [STAGE]: 'Prod*' } }, { [STAGE]: 'Production' }, true],
    [
      'StringLike with ? takes one character',
      { StringLike: { [STAGE]: 'Prod?' } },
      { [STAGE]: 'Production' },
      false,
    ],
    [
      'StringLike with ? matches one character',
      { StringLike: { [STAGE]: 'Prod?' } },
      { [STAGE]: 'Prods' },
      true,
    ],
    ['StringLike is case-sensitive', { StringLike: { [STAGE]: 'prod*' } }, { [STAGE]: 'Production' }, false],
    [
      'StringNotLike passes a non-matching value',
      { StringNotLike: { [STAGE]: 'Dev*' } },
      { [STAGE]: 'Production' },
      true,
    ],
    [
      'StringNotLike fails a matching value',
      { StringNotLike: { [STAGE]: 'Dev*' } },
      { [STAGE]: 'Development' },
      false,
    ],
    ['StringNotLike passes an absent key', { StringNotLike: { [STAGE]: 'Dev*' } }, {}, true],
    [
      'key names are case-insensitive in the policy',
      { StringEquals: { 'SageMaker:modelapprovalstatus': 'Approved' } },
      approved,
      true,
    ],
    [
      'key names are case-insensitive in the request',
      { StringEquals: { [STATUS]: 'Approved' } },
      { 'SAGEMAKER:MODELAPPROVALSTATUS': 'Approved' },
      true,
    ],
    [
      'a tag key in aws:ResourceTag/',
      { StringEquals: { 'aws:ResourceTag/team': 'fraud' } },
      { 'aws:ResourceTag/team': 'fraud' },
      true,
    ],
    [
      'another tag does not count',
      { StringEquals: { 'aws:ResourceTag/team': 'fraud' } },
      { 'aws:ResourceTag/owner': 'fraud' },
      false,
    ],
  ],
  Numeric: [
    ['NumericEquals', { NumericEquals: { 'modelry:Count': '10' } }, { 'modelry:Count': '10.0' }, true],
    [
      'NumericEquals with a JSON number',
      { NumericEquals: { 'modelry:Count': 10 } },
      { 'modelry:Count': '10' },
      true,
    ],
    ['NumericNotEquals', { NumericNotEquals: { 'modelry:Count': 10 } }, { 'modelry:Count': '11' }, true],
    [
      'NumericNotEquals, equal',
      { NumericNotEquals: { 'modelry:Count': 10 } },
      { 'modelry:Count': '10' },
      false,
    ],
    ['NumericLessThan', { NumericLessThan: { 'modelry:Count': 10 } }, { 'modelry:Count': '9' }, true],
    [
      'NumericLessThan, equal',
      { NumericLessThan: { 'modelry:Count': 10 } },
      { 'modelry:Count': '10' },
      false,
    ],
    [
      'NumericLessThanEquals, equal',
      { NumericLessThanEquals: { 'modelry:Count': 10 } },
      { 'modelry:Count': '10' },
      true,
    ],
    [
      'NumericGreaterThan',
      { NumericGreaterThan: { 'modelry:Count': '-1.5' } },
      { 'modelry:Count': '0' },
      true,
    ],
    [
      'NumericGreaterThanEquals, less',
      { NumericGreaterThanEquals: { 'modelry:Count': 10 } },
      { 'modelry:Count': '9' },
      false,
    ],
    [
      'a context value that is not a number fails',
      { NumericNotEquals: { 'modelry:Count': 10 } },
      { 'modelry:Count': 'ten' },
      false,
    ],
  ],
  Date: [
    ['DateLessThan', { DateLessThan: { [NOW]: '2030-01-01T00:00:00Z' } }, at('2026-06-01T12:00:00Z'), true],
    [
      'DateGreaterThan',
      { DateGreaterThan: { [NOW]: '2030-01-01T00:00:00Z' } },
      at('2026-06-01T12:00:00Z'),
      false,
    ],
    [
      'epoch seconds in the policy',
      { DateGreaterThan: { [NOW]: '1700000000' } },
      at('2026-06-01T12:00:00Z'),
      true,
    ],
    [
      'a date alone is midnight UTC',
      { DateEquals: { [NOW]: '2026-06-01' } },
      at('2026-06-01T00:00:00Z'),
      true,
    ],
    ['DateNotEquals', { DateNotEquals: { [NOW]: '2026-06-01' } }, at('2026-06-01T00:00:01Z'), true],
    [
      'an offset is applied',
      { DateLessThan: { [NOW]: '2026-06-01T14:00:00+02:00' } },
      at('2026-06-01T12:00:00Z'),
      false,
    ],
    [
      'DateLessThanEquals at the same instant',
      { DateLessThanEquals: { [NOW]: '2026-06-01T14:00:00+0200' } },
      at('2026-06-01T12:00:00Z'),
      true,
    ],
    [
      'DateGreaterThanEquals with milliseconds',
      { DateGreaterThanEquals: { [NOW]: '2026-06-01T12:00:00.500Z' } },
      at('2026-06-01T12:00:00.499Z'),
      false,
    ],
    [
      'a time without zone is UTC',
      { DateEquals: { [NOW]: '2026-06-01T12:00:00' } },
      at('2026-06-01T12:00:00Z'),
      true,
    ],
  ],
  Bool: [
    ['Bool true', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' }, true],
    [
      'Bool false value',
      { Bool: { 'aws:SecureTransport': 'true' } },
      { 'aws:SecureTransport': 'false' },
      false,
    ],
    [
      'Bool with a JSON boolean',
      { Bool: { 'aws:SecureTransport': true } },
      { 'aws:SecureTransport': 'TRUE' },
      true,
    ],
    ['Bool fails an absent key', { Bool: { 'aws:SecureTransport': false } }, {}, false],
  ],
  IpAddress: [
    ['inside an IPv4 block', { IpAddress: { [IP]: '203.0.113.0/24' } }, from('203.0.113.7'), true],
    ['outside an IPv4 block', { IpAddress: { [IP]: '203.0.113.0/24' } }, from('198.51.100.1'), false],
    ['a bare address is a block of one', { IpAddress: { [IP]: '203.0.113.7' } }, from('203.0.113.7'), true],
    ['a /32 block', { IpAddress: { [IP]: '203.0.113.7/32' } }, from('203.0.113.8'), false],
    ['a /0 block holds every IPv4 address', { IpAddress: { [IP]: '0.0.0.0/0' } }, from('8.8.8.8'), true],
    ['an odd mask length', { IpAddress: { [IP]: '10.0.0.0/9' } }, from('10.127.255.255'), true],
    ['an odd mask length, outside', { IpAddress: { [IP]: '10.0.0.0/9' } }, from('10.128.0.0'), false],
    ['inside an IPv6 block', { IpAddress: { [IP]: '2001:db8::/32' } }, from('2001:db8:1::1'), true],
    ['outside an IPv6 block', { IpAddress: { [IP]: '2001:db8::/32' } }, from('2001:db9::1'), false],
    ['an IPv6 address is not in an IPv4 block', { IpAddress: { [IP]: '0.0.0.0/0' } }, from('::1'), false],
    [
      'blocks are OR-ed',
      { IpAddress: { [IP]: ['192.0.2.0/24', '203.0.113.0/24'] } },
      from('203.0.113.9'),
      true,
    ],
    ['NotIpAddress outside', { NotIpAddress: { [IP]: '10.0.0.0/8' } }, from('192.0.2.1'), true],
    ['NotIpAddress inside', { NotIpAddress: { [IP]: '10.0.0.0/8' } }, from('10.1.2.3'), false],
    ['NotIpAddress passes an absent key', { NotIpAddress: { [IP]: '10.0.0.0/8' } }, {}, true],
    [
      'a context value that is not an address',
      { IpAddress: { [IP]: '0.0.0.0/0' } },
      from('localhost'),
      false,
    ],
  ],
  Arn: [
    [
      'ArnLike on aws:PrincipalArn',
      { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/alice' } },
      {},
      true,
    ],
    [
      'ArnEquals takes wildcards too',
      { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/a*' } },
      {},
      true,
    ],
    [
      'ArnNotLike on a matching ARN',
      { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/*' } },
      {},
      false,
    ],
    [
      'ArnNotEquals on another ARN',
      { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/bob' } },
      {},
      true,
    ],
    [
      'ArnLike fails a value that is not an ARN',
      { ArnLike: { 'aws:SourceArn': '*' } },
      { 'aws:SourceArn': 'churn' },
      false,
    ],
    [
      'ArnLike keeps * inside its segment',
      { ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:us*1:model-package-group/churn' } },
      { 'aws:SourceArn': CHURN },
      false,
    ],
    [
      'ArnLike lets a segment-ending * run past colons',
      { ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:us*:model-package-group/churn' } },
      { 'aws:SourceArn': CHURN },
      true,
    ],
  ],
  Null: [
    ['Null true on an absent key', { Null: { [STATUS]: 'true' } }, {}, true],
    ['Null true on a present key', { Null: { [STATUS]: 'true' } }, approved, false],
    ['Null false on a present key', { Null: { [STATUS]: false } }, approved, true],
    ['Null false on an absent key', { Null: { [STATUS]: 'false' } }, {}, false],
    ['an empty list is absent', { Null: { [TAGS]: 'true' } }, tags(), true],
    ['an undefined key is absent', { Null: { [STATUS]: 'true' } }, { [STATUS]: undefined }, true],
  ],
  IfExists: [
    [
      'StringEqualsIfExists passes an absent key',
      { StringEqualsIfExists: { [STATUS]: 'PendingManualApproval' } },
      {},
      true,
    ],
    [
      'StringEqualsIfExists tests a present key',
      { StringEqualsIfExists: { [STATUS]: 'PendingManualApproval' } },
      approved,
      false,
    ],
    [
      'StringEqualsIfExists, matching',
      { StringEqualsIfExists: { [STATUS]: 'PendingManualApproval' } },
      pending,
      true,
    ],
    [
      'NumericLessThanIfExists passes an absent key',
      { NumericLessThanIfExists: { 'modelry:Count': 3 } },
      {},
      true,
    ],
    [
      'NotIpAddressIfExists tests a present key',
      { NotIpAddressIfExists: { [IP]: '10.0.0.0/8' } },
      from('10.0.0.1'),
      false,
    ],
  ],
  'set operators': [
    [
      'ForAllValues: every key allowed',
      { 'ForAllValues:StringEquals': { [TAGS]: ['team', 'env', 'cost'] } },
      tags('team', 'env'),
      true,
    ],
    [
      'ForAllValues: one key not allowed',
      { 'ForAllValues:StringEquals': { [TAGS]: ['team', 'env'] } },
      tags('team', 'owner'),
      false,
    ],
    ['ForAllValues passes an absent key', { 'ForAllValues:StringEquals': { [TAGS]: 'team' } }, {}, true],
    ['ForAllValues passes an empty list', { 'ForAllValues:StringEquals': { [TAGS]: 'team' } }, tags(), true],
    [
      'ForAnyValue: one key listed',
      { 'ForAnyValue:StringEquals': { [TAGS]: 'team' } },
      tags('env', 'team'),
      true,
    ],
    ['ForAnyValue: no key listed', { 'ForAnyValue:StringEquals': { [TAGS]: 'team' } }, tags('env'), false],
    ['ForAnyValue fails an absent key', { 'ForAnyValue:StringEquals': { [TAGS]: 'team' } }, {}, false],
    [
      'ForAnyValue:StringLike',
      { 'ForAnyValue:StringLike': { [TAGS]: 'cost*' } },
      tags('env', 'cost-center'),
      true,
    ],
    [
      'ForAllValues:StringNotEquals: none forbidden',
      { 'ForAllValues:StringNotEquals': { [TAGS]: 'secret' } },
      tags('team', 'env'),
      true,
    ],
    [
      'ForAllValues:StringNotEquals: one forbidden',
      { 'ForAllValues:StringNotEquals': { [TAGS]: 'secret' } },
      tags('team', 'secret'),
      false,
    ],
    [
      'ForAnyValue:StringNotEquals: one not forbidden',
      { 'ForAnyValue:StringNotEquals': { [TAGS]: 'secret' } },
      tags('secret', 'team'),
      true,
    ],
    [
      'ForAnyValueIfExists passes an absent key',
      { 'ForAnyValue:StringEqualsIfExists': { [TAGS]: 'team' } },
      {},
      true,
    ],
    [
      'no qualifier on a list reads as ForAnyValue',
      { StringEquals: { [TAGS]: 'team' } },
      tags('env', 'team'),
      true,
    ],
  ],
  'AND and OR': [
    [
      'two keys of one operator are AND-ed',
      { StringEquals: { [STATUS]: 'Approved', [STAGE]: 'Production' } },
      { ...approved, [STAGE]: 'Staging' },
      false,
    ],
    [
      'two keys, both holding',
      { StringEquals: { [STATUS]: 'Approved', [STAGE]: 'Production' } },
      { ...approved, [STAGE]: 'Production' },
      true,
    ],
    [
      'two operators are AND-ed',
      { StringEquals: { [STATUS]: 'Approved' }, IpAddress: { [IP]: '10.0.0.0/8' } },
      { ...approved, ...from('192.0.2.1') },
      false,
    ],
    [
      'two operators, both holding',
      { StringEquals: { [STATUS]: 'Approved' }, IpAddress: { [IP]: '10.0.0.0/8' } },
      { ...approved, ...from('10.9.9.9') },
      true,
    ],
    ['an empty condition holds', {}, {}, true],
  ],
  'policy variables': [
    [
      '${aws:username} is the caller',
      { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } },
      { 'aws:ResourceTag/owner': 'alice' },
      true,
    ],
    [
      '${aws:username} is not someone else',
      { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } },
      { 'aws:ResourceTag/owner': 'bob' },
      false,
    ],
    [
      '${aws:PrincipalAccount} inside a value',
      { StringLike: { 'aws:ResourceTag/home': 'acct-${aws:PrincipalAccount}-*' } },
      { 'aws:ResourceTag/home': 'acct-111111111111-eu' },
      true,
    ],
    [
      'a fallback stands in for an absent key',
      { StringEquals: { 'aws:ResourceTag/team': "${aws:PrincipalTag/team, 'none'}" } },
      { 'aws:ResourceTag/team': 'none' },
      true,
    ],
    [
      'a variable without a value matches nothing',
      { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
      { 'aws:ResourceTag/team': '' },
      false,
    ],
    [
      'a substituted value is literal in StringLike',
      { StringLike: { 'aws:ResourceTag/owner': '${aws:PrincipalTag/name}' } },
      { 'aws:PrincipalTag/name': 'a*', 'aws:ResourceTag/owner': 'ab' },
      false,
    ],
    [
      '${*} is a literal star',
      { StringLike: { 'aws:ResourceTag/x': 'a${*}' } },
      { 'aws:ResourceTag/x': 'a*' },
      true,
    ],
    [
      '${*} does not match other text',
      { StringLike: { 'aws:ResourceTag/x': 'a${*}' } },
      { 'aws:ResourceTag/x': 'ab' },
      false,
    ],
    [
      'request keys cannot override the principal',
      { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/bob' } },
      { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/bob' },
      false,
    ],
  ],
};

for (const [group, rows] of Object.entries(cases)) {
  describe(`conditions: ${group}`, () => {
    for (const [title, condition, keys, expected] of rows) {
      it(`${title} → ${expected}`, () => assert.equal(holds(condition, keys), expected));
    }
  });
}

describe('conditions: policy versions', () => {
  it('2008-10-17 reads ${...} as plain text', () => {
    const condition = { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } };
    assert.equal(holds(condition, { 'aws:ResourceTag/owner': 'alice' }, '2008-10-17'), false);
    assert.equal(holds(condition, { 'aws:ResourceTag/owner': '${aws:username}' }, '2008-10-17'), true);
  });
});
