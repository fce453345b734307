import { constants } from 'node:fs';
import { access, mkdir, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../../domain/errors.js';
import type {
  ArtifactStore,
  BlobInfo,
  ByteRange,
  PutOptions,
  PutResult,
  UploadSession,
} from '../../ports/artifact-store.js';
import {
  FsLayout,
  fileSink,
  isMissing,
  publishFile,
  STREAM_BUFFER_BYTES,
  sortedEntries,
  touchFile,
} from './fs-files.js';
import { FsUploads } from './fs-uploads.js';
import { checkDigest, declaredDigest, drain, isSha256, Meter } from './hashing.js';
import { checkRange } from './range.js';
import { artifactNotFound } from './store-errors.js';
import { locateModelryUri, MODELRY_URI_PREFIX, modelryUri } from './uris.js';

export interface FsArtifactStoreOptions {
  /** The store's folder; created on first write. */
  readonly root: string;
}

/**
 * The embedded artifact store: a content-addressed folder. A put streams into `tmp/` (hashing on the
 * way), fsyncs and renames the file to `sha256/<2 hex>/<hex>`, so no partial blob is ever visible.
 */
export class FsArtifactStore implements ArtifactStore {
  readonly kind = 'fs';
  /** A file can change in place (bit rot, a rewrite with its mtime restored): ranges re-verify. */
  readonly modifiedAtTracksContent = false;
  private readonly layout: FsLayout;
  private readonly uploads: FsUploads;

  constructor(options: FsArtifactStoreOptions) {
    this.layout = new FsLayout(options.root);
    this.uploads = new FsUploads(this.layout);
  }

  async put(body: Readable, options: PutOptions): Promise<PutResult> {
    const expected = declaredDigest(options);
    const meter = new Meter(options.maxBytes);
    if (expected !== undefined && (await this.stat(expected))) {
      // Already stored: read the bytes only to check them, and keep the blob we have.
      await drain(body, meter);
      checkDigest(expected, meter.digest());
      await this.touch(expected);
      return { ...(await this.info(expected)), existed: true };
    }
    const file = await this.writeTemp(body, meter);
    try {
      const sha256 = meter.digest();
      checkDigest(expected, sha256);
      return await this.publish(file, sha256);
    } catch (err) {
      await rm(file, { force: true });
      throw err;
    }
  }

  async get(sha256: string, range?: ByteRange): Promise<Readable> {
    if (!isSha256(sha256)) throw artifactNotFound(sha256);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.layout.blob(sha256), 'r');
    } catch (err) {
      throw isMissing(err) ? artifactNotFound(sha256) : err;
    }
    try {
      checkRange(range, (await handle.stat()).size);
    } catch (err) {
      await handle.close();
      throw err;
    }
    // The open handle keeps the bytes readable even if garbage collection unlinks the blob meanwhile.
    return handle.createReadStream({
      highWaterMark: STREAM_BUFFER_BYTES,
      ...(range && { start: range.start, end: range.end }),
    });
  }

  async stat(sha256: string): Promise<BlobInfo | undefined> {
    if (!isSha256(sha256)) return undefined;
    try {
      const info = await stat(this.layout.blob(sha256));
      return { sha256, size: info.size, modifiedAt: info.mtime };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async touch(sha256: string): Promise<void> {
    if (!isSha256(sha256) || !(await touchFile(this.layout.blob(sha256)))) throw artifactNotFound(sha256);
  }

  async delete(sha256: string): Promise<void> {
    if (isSha256(sha256)) await rm(this.layout.blob(sha256), { force: true });
  }

  async *list(after = ''): AsyncIterable<BlobInfo> {
    for (const dir of await sortedEntries(this.layout.blobs)) {
      // Folders wholly before `after` are skipped unread.
      if (!/^[0-9a-f]{2}$/.test(dir) || dir < after.slice(0, 2)) continue;
      for (const name of await sortedEntries(join(this.layout.blobs, dir))) {
        const info = name.startsWith(dir) && name > after ? await this.stat(name) : undefined;
        if (info) yield info;
      }
    }
  }

  createUpload(): Promise<UploadSession> {
    return this.uploads.create();
  }

  uploadStatus(id: string): Promise<UploadSession | undefined> {
    return this.uploads.status(id);
  }

  appendUpload(id: string, offset: number, chunk: Readable, maxBytes: number): Promise<UploadSession> {
    return this.uploads.append(id, offset, chunk, maxBytes);
  }

  completeUpload(id: string, options: PutOptions): Promise<PutResult> {
    const expected = declaredDigest(options);
    // A digest failure keeps the session (the caller may abort it, or gc collects it).
    return this.uploads.complete(id, options.maxBytes, async (file, sha256) => {
      checkDigest(expected, sha256);
      return this.publish(file, sha256);
    });
  }

  abortUpload(id: string): Promise<void> {
    return this.uploads.abort(id);
  }

  staleUploads(before: Date): AsyncIterable<UploadSession> {
    return this.uploads.stale(before);
  }

  uri(sha256: string): string {
    return modelryUri(sha256);
  }

  locate(uri: string): { sha256: string } | { key: string } | 'outside' {
    return locateModelryUri(uri) ?? 'outside';
  }

  /** Nothing but blobs lives in the folder: every other key is absent. */
  async statKey(_key: string): Promise<{ size: number } | undefined> {
    return undefined;
  }

  async getKey(key: string): Promise<Readable> {
    throw new DomainError('ArtifactNotFound', `Nothing is stored at ${MODELRY_URI_PREFIX}${key}.`, { key });
  }

  async check(): Promise<void> {
    try {
      await mkdir(this.layout.root, { recursive: true });
      await access(this.layout.root, constants.W_OK);
    } catch (err) {
      throw new Error(`Cannot write to the artifact folder ${this.layout.root}: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {}

  private async info(sha256: string): Promise<BlobInfo> {
    const info = await this.stat(sha256);
    if (!info) throw artifactNotFound(sha256);
    return info;
  }

  /** Streams `body` to a new fsynced file under tmp/; the file is removed again on any failure. */
  private async writeTemp(body: Readable, meter: Meter): Promise<string> {
    await mkdir(this.layout.tmp, { recursive: true });
    const file = this.layout.tmpFile();
    const handle = await open(file, 'wx');
    try {
      await pipeline(body, meter.transform(), fileSink(handle, 0));
    } catch (err) {
      await handle.close();
      await rm(file, { force: true });
      throw err;
    }
    await handle.close();
    return file;
  }

  /** Renames a complete file into place (or drops it when the blob exists). */
  private async publish(file: string, sha256: string): Promise<PutResult> {
    const existed = await publishFile(this.layout, file, sha256);
    return { ...(await this.info(sha256)), existed };
  }
}
