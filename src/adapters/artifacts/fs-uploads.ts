import { createHash, type Hash } from 'node:crypto';
import { mkdir, open, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadSession } from '../../ports/artifact-store.js';
import { type FsLayout, fileSink, isMissing, sortedEntries } from './fs-files.js';
import { drain, Meter, tooLarge } from './hashing.js';
import { newSessionId, sessionCreatedAt, TMP_NAME } from './session-ids.js';
import { offsetMismatch, uploadNotFound } from './store-errors.js';

/** The stray files of `tmp/` are offered to garbage collection as sessions with ids `tmp/<name>`. */
const TMP_ID_PREFIX = 'tmp/';

/**
 * Resumable sessions of the fs store: one file per session under `uploads/`, appended to at its end
 * (offset = file size). Operations on one session run one at a time in this process, so two chunks
 * sent at the same offset cannot both land.
 */
export class FsUploads {
  private readonly queues = new Map<string, Promise<unknown>>();
  /**
   * The running sha256 of each session this process appended every chunk of, so completing it need not
   * read the file again. A session another process appended to (a shared data dir) is read instead.
   */
  private readonly running = new Map<string, { offset: number; hash: Hash }>();

  constructor(private readonly layout: FsLayout) {}

  private path(id: string): string {
    return join(this.layout.uploads, id);
  }

  async create(): Promise<UploadSession> {
    await mkdir(this.layout.uploads, { recursive: true });
    const now = Date.now();
    const id = newSessionId(now);
    await writeFile(this.path(id), '', { flag: 'wx' });
    return { id, offset: 0, createdAt: new Date(now) };
  }

  async status(id: string): Promise<UploadSession | undefined> {
    const createdAt = sessionCreatedAt(id);
    if (createdAt === undefined) return undefined;
    try {
      return { id, offset: (await stat(this.path(id))).size, createdAt };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  append(id: string, offset: number, chunk: Readable, maxBytes: number): Promise<UploadSession> {
    const createdAt = sessionCreatedAt(id);
    if (createdAt === undefined) return Promise.reject(uploadNotFound(id));
    return this.exclusive(id, async () => {
      const handle = await this.openSession(id, 'r+');
      try {
        const { size } = await handle.stat();
        if (size !== offset) throw offsetMismatch(id, size, offset);
        const prior = this.running.get(id);
        // A copy: a chunk that fails must leave the running digest where the session stands.
        const hash =
          offset === 0 ? createHash('sha256') : prior?.offset === offset ? prior.hash.copy() : undefined;
        const meter = new Meter(maxBytes, hash, offset);
        try {
          await pipeline(chunk, meter.transform(), fileSink(handle, offset));
        } catch (err) {
          // A chunk lands whole or not at all: the session stays where it stood.
          await handle.truncate(offset);
          throw err;
        }
        if (hash) this.running.set(id, { offset: offset + meter.size, hash });
        else this.running.delete(id);
        return { id, offset: offset + meter.size, createdAt };
      } finally {
        await handle.close();
      }
    });
  }

  /**
   * Hashes the session's bytes and hands the file to `publish` (which renames it into place, so a
   * completed upload is never copied). A digest or size failure keeps the session for another try.
   */
  complete<T>(
    id: string,
    maxBytes: number,
    publish: (file: string, sha256: string) => Promise<T>,
  ): Promise<T> {
    if (sessionCreatedAt(id) === undefined) return Promise.reject(uploadNotFound(id));
    return this.exclusive(id, async () => {
      const handle = await this.openSession(id, 'r');
      let sha256: string;
      try {
        const { size } = await handle.stat();
        if (size > maxBytes) throw tooLarge(maxBytes);
        const known = this.running.get(id);
        if (known?.offset === size) {
          sha256 = known.hash.copy().digest('hex');
        } else {
          const meter = new Meter(maxBytes);
          await drain(handle.createReadStream({ autoClose: false }), meter);
          sha256 = meter.digest();
        }
      } finally {
        await handle.close();
      }
      const published = await publish(this.path(id), sha256);
      this.running.delete(id);
      return published;
    });
  }

  /** Removes a session (or a stray tmp file offered by `stale`); absent is not an error. */
  async abort(id: string): Promise<void> {
    if (id.startsWith(TMP_ID_PREFIX)) {
      const name = id.slice(TMP_ID_PREFIX.length);
      if (TMP_NAME.test(name)) await rm(join(this.layout.tmp, name), { force: true });
      return;
    }
    if (sessionCreatedAt(id) === undefined) return;
    this.running.delete(id);
    await this.exclusive(id, () => rm(this.path(id), { force: true }));
  }

  /** Sessions and stray tmp files (left by a crash mid-put) not written to since `before`. */
  async *stale(before: Date): AsyncIterable<UploadSession> {
    for (const id of await sortedEntries(this.layout.uploads)) {
      const createdAt = sessionCreatedAt(id);
      const info = createdAt && (await statIfPresent(this.path(id)));
      if (info && info.mtime < before) yield { id, offset: info.size, createdAt };
    }
    for (const name of await sortedEntries(this.layout.tmp)) {
      const info = TMP_NAME.test(name) ? await statIfPresent(join(this.layout.tmp, name)) : undefined;
      if (info && info.mtime < before) {
        yield { id: `${TMP_ID_PREFIX}${name}`, offset: info.size, createdAt: info.mtime };
      }
    }
  }

  private async openSession(id: string, flags: 'r' | 'r+') {
    try {
      return await open(this.path(id), flags);
    } catch (err) {
      throw isMissing(err) ? uploadNotFound(id) : err;
    }
  }

  private async exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(id) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => undefined);
    this.queues.set(id, tail);
    try {
      return await run;
    } finally {
      if (this.queues.get(id) === tail) this.queues.delete(id);
    }
  }
}

async function statIfPresent(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}
