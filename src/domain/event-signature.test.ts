import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { SIGNATURE_TOLERANCE_SECONDS, signatureHeader, verifySignature } from './event-signature.js';

const SECRET = 'whsec-0123456789abcdef';
const BODY = '{"id":"7f1c","detail":{"note":"café ✓"}}';
const T = 1_714_566_896;

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

describe('signatureHeader', () => {
  it('writes t and the hex HMAC-SHA256 of "<t>.<body>" (UTF-8)', () => {
    assert.equal(signatureHeader(SECRET, BODY, T), `t=${T},v1=${hmac(SECRET, `${T}.${BODY}`)}`);
    assert.match(signatureHeader(SECRET, BODY, T), /^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('changes with the secret, the body and the time', () => {
    const base = signatureHeader(SECRET, BODY, T);
    assert.notEqual(signatureHeader(`${SECRET}x`, BODY, T), base);
    assert.notEqual(signatureHeader(SECRET, `${BODY} `, T), base);
    assert.notEqual(signatureHeader(SECRET, BODY, T + 1), base);
  });

  it('refuses a timestamp that is not whole unix seconds', () => {
    assert.throws(() => signatureHeader(SECRET, BODY, 1.5), /whole unix seconds, got 1.5/);
    assert.throws(() => signatureHeader(SECRET, BODY, -1), RangeError);
  });
});

describe('verifySignature', () => {
  const header = signatureHeader(SECRET, BODY, T);

  it('accepts its own signature, within the tolerance on either side', () => {
    assert.equal(verifySignature(header, SECRET, BODY, T), true);
    assert.equal(verifySignature(header, SECRET, BODY, T + SIGNATURE_TOLERANCE_SECONDS), true);
    assert.equal(verifySignature(header, SECRET, BODY, T - SIGNATURE_TOLERANCE_SECONDS), true);
  });

  it('refuses a stale or future timestamp', () => {
    assert.equal(verifySignature(header, SECRET, BODY, T + SIGNATURE_TOLERANCE_SECONDS + 1), false);
    assert.equal(verifySignature(header, SECRET, BODY, T - SIGNATURE_TOLERANCE_SECONDS - 1), false);
    assert.equal(verifySignature(header, SECRET, BODY, T + 61, 60), false);
    assert.equal(verifySignature(header, SECRET, BODY, T + 60, 60), true);
  });

  it('refuses another secret, another body, or a timestamp swapped under the same signature', () => {
    assert.equal(verifySignature(header, 'another-secret-0123', BODY, T), false);
    assert.equal(verifySignature(header, SECRET, BODY.replace('✓', 'x'), T), false);
    const v1 = header.split(',v1=')[1];
    assert.equal(verifySignature(`t=${T + 1},v1=${v1}`, SECRET, BODY, T), false);
  });

  it('accepts any one of several v1 entries (secret rotation), in any order, with spaces', () => {
    const oldSig = hmac('the-old-secret-0123', `${T}.${BODY}`);
    const newSig = hmac(SECRET, `${T}.${BODY}`);
    assert.equal(verifySignature(`t=${T},v1=${oldSig},v1=${newSig}`, SECRET, BODY, T), true);
    assert.equal(verifySignature(`v1=${newSig}, t=${T}, v1=${oldSig}`, SECRET, BODY, T), true);
    assert.equal(verifySignature(`t=${T},v1=${oldSig}`, SECRET, BODY, T), false);
  });

  it('ignores unknown schemes but needs a v1 entry', () => {
    const sig = hmac(SECRET, `${T}.${BODY}`);
    assert.equal(verifySignature(`t=${T},v0=abc,v1=${sig},v2=zz`, SECRET, BODY, T), true);
    assert.equal(verifySignature(`t=${T},v0=${sig}`, SECRET, BODY, T), false);
  });

  it('signs the timestamp as written, so a reformatted t does not verify', () => {
    const sig = hmac(SECRET, `${T}.${BODY}`);
    assert.equal(verifySignature(`t=0${T},v1=${sig}`, SECRET, BODY, T), false);
  });

  it('refuses malformed headers without throwing', () => {
    const sig = hmac(SECRET, `${T}.${BODY}`);
    for (const bad of [
      '',
      'garbage',
      `v1=${sig}`,
      `t=${T}`,
      `t=${T},t=${T},v1=${sig}`,
      `t=${T}.0,v1=${sig}`,
      `t=-${T},v1=${sig}`,
      `t=${T},v1=${sig.slice(0, 63)}`,
      `t=${T},v1=${sig}00`,
      `t=${T},v1=${sig.slice(0, 62)}zz`,
      `t=,v1=${sig}`,
    ]) {
      assert.equal(verifySignature(bad, SECRET, BODY, T), false, bad);
    }
  });

  it('accepts upper-case hex', () => {
    assert.equal(
      verifySignature(`t=${T},v1=${hmac(SECRET, `${T}.${BODY}`).toUpperCase()}`, SECRET, BODY, T),
      true,
    );
  });
});
