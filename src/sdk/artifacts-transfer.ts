import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ArtifactDownloadError, type TransferProgress } from './artifacts.js';

/** Streaming pieces of artifact transfers: nothing here holds more than one read buffer of a file. */

/** Read buffer for local files: large enough for disk and socket throughput, small enough to not matter. */
const READ_BUFFER = 1024 * 1024;

export type ProgressFn = ((progress: TransferProgress) => void) | undefined;

/** The sha256 of a file, read once as a stream. */
export async function hashFile(
  path: string,
  size: number,
  onProgress: ProgressFn,
  signal?: AbortSignal,
): Promise<string> {
  const hash = createHash('sha256');
  let bytes = 0;
  onProgress?.({ phase: 'hashing', bytes, total: size });
  for await (const chunk of createReadStream(path, {
    highWaterMark: READ_BUFFER,
    ...(signal && { signal }),
  }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    onProgress?.({ phase: 'hashing', bytes, total: size });
  }
  return hash.digest('hex');
}

/**
 * A pull-based web stream over `source` (a fetch request body): the next chunk is read only when the
 * socket wants it, so memory stays at one chunk whatever the size. `onRead` sees the bytes read so far.
 */
export function pullStream(
  source: AsyncIterable<Uint8Array>,
  onRead: (bytes: number) => void,
): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  let bytes = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await it.next();
        if (done) {
          controller.close();
          return;
        }
        bytes += value.length;
        onRead(bytes);
        controller.enqueue(value);
      },
      async cancel(reason) {
        await it.return?.(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Bytes [start, end) of a file as a pull-based request body. */
export function fileRange(
  path: string,
  start: number,
  end: number,
  onRead: (bytes: number) => void,
): ReadableStream<Uint8Array> {
  if (end <= start) return pullStream((async function* () {})(), onRead);
  const file = createReadStream(path, { start, end: end - 1, highWaterMark: READ_BUFFER });
  return pullStream(file as AsyncIterable<Buffer>, onRead);
}

/**
 * Writes a download body to a temporary file beside `dest`, hashing on the way; renames it to `dest`
 * only when the byte count and the digest check out, and deletes it otherwise. A body that breaks off
 * (the server stops sending a blob that fails its digest) is DownloadIncomplete.
 */
export async function saveVerified(
  body: ReadableStream<Uint8Array>,
  dest: string,
  expected: { sha256: string; size?: number },
  onProgress: ProgressFn,
): Promise<{ size: number }> {
  const tmp = join(dirname(dest), `.${basename(dest)}.${randomUUID()}.part`);
  const hash = createHash('sha256');
  let bytes = 0;
  const total = expected.size;
  const progress = () => onProgress?.({ phase: 'downloading', bytes, ...(total !== undefined && { total }) });
  let file: FileHandle;
  try {
    file = await open(tmp, 'wx');
  } catch (err) {
    // An unread body would hold the connection (and the process) open.
    await body.cancel().catch(() => {});
    throw err;
  }
  let done = false;
  try {
    progress();
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        await file.write(chunk);
        bytes += chunk.length;
        progress();
      }
    } catch (err) {
      if (err instanceof Error && err.name === 'AbortError') throw err;
      throw incomplete(expected, bytes, (err as Error).message);
    }
    if (total !== undefined && bytes !== total) throw incomplete(expected, bytes, 'the body ended early');
    const actual = hash.digest('hex');
    if (actual !== expected.sha256) {
      throw new ArtifactDownloadError(
        'DigestMismatch',
        `The bytes received for sha256 ${expected.sha256} hash to ${actual}; nothing was written.`,
        { expected: expected.sha256, actual, bytes, ...(total !== undefined && { size: total }) },
      );
    }
    // The bytes reach the disk before the name does: a crash never leaves a partial file at dest.
    await file.sync();
    await file.close();
    await rename(tmp, dest);
    done = true;
    return { size: bytes };
  } finally {
    if (!done) {
      await file.close().catch(() => {});
      await rm(tmp, { force: true });
    }
  }
}

function incomplete(expected: { sha256: string; size?: number }, bytes: number, why: string) {
  const of = expected.size !== undefined ? ` of ${expected.size}` : '';
  return new ArtifactDownloadError(
    'DownloadIncomplete',
    `The download of sha256 ${expected.sha256} stopped after ${bytes}${of} bytes (${why}): the server stops sending an artifact whose stored bytes fail their digest, or the connection broke; nothing was written.`,
    { expected: expected.sha256, bytes, ...(expected.size !== undefined && { size: expected.size }) },
  );
}
