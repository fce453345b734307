import assert from 'node:assert/strict';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DomainError, type ErrorCode } from '../../../src/domain/errors.js';
import type { ArtifactStore } from '../../../src/ports/artifact-store.js';

export const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** What a contract test gets: a fresh, empty store, and a look behind its back. */
export interface OpenedStore {
  readonly store: ArtifactStore;
  /** Everything the store keeps (files, objects, unfinished multipart uploads), whatever its kind. */
  leftovers(): Promise<string[]>;
  close(): Promise<void>;
}

export type OpenStore = () => Promise<OpenedStore>;

export function bytes(data: string | Buffer): Readable {
  return Readable.from([Buffer.from(data)]);
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `size` pseudo-random bytes, the same for the same seed, made as they are read (never all at once). */
export function pseudoRandom(size: number, seed: number): Readable {
  const key = createHash('sha256').update(`seed ${seed}`).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(CHUNK);
  let left = size;
  return new Readable({
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const n = Math.min(left, CHUNK);
      left -= n;
      this.push(cipher.update(zeros.subarray(0, n)));
    },
  });
}

/** The sha256 and size of a stream, read chunk by chunk. */
export async function digestOf(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

export async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

/**
 * A body that sends `size` bytes and then breaks, as a connection does when the client or the server
 * dies mid-upload: destroyed with `error`, or without one (a premature close).
 */
export function breaksAfter(size: number, error?: Error): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) {
        this.destroy(error);
        return;
      }
      const n = Math.min(CHUNK, size - sent);
      sent += n;
      this.push(randomBytes(n));
    },
  });
}

export async function rejectsWith(
  work: Promise<unknown>,
  code: ErrorCode,
  check?: (err: DomainError) => void,
): Promise<void> {
  await assert.rejects(work, (err: unknown) => {
    assert.ok(err instanceof DomainError, `expected DomainError ${code}, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    check?.(err);
    return true;
  });
}

export async function listAll(store: ArtifactStore): Promise<string[]> {
  const seen: string[] = [];
  for await (const blob of store.list()) seen.push(blob.sha256);
  return seen;
}

/** Asserts that the store shows nothing and keeps nothing behind. */
export async function assertEmpty(opened: OpenedStore, digest?: string): Promise<void> {
  if (digest) assert.equal(await opened.store.stat(digest), undefined);
  assert.deepEqual(await listAll(opened.store), []);
  assert.deepEqual(await opened.leftovers(), []);
}
