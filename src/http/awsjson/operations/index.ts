import type { AwsOperation } from '../call.js';
import * as groups from './groups.js';
import * as packages from './packages.js';
import * as tags from './tags.js';

/** The dispatch table of the SageMaker face: `X-Amz-Target: SageMaker.<name>` → handler. */
export const OPERATIONS: Readonly<Record<string, AwsOperation>> = {
  CreateModelPackageGroup: groups.createModelPackageGroup,
  DescribeModelPackageGroup: groups.describeModelPackageGroup,
  ListModelPackageGroups: groups.listModelPackageGroups,
  DeleteModelPackageGroup: groups.deleteModelPackageGroup,
  PutModelPackageGroupPolicy: groups.putModelPackageGroupPolicy,
  GetModelPackageGroupPolicy: groups.getModelPackageGroupPolicy,
  DeleteModelPackageGroupPolicy: groups.deleteModelPackageGroupPolicy,
  CreateModelPackage: packages.createModelPackage,
  DescribeModelPackage: packages.describeModelPackage,
  ListModelPackages: packages.listModelPackages,
  UpdateModelPackage: packages.updateModelPackage,
  DeleteModelPackage: packages.deleteModelPackage,
  BatchDescribeModelPackage: packages.batchDescribeModelPackage,
  AddTags: tags.addTags,
  ListTags: tags.listTags,
  DeleteTags: tags.deleteTags,
};
