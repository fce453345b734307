import { ANY_LINE, CLIENT_TOKEN, MODEL_PACKAGE_ARN, SOURCE_URI, VERSIONED_ARN_OR_NAME } from './patterns.js';
import { bool, enumOf, list, str, struct, timestamp } from './shape.js';
import {
  ARN_OR_NAME_1_170,
  CUSTOMER_METADATA_KEY_SHAPE,
  CUSTOMER_METADATA_MAP,
  ENTITY_DESCRIPTION_0_1024,
  ENTITY_NAME_1_63,
  MANAGED_STORAGE_TYPE,
  MAX_RESULTS_1_100,
  MODEL_APPROVAL_STATUS,
  MODEL_PACKAGE_REGISTRATION_TYPE,
  NAME_CONTAINS_SHAPE,
  NEXT_TOKEN,
  SKIP_MODEL_VALIDATION,
  SORT_ORDER,
} from './shapes-common.js';
import {
  ADDITIONAL_INFERENCE_SPECIFICATIONS,
  DriftCheckBaselines,
  InferenceSpecification,
  MetadataProperties,
  ModelLifeCycle,
  ModelMetrics,
  ModelPackageModelCard,
  ModelPackageSecurityConfig,
  SourceAlgorithmSpecification,
} from './shapes-nested.js';
import { TagList } from './shapes-tags.js';
import { ModelPackageValidationSpecification, S3_URI } from './shapes-transform.js';

/** Inputs of the model package operations (reference b.3). */

/** `ModelPackageArn`: len 1..2048. */
const MODEL_PACKAGE_ARN_SHAPE = str({ min: 1, max: 2048, pattern: MODEL_PACKAGE_ARN });

/** `VersionedArnOrName`: len 1..176. */
const VERSIONED_ARN_OR_NAME_1_176 = str({ min: 1, max: 176, pattern: VERSIONED_ARN_OR_NAME });

/** `ClientToken`: len 1..36. */
const CLIENT_TOKEN_SHAPE = str({ min: 1, max: 36, pattern: CLIENT_TOKEN });

/** `ModelPackageSourceUri`: len 0..1024. */
const SOURCE_URI_SHAPE = str({ min: 0, max: 1024, pattern: SOURCE_URI });

export const CreateModelPackageInput = struct({
  ModelPackageName: ENTITY_NAME_1_63,
  ModelPackageGroupName: ARN_OR_NAME_1_170,
  ModelPackageDescription: ENTITY_DESCRIPTION_0_1024,
  ModelPackageRegistrationType: MODEL_PACKAGE_REGISTRATION_TYPE,
  InferenceSpecification,
  ValidationSpecification: ModelPackageValidationSpecification,
  SourceAlgorithmSpecification,
  CertifyForMarketplace: bool(),
  Tags: TagList,
  ModelApprovalStatus: MODEL_APPROVAL_STATUS,
  MetadataProperties,
  ModelMetrics,
  ClientToken: CLIENT_TOKEN_SHAPE,
  Domain: str(),
  Task: str(),
  SamplePayloadUrl: S3_URI,
  CustomerMetadataProperties: CUSTOMER_METADATA_MAP,
  DriftCheckBaselines,
  AdditionalInferenceSpecifications: ADDITIONAL_INFERENCE_SPECIFICATIONS,
  SkipModelValidation: SKIP_MODEL_VALIDATION,
  SourceUri: SOURCE_URI_SHAPE,
  SecurityConfig: ModelPackageSecurityConfig,
  ModelCard: ModelPackageModelCard,
  ModelLifeCycle,
  ManagedStorageType: MANAGED_STORAGE_TYPE,
});

export const DescribeModelPackageInput = struct({ ModelPackageName: VERSIONED_ARN_OR_NAME_1_176 }, [
  'ModelPackageName',
]);

export const ListModelPackagesInput = struct({
  CreationTimeAfter: timestamp(),
  CreationTimeBefore: timestamp(),
  MaxResults: MAX_RESULTS_1_100,
  NameContains: NAME_CONTAINS_SHAPE,
  ModelApprovalStatus: MODEL_APPROVAL_STATUS,
  ModelPackageGroupName: ARN_OR_NAME_1_170,
  ModelPackageType: enumOf(['Versioned', 'Unversioned', 'Both']),
  NextToken: NEXT_TOKEN,
  SortBy: enumOf(['Name', 'CreationTime']),
  SortOrder: SORT_ORDER,
});

export const UpdateModelPackageInput = struct(
  {
    ModelPackageArn: MODEL_PACKAGE_ARN_SHAPE,
    ModelApprovalStatus: MODEL_APPROVAL_STATUS,
    ModelPackageRegistrationType: MODEL_PACKAGE_REGISTRATION_TYPE,
    ApprovalDescription: str({ min: 0, max: 1024, pattern: ANY_LINE }),
    CustomerMetadataProperties: CUSTOMER_METADATA_MAP,
    CustomerMetadataPropertiesToRemove: list(CUSTOMER_METADATA_KEY_SHAPE),
    AdditionalInferenceSpecificationsToAdd: ADDITIONAL_INFERENCE_SPECIFICATIONS,
    InferenceSpecification,
    SourceUri: SOURCE_URI_SHAPE,
    ModelCard: ModelPackageModelCard,
    ModelLifeCycle,
    ClientToken: CLIENT_TOKEN_SHAPE,
  },
  ['ModelPackageArn'],
);

export const DeleteModelPackageInput = struct({ ModelPackageName: VERSIONED_ARN_OR_NAME_1_176 }, [
  'ModelPackageName',
]);

export const BatchDescribeModelPackageInput = struct(
  { ModelPackageArnList: list(MODEL_PACKAGE_ARN_SHAPE, { min: 1, max: 100 }) },
  ['ModelPackageArnList'],
);
