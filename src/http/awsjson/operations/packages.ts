import { DomainError } from '../../../domain/errors.js';
import type { ApprovalStatus, JsonValue, Lifecycle, PackageSpec } from '../../../domain/model.js';
import type { AwsOperation } from '../call.js';
import { str } from '../call.js';
import { AWS_ERRORS } from '../errors.js';
import { commonListArgs, nextToken } from '../paging.js';
import { batchSummary, domainTags, packageDescription, packageSummary } from '../wire.js';

/** CreateModelPackage members kept verbatim as the package's spec and returned by DescribeModelPackage. */
export const SPEC_MEMBERS = [
  'InferenceSpecification',
  'ValidationSpecification',
  'SourceAlgorithmSpecification',
  'CertifyForMarketplace',
  'MetadataProperties',
  'ModelMetrics',
  'Domain',
  'Task',
  'SamplePayloadUrl',
  'DriftCheckBaselines',
  'AdditionalInferenceSpecifications',
  'SkipModelValidation',
  'SourceUri',
  'SecurityConfig',
  'ModelCard',
  'ModelPackageRegistrationType',
  'ManagedStorageType',
] as const;

/** UpdateModelPackage members that replace the stored value as a whole (reference e.4). */
const REPLACEABLE_MEMBERS = [
  'InferenceSpecification',
  'SourceUri',
  'ModelCard',
  'ModelPackageRegistrationType',
] as const;

function pick(input: Readonly<Record<string, unknown>>, members: readonly string[]): PackageSpec {
  const spec: Record<string, JsonValue> = {};
  for (const m of members) if (input[m] !== undefined) spec[m] = input[m] as JsonValue;
  return spec;
}

function lifecycle(input: Readonly<Record<string, unknown>>): Lifecycle | undefined {
  const lc = input.ModelLifeCycle as
    | { Stage: string; StageStatus: string; StageDescription?: string }
    | undefined;
  if (!lc) return undefined;
  return {
    stage: lc.Stage,
    stageStatus: lc.StageStatus,
    ...(lc.StageDescription !== undefined && { stageDescription: lc.StageDescription }),
  };
}

function invalid(message: string): DomainError {
  return new DomainError('ValidationFailed', message);
}

export const createModelPackage: AwsOperation = async ({ actor, registry, input }) => {
  const groupName = str(input, 'ModelPackageGroupName');
  const name = str(input, 'ModelPackageName');
  if (groupName !== undefined && name !== undefined) {
    throw invalid(
      'Both ModelPackageName and ModelPackageGroupName are provided in the input. Cannot determine which one to use.',
    );
  }
  if (groupName === undefined && name === undefined) {
    throw invalid(
      'Missing ARN. Set ModelPackageGroupName to register a version in a group, or ModelPackageName for an unversioned package.',
    );
  }
  const description = str(input, 'ModelPackageDescription');
  const clientToken = str(input, 'ClientToken');
  const lc = lifecycle(input);
  const metadata = input.CustomerMetadataProperties as Record<string, string> | undefined;
  const spec = pick(input, SPEC_MEMBERS);
  if (groupName !== undefined) {
    if (Array.isArray(input.Tags) && input.Tags.length > 0) {
      throw invalid(
        'Tags cannot be set when creating a model package version; tag the model package group, use AddTags on the version ARN, or use CustomerMetadataProperties.',
      );
    }
    const approval = str(input, 'ModelApprovalStatus') as ApprovalStatus | undefined;
    const pkg = await registry.versions.register(actor, {
      group: groupName,
      ...(description !== undefined && { description }),
      ...(approval && { approvalStatus: approval }),
      ...(lc && { lifecycle: lc }),
      ...(metadata && { customerMetadata: metadata }),
      spec,
      ...(clientToken !== undefined && { clientToken }),
    });
    return { ModelPackageArn: pkg.arn };
  }
  if (input.ModelApprovalStatus !== undefined) {
    throw invalid(
      'ModelApprovalStatus applies only to versioned model packages (created with ModelPackageGroupName).',
    );
  }
  const pkg = await registry.versions.createUnversioned(actor, {
    name: name!,
    ...(description !== undefined && { description }),
    ...(lc && { lifecycle: lc }),
    ...(metadata && { customerMetadata: metadata }),
    spec,
    tags: domainTags(input.Tags),
    ...(clientToken !== undefined && { clientToken }),
  });
  return { ModelPackageArn: pkg.arn };
};

export const describeModelPackage: AwsOperation = async ({ actor, registry, input }) =>
  packageDescription(await registry.versions.describe(actor, str(input, 'ModelPackageName')!));

export const listModelPackages: AwsOperation = async ({ actor, registry, input }) => {
  const group = str(input, 'ModelPackageGroupName');
  // A group's versions are listed by number whatever the sort (the store explains why).
  const { args, fingerprint } = commonListArgs(input, group !== undefined ? ['number'] : undefined);
  const approvalStatus = str(input, 'ModelApprovalStatus') as ApprovalStatus | undefined;
  const result = await registry.queries.list(actor, {
    ...args,
    ...(group !== undefined && { group }),
    kind: (str(input, 'ModelPackageType') ?? 'Unversioned') as 'Versioned' | 'Unversioned' | 'Both',
    ...(approvalStatus && { approvalStatus }),
  });
  return {
    ModelPackageSummaryList: result.items.map(packageSummary),
    ...nextToken(result.next, fingerprint),
  };
};

export const updateModelPackage: AwsOperation = async ({ actor, registry, input }) => {
  const approval = str(input, 'ModelApprovalStatus') as ApprovalStatus | undefined;
  const approvalDescription = str(input, 'ApprovalDescription');
  const lc = lifecycle(input);
  const replacements = pick(input, REPLACEABLE_MEMBERS);
  const toAdd = input.AdditionalInferenceSpecificationsToAdd as JsonValue[] | undefined;
  const pkg = await registry.updates.update(actor, {
    ref: str(input, 'ModelPackageArn')!,
    ...(approval && { approvalStatus: approval }),
    ...(approvalDescription !== undefined && { approvalDescription }),
    ...(input.CustomerMetadataProperties !== undefined && {
      customerMetadata: input.CustomerMetadataProperties as Record<string, string>,
    }),
    ...(input.CustomerMetadataPropertiesToRemove !== undefined && {
      customerMetadataToRemove: input.CustomerMetadataPropertiesToRemove as string[],
    }),
    ...(lc && { lifecycle: lc }),
    ...(Object.keys(replacements).length > 0 && { specReplacements: replacements }),
    ...(toAdd && { additionalInferenceSpecificationsToAdd: toAdd }),
  });
  return { ModelPackageArn: pkg.arn };
};

export const deleteModelPackage: AwsOperation = async ({ actor, registry, input }) => {
  await registry.versions.delete(actor, str(input, 'ModelPackageName')!);
  return undefined;
};

export const batchDescribeModelPackage: AwsOperation = async ({ actor, registry, input }) => {
  const arns = input.ModelPackageArnList as string[];
  const { found, failed } = await registry.versions.batchDescribe(actor, arns);
  const summaries: Record<string, unknown> = {};
  for (const [arn, pkg] of found) summaries[arn] = batchSummary(pkg);
  const errors: Record<string, unknown> = {};
  for (const [arn, err] of failed)
    errors[arn] = { ErrorCode: AWS_ERRORS[err.code].type, ErrorResponse: err.message };
  return {
    ...(found.size > 0 && { ModelPackageSummaries: summaries }),
    ...(failed.size > 0 && { BatchDescribeModelPackageErrorMap: errors }),
  };
};
