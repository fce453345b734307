import { createHash } from 'node:crypto';

/** Raw native-API calls of the artifact tests: bodies are bytes, answers keep their headers. */

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Deterministic bytes of a given length (no two sizes share a digest). */
export function bytesOf(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

export interface Reply<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly json: T;
}

export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: Record<string, unknown>;
  };
}

/** A JSON call (or none) to /api/v1. */
export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply<T>> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : {}) as T };
}

/** Sends bytes to a raw-body route (POST /artifacts, PATCH /artifacts/uploads/{id}). */
export async function sendBytes<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  body: Buffer | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/octet-stream', ...headers },
    body,
    ...(!(body instanceof Buffer) && { duplex: 'half' }),
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : {}) as T };
}

export interface Stored {
  readonly uri: string;
  readonly sha256: string;
  readonly size: number;
  readonly existed: boolean;
}

export function upload(
  base: string,
  bytes: Buffer,
  headers: Record<string, string> = {},
): Promise<Reply<Stored>> {
  return sendBytes<Stored>(base, 'POST', '/artifacts', bytes, headers);
}

/** GET (or HEAD) of a blob, with the whole body read. */
export async function download(
  base: string,
  digest: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(`${base}/api/v1/artifacts/${digest}`, { method, headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** A body that yields `chunks` and then waits until `release` resolves (or errors when aborted). */
export function slowBody(chunks: readonly Buffer[], release: Promise<void>): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i < chunks.length) {
        controller.enqueue(chunks[i++]!);
        return;
      }
      await release;
      controller.close();
    },
  });
}
