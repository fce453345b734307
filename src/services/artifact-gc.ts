import { isDomainError } from '../domain/errors.js';
import type { BlobInfo } from '../ports/artifact-store.js';
import { hashStream } from './artifact-digests.js';
import type { VerifiedCache } from './artifact-verified-cache.js';
import type { ServiceDeps } from './context.js';

export interface GcOptions {
  readonly dryRun: boolean;
  /** Blobs and upload sessions younger than this are spared (uploads in flight, registrations pending). */
  readonly graceSeconds: number;
}

export interface GcResult {
  readonly dryRun: boolean;
  readonly deleted: { sha256: string; size: number }[];
  readonly freedBytes: number;
  /** Blobs kept: referenced by some package, or younger than the grace period. */
  readonly kept: number;
  /** Upload sessions (and temporary files) abandoned for longer than the grace period, removed. */
  readonly abandonedUploads: number;
}

export interface VerifyResult {
  readonly checked: number;
  readonly bytes: number;
  readonly corrupt: { sha256: string; actualSha256: string }[];
}

/** Digests looked up in the metadata store at once. */
const BATCH = 500;

/**
 * Deletes the blobs no package references once they are older than the grace period. A blob's time is
 * read again just before it is deleted: registration touches a blob before it commits its reference,
 * so a blob being pinned right now is young again and survives this pass.
 */
export async function collectGarbage(deps: ServiceDeps, options: GcOptions): Promise<GcResult> {
  const cutoff = deps.clock.now() - options.graceSeconds * 1000;
  const result = { dryRun: options.dryRun, deleted: [] as GcResult['deleted'], freedBytes: 0, kept: 0 };
  let batch: BlobInfo[] = [];
  const sweep = async () => {
    const referenced = await deps.store.read((tx) => tx.referencedDigests(batch.map((b) => b.sha256)));
    for (const blob of batch) {
      if (referenced.has(blob.sha256) || !(await stillOld(deps, blob, cutoff, options.dryRun))) {
        result.kept++;
        continue;
      }
      if (!options.dryRun) await deps.artifacts.delete(blob.sha256);
      result.deleted.push({ sha256: blob.sha256, size: blob.size });
      result.freedBytes += blob.size;
    }
    batch = [];
  };
  for await (const blob of deps.artifacts.list()) {
    if (blob.modifiedAt.getTime() >= cutoff) {
      result.kept++;
      continue;
    }
    batch.push(blob);
    if (batch.length >= BATCH) await sweep();
  }
  if (batch.length > 0) await sweep();
  let abandonedUploads = 0;
  for await (const session of deps.artifacts.staleUploads(new Date(cutoff))) {
    if (!options.dryRun) await deps.artifacts.abortUpload(session.id);
    abandonedUploads++;
  }
  return { ...result, abandonedUploads };
}

async function stillOld(
  deps: ServiceDeps,
  blob: BlobInfo,
  cutoff: number,
  dryRun: boolean,
): Promise<boolean> {
  if (dryRun) return true;
  const now = await deps.artifacts.stat(blob.sha256);
  return now !== undefined && now.modifiedAt.getTime() < cutoff;
}

/** Re-reads every stored blob and reports those whose bytes no longer hash to their digest. */
export async function verifyBlobs(deps: ServiceDeps, cache: VerifiedCache): Promise<VerifyResult> {
  const corrupt: VerifyResult['corrupt'] = [];
  let checked = 0;
  let bytes = 0;
  for await (const blob of deps.artifacts.list()) {
    let actual: string;
    try {
      actual = (await hashStream(await deps.artifacts.get(blob.sha256))).sha256;
    } catch (err) {
      // Collected or deleted since it was listed: nothing left to check.
      if (isDomainError(err) && err.code === 'ArtifactNotFound') continue;
      throw err;
    }
    cache.record(blob, actual);
    checked++;
    bytes += blob.size;
    if (actual !== blob.sha256) corrupt.push({ sha256: blob.sha256, actualSha256: actual });
  }
  return { checked, bytes, corrupt };
}
