import { createHash, type Hash } from 'node:crypto';
import { Transform } from 'node:stream';
import { DomainError } from '../../domain/errors.js';
import type { PutOptions } from '../../ports/artifact-store.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Whether `text` is a blob key: 64 lower-case hex digits. */
export function isSha256(text: string): boolean {
  return SHA256_HEX.test(text);
}

/** A declared digest in canonical form (lower case); anything but 64 hex digits is a caller error. */
export function normaliseDigest(declared: string): string {
  const hex = declared.toLowerCase();
  if (!isSha256(hex)) {
    throw new DomainError('ValidationFailed', `"${declared}" is not a sha256 digest (64 hex digits).`, {
      sha256: declared,
    });
  }
  return hex;
}

/** The digest a put declares, in canonical form. */
export function declaredDigest(options: PutOptions): string | undefined {
  return options.expectedSha256 === undefined ? undefined : normaliseDigest(options.expectedSha256);
}

export function tooLarge(maxBytes: number): DomainError {
  return new DomainError(
    'ArtifactTooLarge',
    `The artifact is larger than the maximum of ${maxBytes} bytes; nothing was stored.`,
    { maxBytes },
  );
}

/** Throws DigestMismatch unless the bytes hash to what the caller declared (if anything). */
export function checkDigest(expected: string | undefined, actual: string): void {
  if (expected !== undefined && expected !== actual) {
    throw new DomainError(
      'DigestMismatch',
      `The bytes received hash to sha256 ${actual}, not to the declared ${expected}; nothing was stored.`,
      { expected, actual },
    );
  }
}

/**
 * Hashes and counts bytes as they stream past, and fails as soon as they exceed `maxBytes`, so an
 * oversized upload is refused without ever being stored whole.
 */
export class Meter {
  private bytes = 0;
  private hex: string | undefined;

  /**
   * `hash` may carry on from bytes hashed before (a resumable upload's earlier chunks); `before` counts
   * those bytes against `maxBytes`, which stays the whole artifact's limit (what the error reports).
   */
  constructor(
    private readonly maxBytes: number,
    private readonly hash: Hash = createHash('sha256'),
    private readonly before = 0,
  ) {}

  get size(): number {
    return this.bytes;
  }

  update(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.before + this.bytes > this.maxBytes) throw tooLarge(this.maxBytes);
    this.hash.update(chunk);
  }

  /** The hex sha256 of everything seen; the meter takes no more bytes once asked. */
  digest(): string {
    this.hex ??= this.hash.digest('hex');
    return this.hex;
  }

  /** A pass-through stage that meters what flows through it (for `pipeline`). */
  transform(): Transform {
    return new Transform({
      highWaterMark: 1024 * 1024,
      transform: (chunk: Buffer, _encoding, done) => {
        try {
          this.update(chunk);
          done(null, chunk);
        } catch (err) {
          done(err as Error);
        }
      },
    });
  }
}

/** Reads `body` to its end through a meter, storing nothing (a re-upload of a blob already stored). */
export async function drain(body: AsyncIterable<Buffer>, meter: Meter): Promise<void> {
  for await (const chunk of body) meter.update(chunk);
}
