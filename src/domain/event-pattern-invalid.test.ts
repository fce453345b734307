import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from './errors.js';
import { parseEventPattern } from './event-pattern.js';

const f = (filter: unknown) => ({ detail: { x: [filter] } });
const TOO_COMPLEX =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';
const JACKSON_TOKEN = "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/** [pattern (object, or text when a string), EventBridge's reason]. */
const INVALID: ReadonlyArray<readonly [pattern: unknown, reason: string]> = [
  // structure
  ['this is not json', `Unrecognized token 'this': ${JACKSON_TOKEN}`],
  ['{"not": closed mark"', `Unrecognized token 'closed': ${JACKSON_TOKEN}`],
  ['[]', 'Filter is not an object'],
  ['"aws.s3"', 'Filter is not an object'],
  ['42', 'Filter is not an object'],
  ['null', 'Filter is not an object'],
  [['source'], 'Filter is not an object'],
  [{ source: 'aws.s3' }, '"source" must be an object or an array'],
  [{ detail: { ModelPackageVersion: 3 } }, '"ModelPackageVersion" must be an object or an array'],
  [{ detail: { Flag: null } }, '"Flag" must be an object or an array'],
  [{ source: [] }, 'Empty arrays are not allowed'],
  [{}, 'Empty objects are not allowed'],
  [{ detail: {} }, 'Empty objects are not allowed'],
  [{ source: [['aws.s3']] }, 'Match value must be String, number, true, false, or null'],
  [f({}), 'Match expression name not found'],
  [f({ NUMERIC: ['>', 1] }), 'Unrecognized match type NUMERIC'],
  [f({ contains: 'fraud' }), 'Unrecognized match type contains'],
  [f({ regex: '^fraud' }), 'Unrecognized match type regex'],
  [f({ Prefix: 'fraud' }), 'Unrecognized match type Prefix'],
  [f({ prefix: 'a', suffix: 'b' }), 'Only one key allowed in match expression'],
  // string operators
  [f({ prefix: 123 }), 'prefix match pattern must be a string'],
  [f({ prefix: ['fraud-'] }), 'prefix match pattern must be a string'],
  [f({ suffix: 1 }), 'suffix match pattern must be a string'],
  [f({ 'equals-ignore-case': 1 }), 'equals-ignore-case match pattern must be a string'],
  [f({ 'equals-ignore-case': { prefix: 'ec2' } }), 'equals-ignore-case match pattern must be a string'],
  [f({ exactly: 5 }), 'exact match pattern must be a string'],
  [f({ prefix: { foo: 'x' } }), 'Unsupported prefix pattern: foo'],
  [f({ suffix: { foo: 'x' } }), 'Unsupported suffix pattern: foo'],
  [f({ prefix: {} }), 'Prefix expression name not found'],
  [f({ prefix: { 'equals-ignore-case': 5 } }), 'equals-ignore-case match pattern must be a string'],
  [f({ suffix: { 'equals-ignore-case': 'a', foo: 'b' } }), 'Only one key allowed in match expression'],
  // anything-but
  [f({ 'anything-but': null }), 'Value of anything-but must be an array or single string/number value.'],
  [f({ 'anything-but': true }), 'Value of anything-but must be an array or single string/number value.'],
  [
    f({ 'anything-but': { prefix: { 'equals-ignore-case': 'x' } } }),
    'Value of anything-but must be an array or single string/number value.',
  ],
  [
    f({ 'anything-but': { suffix: { 'equals-ignore-case': '.png' } } }),
    'Value of anything-but must be an array or single string/number value.',
  ],
  [f({ 'anything-but': [null] }), 'Inside anything but list, start|null|boolean is not supported.'],
  [f({ 'anything-but': ['a', true] }), 'Inside anything but list, start|null|boolean is not supported.'],
  [f({ 'anything-but': [['a']] }), 'Inside anything but list, start|null|boolean is not supported.'],
  [
    f({ 'anything-but': ['a', 1] }),
    'Inside anything but list, either all values are number or string, mixed type is not supported',
  ],
  [
    f({ 'anything-but': [] }),
    'Inside anything but list, either all values are number or string, mixed type is not supported',
  ],
  [f({ 'anything-but': { numeric: ['>', 1] } }), 'Unsupported anything-but pattern: numeric'],
  [f({ 'anything-but': { exists: true } }), 'Unsupported anything-but pattern: exists'],
  [f({ 'anything-but': { cidr: '10.0.0.0/8' } }), 'Unsupported anything-but pattern: cidr'],
  [f({ 'anything-but': {} }), 'Anything-But expression name not found'],
  [f({ 'anything-but': { prefix: 1 } }), 'prefix/suffix match pattern must be a string'],
  [f({ 'anything-but': { suffix: ['a', 1] } }), 'prefix/suffix match pattern must be a string'],
  [f({ 'anything-but': { prefix: '' } }), 'Null prefix/suffix not allowed'],
  [f({ 'anything-but': { suffix: ['a', ''] } }), 'Null prefix/suffix not allowed'],
  [
    f({ 'anything-but': { 'equals-ignore-case': 1 } }),
    'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  ],
  [
    f({ 'anything-but': { 'equals-ignore-case': ['a', null] } }),
    'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  ],
  [f({ 'anything-but': { wildcard: 5 } }), 'wildcard match pattern must be a string'],
  [f({ 'anything-but': { wildcard: ['a**'] } }), 'Consecutive wildcard characters at pos 2'],
  [f({ 'anything-but': { prefix: 'a', suffix: 'b' } }), 'Too many elements in numeric expression'],
  [f({ 'anything-but': 'a', prefix: 'b' }), 'Too many elements in numeric expression'],
  // numeric
  [f({ numeric: '>' }), 'Value of numeric must be an array.'],
  [f({ numeric: [] }), 'Invalid member in numeric match: ]'],
  [f({ numeric: [5] }), 'Invalid member in numeric match: 5'],
  [f({ numeric: ['<', 10, '>', 0] }), 'Too many elements in numeric expression'],
  [f({ numeric: ['=', 3, '<', 4] }), 'Too many elements in numeric expression'],
  [f({ numeric: ['>=', 3, '<=', 3] }), 'Bottom must be less than top'],
  [f({ numeric: ['>', 5, '<', 1] }), 'Bottom must be less than top'],
  [f({ numeric: ['!=', 3] }), 'Unrecognized numeric range operator: !='],
  [f({ numeric: ['<', '10'] }), 'Value of < must be numeric'],
  [f({ numeric: ['=', '3'] }), 'Value of equals must be numeric'],
  [f({ numeric: ['>=', null] }), 'Value of >= must be numeric'],
  [f({ numeric: ['>', 0, '>', 10] }), 'Bad numeric range operator: >'],
  [f({ numeric: ['>', 0, '<', 10, '<', 20] }), 'Too many terms in numeric range expression'],
  [f({ numeric: ['>', 0, 5] }), 'Bad value in numeric range: 5'],
  [f({ numeric: ['>', 0, '<'] }), 'Value of < must be numeric'],
  [f({ numeric: ['>', 1], prefix: 'a' }), 'Too many elements in numeric expression'],
  ['{"detail":{"x":[{"numeric":[">",1e400]}]}}', 'Cannot compare number'],
  // exists
  [f({ exists: 'true' }), 'exists match pattern must be either true or false.'],
  [f({ exists: null }), 'exists match pattern must be either true or false.'],
  [f({ exists: true, prefix: 'a' }), 'Only one key allowed in match expression'],
  // cidr
  [f({ cidr: '10.0.0.0' }), "Malformed CIDR, one '/' required"],
  [f({ cidr: '10.0.0.0/8/8' }), "Malformed CIDR, one '/' required"],
  [f({ cidr: '10.0.0.0/abc' }), 'Malformed CIDR, mask bits must be an integer'],
  [f({ cidr: '10.0.0.0/-1' }), 'Malformed CIDR, mask bits must not be negative'],
  [f({ cidr: 'xx.11.xx/16' }), 'Nonstandard IP address: xx.11.xx'],
  [f({ cidr: 'xxxx:db8:1234:1a00::/64' }), 'Nonstandard IP address: xxxx:db8:1234:1a00::'],
  [f({ cidr: '10.0.0.256/24' }), 'Invalid IP address: 10.0.0.256'],
  [f({ cidr: '10.0.0.0/32' }), 'IPv4 mask bits must be < 32'],
  [f({ cidr: '2001:db8::/128' }), 'IPv6 mask bits must be < 128'],
  [f({ cidr: 10 }), 'prefix match pattern must be a string'],
  [f({ cidr: ['10.0.0.0/8'] }), 'prefix match pattern must be a string'],
  // wildcard
  [f({ wildcard: 'a**b' }), 'Consecutive wildcard characters at pos 2'],
  [f({ wildcard: 'arn:aws:events:us-east-1:**:event-bus/*' }), 'Consecutive wildcard characters at pos 26'],
  [f({ wildcard: '**' }), 'Consecutive wildcard characters at pos 1'],
  [f({ wildcard: 'é**' }), 'Consecutive wildcard characters at pos 3'],
  [f({ wildcard: 'a\\x' }), 'Invalid escape character at pos 2'],
  [f({ wildcard: 'ab\\' }), 'Invalid escape character at pos 3'],
  [f({ wildcard: ['a*'] }), 'wildcard match pattern must be a string'],
  [f({ wildcard: '*:*:*:*:*:event-bus/*' }), TOO_COMPLEX],
  [{ a: [{ wildcard: '*a*a*a*' }, { wildcard: '*b*b*b*' }] }, TOO_COMPLEX],
  // $or
  [{ $or: [{ a: ['x'] }] }, 'There must have at least 2 Objects in $or relationship.'],
  [{ $or: [] }, 'There must have at least 2 Objects in $or relationship.'],
  [{ $or: [{ a: ['x'] }, 'b'] }, 'Only JSON object is allowed in array of $or relationship.'],
  [{ $or: [{ a: ['x'] }, {}] }, 'Empty objects are not allowed'],
  [{ $or: { a: ['x'] } }, 'It must be an Array followed with $or.'],
  [
    { $or: [{ a: ['x'] }, { prefix: ['y'] }] },
    'prefix is Ruler reserved fieldName which cannot be used inside $or.',
  ],
  [
    { detail: { $or: [{ a: ['x'] }, { b: { numeric: ['y'] } }] } },
    'numeric is Ruler reserved fieldName which cannot be used inside $or.',
  ],
  [
    { $or: [{ '>=': ['x'] }, { a: ['y'] }] },
    '>= is Ruler reserved fieldName which cannot be used inside $or.',
  ],
];

function rejectsWith(reason: string) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof DomainError, String(err));
    assert.equal(err.code, 'InvalidEventPattern');
    assert.equal(err.details.reason, reason);
    assert.equal(err.message, `Event pattern is not valid. Reason: ${reason}`);
    return true;
  };
}

describe('invalid event patterns', () => {
  for (const [pattern, reason] of INVALID) {
    const shown = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
    it(`refuses ${shown}`, () => {
      assert.throws(() => parseEventPattern(pattern), rejectsWith(reason));
    });
  }

  it('refuses more than 1000 $or combinations (the product of the branch counts)', () => {
    const group = (key: string, n: number) => ({
      $or: Array.from({ length: n }, (_, i) => ({ [key]: [i] })),
    });
    const reason = 'Too many $or combinations: the product of the $or branch counts must be at most 1000';
    assert.doesNotThrow(() =>
      parseEventPattern({ ...group('a', 10), detail: { ...group('b', 10) }, x: group('c', 10) }),
    );
    assert.throws(
      () => parseEventPattern({ ...group('a', 10), detail: { ...group('b', 10) }, x: group('c', 11) }),
      rejectsWith(reason),
    );
  });

  it('refuses text longer than 4096 characters', () => {
    const padded = (n: number) => `{"source":["${'a'.repeat(n - 15)}"]}`;
    assert.equal(padded(4096).length, 4096);
    assert.doesNotThrow(() => parseEventPattern(padded(4096)));
    assert.throws(
      () => parseEventPattern(padded(4097)),
      rejectsWith('Event pattern is longer than 4096 characters (4097)'),
    );
  });

  it('explains text that is not JSON', () => {
    assert.throws(
      () => parseEventPattern('{"source":'),
      rejectsWith('Invalid JSON: Unexpected end of JSON input'),
    );
    assert.throws(
      () => parseEventPattern('{"source":["a"]} x'),
      (err: unknown) => {
        assert.ok(err instanceof DomainError);
        assert.match(
          String(err.details.reason),
          /^Invalid JSON: Unexpected non-whitespace character after JSON/,
        );
        return true;
      },
    );
  });

  it('holds at least 50 cases', () => {
    assert.ok(INVALID.length >= 50, `${INVALID.length} invalid patterns`);
  });
});
