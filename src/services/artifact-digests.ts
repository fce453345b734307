import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DomainError } from '../domain/errors.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A digest named by a caller (header, path, body): 64 hex digits, returned in lower case. */
export function requireDigest(text: string, field: string): string {
  const hex = text.trim().toLowerCase();
  if (!SHA256_HEX.test(hex)) {
    throw new DomainError(
      'ValidationFailed',
      `${field} must be a sha256 digest (64 hex digits), not "${text.slice(0, 80)}".`,
      {
        field,
      },
    );
  }
  return hex;
}

/** The sha256 and length of everything a stream yields, read in chunks (never held whole). */
export async function hashStream(body: AsyncIterable<Buffer>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** ArtifactCorrupt for a blob whose bytes hash to `actualSha256` (unknown when reading stopped early). */
export function artifactCorrupt(sha256: string, actualSha256?: string): DomainError {
  const found = actualSha256 === undefined ? 'do not match its recorded size' : `hash to ${actualSha256}`;
  return new DomainError(
    'ArtifactCorrupt',
    `The stored bytes of artifact ${sha256} ${found}: the blob is corrupt and is not served.`,
    { sha256, ...(actualSha256 !== undefined && { actualSha256 }) },
  );
}

/**
 * Passes a blob's bytes through while hashing them, and holds the last chunk back until the digest and
 * length check out. On a mismatch it fails instead of releasing that chunk: a client can never receive
 * the complete bytes of a corrupt blob, and sees an aborted body rather than a clean end.
 */
export class VerifyingStream extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private held: Buffer | undefined;

  constructor(
    private readonly sha256: string,
    private readonly size: number,
    /** Told the digest the bytes had, once all were read. */
    private readonly onDigest: (actualSha256: string) => void = () => undefined,
  ) {
    // Room for a read-ahead chunk of 1 MiB besides the one held back.
    super({ highWaterMark: 1024 * 1024 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.bytes > this.size) {
      done(artifactCorrupt(this.sha256));
      return;
    }
    const previous = this.held;
    this.held = chunk;
    done(null, previous);
  }

  override _flush(done: TransformCallback): void {
    const actual = this.hash.digest('hex');
    if (this.bytes === this.size) this.onDigest(actual);
    if (actual !== this.sha256 || this.bytes !== this.size) {
      done(artifactCorrupt(this.sha256, actual));
      return;
    }
    if (this.held) this.push(this.held);
    done();
  }
}
