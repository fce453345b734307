import type { ValidationOutcome } from './engine.js';
import { validateStructure } from './engine.js';
import type { StructShape } from './shape.js';
import {
  CreateModelPackageGroupInput,
  DeleteModelPackageGroupInput,
  DeleteModelPackageGroupPolicyInput,
  DescribeModelPackageGroupInput,
  GetModelPackageGroupPolicyInput,
  ListModelPackageGroupsInput,
  PutModelPackageGroupPolicyInput,
} from './shapes-groups.js';
import {
  BatchDescribeModelPackageInput,
  CreateModelPackageInput,
  DeleteModelPackageInput,
  DescribeModelPackageInput,
  ListModelPackagesInput,
  UpdateModelPackageInput,
} from './shapes-packages.js';
import { SearchRequest } from './shapes-search.js';
import { AddTagsInput, DeleteTagsInput, ListTagsInput } from './shapes-tags.js';

export type { ValidationOutcome } from './engine.js';

/** Input shape of each validated operation, keyed by operation name (the `X-Amz-Target` suffix). */
export const OPERATION_INPUTS: ReadonlyMap<string, StructShape> = new Map<string, StructShape>([
  ['CreateModelPackageGroup', CreateModelPackageGroupInput],
  ['DescribeModelPackageGroup', DescribeModelPackageGroupInput],
  ['ListModelPackageGroups', ListModelPackageGroupsInput],
  ['DeleteModelPackageGroup', DeleteModelPackageGroupInput],
  ['PutModelPackageGroupPolicy', PutModelPackageGroupPolicyInput],
  ['GetModelPackageGroupPolicy', GetModelPackageGroupPolicyInput],
  ['DeleteModelPackageGroupPolicy', DeleteModelPackageGroupPolicyInput],
  ['CreateModelPackage', CreateModelPackageInput],
  ['DescribeModelPackage', DescribeModelPackageInput],
  ['ListModelPackages', ListModelPackagesInput],
  ['UpdateModelPackage', UpdateModelPackageInput],
  ['DeleteModelPackage', DeleteModelPackageInput],
  ['BatchDescribeModelPackage', BatchDescribeModelPackageInput],
  ['AddTags', AddTagsInput],
  ['ListTags', ListTagsInput],
  ['DeleteTags', DeleteTagsInput],
  ['Search', SearchRequest],
]);

export const VALIDATED_OPERATIONS: readonly string[] = Object.freeze([...OPERATION_INPUTS.keys()]);

const OK: ValidationOutcome = Object.freeze({ ok: true });

/**
 * Validates the parsed JSON body of a SageMaker request the way AWS does before running the operation.
 * Operations without a shape here are not validated (`{ ok: true }`); dispatch handles unknown ones.
 */
export function validateInput(operation: string, body: unknown): ValidationOutcome {
  const shape = OPERATION_INPUTS.get(operation);
  return shape === undefined ? OK : validateStructure(shape, body);
}
