import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateInput } from './validate.js';

/**
 * Every request body captured in /work/shared/reference/sagemaker-wire-samples.md (boto3, @aws-sdk/client-sagemaker
 * and the AWS CLI), byte for byte. All are valid input except call 16, whose AWS answer is quoted in the
 * reference (a.3); calls 14 and 15 fail later, in the service (missing group), not in validation.
 */
const SAMPLES: readonly (readonly [label: string, operation: string, body: string])[] = [
  [
    '01 create group',
    'CreateModelPackageGroup',
    '{"ModelPackageGroupName": "churn-model", "ModelPackageGroupDescription": "Customer churn classifier", "Tags": [{"Key": "team", "Value": "ml"}]}',
  ],
  [
    '02 create group again (duplicate)',
    'CreateModelPackageGroup',
    '{"ModelPackageGroupName": "churn-model", "ModelPackageGroupDescription": "dup"}',
  ],
  ['03 describe group', 'DescribeModelPackageGroup', '{"ModelPackageGroupName": "churn-model"}'],
  [
    '04 create model package v1 (no ModelApprovalStatus)',
    'CreateModelPackage',
    '{"ModelPackageGroupName": "churn-model", "ModelPackageDescription": "churn v1", "InferenceSpecification": {"Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.0", "ModelDataUrl": "s3://demo-bucket/churn/model.tar.gz", "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}}], "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"], "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"], "SupportedTransformInstanceTypes": ["ml.m5.large"]}, "ModelMetrics": {"ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": "s3://demo-bucket/churn/v1/evaluation.json"}}}, "CustomerMetadataProperties": {"git_sha": "abc1"}, "ClientToken": "389ca9bb-53e4-4c51-b311-280c61811a19"}',
  ],
  [
    '05 create model package v2',
    'CreateModelPackage',
    '{"ModelPackageGroupName": "churn-model", "ModelPackageDescription": "churn v2", "InferenceSpecification": {"Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.0", "ModelDataUrl": "s3://demo-bucket/churn/model.tar.gz", "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}}], "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"], "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"], "SupportedTransformInstanceTypes": ["ml.m5.large"]}, "ModelMetrics": {"ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": "s3://demo-bucket/churn/v2/evaluation.json"}}}, "CustomerMetadataProperties": {"git_sha": "abc2"}, "ModelApprovalStatus": "PendingManualApproval", "ClientToken": "bd9ebccd-ba8c-4dc6-8729-a0cb9b5822b7"}',
  ],
  [
    '06 create model package v3',
    'CreateModelPackage',
    '{"ModelPackageGroupName": "churn-model", "ModelPackageDescription": "churn v3", "InferenceSpecification": {"Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.0", "ModelDataUrl": "s3://demo-bucket/churn/model.tar.gz", "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}}], "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"], "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"], "SupportedTransformInstanceTypes": ["ml.m5.large"]}, "ModelMetrics": {"ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": "s3://demo-bucket/churn/v3/evaluation.json"}}}, "CustomerMetadataProperties": {"git_sha": "abc3"}, "ModelApprovalStatus": "PendingManualApproval", "ClientToken": "9d396283-42de-43c3-a4b4-dee9d8109ef6"}',
  ],
  [
    '07 approve v2',
    'UpdateModelPackage',
    '{"ModelPackageArn": "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/2", "ModelApprovalStatus": "Approved", "ApprovalDescription": "passed offline eval"}',
  ],
  [
    '08 list packages in group, Approved only',
    'ListModelPackages',
    '{"ModelPackageGroupName": "churn-model", "ModelApprovalStatus": "Approved"}',
  ],
  [
    '09 list packages in group, newest first, page size 2',
    'ListModelPackages',
    '{"ModelPackageGroupName": "churn-model", "SortBy": "CreationTime", "SortOrder": "Descending", "MaxResults": 2}',
  ],
  [
    '10 list packages page 2',
    'ListModelPackages',
    '{"ModelPackageGroupName": "churn-model", "SortBy": "CreationTime", "SortOrder": "Descending", "MaxResults": 2, "NextToken": "eyJwYXJhbWV0ZXJDaGVja3N1bSI6IDIwNTE2NzA0ODM1NDc2MjgzMTcsICJ1bmlxdWVBdHRyaWJ1dGVzIjogImFybjphd3M6c2FnZW1ha2VyOnVzLWVhc3QtMToxMjM0NTY3ODkwMTI6bW9kZWwtcGFja2FnZS9jaHVybi1tb2RlbC8xIn0="}',
  ],
  [
    '11 list packages NameContains + ModelPackageType=Versioned',
    'ListModelPackages',
    '{"NameContains": "churn", "ModelPackageType": "Versioned"}',
  ],
  [
    '12 describe v2 by ARN',
    'DescribeModelPackage',
    '{"ModelPackageName": "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/2"}',
  ],
  ['13 list groups', 'ListModelPackageGroups', '{"SortBy": "Name", "SortOrder": "Ascending"}'],
  [
    '14 describe missing group (error)',
    'DescribeModelPackageGroup',
    '{"ModelPackageGroupName": "no-such-group"}',
  ],
  [
    '15 create package in missing group (error)',
    'CreateModelPackage',
    '{"ModelPackageGroupName": "no-such-group", "InferenceSpecification": {"Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.0", "ModelDataUrl": "s3://demo-bucket/churn/model.tar.gz", "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}}], "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"], "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"], "SupportedTransformInstanceTypes": ["ml.m5.large"]}, "ClientToken": "04552427-2b69-477d-a91f-7936376803f3"}',
  ],
  [
    '16 invalid approval status (error)',
    'UpdateModelPackage',
    '{"ModelPackageArn": "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/1", "ModelApprovalStatus": "Maybe"}',
  ],
  [
    '17 list tags on group',
    'ListTags',
    '{"ResourceArn": "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn-model"}',
  ],
  [
    '18 list tags on package version',
    'ListTags',
    '{"ResourceArn": "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/1"}',
  ],
  [
    '19 search ModelPackage',
    'Search',
    '{"Resource": "ModelPackage", "SearchExpression": {"Filters": [{"Name": "ModelPackageGroupName", "Operator": "Equals", "Value": "churn-model"}]}}',
  ],
  [
    '20 delete model package (moto: unimplemented?)',
    'DeleteModelPackage',
    '{"ModelPackageName": "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/3"}',
  ],
  [
    '21 delete group (moto: unimplemented?)',
    'DeleteModelPackageGroup',
    '{"ModelPackageGroupName": "churn-model"}',
  ],
  [
    '22 batch describe (moto: unimplemented?)',
    'BatchDescribeModelPackage',
    '{"ModelPackageArnList": ["arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/1", "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/2"]}',
  ],
  [
    '23 put group policy (moto: unimplemented?)',
    'PutModelPackageGroupPolicy',
    String.raw`{"ModelPackageGroupName": "churn-model", "ResourcePolicy": "{\"Version\": \"2012-10-17\", \"Statement\": []}"}`,
  ],
  [
    'js-01 create group',
    'CreateModelPackageGroup',
    '{"ModelPackageGroupName":"js-group","ModelPackageGroupDescription":"from JS v3"}',
  ],
  [
    'js-02 create version',
    'CreateModelPackage',
    '{"ModelPackageGroupName":"js-group","InferenceSpecification":{"Containers":[{"Image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1","ModelDataUrl":"s3://b/k/model.tar.gz"}],"SupportedContentTypes":["text/csv"],"SupportedResponseMIMETypes":["text/csv"]},"ModelApprovalStatus":"PendingManualApproval","ClientToken":"40a3e072-53c3-4891-8738-d427153ffc2a"}',
  ],
  [
    'js-03 update (approve)',
    'UpdateModelPackage',
    '{"ModelPackageArn":"arn:aws:sagemaker:us-east-1:123456789012:model-package/js-group/1","ModelApprovalStatus":"Approved"}',
  ],
  [
    'js-04 list with CreationTimeAfter',
    'ListModelPackages',
    '{"CreationTimeAfter":1577836800.25,"MaxResults":10,"ModelPackageGroupName":"js-group"}',
  ],
  [
    'js-05 describe',
    'DescribeModelPackage',
    '{"ModelPackageName":"arn:aws:sagemaker:us-east-1:123456789012:model-package/js-group/1"}',
  ],
  ['js-06 describe missing group (error)', 'DescribeModelPackageGroup', '{"ModelPackageGroupName":"nope"}'],
  ['aws sagemaker list-model-package-groups', 'ListModelPackageGroups', '{}'],
  [
    'aws sagemaker list-model-packages --model-package-group-name js-group --model-approval-status Approved',
    'ListModelPackages',
    '{"ModelApprovalStatus": "Approved", "ModelPackageGroupName": "js-group"}',
  ],
  [
    'aws sagemaker describe-model-package-group --model-package-group-name nope',
    'DescribeModelPackageGroup',
    '{"ModelPackageGroupName": "nope"}',
  ],
];

describe('captured wire samples', () => {
  for (const [label, operation, raw] of SAMPLES) {
    if (label.startsWith('16 ')) continue;
    it(`${label} (${operation}) passes`, () => {
      assert.deepEqual(validateInput(operation, JSON.parse(raw)), { ok: true });
    });
  }

  it('16 invalid approval status yields the exact AWS message', () => {
    const sample = SAMPLES.find(([label]) => label.startsWith('16 '));
    assert.ok(sample);
    assert.deepEqual(validateInput(sample[1], JSON.parse(sample[2])), {
      ok: false,
      type: 'ValidationException',
      message:
        "1 validation error detected: Value 'Maybe' at 'modelApprovalStatus' failed to satisfy constraint: " +
        'Member must satisfy enum value set: [PendingManualApproval, Approved, Rejected]',
    });
  });

  it('covers all 32 captured requests', () => {
    assert.equal(SAMPLES.length, 32);
  });
});
