import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from './errors.js';
import { isMetricName, parseMetricFilter, parseVersionSort } from './metric-query.js';

function invalid(err: unknown): boolean {
  assert.ok(err instanceof DomainError, String(err));
  assert.equal(err.code, 'InvalidFilter');
  return true;
}

describe('parseMetricFilter', () => {
  it('parses each operator, with or without spaces and the metrics. prefix', () => {
    assert.deepEqual(parseMetricFilter('auc >= 0.9'), [{ metric: 'auc', op: '>=', value: 0.9 }]);
    assert.deepEqual(parseMetricFilter('metrics.auc>0.9'), [{ metric: 'auc', op: '>', value: 0.9 }]);
    assert.deepEqual(parseMetricFilter('  loss<=1  '), [{ metric: 'loss', op: '<=', value: 1 }]);
    assert.deepEqual(parseMetricFilter('loss < -2.5e-3'), [{ metric: 'loss', op: '<', value: -0.0025 }]);
    assert.deepEqual(parseMetricFilter('f1 = .5'), [{ metric: 'f1', op: '=', value: 0.5 }]);
    assert.deepEqual(parseMetricFilter('f1 == 5.'), [{ metric: 'f1', op: '=', value: 5 }]);
    assert.deepEqual(parseMetricFilter('eval.top_k:5-acc != 1E2'), [
      { metric: 'eval.top_k:5-acc', op: '!=', value: 100 },
    ]);
  });

  it('joins conditions with and (any case) or commas', () => {
    const expected = [
      { metric: 'auc', op: '>=', value: 0.9 },
      { metric: 'loss', op: '<', value: 0.2 },
    ];
    assert.deepEqual(parseMetricFilter('auc >= 0.9 and loss < 0.2'), expected);
    assert.deepEqual(parseMetricFilter('auc >= 0.9 AND loss < 0.2'), expected);
    assert.deepEqual(parseMetricFilter('auc>=0.9,loss<0.2'), expected);
    assert.deepEqual(parseMetricFilter('auc >= 0.9, loss < 0.2,'), expected);
    // "and" inside a metric name is not a separator.
    assert.deepEqual(parseMetricFilter('band > 1 and handle < 2'), [
      { metric: 'band', op: '>', value: 1 },
      { metric: 'handle', op: '<', value: 2 },
    ]);
  });

  it('accepts up to 10 conditions and refuses 11', () => {
    const conditions = (n: number) => Array.from({ length: n }, (_, i) => `m${i} > ${i}`).join(' and ');
    assert.equal(parseMetricFilter(conditions(10)).length, 10);
    assert.throws(() => parseMetricFilter(conditions(11)), invalid);
  });

  it('refuses what it cannot read', () => {
    for (const text of [
      '',
      '   ',
      ',',
      'auc',
      'auc >= ',
      '>= 0.9',
      'auc ~ 0.9',
      'auc => 0.9',
      'auc >= high',
      'auc >= 0.9 or loss < 1',
      'auc >= 0.9 and',
      '1auc > 0',
      `${'m'.repeat(65)} > 1`,
      'auc >= 0x10',
    ]) {
      assert.throws(() => parseMetricFilter(text), invalid, JSON.stringify(text));
    }
  });

  it('names the bad part in the message', () => {
    assert.throws(() => parseMetricFilter('auc >= 0.9 and loss ~ 1'), /Invalid metric filter "loss ~ 1"/);
  });
});

describe('isMetricName', () => {
  it('accepts up to 64 characters starting with a letter or underscore', () => {
    assert.equal(isMetricName('auc'), true);
    assert.equal(isMetricName('_private.x:y-z'), true);
    assert.equal(isMetricName('m'.repeat(64)), true);
    assert.equal(isMetricName('m'.repeat(65)), false);
    assert.equal(isMetricName('9lives'), false);
    assert.equal(isMetricName(''), false);
    assert.equal(isMetricName('a b'), false);
  });
});

describe('parseVersionSort', () => {
  it('defaults to the newest version first', () => {
    assert.deepEqual(parseVersionSort(undefined), { field: 'version', descending: true });
    assert.deepEqual(parseVersionSort(''), { field: 'version', descending: true });
  });

  it('reads fields with an optional sign', () => {
    assert.deepEqual(parseVersionSort('version'), { field: 'version', descending: false });
    assert.deepEqual(parseVersionSort('+version'), { field: 'version', descending: false });
    assert.deepEqual(parseVersionSort('-version'), { field: 'version', descending: true });
    assert.deepEqual(parseVersionSort('createdAt'), { field: 'createdAt', descending: false });
    assert.deepEqual(parseVersionSort('-createdAt'), { field: 'createdAt', descending: true });
    assert.deepEqual(parseVersionSort('metrics.auc'), { field: { metric: 'auc' }, descending: false });
    assert.deepEqual(parseVersionSort('-metrics.eval.f1'), {
      field: { metric: 'eval.f1' },
      descending: true,
    });
  });

  it('refuses unknown fields and bad metric names', () => {
    for (const text of [
      'name',
      'Version',
      '--version',
      '-',
      'metrics.',
      'metrics.9x',
      'auc',
      `metrics.${'m'.repeat(65)}`,
    ]) {
      assert.throws(() => parseVersionSort(text), invalid, text);
    }
  });
});
