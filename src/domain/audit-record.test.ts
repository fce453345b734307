import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { type AuditEntry, canonicalAuditText, chainRecord, GENESIS_HASH } from './audit.js';
import type { JsonObject } from './model.js';

const ARN = 'arn:aws:sagemaker:us-east-1:000000000000:model-package/fraud/3';
const PREV = 'ab'.repeat(32);

const FULL: AuditEntry = {
  at: 1_714_566_896_123,
  principal: 'alice',
  account: '000000000000',
  sourceIp: '10.0.0.7',
  userAgent: 'Boto3/1.34.0',
  requestId: 'req-1',
  face: 'sagemaker',
  action: 'sagemaker:UpdateModelPackage',
  resource: ARN,
  parameters: { ModelApprovalStatus: 'Approved', ApprovalDescription: 'ok' },
  outcome: 'allowed',
  errorCode: 'None',
  before: { approvalStatus: 'PendingManualApproval' },
  after: { approvalStatus: 'Approved', stage: 'Staging', stageStatus: 'InProgress' },
};

const MINIMAL: AuditEntry = {
  at: 5,
  principal: 'bob',
  account: '000000000000',
  face: 'native',
  action: 'modelry:CreateUser',
  resource: '*',
  parameters: {},
  outcome: 'denied',
};

const withParameters = (parameters: JsonObject): AuditEntry => ({ ...MINIMAL, parameters });
const paramsText = (parameters: JsonObject) =>
  /"parameters":(.*),"prevHash"/.exec(canonicalAuditText(withParameters(parameters), 1, PREV))?.[1];

describe('canonicalAuditText', () => {
  it('writes every member once, keys sorted, no whitespace', () => {
    assert.equal(
      canonicalAuditText(FULL, 17, PREV),
      '{"account":"000000000000","action":"sagemaker:UpdateModelPackage",' +
        '"after":{"approvalStatus":"Approved","stage":"Staging","stageStatus":"InProgress"},' +
        '"at":1714566896123,"before":{"approvalStatus":"PendingManualApproval"},"errorCode":"None",' +
        '"face":"sagemaker","outcome":"allowed",' +
        '"parameters":{"ApprovalDescription":"ok","ModelApprovalStatus":"Approved"},' +
        `"prevHash":"${PREV}","principal":"alice","requestId":"req-1","resource":"${ARN}","seq":17,` +
        '"sourceIp":"10.0.0.7","userAgent":"Boto3/1.34.0"}',
    );
  });

  it('omits absent members, whether missing or undefined; an empty before/after counts as absent', () => {
    const expected =
      '{"account":"000000000000","action":"modelry:CreateUser","at":5,"face":"native","outcome":"denied",' +
      `"parameters":{},"prevHash":"${GENESIS_HASH}","principal":"bob","resource":"*","seq":1}`;
    assert.equal(canonicalAuditText(MINIMAL, 1, GENESIS_HASH), expected);
    const explicit = { ...MINIMAL, sourceIp: undefined, before: {}, after: { stage: undefined } };
    assert.equal(canonicalAuditText(explicit as unknown as AuditEntry, 1, GENESIS_HASH), expected);
  });

  it('does not depend on the order members were written in, at any depth', () => {
    const reversed = Object.fromEntries(Object.entries(FULL).reverse()) as unknown as AuditEntry;
    assert.equal(canonicalAuditText(reversed, 17, PREV), canonicalAuditText(FULL, 17, PREV));
    assert.equal(
      paramsText({ b: { d: 1, c: [{ z: 1, a: 2 }, []] }, a: null }),
      '{"a":null,"b":{"c":[{"a":2,"z":1},[]],"d":1}}',
    );
    assert.equal(
      paramsText({ a: null, b: { c: [{ a: 2, z: 1 }, []], d: 1 } }),
      paramsText({ b: { d: 1, c: [{ z: 1, a: 2 }, []] }, a: null }),
    );
    // Array order is data, not presentation: it is kept.
    assert.equal(paramsText({ c: [2, 1] }), '{"c":[2,1]}');
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    const keys = ['é', 'a', '_', 'B', '9', '10', '\uff5e', '😀'];
    const text = paramsText(Object.fromEntries(keys.map((k) => [k, 0])));
    assert.equal(text, '{"10":0,"9":0,"B":0,"_":0,"a":0,"é":0,"😀":0,"～":0}');
  });

  it('writes unicode as is and escapes what JSON must', () => {
    assert.equal(paramsText({ s: 'café ✓ 😀' }), '{"s":"café ✓ 😀"}');
    assert.equal(paramsText({ s: 'a"b\\c\n\t\u0000' }), '{"s":"a\\"b\\\\c\\n\\t\\u0000"}');
    assert.equal(paramsText({ s: 'lone \udc00' }), '{"s":"lone \\udc00"}');
  });

  const numbers: [number, string][] = [
    [0, '0'],
    [-0, '0'],
    [-7, '-7'],
    [1.5, '1.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [123456789012345680000, '123456789012345680000'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
  ];
  for (const [value, written] of numbers) {
    it(`writes the number ${written} as JSON does`, () => {
      assert.equal(paramsText({ n: value }), `{"n":${written}}`);
    });
  }

  it('hashes only the members of AuditEntry: a stored record with extra columns hashes as its entry', () => {
    const stored = { ...FULL, seq: 17, prevHash: PREV, hash: 'f'.repeat(64), rowId: 99 };
    assert.equal(canonicalAuditText(stored, 17, PREV), canonicalAuditText(FULL, 17, PREV));
    const described = { ...FULL, after: { ...FULL.after, stageDescription: 'x' } };
    assert.equal(canonicalAuditText(described, 17, PREV), canonicalAuditText(FULL, 17, PREV));
  });

  const invalid: [string, JsonObject, string][] = [
    ['NaN', { x: Number.NaN }, '$.parameters.x: NaN has no JSON form'],
    [
      'Infinity',
      { x: [1, { y: Number.POSITIVE_INFINITY }] },
      '$.parameters.x[1].y: Infinity has no JSON form',
    ],
    [
      'undefined in an array',
      { x: [undefined] } as unknown as JsonObject,
      '$.parameters.x[0]: undefined has no JSON form',
    ],
    [
      'a Date',
      { x: new Date(0) } as unknown as JsonObject,
      '$.parameters.x: Date is not a plain JSON object',
    ],
    ['a bigint', { x: 1n } as unknown as JsonObject, '$.parameters.x: bigint has no JSON form'],
  ];
  for (const [name, parameters, message] of invalid) {
    it(`refuses ${name}, naming where it is`, () => {
      assert.throws(() => canonicalAuditText(withParameters(parameters), 1, PREV), {
        name: 'TypeError',
        message,
      });
    });
  }
});

describe('chainRecord', () => {
  it('numbers the entry and hashes its canonical text as UTF-8 sha256', () => {
    const record = chainRecord(FULL, 17, PREV);
    const text = canonicalAuditText(FULL, 17, PREV);
    assert.deepEqual(record, {
      ...FULL,
      seq: 17,
      prevHash: PREV,
      hash: createHash('sha256').update(text).digest('hex'),
    });
    assert.match(record.hash, /^[0-9a-f]{64}$/);
  });

  const changes: [string, Partial<AuditEntry>][] = [
    ['at', { at: FULL.at + 1 }],
    ['principal', { principal: 'mallory' }],
    ['account', { account: '111111111111' }],
    ['sourceIp', { sourceIp: '10.0.0.8' }],
    ['userAgent', { userAgent: 'curl' }],
    ['requestId', { requestId: 'req-2' }],
    ['face', { face: 'native' }],
    ['action', { action: 'sagemaker:DeleteModelPackage' }],
    ['resource', { resource: `${ARN}0` }],
    ['resourceAccount', { resourceAccount: '222222222222' }],
    ['parameters', { parameters: { ModelApprovalStatus: 'Rejected', ApprovalDescription: 'ok' } }],
    ['outcome', { outcome: 'failed' }],
    ['errorCode', { errorCode: 'AccessDenied' }],
    ['before', { before: { approvalStatus: 'Rejected' } }],
    ['after', { after: { approvalStatus: 'Approved', stage: 'Production', stageStatus: 'InProgress' } }],
  ];
  for (const [member, change] of changes) {
    it(`gives another hash when ${member} changes`, () => {
      assert.notEqual(chainRecord({ ...FULL, ...change }, 17, PREV).hash, chainRecord(FULL, 17, PREV).hash);
    });
  }

  it('gives another hash for another seq or prevHash', () => {
    const hash = chainRecord(FULL, 17, PREV).hash;
    assert.notEqual(chainRecord(FULL, 18, PREV).hash, hash);
    assert.notEqual(chainRecord(FULL, 17, GENESIS_HASH).hash, hash);
  });

  it('refuses a seq that is not a whole number from 1 and a prevHash that is not sha256 hex', () => {
    assert.throws(() => chainRecord(FULL, 0, PREV), /seq must be a whole number from 1, got 0/);
    assert.throws(() => chainRecord(FULL, 1.5, PREV), RangeError);
    assert.throws(() => chainRecord(FULL, 1, PREV.toUpperCase()), /prevHash must be 64 lowercase hex digits/);
    assert.throws(() => chainRecord(FULL, 1, 'abc'), RangeError);
  });

  it('has a genesis hash of 64 zeros', () => {
    assert.equal(GENESIS_HASH, '0'.repeat(64));
  });
});
