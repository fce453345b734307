import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { Meter } from './hashing.js';
import type { Bucket } from './s3-objects.js';

/** S3 accepts at most this many parts in one multipart upload. */
export const MAX_PARTS = 10_000;
export const CONTENT_TYPE = 'application/octet-stream';

export interface WriteOptions {
  /** Meters (hashes, counts, caps) every byte read from the body. */
  readonly meter: Meter;
  readonly partBytes: number;
  /** The last word before the object becomes visible: throwing keeps it invisible. */
  readonly beforeCommit?: () => void;
}

/**
 * Streams a body of unknown length to `key`. A body that fits in one part goes up in one PutObject
 * once fully read; a larger one as a multipart upload, each part sent while the next one fills, so at
 * most two part buffers live at once. Nothing is visible under `key` before the body has ended and
 * `beforeCommit` has passed; on any failure the multipart upload is aborted.
 */
export async function writeObject(
  bucket: Bucket,
  key: string,
  body: Readable,
  options: WriteOptions,
): Promise<void> {
  const writer = new PartWriter(bucket, key, options.partBytes);
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      options.meter.update(chunk);
      await writer.write(chunk);
    }
    await writer.finish();
    options.beforeCommit?.();
    await writer.commit();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

class PartWriter {
  /** Chunks of the first part, kept as they came: a small object never needs a part-sized buffer. */
  private pending: Buffer[] = [];
  /** The part being filled, once the first part has gone out. */
  private current: Buffer | undefined;
  /** The buffer of the part in flight, and one already acknowledged: two part buffers at most. */
  private sending: Buffer | undefined;
  private free: Buffer | undefined;
  private filled = 0;
  private uploadId: string | undefined;
  private readonly parts: CompletedPart[] = [];
  private inflight: Promise<void> = Promise.resolve();
  private failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly bucket: Bucket,
    private readonly key: string,
    private readonly partBytes: number,
  ) {}

  async write(chunk: Buffer): Promise<void> {
    let pos = 0;
    while (pos < chunk.length) {
      const n = Math.min(chunk.length - pos, this.partBytes - this.filled);
      if (this.uploadId !== undefined && !this.current) {
        this.current = this.free ?? Buffer.allocUnsafe(this.partBytes);
        this.free = undefined;
      }
      if (this.current) chunk.copy(this.current, this.filled, pos, pos + n);
      else this.pending.push(chunk.subarray(pos, pos + n));
      this.filled += n;
      pos += n;
      if (this.filled === this.partBytes) await this.flush();
    }
  }

  /** Sends what is left once the body has ended (multipart only) and waits for every part. */
  async finish(): Promise<void> {
    if (this.uploadId === undefined) return;
    if (this.filled > 0) await this.flush();
    await this.settle();
  }

  async commit(): Promise<void> {
    const { client, name } = this.bucket;
    if (this.uploadId === undefined) {
      const body = this.take();
      await client.send(
        new PutObjectCommand({
          Bucket: name,
          Key: this.key,
          Body: body,
          ContentLength: body.length,
          ContentType: CONTENT_TYPE,
        }),
      );
      return;
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: name,
        Key: this.key,
        UploadId: this.uploadId,
        MultipartUpload: { Parts: this.parts },
      }),
    );
  }

  /** Drops the parts sent so far. Best effort: an upload left behind is offered to gc by staleUploads. */
  async abort(): Promise<void> {
    if (this.uploadId === undefined) return;
    await this.inflight;
    await this.bucket.client
      .send(
        new AbortMultipartUploadCommand({ Bucket: this.bucket.name, Key: this.key, UploadId: this.uploadId }),
      )
      .catch(() => undefined);
  }

  /** The bytes of the part being filled. */
  private take(): Buffer {
    const part = this.current
      ? this.current.subarray(0, this.filled)
      : Buffer.concat(this.pending, this.filled);
    this.pending = [];
    this.filled = 0;
    return part;
  }

  private async flush(): Promise<void> {
    const part = this.take();
    // The previous part must be acknowledged before its buffer is filled again.
    await this.settle();
    this.uploadId ??= await this.create();
    const partNumber = this.parts.length + 1;
    if (partNumber > MAX_PARTS) throw new Error(`The object needs more than ${MAX_PARTS} parts`);
    this.parts.push({ PartNumber: partNumber });
    this.inflight = this.bucket.client
      .send(
        new UploadPartCommand({
          Bucket: this.bucket.name,
          Key: this.key,
          UploadId: this.uploadId,
          PartNumber: partNumber,
          Body: part,
          ContentLength: part.length,
        }),
      )
      .then(
        (out) => {
          this.parts[partNumber - 1] = { PartNumber: partNumber, ETag: out.ETag! };
        },
        (error: unknown) => {
          this.failure ??= { error };
        },
      );
    this.current = undefined;
    this.free = this.sending;
    this.sending = part.length === this.partBytes ? part : undefined;
  }

  private async settle(): Promise<void> {
    await this.inflight;
    if (this.failure) throw this.failure.error;
  }

  private async create(): Promise<string> {
    const out = await this.bucket.client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.bucket.name,
        Key: this.key,
        ContentType: CONTENT_TYPE,
      }),
    );
    return out.UploadId!;
  }
}
