import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEventPattern } from './event-pattern.js';
import { inBlock, parseCidr, parseIp } from './event-pattern-ip.js';
import { WILDCARD_COMPLEXITY_MAX } from './event-pattern-rules.js';
import { parseWildcard, wildcardComplexity, wildcardMatches } from './event-pattern-wildcard.js';

describe('parseWildcard', () => {
  it('splits at unescaped stars and resolves escapes', () => {
    assert.deepEqual(parseWildcard('arn:*:model/*'), ['arn:', ':model/', '']);
    assert.deepEqual(parseWildcard('a\\*b\\\\c*'), ['a*b\\c', '']);
    assert.deepEqual(parseWildcard(''), ['']);
    assert.deepEqual(parseWildcard('?'), ['?']);
  });
});

describe('wildcardMatches', () => {
  const cases: ReadonlyArray<readonly [pattern: string, value: string, expected: boolean]> = [
    ['*', '', true],
    ['a*', 'a', true],
    ['*a', 'ba', true],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['*ab*ab*', 'abab', true],
    ['*ab*ab*', 'aba', false],
    ['x*y*z', 'xzyz', true],
    ['x*y*z', 'xzy', false],
  ];
  for (const [pattern, value, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} "${value}"`, () => {
      assert.equal(wildcardMatches(parseWildcard(pattern), value), expected);
    });
  }
});

describe('wildcardComplexity', () => {
  // Scores event-ruler's MachineComplexityEvaluator gives (its tests, and the reference's AWS cases).
  const scores: ReadonlyArray<readonly [pattern: string, score: number]> = [
    ['*', 1],
    ['*a*a*a*', 7],
    ['a*aa', 3],
    ['1*2345', 2],
    ['*123', 2],
    ['/Users/*/dir/dir/dir/dir/dir/doc.txt', 7],
    ['*:*:*:*:*:event-bus/*', 11],
  ];
  for (const [pattern, score] of scores) {
    it(`scores ${pattern} ${score}`, () => {
      assert.equal(wildcardComplexity([parseWildcard(pattern)], 100), score);
    });
  }

  it('scores the wildcards of one path together', () => {
    // Each scores 7 alone; one input can keep prefixes of both matched at once.
    assert.equal(wildcardComplexity([parseWildcard('*a*a*a*'), parseWildcard('*b*b*b*')], 100), 11);
  });

  it('stops at the limit', () => {
    assert.equal(wildcardComplexity([parseWildcard(`*${'x'.repeat(200)}`)], 10), 10);
  });

  it(`accepts patterns scoring up to ${WILDCARD_COMPLEXITY_MAX} and refuses higher ones`, () => {
    assert.equal(wildcardComplexity([parseWildcard('*a*a*a*a*')], 100), WILDCARD_COMPLEXITY_MAX);
    assert.doesNotThrow(() => parseEventPattern({ x: [{ wildcard: '*a*a*a*a*' }] }));
    assert.throws(() => parseEventPattern({ x: [{ wildcard: '*a*a*a*a*a' }] }), /Rule is too complex/);
    // Different paths are scored apart.
    assert.doesNotThrow(() =>
      parseEventPattern({ x: [{ wildcard: '*a*a*a*' }], y: [{ wildcard: '*b*b*b*' }] }),
    );
    // anything-but wildcards are not scored (ruler counts wildcard matches only).
    assert.doesNotThrow(() =>
      parseEventPattern({ x: [{ 'anything-but': { wildcard: '*:*:*:*:*:event-bus/*' } }] }),
    );
  });
});

describe('IP addresses', () => {
  it('reads IPv4, IPv6 and IPv4-mapped IPv6 the way Java does', () => {
    assert.deepEqual(parseIp('10.0.12.7'), Uint8Array.from([10, 0, 12, 7]));
    assert.deepEqual(parseIp('::ffff:a00:c07'), Uint8Array.from([10, 0, 12, 7]));
    assert.equal((parseIp('::') as Uint8Array).length, 16);
    assert.equal(parseIp('10.0.0.256'), 'invalid');
    assert.equal(parseIp('1::2::3'), 'invalid');
    assert.equal(parseIp('1:2:3:4:5:6:7:8:9'), 'invalid');
    assert.equal(parseIp('1:2:3:4:5:6:7::8'), 'invalid');
    assert.equal(parseIp('host.example'), 'nonstandard');
    assert.equal(parseIp('::ffff:10.0.12.7'), 'nonstandard');
  });

  it('matches blocks bit by bit', () => {
    const block = parseCidr('192.168.0.0/17');
    assert.equal(inBlock(block, '192.168.127.255'), true);
    assert.equal(inBlock(block, '192.168.128.0'), false);
    assert.equal(inBlock(parseCidr('0.0.0.0/0'), '255.255.255.255'), true);
    assert.equal(inBlock(parseCidr('2001:db8::/31'), '2001:db9::1'), true);
    assert.equal(inBlock(parseCidr('2001:db8::/32'), '2001:db9::1'), false);
  });
});
