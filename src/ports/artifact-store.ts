import type { Readable } from 'node:stream';

/** A stored blob. Blobs are content-addressed: the key is the lower-case hex sha256 of the bytes. */
export interface BlobInfo {
  readonly sha256: string;
  readonly size: number;
  /** When the blob was written or last touched (garbage collection spares younger blobs). */
  readonly modifiedAt: Date;
}

export interface PutResult extends BlobInfo {
  /** The blob was already stored: the new bytes were discarded. */
  readonly existed: boolean;
}

export interface PutOptions {
  /** The digest the caller declared: a mismatch stores nothing and rejects with DigestMismatch. */
  readonly expectedSha256?: string;
  /** More bytes than this store nothing and reject with ArtifactTooLarge. */
  readonly maxBytes: number;
}

/** An inclusive byte range, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** A resumable upload in progress: the bytes received so far, in order. */
export interface UploadSession {
  readonly id: string;
  /** Bytes received so far; the next chunk must start here. */
  readonly offset: number;
  readonly createdAt: Date;
}

/**
 * Where artifact bytes live: a folder under the data dir (embedded default) or an S3 bucket. Every
 * method streams; none holds a whole artifact in memory. A blob becomes visible (to `get`, `stat` and
 * `list`) only once all its bytes are written and its digest is known, so a crash mid-upload leaves
 * nothing half-written behind a key.
 */
export interface ArtifactStore {
  /** `fs` or `s3`, for logs and `/readyz`. */
  readonly kind: string;
  /**
   * Whether a blob's bytes cannot change without its `modifiedAt` changing too (S3: an overwrite is a new
   * object with a new LastModified). Only then may a digest checked once be trusted for later Range
   * reads; a file can rot, or be rewritten and have its mtime put back, with size and mtime unchanged.
   */
  readonly modifiedAtTracksContent: boolean;
  /**
   * Streams `body` into the store, hashing on the way, and publishes it under its sha256. If that
   * blob already exists, the new copy is dropped and the old one touched (its `modifiedAt` renewed).
   */
  put(body: Readable, options: PutOptions): Promise<PutResult>;
  /** The blob's bytes (or one range of them). NotFound when absent. Does not verify the digest. */
  get(sha256: string, range?: ByteRange): Promise<Readable>;
  stat(sha256: string): Promise<BlobInfo | undefined>;
  /** Renews `modifiedAt`, so garbage collection spares a blob that is being referenced again. */
  touch(sha256: string): Promise<void>;
  /** Removes a blob; absent is not an error. */
  delete(sha256: string): Promise<void>;
  /** Every blob in key order (sha256 order), or only those after the digest `after` (keyset paging). */
  list(after?: string): AsyncIterable<BlobInfo>;

  /** Starts a resumable upload; its bytes are invisible until `completeUpload`. */
  createUpload(): Promise<UploadSession>;
  uploadStatus(id: string): Promise<UploadSession | undefined>;
  /**
   * Appends one chunk at `offset`, which must equal the session's offset (else UploadOffsetMismatch,
   * saying the expected offset). Returns the new offset.
   */
  appendUpload(id: string, offset: number, chunk: Readable, maxBytes: number): Promise<UploadSession>;
  /** Hashes what was uploaded and publishes it as a blob, as `put` does; the session is gone after. */
  completeUpload(id: string, options: PutOptions): Promise<PutResult>;
  abortUpload(id: string): Promise<void>;
  /** Sessions untouched since `before` (abandoned uploads), for garbage collection. */
  staleUploads(before: Date): AsyncIterable<UploadSession>;

  /** The URI that names a blob in this store, e.g. `s3://bucket/prefix/sha256/<hex>`. */
  uri(sha256: string): string;
  /**
   * Whether a URI points into this store: the blob's sha256 when it names a blob, `outside` when it
   * points elsewhere. (`s3://` URIs into the bucket but not to a blob key are `{ key }`.)
   */
  locate(uri: string): { sha256: string } | { key: string } | 'outside';
  /** Reads an object that is in the store's namespace but not a blob (e.g. `aws s3 cp` into the bucket). */
  statKey(key: string): Promise<{ size: number } | undefined>;
  getKey(key: string): Promise<Readable>;
  /** Throws when the store cannot be reached (for `/readyz`). */
  check(): Promise<void>;
  close(): Promise<void>;
}
