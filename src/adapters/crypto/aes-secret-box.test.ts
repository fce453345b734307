import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AesSecretBox, masterKey, newMasterKeyText } from './aes-secret-box.js';

describe('AesSecretBox', () => {
  const k1 = masterKey(newMasterKeyText());
  const k2 = masterKey(newMasterKeyText());

  it('opens what it sealed, with a fresh nonce each time', () => {
    const box = new AesSecretBox(k1);
    const a = box.seal('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
    const b = box.seal('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
    assert.notEqual(a, b);
    assert.doesNotMatch(a, /wJalr/);
    assert.equal(box.open(a), 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
    assert.equal(box.open(box.seal('')), '');
    assert.equal(box.open(box.seal('é ✓ 🔑')), 'é ✓ 🔑');
  });

  it('refuses altered texts and texts of unknown keys', () => {
    const box = new AesSecretBox(k1);
    const sealed = box.seal('secret');
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    assert.throws(() => box.open(parts.join(':')), /failed authentication/);
    assert.throws(() => new AesSecretBox(k2).open(sealed), /which this server does not have/);
    assert.throws(() => box.open('plain'), /not a sealed secret/);
    // The key id is authenticated: relabelling a text with another known key's id fails.
    const both = new AesSecretBox(k2, [k1]);
    assert.throws(() => both.open(sealed.replace(`:${k1.id}:`, `:${k2.id}:`)), /failed authentication/);
  });

  it('rotates: the previous key still opens, new seals use the current key', () => {
    const old = new AesSecretBox(k1).seal('rotate me');
    const box = new AesSecretBox(k2, [k1]);
    assert.equal(box.open(old), 'rotate me');
    assert.equal(box.isCurrent(old), false);
    assert.equal(box.isCurrent(box.seal('x')), true);
  });

  it('reads keys as hex or base64 of 32 bytes and refuses anything else', () => {
    const hex = 'ab'.repeat(32);
    assert.equal(masterKey(hex).key.length, 32);
    assert.equal(masterKey(Buffer.alloc(32, 7).toString('base64')).key.length, 32);
    for (const bad of ['', 'short', 'ab'.repeat(31), Buffer.alloc(16).toString('base64'), `${hex}00`]) {
      assert.throws(() => masterKey(bad), /32 random bytes/, bad);
    }
  });
});
