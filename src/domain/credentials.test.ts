import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACCESS_KEY_ID,
  hashTokenSecret,
  newAccessKeyId,
  newApiToken,
  newSecretAccessKey,
  parseApiToken,
  tokenSecretMatches,
} from './credentials.js';

describe('credentials', () => {
  it('issues AWS-shaped access key pairs, different each time', () => {
    const ids = new Set(Array.from({ length: 200 }, newAccessKeyId));
    assert.equal(ids.size, 200);
    for (const id of ids) {
      assert.match(id, /^AKMD[A-Z2-7]{16}$/);
      assert.match(id, ACCESS_KEY_ID);
    }
    assert.match(newSecretAccessKey(), /^[A-Za-z0-9+/]{40}$/);
  });

  it('round-trips API tokens and checks their secrets against the stored hash only', () => {
    const { token, tokenId, secret } = newApiToken();
    assert.deepEqual(parseApiToken(token), { tokenId, secret });
    const stored = hashTokenSecret(secret);
    assert.equal(tokenSecretMatches(secret, stored), true);
    assert.equal(tokenSecretMatches(`${secret.slice(0, -1)}x`, stored), false);
    assert.equal(tokenSecretMatches(secret, 'abcd'), false);
    for (const bad of ['', 'mdl_', `${token}x`, token.replace('mdl_', 'mdx_'), `Bearer ${token}`]) {
      assert.equal(parseApiToken(bad), undefined, bad);
    }
  });
});
