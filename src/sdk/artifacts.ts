import { ModelryApiError } from './errors.js';

/** The artifact resources of the native API (/api/v1/artifacts) as the SDK returns and sends them. */

/** The URI that names a blob on any store (an upload answers with its store's own URI, e.g. `s3://…`). */
export const blobUri = (sha256: string): string => `modelry://artifacts/sha256/${sha256}`;

/** A stored blob: content-addressed by the lower-case hex sha256 of its bytes. */
export interface ArtifactRef {
  /** The URI a version names it by: `modelry://artifacts/sha256/<hex>`, or `s3://…/sha256/<hex>` on S3. */
  uri: string;
  sha256: string;
  size: number;
}

export interface UploadResult extends ArtifactRef {
  /** The server already held these bytes. */
  existed: boolean;
  /** No bytes were sent: a HEAD found the digest already stored. */
  skipped: boolean;
}

export interface ArtifactInfo extends ArtifactRef {
  /** Written or last referenced; garbage collection spares blobs younger than its grace period. */
  modifiedAt: string;
}

/** What HEAD /artifacts/{sha256} tells. */
export interface ArtifactStat {
  sha256: string;
  size: number;
  /** The URI that names the blob in the server's store (`X-Modelry-Uri`). */
  uri: string;
}

/** An artifact a version pins, as the version's `artifacts` list shows it. */
export interface PinnedArtifact {
  /** Where the version names it, e.g. `InferenceSpecification.Containers[0].ModelDataUrl`. */
  field: string;
  uri: string;
  /** Present when the URI points into the server's store (then verified is true). */
  sha256?: string;
  size?: number;
  /** False for an external reference the server cannot check. */
  verified: boolean;
}

export interface TransferProgress {
  /** `hashing` reads a local file to learn its digest before asking whether the server has it. */
  phase: 'hashing' | 'uploading' | 'downloading';
  bytes: number;
  /** Unknown for a stream of unknown length. */
  total?: number;
}

export interface UploadOptions {
  /** The digest, when the caller knows it: skips hashing the file, and the server checks it. */
  sha256?: string;
  /** Default application/octet-stream. */
  contentType?: string;
  onProgress?: (progress: TransferProgress) => void;
  signal?: AbortSignal;
}

export interface DownloadOptions {
  onProgress?: (progress: TransferProgress) => void;
  signal?: AbortSignal;
}

export interface DownloadResult {
  path: string;
  sha256: string;
  size: number;
}

export interface VerifyReport {
  checked: number;
  bytes: number;
  /** Blobs whose bytes no longer hash to their digest. */
  corrupt: { sha256: string; actualSha256: string }[];
}

export interface GcInput {
  /** Report what would be deleted, delete nothing. */
  dryRun?: boolean;
  /** Spare blobs and upload sessions younger than this (default: the server's MODELRY_ARTIFACT_GC_GRACE_SECONDS). */
  graceSeconds?: number;
}

export interface GcReport {
  dryRun: boolean;
  deleted: { sha256: string; size: number }[];
  freedBytes: number;
  kept: number;
  abandonedUploads: number;
}

/**
 * A download whose bytes did not check out: they hash to another digest (`DigestMismatch`), or fewer
 * arrived than announced (`DownloadIncomplete`: the server stops sending a blob that fails its digest,
 * or the connection broke). Nothing is left at the destination.
 */
export class ArtifactDownloadError extends ModelryApiError {
  constructor(
    code: 'DigestMismatch' | 'DownloadIncomplete',
    message: string,
    details: { expected: string; actual?: string; bytes: number; size?: number },
  ) {
    super(0, code, message, details);
    this.name = 'ArtifactDownloadError';
  }
}
