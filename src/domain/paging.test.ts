import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from './errors.js';
import { LIMITS } from './limits.js';
import { decodePageToken, encodePageToken, filterFingerprint } from './paging.js';

function refused(reason: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof DomainError, String(err));
    assert.equal(err.code, 'InvalidPageToken');
    assert.match(String(err.details.reason), reason);
    return true;
  };
}

const raw = (body: unknown) => Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');

describe('filterFingerprint', () => {
  it('ignores key order and treats a missing value like null', () => {
    const a = filterFingerprint({ group: 'g', sort: 'Name', status: undefined });
    assert.equal(filterFingerprint({ status: null, sort: 'Name', group: 'g' }), a);
    assert.match(a, /^[A-Za-z0-9_-]{16}$/);
  });

  it('differs when any argument differs', () => {
    const base = { group: 'g', sort: 'Name' };
    const prints = new Set([
      filterFingerprint(base),
      filterFingerprint({ ...base, sort: 'CreationTime' }),
      filterFingerprint({ ...base, group: 'h' }),
      filterFingerprint({ ...base, extra: 1 }),
      filterFingerprint({ ...base, extra: '1' }),
      filterFingerprint({}),
    ]);
    assert.equal(prints.size, 6);
  });
});

describe('page tokens', () => {
  const fp = filterFingerprint({ group: 'g' });
  const shapeOf = (cursor: readonly (string | number)[]) =>
    cursor.map((v) => (typeof v === 'string' ? 'string' : 'number') as 'string' | 'number');

  it('round-trips cursors of strings, numbers and nulls', () => {
    for (const cursor of [[1], ['churn-model', 42], [0.30000000000000004, -7], ['ünïcode/%_', 1e15]]) {
      const token = encodePageToken(cursor, fp);
      assert.match(token, /^[A-Za-z0-9_-]+$/, 'URL-safe, no padding');
      assert.deepEqual(decodePageToken(token, fp, shapeOf(cursor)), cursor);
    }
  });

  it('refuses a token issued for other list arguments', () => {
    const token = encodePageToken(['a', 1], fp);
    assert.throws(
      () => decodePageToken(token, filterFingerprint({ group: 'h' }), ['string', 'number']),
      refused(/different arguments/),
    );
  });

  it('refuses a cursor of the wrong length', () => {
    const token = encodePageToken(['a', 1], fp);
    assert.throws(() => decodePageToken(token, fp, ['string']), refused(/not issued/));
    assert.throws(() => decodePageToken(token, fp, ['string', 'number', 'number']), refused(/not issued/));
  });

  it('refuses a cursor part of the wrong type', () => {
    const token = encodePageToken(['a', 1], fp);
    assert.throws(() => decodePageToken(token, fp, ['number', 'number']), refused(/not issued/));
    assert.throws(() => decodePageToken(token, fp, ['string', 'string']), refused(/not issued/));
  });

  it('refuses garbage, foreign JSON and cursor parts that are not plain values', () => {
    for (const token of [
      'not a token',
      '!!!',
      raw(null),
      raw([1, 2]),
      raw('text'),
      raw({ k: [1] }),
      raw({ f: fp }),
      raw({ k: 'a', f: fp }),
      raw({ k: [1], f: 7 }),
      raw({ k: [{ a: 1 }], f: fp }),
      raw({ k: [true], f: fp }),
      raw({ k: [[1]], f: fp }),
      raw({ k: [null], f: fp }),
    ]) {
      assert.throws(
        () => decodePageToken(token, fp, ['number']),
        refused(/not issued|different arguments/),
        token,
      );
    }
  });

  it('refuses a token longer than the limit before decoding it', () => {
    const long = 'A'.repeat(LIMITS.pageTokenMax + 1);
    assert.throws(() => decodePageToken(long, fp, ['number']), refused(/too long/));
  });
});
