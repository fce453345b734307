import { TRANSFORM_INSTANCE_TYPES } from './instance-types.js';
import {
  ANY_LINE,
  ANY_TEXT,
  KMS_KEY_ID,
  ROLE_ARN,
  S3_OR_HTTPS_URI,
  TRANSFORM_AMI_VERSION,
  TRANSFORM_ENVIRONMENT_KEY,
} from './patterns.js';
import { enumOf, int, list, map, str, struct } from './shape.js';
import { ENTITY_NAME_1_63 } from './shapes-common.js';

/**
 * `ModelPackageValidationSpecification` and its `TransformJobDefinition` closure (reference section c).
 */

/** `TransformInstanceType` (108 values, Appendix A). */
export const TRANSFORM_INSTANCE_TYPE = enumOf(TRANSFORM_INSTANCE_TYPES);

/** `S3Uri` / `Url`: len 0..1024, `(https|s3)://([^/]+)/?(.*)`. */
export const S3_URI = str({ min: 0, max: 1024, pattern: S3_OR_HTTPS_URI });

/** `ContentType` / `Accept`: len 0..256, `.*`. */
export const CONTENT_TYPE = str({ min: 0, max: 256, pattern: ANY_LINE });

/** `KmsKeyId`: len 0..2048. */
export const KMS_KEY = str({ min: 0, max: 2048, pattern: KMS_KEY_ID });

/** `CompressionType`. */
export const COMPRESSION_TYPE = enumOf(['None', 'Gzip']);

export const TransformS3DataSource = struct(
  {
    S3DataType: enumOf(['ManifestFile', 'S3Prefix', 'AugmentedManifestFile', 'Converse']),
    S3Uri: S3_URI,
  },
  ['S3DataType', 'S3Uri'],
);

export const TransformDataSource = struct({ S3DataSource: TransformS3DataSource }, ['S3DataSource']);

export const TransformInput = struct(
  {
    DataSource: TransformDataSource,
    ContentType: CONTENT_TYPE,
    CompressionType: COMPRESSION_TYPE,
    SplitType: enumOf(['None', 'Line', 'RecordIO', 'TFRecord']),
  },
  ['DataSource'],
);

export const TransformOutput = struct(
  {
    S3OutputPath: S3_URI,
    Accept: CONTENT_TYPE,
    AssembleWith: enumOf(['None', 'Line']),
    KmsKeyId: KMS_KEY,
  },
  ['S3OutputPath'],
);

export const TransformResources = struct(
  {
    InstanceType: TRANSFORM_INSTANCE_TYPE,
    InstanceCount: int({ min: 1 }),
    VolumeKmsKeyId: KMS_KEY,
    TransformAmiVersion: str({ min: 1, max: 63, pattern: TRANSFORM_AMI_VERSION }),
  },
  ['InstanceType', 'InstanceCount'],
);

export const TransformJobDefinition = struct(
  {
    MaxConcurrentTransforms: int({ min: 0 }),
    MaxPayloadInMB: int({ min: 0 }),
    BatchStrategy: enumOf(['MultiRecord', 'SingleRecord']),
    Environment: map(
      str({ min: 0, max: 1024, pattern: TRANSFORM_ENVIRONMENT_KEY }),
      str({ min: 0, max: 10240, pattern: ANY_TEXT }),
      { min: 0, max: 16 },
    ),
    TransformInput,
    TransformOutput,
    TransformResources,
  },
  ['TransformInput', 'TransformOutput', 'TransformResources'],
);

export const ModelPackageValidationProfile = struct(
  {
    ProfileName: ENTITY_NAME_1_63,
    TransformJobDefinition,
  },
  ['ProfileName', 'TransformJobDefinition'],
);

export const ModelPackageValidationSpecification = struct(
  {
    ValidationRole: str({ min: 20, max: 2048, pattern: ROLE_ARN }),
    ValidationProfiles: list(ModelPackageValidationProfile, { min: 0, max: 1 }),
  },
  ['ValidationRole', 'ValidationProfiles'],
);
