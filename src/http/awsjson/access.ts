import {
  groupArn,
  resolveGroupRef,
  resolvePackageRef,
  type Scope,
  scopeOfRef,
  unversionedArn,
  versionArn,
} from '../../domain/names.js';
import type { AccessRequest, ConditionKeys } from '../../services/authorizer.js';

type Input = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A bare name is the caller's account's group; an ARN may name another account's (cross-account access). */
function groupResource(scope: Scope, ref: unknown): string {
  const value = text(ref) ?? '';
  const resolved = resolveGroupRef(scope, value);
  return resolved && !resolved.foreign ? groupArn(scopeOfRef(scope, resolved), resolved.name) : value || '*';
}

function packageResource(scope: Scope, ref: unknown): string {
  const value = text(ref) ?? '';
  const resolved = resolvePackageRef(scope, value);
  if (!resolved || resolved.foreign) return value || '*';
  const where = scopeOfRef(scope, resolved);
  return resolved.kind === 'version'
    ? versionArn(where, resolved.group, resolved.version)
    : unversionedArn(where, resolved.name);
}

/** A tagged resource: a group or a package, by ARN. */
function taggedResource(scope: Scope, ref: unknown): string {
  const value = text(ref) ?? '';
  return value.includes(':model-package-group/')
    ? groupResource(scope, value)
    : packageResource(scope, value);
}

/** sagemaker:ModelApprovalStatus only when the request sets a status (the built-in roles rely on that). */
function packageKeys(input: Input): ConditionKeys {
  const lifecycle = input.ModelLifeCycle as { Stage?: unknown; StageStatus?: unknown } | undefined;
  return {
    'sagemaker:ModelApprovalStatus': text(input.ModelApprovalStatus),
    'sagemaker:ModelLifeCycle:stage': text(lifecycle?.Stage),
    'sagemaker:ModelLifeCycle:stageStatus': text(lifecycle?.StageStatus),
    ...requestTagKeys(input.Tags),
  };
}

function requestTagKeys(tags: unknown): ConditionKeys {
  if (!Array.isArray(tags)) return {};
  const keys: Record<string, string | readonly string[]> = {};
  for (const tag of tags as { Key?: unknown; Value?: unknown }[]) {
    if (typeof tag?.Key === 'string') keys[`aws:RequestTag/${tag.Key}`] = text(tag.Value) ?? '';
  }
  keys['aws:TagKeys'] = (tags as { Key?: unknown }[]).map((t) => String(t?.Key));
  return keys;
}

/**
 * What each SageMaker operation asks, for the authorizer: its action, the resource it is checked on
 * (src/access/actions.ts) and the request's condition keys. BatchDescribeModelPackage is checked once per
 * package.
 */
export function awsAccessRequests(operation: string, input: Input, scope: Scope): AccessRequest[] {
  const action = `sagemaker:${operation}`;
  switch (operation) {
    case 'CreateModelPackageGroup':
      return [
        {
          action,
          resource: groupResource(scope, input.ModelPackageGroupName),
          keys: requestTagKeys(input.Tags),
        },
      ];
    case 'DescribeModelPackageGroup':
    case 'DeleteModelPackageGroup':
    case 'PutModelPackageGroupPolicy':
    case 'GetModelPackageGroupPolicy':
    case 'DeleteModelPackageGroupPolicy':
      return [{ action, resource: groupResource(scope, input.ModelPackageGroupName) }];
    case 'ListModelPackageGroups':
      return [{ action, resource: '*' }];
    case 'ListModelPackages':
      return [
        {
          action,
          resource:
            input.ModelPackageGroupName !== undefined
              ? groupResource(scope, input.ModelPackageGroupName)
              : '*',
        },
      ];
    case 'CreateModelPackage':
      return [
        {
          action,
          resource:
            input.ModelPackageGroupName !== undefined
              ? groupResource(scope, input.ModelPackageGroupName)
              : packageResource(scope, input.ModelPackageName),
          keys: packageKeys(input),
        },
      ];
    case 'DescribeModelPackage':
    case 'DeleteModelPackage':
      return [{ action, resource: packageResource(scope, input.ModelPackageName) }];
    case 'UpdateModelPackage':
      return [{ action, resource: packageResource(scope, input.ModelPackageArn), keys: packageKeys(input) }];
    case 'BatchDescribeModelPackage':
      return (Array.isArray(input.ModelPackageArnList) ? input.ModelPackageArnList : []).map((arn) => ({
        action,
        resource: packageResource(scope, arn),
      }));
    case 'AddTags':
      return [
        { action, resource: taggedResource(scope, input.ResourceArn), keys: requestTagKeys(input.Tags) },
      ];
    case 'DeleteTags':
      return [
        {
          action,
          resource: taggedResource(scope, input.ResourceArn),
          keys: { 'aws:TagKeys': Array.isArray(input.TagKeys) ? input.TagKeys.map(String) : [] },
        },
      ];
    case 'ListTags':
      return [{ action, resource: taggedResource(scope, input.ResourceArn) }];
    default:
      // Every operation of the dispatch table is listed above; a new one must be added here to be served.
      throw new Error(`no access rule for SageMaker operation ${operation}`);
  }
}
