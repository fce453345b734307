import { type _Object, DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** The bucket a store works in. */
export interface Bucket {
  readonly client: S3Client;
  readonly name: string;
}

/** Whether an SDK error says the object, upload or bucket does not exist. */
export function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return (
    e?.$metadata?.httpStatusCode === 404 ||
    e?.name === 'NotFound' ||
    e?.name === 'NoSuchKey' ||
    e?.name === 'NoSuchUpload'
  );
}

/** Every object under `prefix` (after the key `startAfter`, if given), in key order, a page at a time. */
export async function* listObjects(
  bucket: Bucket,
  prefix: string,
  startAfter?: string,
): AsyncIterable<_Object> {
  let token: string | undefined;
  do {
    const page = await bucket.client.send(
      new ListObjectsV2Command({
        Bucket: bucket.name,
        Prefix: prefix,
        ...(startAfter !== undefined && { StartAfter: startAfter }),
        ...(token !== undefined && { ContinuationToken: token }),
      }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key !== undefined) yield object;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}

/** Deletes objects (absent ones are no error), a thousand per request as S3 allows. */
export async function deleteKeys(bucket: Bucket, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const out = await bucket.client.send(
      new DeleteObjectsCommand({
        Bucket: bucket.name,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    const failed = out.Errors?.[0];
    if (failed) throw new Error(`S3 could not delete ${failed.Key}: ${failed.Code} ${failed.Message}`);
  }
}
