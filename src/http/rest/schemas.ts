import { LIMITS } from '../../domain/limits.js';
import { APPROVAL_STATUSES } from '../../domain/model.js';

declare module 'fastify' {
  /** Documentation members read by the OpenAPI collector; fastify itself ignores them. */
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: string[];
    responses?: Record<number, unknown>;
  }
}

/** JSON Schemas of the native API: fastify validates requests with them and the OpenAPI document reuses them. */

export const NAME = {
  type: 'string',
  minLength: 1,
  maxLength: 63,
  pattern: '^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$',
};
const DESCRIPTION = { type: 'string', maxLength: LIMITS.descriptionMax };
const APPROVAL = { type: 'string', enum: [...APPROVAL_STATUSES] };
const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } };
const METRICS = {
  type: 'object',
  maxProperties: LIMITS.metricsPerVersion,
  propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$' },
  additionalProperties: { type: 'number' },
};
const LIFECYCLE = {
  type: 'object',
  required: ['stage', 'stageStatus'],
  additionalProperties: false,
  properties: { stage: NAME, stageStatus: NAME, stageDescription: DESCRIPTION },
};

export const ErrorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'Stable code from the error catalogue (docs/errors.md).' },
        message: { type: 'string' },
        details: { type: 'object' },
      },
    },
  },
};

export const GroupSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    arn: { type: 'string' },
    description: { type: 'string' },
    status: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: { type: 'string' },
    tags: STRING_MAP,
  },
};

export const VersionSchema = {
  type: 'object',
  properties: {
    arn: { type: 'string' },
    group: { type: 'string' },
    version: { type: 'integer' },
    description: { type: 'string' },
    status: { type: 'string' },
    approvalStatus: APPROVAL,
    approvalDescription: { type: 'string' },
    lifecycle: LIFECYCLE,
    metrics: METRICS,
    metadata: STRING_MAP,
    image: { type: 'string' },
    artifactUri: { type: 'string' },
    inferenceSpecification: { type: 'object', description: 'SageMaker InferenceSpecification, verbatim.' },
    artifacts: {
      type: 'array',
      description:
        'The artifact URIs of the version (containers, model data sources, metrics reports) with the digest and size pinned at registration; verified is false for URIs outside the configured store.',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string', description: 'e.g. InferenceSpecification.Containers[0].ModelDataUrl' },
          uri: { type: 'string' },
          sha256: { type: 'string' },
          size: { type: 'integer' },
          verified: { type: 'boolean' },
        },
      },
    },
    sagemaker: { type: 'object', description: 'Other CreateModelPackage members, by their SageMaker names.' },
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: { type: 'string' },
    createdByArn: { type: 'string', description: "The registrant's user ARN (its account and name)." },
    updatedAt: { type: 'string', format: 'date-time' },
    updatedBy: { type: 'string' },
    updatedByArn: { type: 'string' },
  },
};

export const ApprovalChangeSchema = {
  type: 'object',
  properties: {
    at: { type: 'string', format: 'date-time' },
    by: { type: 'string' },
    byArn: { type: 'string' },
    from: APPROVAL,
    to: APPROVAL,
    comment: { type: 'string' },
  },
};

export function pageOf(item: object): object {
  return {
    type: 'object',
    properties: {
      items: { type: 'array', items: item },
      nextPageToken: {
        type: 'string',
        description: 'Pass as pageToken to get the next page; absent on the last.',
      },
    },
  };
}

/*
 * Bodies are validated without type coercion (a metric sent as "0.9" or true is refused, not converted), so
 * the two numbers that arrive in URLs are declared as digit strings and converted by the routes.
 */
export const PAGE_QUERY = {
  limit: {
    type: 'string',
    pattern: `^([1-9][0-9]?|${LIMITS.pageSizeMax})$`,
    description: `Page size, 1-${LIMITS.pageSizeMax} (default ${LIMITS.nativePageSizeDefault}).`,
  },
  pageToken: { type: 'string', maxLength: LIMITS.pageTokenMax },
};

export function pageLimit(limit: string | undefined): number {
  return limit === undefined ? LIMITS.nativePageSizeDefault : Number(limit);
}

export const VERSION_NUMBER = {
  type: 'string',
  pattern: '^[1-9][0-9]{0,8}$',
  description: 'Version number.',
};

export const CreateGroupBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: NAME,
    description: DESCRIPTION,
    tags: { ...STRING_MAP, maxProperties: LIMITS.tagsPerResource },
  },
};

export const UpdateGroupBody = {
  type: 'object',
  additionalProperties: false,
  properties: { description: { anyOf: [DESCRIPTION, { type: 'null' }] } },
};

export const RegisterVersionBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: DESCRIPTION,
    image: { type: 'string', minLength: 1, maxLength: 255, pattern: '^\\S+$' },
    artifactUri: {
      type: 'string',
      minLength: 1,
      maxLength: 1024,
      pattern: '^((https|s3)://([^/]+)/?(.*)|modelry://artifacts/sha256/[0-9a-f]{64})$',
      description: 'Where the model data is: s3:// or https://, or the modelry:// URI an upload returned.',
    },
    contentTypes: { type: 'array', items: { type: 'string', maxLength: 256 } },
    responseTypes: { type: 'array', items: { type: 'string', maxLength: 1024 } },
    inferenceSpecification: {
      type: 'object',
      description: 'SageMaker InferenceSpecification; overrides image/artifactUri.',
    },
    metrics: METRICS,
    metadata: { ...STRING_MAP, maxProperties: LIMITS.customerMetadataEntries },
    approvalStatus: APPROVAL,
    approvalComment: { type: 'string', maxLength: LIMITS.approvalDescriptionMax },
    lifecycle: LIFECYCLE,
    sagemaker: {
      type: 'object',
      description:
        'Further CreateModelPackage members by their SageMaker names (ModelMetrics, MetadataProperties, ModelCard, DriftCheckBaselines, ...).',
    },
    clientToken: { type: 'string', minLength: 1, maxLength: 36, pattern: '^[a-zA-Z0-9-]+$' },
  },
};

export const UpdateVersionBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: DESCRIPTION,
    metadata: STRING_MAP,
    removeMetadata: { type: 'array', items: { type: 'string' } },
    metrics: { type: 'object', additionalProperties: { type: ['number', 'null'] } },
    lifecycle: LIFECYCLE,
  },
};

export const ApprovalBody = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: { status: APPROVAL, comment: { type: 'string', maxLength: LIMITS.approvalDescriptionMax } },
};
