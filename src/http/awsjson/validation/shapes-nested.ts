import { PRODUCTION_VARIANT_INSTANCE_TYPES } from './instance-types.js';
import {
  ANY_LINE,
  ANY_TEXT,
  CHANNEL_NAME,
  CONTAINER_IMAGE,
  ENVIRONMENT_KEY,
  FRAMEWORK_VERSION,
  HUB_CONTENT_VERSION,
  NON_EMPTY_TEXT,
  PRODUCT_ID,
  RESPONSE_MIME_TYPE,
  SHA256_DIGEST,
  STAGE_DESCRIPTION,
} from './patterns.js';
import { bool, enumOf, list, map, str, struct } from './shape.js';
import {
  ARN_OR_NAME_1_170,
  ENTITY_DESCRIPTION_0_1024,
  ENTITY_NAME_0_63,
  ENTITY_NAME_1_63,
  MANAGED_STORAGE_TYPE,
} from './shapes-common.js';
import {
  COMPRESSION_TYPE,
  CONTENT_TYPE,
  KMS_KEY,
  S3_URI,
  TRANSFORM_INSTANCE_TYPE,
} from './shapes-transform.js';

/**
 * Structures reachable from `CreateModelPackageInput` (reference section c), except the
 * `ValidationSpecification` closure, which lives in shapes-transform.ts.
 */

/** `ProductionVariantInstanceType` (271 values, Appendix A). */
export const PRODUCTION_VARIANT_INSTANCE_TYPE = enumOf(PRODUCTION_VARIANT_INSTANCE_TYPES);

/** `ImageDigest` / `ContentDigest`: len 0..72. */
const DIGEST = str({ min: 0, max: 72, pattern: SHA256_DIGEST });

// ---- Model data sources -------------------------------------------------------------------------

export const ModelAccessConfig = struct({ AcceptEula: bool() }, ['AcceptEula']);

export const InferenceHubAccessConfig = struct(
  { HubContentArn: str({ min: 0, max: 255, pattern: ANY_LINE }) },
  ['HubContentArn'],
);

export const S3ModelDataSource = struct(
  {
    S3Uri: S3_URI,
    S3DataType: enumOf(['S3Prefix', 'S3Object']),
    CompressionType: enumOf(['None', 'Gzip']),
    ModelAccessConfig,
    HubAccessConfig: InferenceHubAccessConfig,
    ManifestS3Uri: S3_URI,
    ETag: str(),
    ManifestEtag: str(),
  },
  ['S3Uri', 'S3DataType', 'CompressionType'],
);

export const ModelDataSource = struct({ S3DataSource: S3ModelDataSource });

export const AdditionalModelDataSource = struct(
  {
    ChannelName: str({ min: 1, max: 64, pattern: CHANNEL_NAME }),
    S3DataSource: S3ModelDataSource,
  },
  ['ChannelName', 'S3DataSource'],
);

export const ModelInput = struct({ DataInputConfig: str({ min: 1, max: 16384, pattern: NON_EMPTY_TEXT }) }, [
  'DataInputConfig',
]);

export const AdditionalS3DataSource = struct(
  {
    S3DataType: enumOf(['S3Object', 'S3Prefix']),
    S3Uri: S3_URI,
    CompressionType: COMPRESSION_TYPE,
    ETag: str(),
  },
  ['S3DataType', 'S3Uri'],
);

export const BaseModel = struct({
  HubContentName: ENTITY_NAME_0_63,
  HubContentVersion: str({ min: 5, max: 14, pattern: HUB_CONTENT_VERSION }),
  RecipeName: str({ min: 0, max: 255 }),
});

// ---- Inference specification --------------------------------------------------------------------

export const ModelPackageContainerDefinition = struct(
  {
    ContainerHostname: ENTITY_NAME_0_63,
    Image: str({ min: 0, max: 255, pattern: CONTAINER_IMAGE }),
    ImageDigest: DIGEST,
    ModelDataUrl: S3_URI,
    ModelDataSource,
    ProductId: str({ min: 0, max: 256, pattern: PRODUCT_ID }),
    Environment: map(
      str({ min: 0, max: 1024, pattern: ENVIRONMENT_KEY }),
      str({ min: 0, max: 1024, pattern: ANY_TEXT }),
      { min: 0, max: 100 },
    ),
    ModelInput,
    Framework: str(),
    FrameworkVersion: str({ min: 3, max: 10, pattern: FRAMEWORK_VERSION }),
    NearestModelName: str(),
    AdditionalModelDataSources: list(AdditionalModelDataSource, { min: 0, max: 5 }),
    AdditionalS3DataSource,
    ModelDataETag: str(),
    IsCheckpoint: bool(),
    BaseModel,
  },
  [],
);

/** Members shared by `InferenceSpecification` and `AdditionalInferenceSpecificationDefinition`. */
const containersAndTypes = {
  Containers: list(ModelPackageContainerDefinition, { min: 1, max: 15 }),
  SupportedTransformInstanceTypes: list(TRANSFORM_INSTANCE_TYPE, { min: 1 }),
  SupportedRealtimeInferenceInstanceTypes: list(PRODUCTION_VARIANT_INSTANCE_TYPE),
  SupportedContentTypes: list(CONTENT_TYPE),
  SupportedResponseMIMETypes: list(str({ min: 0, max: 1024, pattern: RESPONSE_MIME_TYPE })),
} as const;

export const InferenceSpecification = struct(containersAndTypes, ['Containers']);

export const AdditionalInferenceSpecificationDefinition = struct(
  {
    Name: ENTITY_NAME_1_63,
    Description: ENTITY_DESCRIPTION_0_1024,
    ...containersAndTypes,
  },
  ['Name', 'Containers'],
);

/** `AdditionalInferenceSpecifications` / `AdditionalInferenceSpecificationsToAdd`: items 1..15. */
export const ADDITIONAL_INFERENCE_SPECIFICATIONS = list(AdditionalInferenceSpecificationDefinition, {
  min: 1,
  max: 15,
});

// ---- Source algorithms ----------------------------------------------------------------------------

export const SourceAlgorithm = struct(
  {
    ModelDataUrl: S3_URI,
    ModelDataSource,
    ModelDataETag: str(),
    AlgorithmName: ARN_OR_NAME_1_170,
  },
  ['AlgorithmName'],
);

export const SourceAlgorithmSpecification = struct(
  { SourceAlgorithms: list(SourceAlgorithm, { min: 1, max: 1 }) },
  ['SourceAlgorithms'],
);

// ---- Metrics and drift baselines ------------------------------------------------------------------

export const MetricsSource = struct(
  {
    ContentType: CONTENT_TYPE,
    ContentDigest: DIGEST,
    S3Uri: S3_URI,
  },
  ['ContentType', 'S3Uri'],
);

export const FileSource = struct(
  {
    ContentType: CONTENT_TYPE,
    ContentDigest: DIGEST,
    S3Uri: S3_URI,
  },
  ['S3Uri'],
);

export const ModelQuality = struct({ Statistics: MetricsSource, Constraints: MetricsSource });

export const ModelDataQuality = struct({ Statistics: MetricsSource, Constraints: MetricsSource });

export const Bias = struct({
  Report: MetricsSource,
  PreTrainingReport: MetricsSource,
  PostTrainingReport: MetricsSource,
});

export const Explainability = struct({ Report: MetricsSource });

export const ModelMetrics = struct({
  ModelQuality,
  ModelDataQuality,
  Bias,
  Explainability,
});

export const DriftCheckBias = struct({
  ConfigFile: FileSource,
  PreTrainingConstraints: MetricsSource,
  PostTrainingConstraints: MetricsSource,
});

export const DriftCheckExplainability = struct({ Constraints: MetricsSource, ConfigFile: FileSource });

export const DriftCheckModelQuality = struct({ Statistics: MetricsSource, Constraints: MetricsSource });

export const DriftCheckModelDataQuality = struct({ Statistics: MetricsSource, Constraints: MetricsSource });

export const DriftCheckBaselines = struct({
  Bias: DriftCheckBias,
  Explainability: DriftCheckExplainability,
  ModelQuality: DriftCheckModelQuality,
  ModelDataQuality: DriftCheckModelDataQuality,
});

// ---- Small structures -----------------------------------------------------------------------------

export const MetadataProperties = struct({
  CommitId: str({ min: 0, max: 1024, pattern: ANY_LINE }),
  Repository: str({ min: 0, max: 1024, pattern: ANY_LINE }),
  GeneratedBy: str({ min: 0, max: 1024, pattern: ANY_LINE }),
  ProjectId: str({ min: 0, max: 1024, pattern: ANY_LINE }),
});

export const ModelPackageSecurityConfig = struct({ KmsKeyId: KMS_KEY }, ['KmsKeyId']);

export const ModelPackageModelCard = struct({
  // Marked `sensitive` in the model: AWS leaves its value out of validation messages.
  ModelCardContent: str({ min: 0, max: 100000, pattern: ANY_LINE, sensitive: true }),
  ModelCardStatus: enumOf(['Draft', 'PendingReview', 'Approved', 'Archived']),
});

export const ModelLifeCycle = struct(
  {
    Stage: ENTITY_NAME_1_63,
    StageStatus: ENTITY_NAME_1_63,
    StageDescription: str({ min: 0, max: 1024, pattern: STAGE_DESCRIPTION }),
  },
  ['Stage', 'StageStatus'],
);

export const ManagedConfiguration = struct({ ManagedStorageType: MANAGED_STORAGE_TYPE });
