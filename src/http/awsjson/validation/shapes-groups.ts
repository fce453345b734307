import { ANY_LINE } from './patterns.js';
import { enumOf, str, struct, timestamp } from './shape.js';
import {
  ARN_OR_NAME_1_170,
  CROSS_ACCOUNT_FILTER_OPTION,
  ENTITY_DESCRIPTION_0_1024,
  ENTITY_NAME_1_63,
  MAX_RESULTS_1_100,
  NAME_CONTAINS_SHAPE,
  NEXT_TOKEN,
  SORT_ORDER,
} from './shapes-common.js';
import { ManagedConfiguration } from './shapes-nested.js';
import { TagList } from './shapes-tags.js';

/** Inputs of the model package group operations (reference b.1) and group policy operations (b.2). */

export const CreateModelPackageGroupInput = struct(
  {
    ModelPackageGroupName: ENTITY_NAME_1_63,
    ModelPackageGroupDescription: ENTITY_DESCRIPTION_0_1024,
    Tags: TagList,
    ManagedConfiguration,
  },
  ['ModelPackageGroupName'],
);

export const DescribeModelPackageGroupInput = struct({ ModelPackageGroupName: ARN_OR_NAME_1_170 }, [
  'ModelPackageGroupName',
]);

export const ListModelPackageGroupsInput = struct({
  CreationTimeAfter: timestamp(),
  CreationTimeBefore: timestamp(),
  MaxResults: MAX_RESULTS_1_100,
  NameContains: NAME_CONTAINS_SHAPE,
  NextToken: NEXT_TOKEN,
  SortBy: enumOf(['Name', 'CreationTime']),
  SortOrder: SORT_ORDER,
  CrossAccountFilterOption: CROSS_ACCOUNT_FILTER_OPTION,
});

export const DeleteModelPackageGroupInput = struct({ ModelPackageGroupName: ARN_OR_NAME_1_170 }, [
  'ModelPackageGroupName',
]);

export const PutModelPackageGroupPolicyInput = struct(
  {
    ModelPackageGroupName: ENTITY_NAME_1_63,
    ResourcePolicy: str({ min: 1, max: 20480, pattern: ANY_LINE }),
  },
  ['ModelPackageGroupName', 'ResourcePolicy'],
);

/**
 * SageMaker models a name here; an ARN is accepted too, so that a principal of another account whose access
 * the policy grants can read it (Put and Delete stay with the owner's names).
 */
export const GetModelPackageGroupPolicyInput = struct({ ModelPackageGroupName: ARN_OR_NAME_1_170 }, [
  'ModelPackageGroupName',
]);

export const DeleteModelPackageGroupPolicyInput = struct({ ModelPackageGroupName: ENTITY_NAME_1_63 }, [
  'ModelPackageGroupName',
]);
