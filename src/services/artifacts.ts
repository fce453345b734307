import { pipeline, type Readable } from 'node:stream';
import { DomainError } from '../domain/errors.js';
import type { BlobInfo, ByteRange, PutResult, UploadSession } from '../ports/artifact-store.js';
import { artifactCorrupt, hashStream, requireDigest, VerifyingStream } from './artifact-digests.js';
import { collectGarbage, type GcResult, type VerifyResult, verifyBlobs } from './artifact-gc.js';
import { VerifiedCache } from './artifact-verified-cache.js';
import type { ServiceDeps } from './context.js';

/** A stored blob as the API shows it: its digest, size, time and URI. */
export interface StoredArtifact extends PutResult {
  readonly uri: string;
}

export interface UploadRequest {
  /** The request's Content-Type (any, unless MODELRY_ARTIFACT_CONTENT_TYPES narrows it). */
  readonly contentType?: string;
  /** The digest the caller declares; a mismatch stores nothing. */
  readonly sha256?: string;
  /** The Content-Length the caller announced, when it did: refused at once when over the limit. */
  readonly declaredLength?: number;
}

function artifactNotFound(sha256: string): DomainError {
  return new DomainError('ArtifactNotFound', `No artifact with sha256 ${sha256} is stored.`, { sha256 });
}

/**
 * Content-addressed artifacts: streaming uploads (whole or resumable), verified downloads, listing,
 * verification and garbage collection. Blobs are shared by every account (the same bytes are stored
 * once); who may read or write them is the authorizer's decision, on the HTTP side.
 */
export class ArtifactService {
  private readonly verified = new VerifiedCache();

  constructor(private readonly deps: ServiceDeps) {}

  /** Streams `body` into the store; nothing is stored unless it is complete, within limits and as declared. */
  async upload(body: Readable, request: UploadRequest): Promise<StoredArtifact> {
    const expected =
      request.sha256 === undefined ? undefined : requireDigest(request.sha256, 'X-Modelry-Sha256');
    this.assertContentType(request.contentType);
    this.assertLength(request.declaredLength);
    const stored = await this.deps.artifacts.put(body, {
      maxBytes: this.deps.artifactLimits.maxBytes,
      ...(expected && { expectedSha256: expected }),
    });
    return this.shown(stored);
  }

  async head(sha256: string): Promise<BlobInfo> {
    const digest = requireDigest(sha256, 'sha256');
    const info = await this.deps.artifacts.stat(digest);
    if (!info) throw artifactNotFound(digest);
    return info;
  }

  /**
   * The bytes of a blob described by `info` (from head). A whole blob is verified while it streams (the
   * returned stream fails before its last chunk if the bytes are bad); a range is served only once the
   * whole blob is known good, as a range alone cannot be checked against the digest. On a store whose
   * objects can change in place (fs) that costs one hash of the whole blob per range: a remembered
   * verdict could vouch for bytes that rotted since.
   */
  async read(info: BlobInfo, range?: ByteRange): Promise<Readable> {
    const store = this.deps.artifacts;
    if (!range) {
      const verifying = new VerifyingStream(info.sha256, info.size, (actual) =>
        this.verified.record(info, actual),
      );
      // pipeline, not pipe: a read error or a client that goes away tears down both streams.
      return pipeline(await store.get(info.sha256), verifying, () => undefined);
    }
    const hash = async () => (await hashStream(await store.get(info.sha256))).sha256;
    const actual = store.modifiedAtTracksContent
      ? await this.verified.actualDigest(info, hash)
      : await hash();
    if (actual !== info.sha256) throw artifactCorrupt(info.sha256, actual);
    return store.get(info.sha256, range);
  }

  uri(sha256: string): string {
    return this.deps.artifacts.uri(sha256);
  }

  async createUpload(): Promise<UploadSession> {
    return this.deps.artifacts.createUpload();
  }

  async uploadStatus(id: string): Promise<UploadSession> {
    const session = await this.deps.artifacts.uploadStatus(id);
    if (!session) throw uploadNotFound(id);
    return session;
  }

  /**
   * Appends one chunk at `offset` (which must be where the session stands). A chunk's Content-Type is
   * not checked against MODELRY_ARTIFACT_CONTENT_TYPES: it describes the transfer (tus clients send
   * `application/offset+octet-stream`), not the artifact, which the allow-list governs on single uploads.
   */
  async appendUpload(id: string, offset: number, chunk: Readable): Promise<UploadSession> {
    return this.deps.artifacts.appendUpload(id, offset, chunk, this.deps.artifactLimits.maxBytes);
  }

  async completeUpload(id: string, sha256?: string): Promise<StoredArtifact> {
    const expected = sha256 === undefined ? undefined : requireDigest(sha256, 'sha256');
    const stored = await this.deps.artifacts.completeUpload(id, {
      maxBytes: this.deps.artifactLimits.maxBytes,
      ...(expected && { expectedSha256: expected }),
    });
    return this.shown(stored);
  }

  async abortUpload(id: string): Promise<void> {
    await this.uploadStatus(id);
    await this.deps.artifacts.abortUpload(id);
  }

  /** One page of the stored blobs in digest order, after `after` (the last digest of the previous page). */
  async list(limit: number, after?: string): Promise<{ items: BlobInfo[]; next?: string }> {
    const items: BlobInfo[] = [];
    // The store seeks past `after` (S3 StartAfter, a directory walk that skips earlier folders), so a page
    // costs its own size whatever the page number.
    for await (const blob of this.deps.artifacts.list(after)) {
      items.push(blob);
      if (items.length > limit) break;
    }
    if (items.length <= limit) return { items };
    const page = items.slice(0, limit);
    return { items: page, next: page[page.length - 1]!.sha256 };
  }

  verify(): Promise<VerifyResult> {
    return verifyBlobs(this.deps, this.verified);
  }

  gc(options: { dryRun?: boolean; graceSeconds?: number }): Promise<GcResult> {
    return collectGarbage(this.deps, {
      dryRun: options.dryRun ?? false,
      graceSeconds: options.graceSeconds ?? this.deps.artifactLimits.gcGraceSeconds,
    });
  }

  private shown(stored: PutResult): StoredArtifact {
    return { ...stored, uri: this.deps.artifacts.uri(stored.sha256) };
  }

  private assertContentType(contentType: string | undefined): void {
    const allowed = this.deps.artifactLimits.contentTypes;
    if (allowed.length === 0) return;
    const type = (contentType ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
    if (!allowed.includes(type)) {
      throw new DomainError(
        'ArtifactContentTypeNotAllowed',
        `Uploads of Content-Type ${type} are not allowed here; allowed: ${allowed.join(', ')}.`,
        { contentType: type, allowed: [...allowed] },
      );
    }
  }

  private assertLength(declared: number | undefined): void {
    const max = this.deps.artifactLimits.maxBytes;
    if (declared !== undefined && declared > max) {
      throw new DomainError(
        'ArtifactTooLarge',
        `The artifact is ${declared} bytes, more than the maximum of ${max} bytes; nothing was stored.`,
        { maxBytes: max, size: declared },
      );
    }
  }
}

function uploadNotFound(id: string): DomainError {
  return new DomainError('UploadNotFound', `No upload session ${id} is open.`, { uploadId: id });
}
