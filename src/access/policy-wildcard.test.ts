import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type MatchMode, patternMatches } from './policy-wildcard.js';

const G = 'arn:aws:sagemaker:us-east-1:111111111111:model-package-group/churn';
const V = 'arn:aws:sagemaker:us-east-1:111111111111:model-package/churn/3';

describe('patternMatches', () => {
  const cases: ReadonlyArray<readonly [mode: MatchMode, pattern: string, value: string, expected: boolean]> =
    [
      ['text', '*', '', true],
      ['text', '*', 'anything:at/all', true],
      ['text', 'a?c', 'abc', true],
      ['text', 'a?c', 'ac', false],
      ['text', 'a?c', 'abbc', false],
      ['text', 'a*c', 'ac', true],
      ['text', 'a*c', 'a:b:c', true],
      ['text', 'a*b*c', 'acb', false],
      ['text', '*ab*ab*', 'abab', true],
      ['text', '*ab*ab*', 'aba', false],
      ['text', 'Prod*', 'prod', false],
      ['ignore-case', 'sagemaker:Describe*', 'SAGEMAKER:describemodelpackage', true],
      ['ignore-case', 'sagemaker:*Group', 'sagemaker:DescribeModelPackageGroup', true],
      ['ignore-case', 'sagemaker:*Group', 'sagemaker:DescribeModelPackage', false],
      ['arn', '*', V, true],
      ['arn', 'arn:aws:sagemaker:*:*:model-package/churn/*', V, true],
      ['arn', 'arn:aws:sagemaker:us-*-1:111111111111:model-package/*', V, true],
      ['arn', 'arn:aws:sagemaker:us-east-?:111111111111:model-package/*', V, true],
      ['arn', 'arn:aws:sagemaker:us-east-1:111111111111:model-package/churn/?', V, true],
      ['arn', 'arn:aws:sagemaker:us-east-1:111111111111:model-package/churn', V, false],
      // A `*` inside a segment stays in it; one that ends a segment may run past colons (IAM's rule).
      ['arn', 'arn:aws:sagemaker:us*1:model-package/churn/3', V, false],
      ['arn', 'arn:aws:sagemaker:*', V, true],
      ['arn', 'arn:aws:sagemaker:us-east-1:*:model-package-group/churn', G, true],
      ['arn', 'arn:aws:sagemaker:us-east-1:111111111111:model-package-group/Churn', G, false],
      ['arn', 'arn:aws:sagemaker:us-east-1:111111111111:model-package-group/churn', '*', false],
      ['arn', 'arn:aws:iam::111111111111:user/?lice', 'arn:aws:iam::111111111111:user/alice', true],
    ];
  for (const [mode, pattern, value, expected] of cases) {
    it(`${mode}: ${pattern} ${expected ? 'matches' : 'does not match'} "${value}"`, () => {
      assert.equal(patternMatches([{ text: pattern, literal: false }], value, mode), expected);
    });
  }

  it('treats substituted text as literal, even its * and ?', () => {
    const parts = [
      { text: 'user/', literal: false },
      { text: 'a*', literal: true },
    ];
    assert.equal(patternMatches(parts, 'user/a*', 'text'), true);
    assert.equal(patternMatches(parts, 'user/ab', 'text'), false);
  });

  it('stays fast on a pattern that makes backtracking matchers explode', () => {
    const pattern = `${'*a'.repeat(40)}*b`;
    const value = 'a'.repeat(5000);
    const started = process.hrtime.bigint();
    assert.equal(patternMatches([{ text: pattern, literal: false }], value, 'text'), false);
    // Linear in the value for a fixed pattern: a backtracking matcher would not finish at all.
    assert.ok(process.hrtime.bigint() - started < 2_000_000_000n);
  });
});
