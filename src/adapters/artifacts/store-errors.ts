import { DomainError } from '../../domain/errors.js';

export function artifactNotFound(sha256: string): DomainError {
  return new DomainError('ArtifactNotFound', `No artifact with sha256 ${sha256} is stored.`, { sha256 });
}

export function uploadNotFound(id: string): DomainError {
  return new DomainError('UploadNotFound', `Upload session ${id} does not exist.`, { uploadId: id });
}

export function offsetMismatch(id: string, offset: number, given: number): DomainError {
  return new DomainError(
    'UploadOffsetMismatch',
    `Upload session ${id} stands at offset ${offset}; a chunk at offset ${given} does not fit.`,
    { uploadId: id, offset },
  );
}
