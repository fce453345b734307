import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { DomainError } from '../../domain/errors.js';
import type { PutOptions, PutResult, UploadSession } from '../../ports/artifact-store.js';
import { Meter, tooLarge } from './hashing.js';
import { type Bucket, deleteKeys, isNotFound, listObjects } from './s3-objects.js';
import { writeObject } from './s3-writer.js';
import { newSessionId, sessionCreatedAt, TMP_NAME } from './session-ids.js';
import { offsetMismatch, uploadNotFound } from './store-errors.js';

/** Stray staging objects and multipart uploads are offered to garbage collection under these ids. */
const TMP_ID = 'tmp/';
const MULTIPART_ID = 'multipart/';
/** The empty object that marks a session as existing, chunks or not. */
const MARKER = 'session';
const CHUNK = /^\d{16}$/;

interface Chunk {
  readonly key: string;
  readonly offset: number;
  readonly size: number;
}

/**
 * Resumable sessions of the S3 store: `<prefix>uploads/<id>/session` marks a session, and each chunk
 * is an object `<prefix>uploads/<id>/<offset, 16 digits>`, so the offset is the sum of their sizes.
 */
export class S3Uploads {
  constructor(
    private readonly bucket: Bucket,
    private readonly prefix: string,
    private readonly partBytes: (maxBytes: number) => number,
  ) {}

  private dir(id: string): string {
    return `${this.prefix}uploads/${id}/`;
  }

  async create(): Promise<UploadSession> {
    const now = Date.now();
    const id = newSessionId(now);
    await this.bucket.client.send(
      new PutObjectCommand({
        Bucket: this.bucket.name,
        Key: `${this.dir(id)}${MARKER}`,
        Body: Buffer.alloc(0),
        ContentLength: 0,
      }),
    );
    return { id, offset: 0, createdAt: new Date(now) };
  }

  async status(id: string): Promise<UploadSession | undefined> {
    const createdAt = sessionCreatedAt(id);
    const chunks = createdAt && (await this.chunks(id));
    return chunks ? { id, offset: end(chunks), createdAt } : undefined;
  }

  async append(id: string, offset: number, chunk: Readable, maxBytes: number): Promise<UploadSession> {
    const session = await this.status(id);
    if (!session) throw uploadNotFound(id);
    if (session.offset !== offset) throw offsetMismatch(id, session.offset, offset);
    const meter = new Meter(maxBytes, undefined, offset);
    const key = `${this.dir(id)}${String(offset).padStart(16, '0')}`;
    await writeObject(this.bucket, key, chunk, { meter, partBytes: this.partBytes(maxBytes) });
    return { id, offset: offset + meter.size, createdAt: session.createdAt };
  }

  /** Streams the chunks, in order, into `put`; the session is removed once the blob is published. */
  async complete(
    id: string,
    options: PutOptions,
    put: (body: Readable, options: PutOptions) => Promise<PutResult>,
  ): Promise<PutResult> {
    const chunks = sessionCreatedAt(id) && (await this.chunks(id));
    if (!chunks) throw uploadNotFound(id);
    if (end(chunks) > options.maxBytes) throw tooLarge(options.maxBytes);
    const result = await put(Readable.from(this.read(chunks), { objectMode: false }), options);
    await this.abort(id);
    return result;
  }

  async abort(id: string): Promise<void> {
    if (id.startsWith(TMP_ID)) {
      const name = id.slice(TMP_ID.length);
      if (TMP_NAME.test(name)) await deleteKeys(this.bucket, [`${this.prefix}${TMP_ID}${name}`]);
    } else if (id.startsWith(MULTIPART_ID)) {
      await this.abortMultipart(id.slice(MULTIPART_ID.length));
    } else if (sessionCreatedAt(id) !== undefined) {
      const keys: string[] = [];
      for await (const object of listObjects(this.bucket, this.dir(id))) keys.push(object.Key!);
      await deleteKeys(this.bucket, keys);
    }
  }

  /**
   * Sessions not written to since `before`, then what a crash mid-put leaves: staging objects under
   * `<prefix>tmp/` and multipart uploads never completed nor aborted.
   */
  async *stale(before: Date): AsyncIterable<UploadSession> {
    let group: { id: string; offset: number; last: Date } | undefined;
    const flush = (): UploadSession | undefined => {
      const createdAt = group && sessionCreatedAt(group.id);
      return group && createdAt && group.last < before
        ? { id: group.id, offset: group.offset, createdAt }
        : undefined;
    };
    const uploads = `${this.prefix}uploads/`;
    for await (const object of listObjects(this.bucket, uploads)) {
      const [id = '', name = ''] = object.Key!.slice(uploads.length).split('/');
      if (group?.id !== id) {
        const done = flush();
        if (done) yield done;
        group = { id, offset: 0, last: new Date(0) };
      }
      if (CHUNK.test(name)) group.offset += object.Size ?? 0;
      if (object.LastModified && object.LastModified > group.last) group.last = object.LastModified;
    }
    const done = flush();
    if (done) yield done;
    for await (const object of listObjects(this.bucket, `${this.prefix}${TMP_ID}`)) {
      const modified = object.LastModified ?? new Date(0);
      const name = object.Key!.slice(this.prefix.length + TMP_ID.length);
      if (modified < before && TMP_NAME.test(name)) {
        yield { id: `${TMP_ID}${name}`, offset: object.Size ?? 0, createdAt: modified };
      }
    }
    yield* this.staleMultipart(before);
  }

  private async *staleMultipart(before: Date): AsyncIterable<UploadSession> {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.bucket.client.send(
        new ListMultipartUploadsCommand({
          Bucket: this.bucket.name,
          Prefix: this.prefix,
          ...(keyMarker !== undefined && { KeyMarker: keyMarker }),
          ...(uploadIdMarker !== undefined && { UploadIdMarker: uploadIdMarker }),
        }),
      );
      for (const upload of page.Uploads ?? []) {
        const initiated = upload.Initiated ?? new Date(0);
        if (upload.Key === undefined || upload.UploadId === undefined || initiated >= before) continue;
        const ref = Buffer.from(JSON.stringify([upload.Key, upload.UploadId])).toString('base64url');
        yield { id: `${MULTIPART_ID}${ref}`, offset: 0, createdAt: initiated };
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker !== undefined);
  }

  private async abortMultipart(ref: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(ref, 'base64url').toString('utf8'));
    } catch {
      return;
    }
    const [key, uploadId] = Array.isArray(parsed) ? parsed : [];
    if (typeof key !== 'string' || typeof uploadId !== 'string' || !key.startsWith(this.prefix)) return;
    try {
      await this.bucket.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.bucket.name, Key: key, UploadId: uploadId }),
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** The session's chunks in order, or undefined when it has no marker (absent, or aborted). */
  private async chunks(id: string): Promise<Chunk[] | undefined> {
    const dir = this.dir(id);
    const chunks: Chunk[] = [];
    let marked = false;
    for await (const object of listObjects(this.bucket, dir)) {
      const name = object.Key!.slice(dir.length);
      if (name === MARKER) marked = true;
      else if (CHUNK.test(name))
        chunks.push({ key: object.Key!, offset: Number(name), size: object.Size ?? 0 });
    }
    if (!marked) return undefined;
    let offset = 0;
    for (const chunk of chunks) {
      // Chunks are written only at the session's offset, so a gap means bytes went missing in the bucket.
      if (chunk.offset !== offset) {
        throw new DomainError(
          'ArtifactCorrupt',
          `Upload session ${id} lacks the bytes at offset ${offset}.`,
          {
            uploadId: id,
            offset,
          },
        );
      }
      offset += chunk.size;
    }
    return chunks;
  }

  private async *read(chunks: readonly Chunk[]): AsyncIterable<Buffer> {
    for (const chunk of chunks) {
      const out = await this.bucket.client.send(
        new GetObjectCommand({ Bucket: this.bucket.name, Key: chunk.key }),
      );
      for await (const data of out.Body as AsyncIterable<Buffer>) yield data;
    }
  }
}

function end(chunks: readonly Chunk[]): number {
  return chunks.reduce((sum, c) => sum + c.size, 0);
}
