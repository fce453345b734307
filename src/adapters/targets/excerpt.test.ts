import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIMITS } from '../../domain/limits.js';
import { excerptOf } from './excerpt.js';

describe('excerptOf', () => {
  const max = LIMITS.deliveryExcerptMax;

  it('keeps short text whole and cuts long text at the limit', () => {
    assert.equal(excerptOf('fine'), 'fine');
    assert.equal(excerptOf('x'.repeat(max)), 'x'.repeat(max));
    assert.equal(excerptOf('x'.repeat(max + 10)), 'x'.repeat(max));
  });

  it('never ends inside a surrogate pair', () => {
    const text = `${'x'.repeat(max - 1)}😀tail`;
    assert.equal(excerptOf(text), 'x'.repeat(max - 1));
    assert.equal(excerptOf(`${'x'.repeat(max - 2)}😀tail`), `${'x'.repeat(max - 2)}😀`);
  });
});
