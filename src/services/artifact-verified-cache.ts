import type { BlobInfo } from '../ports/artifact-store.js';

/** How many blobs' verdicts one node remembers (a few hundred kilobytes of keys). */
const ENTRIES_MAX = 10_000;

/**
 * What this node found when it last hashed a blob, so that Range requests (a resumed download, a
 * parallel fetch in parts) do not each re-read the whole blob. A verdict is keyed by the blob's digest,
 * size and modification time, so it is sound only for stores whose objects cannot change without a new
 * modification time (`ArtifactStore.modifiedAtTracksContent`, S3): on disk, bit rot or a rewrite with
 * the mtime put back keeps the key, and the service hashes such blobs on every range instead.
 * Concurrent requests for the same blob share one hashing.
 */
export class VerifiedCache {
  private readonly verdicts = new Map<string, Promise<string>>();

  /** The digest the blob's bytes actually have, hashing them with `hash` unless known. */
  actualDigest(info: BlobInfo, hash: () => Promise<string>): Promise<string> {
    const key = keyOf(info);
    const known = this.verdicts.get(key);
    if (known) {
      // Most recently used last: the first entry is the one evicted.
      this.verdicts.delete(key);
      this.verdicts.set(key, known);
      return known;
    }
    const pending = hash();
    this.remember(key, pending);
    // A failed read (I/O error, blob deleted meanwhile) says nothing about the bytes: forget it.
    pending.catch(() => {
      if (this.verdicts.get(key) === pending) this.verdicts.delete(key);
    });
    return pending;
  }

  /** Records a digest computed elsewhere (a full download or `verify` that read the whole blob). */
  record(info: BlobInfo, actualSha256: string): void {
    this.remember(keyOf(info), Promise.resolve(actualSha256));
  }

  private remember(key: string, verdict: Promise<string>): void {
    this.verdicts.delete(key);
    this.verdicts.set(key, verdict);
    if (this.verdicts.size > ENTRIES_MAX) {
      const oldest = this.verdicts.keys().next().value;
      if (oldest !== undefined) this.verdicts.delete(oldest);
    }
  }
}

function keyOf(info: BlobInfo): string {
  return `${info.sha256}:${info.size}:${info.modifiedAt.getTime()}`;
}
