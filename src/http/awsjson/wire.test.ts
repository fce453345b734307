import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor, ModelPackage } from '../../domain/model.js';
import { packageDescription, packageSummary } from './wire.js';

// The exact bytes, member order included, that these shapes had when they were built by object spreads;
// they are built by assignment now (docs/performance.md) and must not change on the wire.
const actor: Actor = { principal: 'AKIDEXAMPLE', account: '123456789012', source: 'sagemaker' };

const full: ModelPackage = {
  id: 7,
  account: '123456789012',
  arn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3',
  groupId: 2,
  groupName: 'churn',
  version: 3,
  description: 'churn v3',
  status: 'Completed',
  approvalStatus: 'Approved',
  approvalDescription: 'looks good',
  lifecycle: { stage: 'Production', stageStatus: 'Approved', stageDescription: 'live' },
  customerMetadata: { git_sha: 'abc1' },
  metrics: { auc: 0.9 },
  spec: {
    InferenceSpecification: { Containers: [{ Image: 'img:1' }], SupportedContentTypes: ['text/csv'] },
    SourceUri: 's3://b/k',
    ModelPackageRegistrationType: 'Registered',
  },
  createdAt: 1764226800123,
  createdBy: actor,
  updatedAt: 1764226900456,
  updatedBy: { ...actor, principal: 'AKIDOTHER' },
};

const minimal: ModelPackage = {
  id: 8,
  account: '123456789012',
  arn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/market-pkg',
  name: 'market-pkg',
  status: 'Completed',
  metrics: {},
  spec: {},
  createdAt: 1764226800000,
  createdBy: actor,
};

describe('SageMaker wire shapes of a model package', () => {
  it('DescribeModelPackage: every member, in AWS order', () => {
    assert.equal(
      JSON.stringify(packageDescription(full)),
      '{"ModelPackageGroupName":"churn","ModelPackageVersion":3,"ModelPackageArn":"arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3","ModelPackageDescription":"churn v3","CreationTime":1764226800.123,"InferenceSpecification":{"Containers":[{"Image":"img:1"}],"SupportedContentTypes":["text/csv"]},"SourceUri":"s3://b/k","ModelPackageRegistrationType":"Registered","ModelPackageStatus":"Completed","ModelPackageStatusDetails":{"ValidationStatuses":[],"ImageScanStatuses":[]},"ModelApprovalStatus":"Approved","ApprovalDescription":"looks good","CreatedBy":{"UserProfileName":"AKIDEXAMPLE","IamIdentity":{"Arn":"arn:aws:iam::123456789012:user/AKIDEXAMPLE","PrincipalId":"AKIDEXAMPLE"}},"CustomerMetadataProperties":{"git_sha":"abc1"},"ModelLifeCycle":{"Stage":"Production","StageStatus":"Approved","StageDescription":"live"},"LastModifiedTime":1764226900.456,"LastModifiedBy":{"UserProfileName":"AKIDOTHER","IamIdentity":{"Arn":"arn:aws:iam::123456789012:user/AKIDOTHER","PrincipalId":"AKIDOTHER"}}}',
    );
  });

  it('DescribeModelPackage: only the members that are set; never updated means last modified at creation', () => {
    assert.equal(
      JSON.stringify(packageDescription(minimal)),
      '{"ModelPackageName":"market-pkg","ModelPackageArn":"arn:aws:sagemaker:us-east-1:123456789012:model-package/market-pkg","CreationTime":1764226800,"ModelPackageStatus":"Completed","ModelPackageStatusDetails":{"ValidationStatuses":[],"ImageScanStatuses":[]},"CreatedBy":{"UserProfileName":"AKIDEXAMPLE","IamIdentity":{"Arn":"arn:aws:iam::123456789012:user/AKIDEXAMPLE","PrincipalId":"AKIDEXAMPLE"}},"LastModifiedTime":1764226800,"LastModifiedBy":{"UserProfileName":"AKIDEXAMPLE","IamIdentity":{"Arn":"arn:aws:iam::123456789012:user/AKIDEXAMPLE","PrincipalId":"AKIDEXAMPLE"}}}',
    );
  });

  it('ModelPackageSummary: every member, and only the members that are set', () => {
    assert.equal(
      JSON.stringify(packageSummary({ ...full, registrationType: 'Registered' })),
      '{"ModelPackageGroupName":"churn","ModelPackageVersion":3,"ModelPackageArn":"arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3","ModelPackageDescription":"churn v3","CreationTime":1764226800.123,"ModelPackageStatus":"Completed","ModelApprovalStatus":"Approved","ModelLifeCycle":{"Stage":"Production","StageStatus":"Approved","StageDescription":"live"},"ModelPackageRegistrationType":"Registered"}',
    );
    assert.equal(
      JSON.stringify(packageSummary(minimal)),
      '{"ModelPackageName":"market-pkg","ModelPackageArn":"arn:aws:sagemaker:us-east-1:123456789012:model-package/market-pkg","CreationTime":1764226800,"ModelPackageStatus":"Completed"}',
    );
  });
});
