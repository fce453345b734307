import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { DownloadResult, ModelryClient, UploadResult } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { createProgress } from '../progress.js';

/** Uploads and downloads with a progress line on stderr (shown only on a terminal). */

/** A file to upload that is not there is a usage mistake, found before any request. */
export function requireFile(path: string, flag: string): void {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch (err) {
    throw new UsageError(
      `${flag} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
    );
  }
  if (!isFile) throw new UsageError(`${flag} ${path}: not a regular file.`);
}

export async function uploadFile(
  client: ModelryClient,
  path: string,
  contentType?: string,
): Promise<UploadResult> {
  const progress = createProgress(basename(path));
  try {
    return await client.artifacts.upload(path, {
      onProgress: (p) => progress.update(p),
      ...(contentType !== undefined && { contentType }),
    });
  } finally {
    progress.done();
  }
}

export async function downloadFile(
  client: ModelryClient,
  sha256: string,
  dest: string,
): Promise<DownloadResult> {
  const progress = createProgress(basename(dest));
  try {
    return await client.artifacts.download(sha256, dest, { onProgress: (p) => progress.update(p) });
  } finally {
    progress.done();
  }
}
