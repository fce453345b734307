import { stat as statFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  type ArtifactInfo,
  type ArtifactStat,
  blobUri,
  type DownloadOptions,
  type DownloadResult,
  type GcInput,
  type GcReport,
  type UploadOptions,
  type UploadResult,
  type VerifyReport,
} from './artifacts.js';
import { fileRange, hashFile, pullStream, saveVerified } from './artifacts-transfer.js';
import { ModelryApiError } from './errors.js';
import type { Query } from './events-client.js';
import type { Page } from './types.js';

/** A request whose body streams (signed `UNSIGNED-PAYLOAD` under SigV4) and whose response is unread. */
export interface RawRequest {
  headers?: Record<string, string>;
  body?: ReadableStream<Uint8Array>;
  signal?: AbortSignal | undefined;
}

/** What ArtifactsApi borrows from ModelryClient: its requests, with the same auth and error mapping. */
export interface ArtifactTransport {
  request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T>;
  /** A 2xx response comes back unread; error statuses throw ModelryApiError as request does. */
  raw(method: string, path: string, init: RawRequest): Promise<Response>;
}

const MiB = 1024 * 1024;
/** Files up to this size go in one streaming POST; larger ones through a resumable session. */
export const SINGLE_UPLOAD_MAX = 64 * MiB;
/** One PATCH of a resumable upload: what a retry sends again at most. */
export const UPLOAD_CHUNK = 32 * MiB;
/** Retries of one failed chunk, each from the offset the server reports. */
const CHUNK_RETRIES = 3;

const SHA256 = /^[0-9a-f]{64}$/;

/** Content-addressed artifacts: upload, stat, download verified, list, verify, gc. `client.artifacts`. */
export class ArtifactsApi {
  constructor(private readonly transport: ArtifactTransport) {}

  /**
   * Uploads a file (by path) or a stream. A file is hashed first and not sent at all when the server
   * already holds its digest; up to 64 MiB it goes in one streaming POST, above that through a resumable
   * session in 32 MiB chunks, each retried from the server's offset when it fails. A stream is sent in
   * one POST (or skipped, when `sha256` is given and stored).
   */
  async upload(source: string | Readable, options: UploadOptions = {}): Promise<UploadResult> {
    const { onProgress, signal } = options;
    const declared = options.sha256?.toLowerCase();
    if (declared !== undefined && !SHA256.test(declared)) {
      throw new ModelryApiError(0, 'ValidationFailed', `"${options.sha256}" is not a hex sha256 digest.`);
    }
    if (typeof source !== 'string') {
      const known = declared && (await this.stat(declared));
      if (known) return { ...known, existed: true, skipped: true };
      const body = pullStream(source, (bytes) => onProgress?.({ phase: 'uploading', bytes }));
      return this.post(body, declared, options.contentType, signal);
    }
    const info = await statFile(source);
    if (!info.isFile()) throw new ModelryApiError(0, 'ValidationFailed', `${source} is not a file.`);
    const size = info.size;
    const sha256 = declared ?? (await hashFile(source, size, onProgress, signal));
    // The size must agree too: a wrong declared digest must not register someone else's bytes.
    const known = await this.stat(sha256);
    if (known?.size === size) return { uri: known.uri, sha256, size, existed: true, skipped: true };
    if (size <= SINGLE_UPLOAD_MAX) {
      onProgress?.({ phase: 'uploading', bytes: 0, total: size });
      const body = fileRange(source, 0, size, (bytes) =>
        onProgress?.({ phase: 'uploading', bytes, total: size }),
      );
      return this.post(body, sha256, options.contentType, signal);
    }
    return this.resumable(source, size, sha256, options);
  }

  /** Size of a stored blob, or undefined when the server does not hold it. */
  async stat(sha256: string, signal?: AbortSignal): Promise<ArtifactStat | undefined> {
    try {
      const res = await this.transport.raw('HEAD', `/artifacts/${sha256}`, { signal });
      const uri = res.headers.get('x-modelry-uri') ?? blobUri(sha256);
      return { sha256, size: Number(res.headers.get('content-length')), uri };
    } catch (err) {
      if (err instanceof ModelryApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  /**
   * Streams a blob to a temporary file beside `dest`, verifying its sha256 while writing, and renames it
   * to `dest` when the bytes check out. Throws ArtifactDownloadError (leaving nothing behind) otherwise.
   */
  async download(sha256: string, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    const res = await this.transport.raw('GET', `/artifacts/${sha256}`, { signal: options.signal });
    const length = res.headers.get('content-length');
    const expected = { sha256, ...(length !== null && { size: Number(length) }) };
    const body = res.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    const { size } = await saveVerified(body, dest, expected, options.onProgress);
    return { path: dest, sha256, size };
  }

  list(input: { limit?: number; pageToken?: string } = {}): Promise<Page<ArtifactInfo>> {
    return this.transport.request('GET', '/artifacts', undefined, { ...input });
  }

  /** Every stored blob, page by page, in the store's key order. */
  async *all(): AsyncGenerator<ArtifactInfo> {
    let pageToken: string | undefined;
    do {
      const page = await this.list({ limit: 1000, ...(pageToken && { pageToken }) });
      yield* page.items;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  /** Re-hashes every stored blob on the server; lists those whose bytes changed. */
  verify(): Promise<VerifyReport> {
    return this.transport.request('POST', '/artifacts/verify', {});
  }

  /** Deletes blobs no version references and abandoned upload sessions, older than the grace period. */
  gc(input: GcInput = {}): Promise<GcReport> {
    return this.transport.request('POST', '/artifacts/gc', input);
  }

  private async post(
    body: ReadableStream<Uint8Array>,
    sha256: string | undefined,
    contentType: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<UploadResult> {
    const headers: Record<string, string> = { 'content-type': contentType ?? 'application/octet-stream' };
    if (sha256) headers['x-modelry-sha256'] = sha256;
    const res = await this.transport.raw('POST', '/artifacts', { headers, body, signal });
    return { ...((await res.json()) as Omit<UploadResult, 'skipped'>), skipped: false };
  }

  private async resumable(
    path: string,
    size: number,
    sha256: string,
    options: UploadOptions,
  ): Promise<UploadResult> {
    const { onProgress, signal } = options;
    const session = await this.transport.request<{ uploadId: string; offset: number }>(
      'POST',
      '/artifacts/uploads',
    );
    const at = `/artifacts/uploads/${encodeURIComponent(session.uploadId)}`;
    let offset = session.offset;
    let failures = 0;
    try {
      while (offset < size) {
        const end = Math.min(offset + UPLOAD_CHUNK, size);
        const from = offset;
        onProgress?.({ phase: 'uploading', bytes: from, total: size });
        const body = fileRange(path, from, end, (sent) =>
          onProgress?.({ phase: 'uploading', bytes: from + sent, total: size }),
        );
        try {
          const res = await this.transport.raw('PATCH', at, {
            headers: {
              'upload-offset': String(offset),
              'content-type': options.contentType ?? 'application/octet-stream',
            },
            body,
            signal,
          });
          offset = ((await res.json()) as { offset: number }).offset;
          failures = 0;
        } catch (err) {
          if (signal?.aborted || !retryable(err) || ++failures > CHUNK_RETRIES) throw err;
          offset = await this.resumeOffset(at, err);
        }
      }
      const done = await this.transport.request<Omit<UploadResult, 'skipped'>>('POST', `${at}/complete`, {
        sha256,
      });
      return { ...done, skipped: false };
    } catch (err) {
      // An upload that will not finish should not wait for gc to free its space.
      await this.transport.request('DELETE', at).catch(() => {});
      throw err;
    }
  }

  /** Where the server says the session stands: from a 409's details, or by asking. */
  private async resumeOffset(at: string, err: unknown): Promise<number> {
    const reported = err instanceof ModelryApiError ? err.details.offset : undefined;
    if (typeof reported === 'number') return reported;
    return (await this.transport.request<{ offset: number }>('GET', at)).offset;
  }
}

/** A broken connection, a server error or a chunk at the wrong offset is worth another try. */
function retryable(err: unknown): boolean {
  if (!(err instanceof ModelryApiError)) return true;
  return err.status === 0 || err.status >= 500 || err.code === 'UploadOffsetMismatch';
}
