import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from './errors.js';
import { parseEventPattern } from './event-pattern.js';

const APPROVED_FRAUD = {
  source: ['aws.sagemaker'],
  'detail-type': ['SageMaker Model Package State Change'],
  detail: { ModelApprovalStatus: ['Approved'], ModelPackageGroupName: [{ prefix: 'fraud-' }] },
};

function event(status: string, group: string) {
  return {
    version: '0',
    id: '7c2f4d1e-9a8b-4c3d-8e2f-1a2b3c4d5e6f',
    'detail-type': 'SageMaker Model Package State Change',
    source: 'aws.sagemaker',
    account: '123456789012',
    time: '2024-05-01T12:34:56Z',
    region: 'us-east-1',
    resources: [`arn:aws:sagemaker:us-east-1:123456789012:model-package/${group}/3`],
    detail: { ModelPackageGroupName: group, ModelPackageVersion: 3, ModelApprovalStatus: status },
  };
}

function invalid(reason: string) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof DomainError, String(err));
    assert.equal(err.code, 'InvalidEventPattern');
    assert.equal(err.details.reason, reason);
    return true;
  };
}

describe('parseEventPattern', () => {
  it('keeps canonical JSON text and the parsed pattern', () => {
    const parsed = parseEventPattern(' {\n  "source" : [ "aws.sagemaker" ],\n  "source": ["aws.s3"] }\n');
    assert.equal(parsed.text, '{"source":["aws.s3"]}');
    assert.deepEqual(parsed.pattern, { source: ['aws.s3'] });
    assert.equal(parseEventPattern(parsed.text).text, parsed.text);
  });

  it('freezes the pattern so the stored text and the matcher cannot drift apart', () => {
    const { pattern } = parseEventPattern(APPROVED_FRAUD);
    assert.ok(Object.isFrozen(pattern));
    assert.ok(Object.isFrozen((pattern.detail as Record<string, unknown>).ModelPackageGroupName));
  });

  it('accepts an already-parsed pattern as if it were its JSON text', () => {
    const fromValue = parseEventPattern(APPROVED_FRAUD);
    const fromText = parseEventPattern(JSON.stringify(APPROVED_FRAUD));
    assert.equal(fromValue.text, fromText.text);
    assert.notEqual(fromValue.pattern, APPROVED_FRAUD);
    const approved = event('Approved', 'fraud-detector');
    assert.equal(fromValue.matches(approved), true);
    assert.equal(fromText.matches(approved), true);
  });

  it('refuses parsed values that are not objects', () => {
    for (const value of [undefined, null, 42, true, [], [{ source: ['x'] }]]) {
      assert.throws(() => parseEventPattern(value), invalid('Filter is not an object'), String(value));
    }
  });

  it('refuses parsed values whose JSON text is too long or that JSON cannot carry', () => {
    const long = { source: ['a'.repeat(5000)] };
    assert.throws(
      () => parseEventPattern(long),
      invalid('Event pattern is longer than 4096 characters (5015)'),
    );
    const cyclic: Record<string, unknown> = { source: ['x'] };
    cyclic.self = cyclic;
    assert.throws(() => parseEventPattern(cyclic), /Reason: Invalid JSON: Converting circular structure/);
  });

  it('puts the reason in the message and the details', () => {
    assert.throws(
      () => parseEventPattern('{"source":"aws.s3"}'),
      (err: unknown) =>
        err instanceof DomainError &&
        err.message === 'Event pattern is not valid. Reason: "source" must be an object or an array' &&
        err.details.reason === '"source" must be an object or an array',
    );
  });
});

describe('the issue acceptance pattern', () => {
  const rule = parseEventPattern(APPROVED_FRAUD);

  it('matches an approved version of a fraud- group', () => {
    assert.equal(rule.matches(event('Approved', 'fraud-detector')), true);
  });

  it('does not match a rejected version or another group', () => {
    assert.equal(rule.matches(event('Rejected', 'fraud-detector')), false);
    assert.equal(rule.matches(event('Approved', 'churn-model')), false);
    assert.equal(rule.matches(event('Approved', 'Fraud-detector')), false);
  });
});

describe('EventPattern.matches', () => {
  it('does not match events that are not JSON objects', () => {
    const rule = parseEventPattern({ x: [{ exists: false }] });
    assert.equal(rule.matches({}), true);
    for (const value of [null, undefined, 'x', 42, [], [{}]]) assert.equal(rule.matches(value), false);
  });

  it('can be reused for any number of events, with and without arrays', () => {
    const rule = parseEventPattern({ e: { n: ['Anna'], l: ['Jones'] }, k: [{ exists: false }] });
    const split = {
      e: [
        { n: 'Anna', l: 'Smith' },
        { n: 'Peter', l: 'Jones' },
      ],
    };
    const together = {
      e: [
        { n: 'Peter', l: 'Smith' },
        { n: 'Anna', l: 'Jones' },
      ],
    };
    const plain = { e: { n: 'Anna', l: 'Jones' } };
    for (let i = 0; i < 3; i++) {
      assert.equal(rule.matches(split), false);
      assert.equal(rule.matches(together), true);
      assert.equal(rule.matches(plain), true);
      assert.equal(rule.matches({ ...plain, k: 1 }), false);
    }
  });

  it('only sees own properties of the event', () => {
    assert.equal(parseEventPattern({ constructor: [{ exists: false }] }).matches({}), true);
    assert.equal(parseEventPattern({ toString: [{ exists: true }] }).matches({}), false);
    assert.equal(parseEventPattern({ toString: ['x'] }).matches({ toString: 'x' }), true);
    const proto = parseEventPattern('{"__proto__":["x"]}');
    assert.equal(proto.matches(JSON.parse('{"__proto__":"x"}')), true);
    assert.equal(proto.matches({}), false);
  });

  it('tests every $or combination', () => {
    const group = (key: string) => ({ $or: Array.from({ length: 10 }, (_, i) => ({ [key]: [i] })) });
    const rule = parseEventPattern({ ...group('a'), detail: group('b'), x: group('c') });
    assert.equal(rule.matches({ a: 9, detail: { b: 9 }, x: { c: 9 } }), true);
    assert.equal(rule.matches({ a: 9, detail: { b: 9 }, x: { c: 10 } }), false);
  });
});
