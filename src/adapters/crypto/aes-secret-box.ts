import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SecretBox } from '../../ports/secret-box.js';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';

/** A 32-byte key and the id sealed texts carry: the first 8 hex digits of the key's SHA-256. */
export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

/** Decodes a key given as 64 hex digits or base64 of 32 bytes; throws with a precise message otherwise. */
export function masterKey(text: string): MasterKey {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(trimmed) && key.toString('base64') !== trimmed)) {
    throw new Error(
      'A master key is 32 random bytes, written as 64 hex digits or as base64 (44 characters).',
    );
  }
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

export function newMasterKeyText(): string {
  return randomBytes(32).toString('base64');
}

/**
 * AES-256-GCM with a random 96-bit nonce per seal. Format: `v1:<key id>:<nonce>:<ciphertext>:<tag>`
 * (base64url parts). The key id is authenticated data, so a text cannot be moved to another key's slot.
 */
export class AesSecretBox implements SecretBox {
  private readonly keys = new Map<string, Buffer>();

  constructor(
    private readonly current: MasterKey,
    previous: readonly MasterKey[] = [],
  ) {
    for (const k of [current, ...previous]) this.keys.set(k.id, k.key);
  }

  seal(plaintext: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, this.current.key, nonce);
    cipher.setAAD(Buffer.from(`${VERSION}:${this.current.id}`));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [nonce, body, cipher.getAuthTag()].map((b) => b.toString('base64url'));
    return [VERSION, this.current.id, ...parts].join(':');
  }

  open(sealed: string): string {
    const [version, id, nonce, body, tag, ...rest] = sealed.split(':');
    if (version !== VERSION || !id || nonce === undefined || body === undefined || !tag || rest.length > 0) {
      throw new Error('not a sealed secret');
    }
    const key = this.keys.get(id);
    if (!key) throw new Error(`sealed with key ${id}, which this server does not have`);
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(`${VERSION}:${id}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new Error(`sealed secret failed authentication with key ${id} (altered, or a different key)`);
    }
  }

  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`${VERSION}:${this.current.id}:`);
  }
}
