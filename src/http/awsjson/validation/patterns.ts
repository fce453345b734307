import { javaPattern } from './java-regex.js';

/**
 * The model's patterns, shared by several shapes. Texts are exactly those of the reference tables
 * (with the markdown table escape `\|` undone), because AWS prints them verbatim in its messages.
 */

/** `EntityName`: group names, stages, profile names, ... */
export const ENTITY_NAME = javaPattern('[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}');

/** `EntityDescription`: group, package and inference-specification descriptions. */
export const ENTITY_DESCRIPTION = javaPattern(String.raw`[\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*`);

/** `ArnOrName`: a group name or ARN (also `SourceAlgorithm.AlgorithmName`). */
export const ARN_OR_NAME = javaPattern(
  String.raw`(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:[a-z\-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)`,
);

/** `VersionedArnOrName`: a package name or ARN, optionally with `/VERSION`. */
export const VERSIONED_ARN_OR_NAME = javaPattern(
  String.raw`(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:[a-z\-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)(\/[0-9]{1,9})?`,
);

/** `ModelPackageArn`. */
export const MODEL_PACKAGE_ARN = javaPattern(
  String.raw`arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]{9,16}:[0-9]{12}:model-package/[\S]{1,2048}`,
);

/** `ResourceArn` of the tag operations. */
export const RESOURCE_ARN = javaPattern('arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:.+');

/** `NameContains` of the list operations. */
export const NAME_CONTAINS = javaPattern(String.raw`[a-zA-Z0-9\-]+`);

/** Free text without line breaks: `NextToken`, `ApprovalDescription`, content types, ... */
export const ANY_LINE = javaPattern('.*');

/** Non-empty free text without line breaks: Search property names and filter values. */
export const NON_EMPTY_LINE = javaPattern('.+');

/** `ClientToken`. */
export const CLIENT_TOKEN = javaPattern('[a-zA-Z0-9-]+');

/**
 * `Url` / `S3Uri`: model data, metrics and sample payload locations. Also accepted (messages still print
 * the model's pattern): the backend-neutral URI of an uploaded artifact, `modelry://artifacts/sha256/<hex>`,
 * which is how the local artifact store names its blobs.
 */
export const S3_OR_HTTPS_URI = javaPattern(
  '(https|s3)://([^/]+)/?(.*)',
  '(https|s3)://([^/]+)/?(.*)|modelry://artifacts/sha256/[0-9a-f]{64}',
);

/**
 * `CustomerMetadataKey` / `CustomerMetadataValue`. As written, the model's patterns quantify the `$`
 * anchor (`...)${1,128}`), which Java accepts (a repeated zero-width end assertion) and JavaScript
 * rejects; `$` repeated is the same as `$` once, and whole-input matching makes it redundant, so the
 * character-class part alone is enforced. The original text is what messages print (it is assembled
 * from pieces only so that `${` is not read as a template interpolation).
 */
export const CUSTOMER_METADATA_KEY = javaPattern(
  String.raw`([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)` + '$' + '{1,128}',
  String.raw`[\p{L}\p{Z}\p{N}_.:\/=+\-@]*`,
);
export const CUSTOMER_METADATA_VALUE = javaPattern(
  String.raw`([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)` + '$' + '{1,256}',
  String.raw`[\p{L}\p{Z}\p{N}_.:\/=+\-@]*`,
);

/** `TagKey` / `TagValue` (also `VisibilityConditions` keys and values). */
export const TAG_KEY_OR_VALUE = javaPattern(String.raw`([\p{L}\p{Z}\p{N}_.:/=+\-@]*)`);

/** `ModelPackageSourceUri`. */
export const SOURCE_URI = javaPattern(String.raw`[\p{L}\p{M}\p{Z}\p{N}\p{P}]{0,1024}`);

/** `ContainerImage`: no whitespace. */
export const CONTAINER_IMAGE = javaPattern(String.raw`[\S]+`);

/** `ImageDigest` / `ContentDigest`. */
export const SHA256_DIGEST = javaPattern('[Ss][Hh][Aa]256:[0-9a-fA-F]{64}');

/** `ProductId`. */
export const PRODUCT_ID = javaPattern('[a-zA-Z0-9](-*[a-zA-Z0-9])*');

/** `EnvironmentKey` of container definitions. */
export const ENVIRONMENT_KEY = javaPattern('[a-zA-Z_][a-zA-Z0-9_]*');

/** `EnvironmentValue` / `TransformEnvironmentValue`: anything, line breaks included. */
export const ANY_TEXT = javaPattern(String.raw`[\S\s]*`);

/** `ModelInput.DataInputConfig`: anything non-empty, line breaks included. */
export const NON_EMPTY_TEXT = javaPattern(String.raw`[\S\s]+`);

/** `ModelPackageFrameworkVersion`. */
export const FRAMEWORK_VERSION = javaPattern(String.raw`[0-9]\.[A-Za-z0-9.-]+`);

/** `ResponseMIMEType`. */
export const RESPONSE_MIME_TYPE = javaPattern(String.raw`[-\w]+\/.+`);

/** `AdditionalModelChannelName`. */
export const CHANNEL_NAME = javaPattern(String.raw`[A-Za-z0-9\.\-_]+`);

/** `HubContentVersion`. The unescaped dots are the model's: any character but a line break. */
export const HUB_CONTENT_VERSION = javaPattern(String.raw`\d{1,4}.\d{1,4}.\d{1,4}`);

/** `RoleArn`. */
export const ROLE_ARN = javaPattern(String.raw`arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`);

/** `KmsKeyId`. */
export const KMS_KEY_ID = javaPattern('[a-zA-Z0-9:/_-]*');

/** `TransformEnvironmentKey`. */
export const TRANSFORM_ENVIRONMENT_KEY = javaPattern('[a-zA-Z_][a-zA-Z0-9_]{0,1023}');

/** `TransformAmiVersion`. */
export const TRANSFORM_AMI_VERSION = javaPattern('[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*');

/** `StageDescription`. */
export const STAGE_DESCRIPTION = javaPattern('.{0,1024}');
