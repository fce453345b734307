import { LIMITS } from '../../domain/limits.js';

/** JSON Schemas of the artifact routes (request validation and the OpenAPI document). */

const HEX = { type: 'string', pattern: '^[0-9a-fA-F]{64}$', description: 'sha256 digest, 64 hex digits.' };

export const ShaParams = { type: 'object', required: ['sha256'], properties: { sha256: HEX } };
export const UploadParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 128, description: 'Upload session id.' } },
};

/** Pages of blobs may be longer than other lists: an item is small, and a store lists from its start. */
export const ARTIFACT_PAGE_MAX = 1000;
export const ARTIFACT_PAGE_DEFAULT = 100;

export const ArtifactListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: {
      type: 'string',
      pattern: '^([1-9][0-9]{0,2}|1000)$',
      description: `Page size, 1-${ARTIFACT_PAGE_MAX} (default ${ARTIFACT_PAGE_DEFAULT}).`,
    },
    pageToken: { type: 'string', maxLength: LIMITS.pageTokenMax },
  },
};

export const StoredArtifactSchema = {
  type: 'object',
  properties: {
    uri: { type: 'string', description: 'The URI that names the blob: use it as ModelDataUrl.' },
    sha256: { type: 'string' },
    size: { type: 'integer' },
    existed: { type: 'boolean', description: 'The blob was already stored (these bytes were discarded).' },
  },
};

export const ArtifactItemSchema = {
  type: 'object',
  properties: {
    sha256: { type: 'string' },
    size: { type: 'integer' },
    modifiedAt: { type: 'string', format: 'date-time' },
    uri: { type: 'string' },
  },
};

export const UploadSessionSchema = {
  type: 'object',
  properties: {
    uploadId: { type: 'string' },
    offset: { type: 'integer', description: 'Bytes received so far: where the next chunk must start.' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

export const CompleteUploadBody = {
  type: 'object',
  additionalProperties: false,
  properties: { sha256: { ...HEX, description: 'The digest the uploaded bytes must have.' } },
};

export const EmptyBody = { type: 'object', additionalProperties: false, properties: {} };

export const VerifyResultSchema = {
  type: 'object',
  properties: {
    checked: { type: 'integer' },
    bytes: { type: 'integer' },
    corrupt: {
      type: 'array',
      items: { type: 'object', properties: { sha256: { type: 'string' }, actualSha256: { type: 'string' } } },
    },
  },
};

export const GcBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    dryRun: { type: 'boolean', description: 'Report what would be deleted, delete nothing.' },
    graceSeconds: {
      type: 'integer',
      minimum: 0,
      description:
        'Spare blobs and upload sessions younger than this (default MODELRY_ARTIFACT_GC_GRACE_SECONDS).',
    },
  },
};

export const GcResultSchema = {
  type: 'object',
  properties: {
    dryRun: { type: 'boolean' },
    deleted: {
      type: 'array',
      items: { type: 'object', properties: { sha256: { type: 'string' }, size: { type: 'integer' } } },
    },
    freedBytes: { type: 'integer' },
    kept: { type: 'integer' },
    abandonedUploads: { type: 'integer' },
  },
};

/** A response body of raw bytes (the OpenAPI document shows it as application/octet-stream). */
export const BINARY = { type: 'string', format: 'binary', description: 'The artifact bytes.' };

/** A raw request body, streamed (never parsed); for the OpenAPI document only. */
export const RAW_BODY = { type: 'string', format: 'binary', description: 'The bytes, any Content-Type.' };
