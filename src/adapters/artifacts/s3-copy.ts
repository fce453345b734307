import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import type { Bucket } from './s3-objects.js';
import { CONTENT_TYPE, MAX_PARTS } from './s3-writer.js';

export interface CopyTuning {
  /** Objects larger than this are copied part by part (S3 copies at most 5 GiB in one CopyObject). */
  readonly multipartAboveBytes: number;
  /** Smallest part of a multipart copy (grown so that the parts stay within S3's 10,000). */
  readonly partBytes: number;
}

export const DEFAULT_COPY_TUNING: CopyTuning = {
  multipartAboveBytes: 5 * 1024 ** 3,
  partBytes: 512 * 1024 ** 2,
};

/**
 * Server-side copy of `source` to `target` (the same key renews its LastModified: a touch). The bytes
 * never pass through this process.
 */
export async function copyObject(
  bucket: Bucket,
  source: string,
  target: string,
  size: number,
  tuning: CopyTuning,
): Promise<void> {
  const { client, name } = bucket;
  const copySource = `${name}/${source.split('/').map(encodeURIComponent).join('/')}`;
  if (size <= tuning.multipartAboveBytes) {
    await client.send(
      new CopyObjectCommand({
        Bucket: name,
        Key: target,
        CopySource: copySource,
        // REPLACE is what lets S3 copy an object onto itself.
        MetadataDirective: 'REPLACE',
        ContentType: CONTENT_TYPE,
      }),
    );
    return;
  }
  const partBytes = Math.max(tuning.partBytes, Math.ceil(size / MAX_PARTS));
  const created = await client.send(
    new CreateMultipartUploadCommand({ Bucket: name, Key: target, ContentType: CONTENT_TYPE }),
  );
  const uploadId = created.UploadId!;
  try {
    const parts: CompletedPart[] = [];
    for (let start = 0; start < size; start += partBytes) {
      const end = Math.min(start + partBytes, size) - 1;
      const out = await client.send(
        new UploadPartCopyCommand({
          Bucket: name,
          Key: target,
          UploadId: uploadId,
          PartNumber: parts.length + 1,
          CopySource: copySource,
          CopySourceRange: `bytes=${start}-${end}`,
        }),
      );
      parts.push({ PartNumber: parts.length + 1, ETag: out.CopyPartResult?.ETag ?? '' });
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: name,
        Key: target,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (err) {
    await client
      .send(new AbortMultipartUploadCommand({ Bucket: name, Key: target, UploadId: uploadId }))
      .catch(() => undefined);
    throw err;
  }
}
