import { randomUUID } from 'node:crypto';
import { isSha256 } from './hashing.js';
import { locateModelryUri } from './uris.js';

/** The key layout of the S3 store inside its bucket, below its prefix ('' or ending in '/'). */
export class S3Keys {
  constructor(
    readonly bucket: string,
    readonly prefix: string,
  ) {}

  /** Where the blobs are: `list` walks the keys that start with this. */
  get blobs(): string {
    return `${this.prefix}sha256/`;
  }

  blob(sha256: string): string {
    return `${this.blobs}${sha256}`;
  }

  /** A fresh staging key for a put whose digest is not known yet. */
  staging(): string {
    return `${this.prefix}tmp/${randomUUID()}`;
  }

  uri(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  /** A blob, a plain key under the prefix, or 'outside' (another bucket, another prefix, not S3). */
  locate(uri: string): { sha256: string } | { key: string } | 'outside' {
    const named = locateModelryUri(uri);
    // modelry://artifacts/<key> names <prefix><key> of this bucket.
    if (named) return 'sha256' in named ? named : { key: `${this.prefix}${named.key}` };
    const bucketUri = this.uri('');
    if (!uri.startsWith(bucketUri)) return 'outside';
    const key = uri.slice(bucketUri.length);
    if (!key.startsWith(this.prefix)) return 'outside';
    const rest = key.slice(this.prefix.length);
    const hex = rest.startsWith('sha256/') ? rest.slice('sha256/'.length) : '';
    return isSha256(hex) ? { sha256: hex } : { key };
  }

  /** Blobs, staging objects and sessions are the store's own: never read as plain keys. */
  isInternal(key: string): boolean {
    return ['sha256/', 'tmp/', 'uploads/'].some((area) => key.startsWith(`${this.prefix}${area}`));
  }
}
