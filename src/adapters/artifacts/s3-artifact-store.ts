import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DomainError } from '../../domain/errors.js';
import type {
  ArtifactStore,
  BlobInfo,
  ByteRange,
  PutOptions,
  PutResult,
  UploadSession,
} from '../../ports/artifact-store.js';
import { checkDigest, declaredDigest, drain, isSha256, Meter } from './hashing.js';
import { checkRange, isWellFormed } from './range.js';
import { type CopyTuning, copyObject, DEFAULT_COPY_TUNING } from './s3-copy.js';
import { S3Keys } from './s3-keys.js';
import { type Bucket, deleteKeys, isNotFound, listObjects } from './s3-objects.js';
import { S3Uploads } from './s3-uploads.js';
import { MAX_PARTS, writeObject } from './s3-writer.js';
import { artifactNotFound } from './store-errors.js';

export interface S3ArtifactStoreOptions {
  readonly bucket: string;
  /** Key prefix of everything the store writes; '' or ending in '/'. */
  readonly prefix: string;
  readonly region: string;
  /** An S3-compatible endpoint (MinIO, Ceph, moto…); AWS's own when absent. */
  readonly endpoint?: string;
  readonly forcePathStyle: boolean;
  /** Static credentials; the AWS SDK's default chain (env, profile, instance role…) when absent. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Smallest multipart upload part (default 8 MiB), grown when `maxBytes` needs more than 10,000. */
  readonly partBytes?: number;
  readonly copy?: CopyTuning;
}

export const DEFAULT_PART_BYTES = 8 * 1024 ** 2;

/**
 * The artifact store on S3 (or anything that speaks its API). Blobs are objects `<prefix>sha256/<hex>`;
 * a put with a declared digest streams straight to that key as a multipart upload completed only when
 * the digest matches, a put without one streams to `<prefix>tmp/<uuid>` and is copied into place on
 * the server once its digest is known. Nothing is visible under a blob key before it is whole.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly kind = 's3';
  /** Objects are immutable: any overwrite renews LastModified. */
  readonly modifiedAtTracksContent = true;
  private readonly bucket: Bucket;
  private readonly keys: S3Keys;
  private readonly partBytes: number;
  private readonly copyTuning: CopyTuning;
  private readonly uploads: S3Uploads;

  constructor(private readonly options: S3ArtifactStoreOptions) {
    const client = new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
      ...(options.credentials !== undefined && { credentials: options.credentials }),
      // The sha256 of every blob is the integrity check; the SDK's optional CRC checksums are not
      // understood by every S3-compatible server.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.bucket = { client, name: options.bucket };
    this.keys = new S3Keys(options.bucket, options.prefix);
    this.partBytes = options.partBytes ?? DEFAULT_PART_BYTES;
    this.copyTuning = options.copy ?? DEFAULT_COPY_TUNING;
    this.uploads = new S3Uploads(this.bucket, options.prefix, (maxBytes) => this.partBytesFor(maxBytes));
  }

  async put(body: Readable, options: PutOptions): Promise<PutResult> {
    const expected = declaredDigest(options);
    const meter = new Meter(options.maxBytes);
    const partBytes = this.partBytesFor(options.maxBytes);
    if (expected !== undefined) {
      if (await this.stat(expected)) {
        await drain(body, meter);
        checkDigest(expected, meter.digest());
        await this.touch(expected);
        return { ...(await this.info(expected)), existed: true };
      }
      await writeObject(this.bucket, this.keys.blob(expected), body, {
        meter,
        partBytes,
        beforeCommit: () => checkDigest(expected, meter.digest()),
      });
      return { ...(await this.info(expected)), existed: false };
    }
    const staging = this.keys.staging();
    await writeObject(this.bucket, staging, body, { meter, partBytes });
    try {
      const sha256 = meter.digest();
      const existed = (await this.stat(sha256)) !== undefined;
      if (existed) await this.touch(sha256);
      else await copyObject(this.bucket, staging, this.keys.blob(sha256), meter.size, this.copyTuning);
      return { ...(await this.info(sha256)), existed };
    } finally {
      // A staging object left behind (this delete failing) is offered to gc by staleUploads.
      await deleteKeys(this.bucket, [staging]).catch(() => undefined);
    }
  }

  async get(sha256: string, range?: ByteRange): Promise<Readable> {
    if (!isSha256(sha256)) throw artifactNotFound(sha256);
    if (range && !isWellFormed(range)) checkRange(range, (await this.info(sha256)).size);
    let out: GetObjectCommandOutput;
    try {
      out = await this.bucket.client.send(
        new GetObjectCommand({
          Bucket: this.bucket.name,
          Key: this.keys.blob(sha256),
          ...(range && { Range: `bytes=${range.start}-${range.end}` }),
        }),
      );
    } catch (err) {
      if (isNotFound(err)) throw artifactNotFound(sha256);
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416) {
        checkRange(range, (await this.info(sha256)).size);
      }
      throw err;
    }
    const body = out.Body as Readable;
    if (range) {
      // S3 shortens a range that runs past the end instead of refusing it; the port refuses it.
      const total = /\/(\d+)$/.exec(out.ContentRange ?? '')?.[1];
      try {
        if (total === undefined) throw new Error(`S3 answered GET ${sha256} without a Content-Range`);
        checkRange(range, Number(total));
      } catch (err) {
        body.destroy();
        throw err;
      }
    }
    return body;
  }

  async stat(sha256: string): Promise<BlobInfo | undefined> {
    if (!isSha256(sha256)) return undefined;
    const head = await this.head(this.keys.blob(sha256));
    return head && { sha256, size: head.size, modifiedAt: head.modifiedAt };
  }

  async touch(sha256: string): Promise<void> {
    const info = await this.stat(sha256);
    if (!info) throw artifactNotFound(sha256);
    const key = this.keys.blob(sha256);
    await copyObject(this.bucket, key, key, info.size, this.copyTuning);
  }

  async delete(sha256: string): Promise<void> {
    if (!isSha256(sha256)) return;
    await this.bucket.client.send(
      new DeleteObjectCommand({ Bucket: this.bucket.name, Key: this.keys.blob(sha256) }),
    );
  }

  async *list(after?: string): AsyncIterable<BlobInfo> {
    const blobs = this.keys.blobs;
    const start = after === undefined ? undefined : `${blobs}${after}`;
    for await (const object of listObjects(this.bucket, blobs, start)) {
      const sha256 = object.Key!.slice(blobs.length);
      if (!isSha256(sha256)) continue;
      yield { sha256, size: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date(0) };
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
    return this.uploads.complete(id, options, (body, opts) => this.put(body, opts));
  }

  abortUpload(id: string): Promise<void> {
    return this.uploads.abort(id);
  }

  staleUploads(before: Date): AsyncIterable<UploadSession> {
    return this.uploads.stale(before);
  }

  uri(sha256: string): string {
    return this.keys.uri(this.keys.blob(sha256));
  }

  locate(uri: string): { sha256: string } | { key: string } | 'outside' {
    return this.keys.locate(uri);
  }

  async statKey(key: string): Promise<{ size: number } | undefined> {
    if (this.keys.isInternal(key)) return undefined;
    const head = await this.head(key);
    return head && { size: head.size };
  }

  async getKey(key: string): Promise<Readable> {
    const missing = new DomainError('ArtifactNotFound', `Nothing is stored at ${this.keys.uri(key)}.`, {
      key,
    });
    if (this.keys.isInternal(key)) throw missing;
    try {
      const out = await this.bucket.client.send(new GetObjectCommand({ Bucket: this.bucket.name, Key: key }));
      return out.Body as Readable;
    } catch (err) {
      throw isNotFound(err) ? missing : err;
    }
  }

  async check(): Promise<void> {
    try {
      await this.bucket.client.send(new HeadBucketCommand({ Bucket: this.bucket.name }));
    } catch (err) {
      const where = this.options.endpoint ? ` at ${this.options.endpoint}` : '';
      const reason = (err as Error).message || (err as Error).name;
      throw new Error(`Cannot reach the S3 artifact bucket "${this.bucket.name}"${where}: ${reason}`);
    }
  }

  async close(): Promise<void> {
    this.bucket.client.destroy();
  }

  /** Parts big enough that `maxBytes` fits in S3's 10,000 parts. */
  private partBytesFor(maxBytes: number): number {
    return Math.max(this.partBytes, Math.ceil(maxBytes / MAX_PARTS));
  }

  private async head(key: string): Promise<{ size: number; modifiedAt: Date } | undefined> {
    try {
      const out = await this.bucket.client.send(
        new HeadObjectCommand({ Bucket: this.bucket.name, Key: key }),
      );
      return { size: out.ContentLength ?? 0, modifiedAt: out.LastModified ?? new Date(0) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async info(sha256: string): Promise<BlobInfo> {
    const info = await this.stat(sha256);
    if (!info) throw artifactNotFound(sha256);
    return info;
  }
}
