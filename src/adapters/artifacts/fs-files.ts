import { randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, rm, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';

/**
 * The folder of the fs store: `sha256/<2 hex>/<hex>` holds the blobs, `tmp/` the puts in progress,
 * `uploads/` the resumable sessions. Every file reaches `sha256/` by a rename, so a blob is either
 * absent or complete.
 */
export class FsLayout {
  readonly blobs: string;
  readonly tmp: string;
  readonly uploads: string;

  constructor(readonly root: string) {
    this.blobs = join(root, 'sha256');
    this.tmp = join(root, 'tmp');
    this.uploads = join(root, 'uploads');
  }

  blob(sha256: string): string {
    return join(this.blobs, sha256.slice(0, 2), sha256);
  }

  /** A fresh name under tmp/ for a put in progress. */
  tmpFile(): string {
    return join(this.tmp, randomUUID());
  }
}

export function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Directory entries in code-unit order (the key order of `list`); none when the directory is absent. */
export async function sortedEntries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}

/** Makes a rename or a new file in `dir` survive a power cut, not only a crash. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Renews a file's modification time; false when the file is gone. */
export async function touchFile(path: string): Promise<boolean> {
  const now = new Date();
  try {
    await utimes(path, now, now);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

/**
 * Moves a complete, fsynced file to the blob path of its digest. When that blob is already there the
 * file is dropped and the blob touched instead; the answer says which happened (true: it existed).
 */
export async function publishFile(layout: FsLayout, file: string, sha256: string): Promise<boolean> {
  const target = layout.blob(sha256);
  if (await touchFile(target)) {
    await rm(file, { force: true });
    return true;
  }
  const created = await mkdir(dirname(target), { recursive: true });
  await rename(file, target);
  // The file may be an old session: its age must count from now for the garbage-collection grace.
  await touchFile(target);
  await syncDir(dirname(target));
  if (created !== undefined) await syncDir(layout.blobs);
  return false;
}

/** Read and pass-through buffer of artifact streams: large enough that per-chunk costs vanish. */
export const STREAM_BUFFER_BYTES = 1024 * 1024;

/**
 * A stream that writes to `handle` from `start` on and fsyncs the file before it finishes, so that a
 * byte counted as stored survives a power cut.
 */
export function fileSink(handle: FileHandle, start: number): Writable {
  let position = start;
  return new Writable({
    // Network chunks are ~64 KiB: while one write is in flight the next ones gather, and go down in one
    // writev (a few syscalls per MiB instead of one per chunk). Bounded: 4 MiB per upload at most.
    highWaterMark: STREAM_BUFFER_BYTES * 4,
    writev(chunks, done) {
      writeAll(
        handle,
        chunks.map((c) => c.chunk as Buffer),
        position,
      ).then((written) => {
        position += written;
        done();
      }, done);
    },
    final(done) {
      handle.sync().then(() => done(), done);
    },
  });
}

/** writev until every byte is down (a write may take fewer bytes than offered). */
async function writeAll(handle: FileHandle, buffers: Buffer[], position: number): Promise<number> {
  const total = buffers.reduce((n, b) => n + b.length, 0);
  let written = 0;
  let pending = buffers;
  while (written < total) {
    let { bytesWritten } = await handle.writev(pending, position + written);
    written += bytesWritten;
    while (pending.length > 0 && bytesWritten >= pending[0]!.length) {
      bytesWritten -= pending[0]!.length;
      pending = pending.slice(1);
    }
    if (bytesWritten > 0) pending = [pending[0]!.subarray(bytesWritten), ...pending.slice(1)];
  }
  return written;
}
