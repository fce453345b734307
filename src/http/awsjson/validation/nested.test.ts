import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_DEPTH } from './engine.js';
import { PRODUCTION_VARIANT_INSTANCE_TYPES, TRANSFORM_INSTANCE_TYPES } from './instance-types.js';
import type { ValidationOutcome } from './validate.js';
import { validateInput } from './validate.js';

const NOT_NULL = 'Member must not be null';
const URI = 'Member must satisfy regular expression pattern: (https|s3)://([^/]+)/?(.*)';

function err(value: string, path: string, constraint: string): string {
  return `Value ${value} at '${path}' failed to satisfy constraint: ${constraint}`;
}

function invalid(...errors: string[]): ValidationOutcome {
  const n = errors.length;
  return {
    ok: false,
    type: 'ValidationException',
    message: `${n} validation error${n === 1 ? '' : 's'} detected: ${errors.join('; ')}`,
  };
}

const metrics = (name: string) => ({
  ContentType: 'application/json',
  ContentDigest: `sha256:${'0123456789abcdef'.repeat(4)}`,
  S3Uri: `s3://bucket/metrics/${name}.json`,
});
const file = (name: string) => ({
  ContentType: 'application/json',
  S3Uri: `s3://bucket/config/${name}.json`,
});

/** A CreateModelPackage body that sets every member of the input closure, all valid. */
function kitchenSink() {
  return {
    ModelPackageGroupName: 'arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn-model',
    ModelPackageDescription: 'Churn classifier — 説明 🚀 (v2.0)',
    ModelPackageRegistrationType: 'Registered',
    InferenceSpecification: {
      Containers: [
        {
          ContainerHostname: 'primary-1',
          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.0',
          ImageDigest: `SHA256:${'ABCDEF0123456789'.repeat(4)}`,
          ModelDataUrl: 's3://bucket/churn/model.tar.gz',
          ModelDataSource: {
            S3DataSource: {
              S3Uri: 's3://bucket/churn/uncompressed/',
              S3DataType: 'S3Prefix',
              CompressionType: 'None',
              ModelAccessConfig: { AcceptEula: true },
              HubAccessConfig: {
                HubContentArn: 'arn:aws:sagemaker:us-east-1:aws:hub-content/x/Model/y/1.0.0',
              },
              ManifestS3Uri: 'https://bucket.s3.amazonaws.com/manifest.json',
              ETag: '"abc"',
              ManifestEtag: '"def"',
            },
          },
          ProductId: 'prod-123',
          Environment: { SAGEMAKER_PROGRAM: 'inference.py', _MULTI_LINE: 'a\nb\tc', EMPTY: '' },
          ModelInput: { DataInputConfig: '{"input_1": [1, 3, 224, 224]}\n' },
          Framework: 'PYTORCH',
          FrameworkVersion: '2.1.0',
          NearestModelName: 'resnet50',
          AdditionalModelDataSources: [
            {
              ChannelName: 'draft_model.v1-a',
              S3DataSource: { S3Uri: 's3://bucket/draft/', S3DataType: 'S3Object', CompressionType: 'Gzip' },
            },
          ],
          AdditionalS3DataSource: {
            S3DataType: 'S3Object',
            S3Uri: 's3://bucket/extra.tar.gz',
            CompressionType: 'Gzip',
            ETag: 'x',
          },
          ModelDataETag: 'etag',
          IsCheckpoint: false,
          BaseModel: {
            HubContentName: 'llama-3-8b',
            HubContentVersion: '1.2.3',
            RecipeName: 'fine-tune recipe',
          },
        },
      ],
      SupportedTransformInstanceTypes: ['ml.m5.large', 'ml.g6.48xlarge'],
      SupportedRealtimeInferenceInstanceTypes: ['ml.t2.medium', 'ml.p6-b200.48xlarge', 'ml.p5.4xlarge'],
      SupportedContentTypes: ['text/csv', 'application/json', ''],
      SupportedResponseMIMETypes: ['text/csv', 'application/x-npy', 'image/svg+xml'],
    },
    ValidationSpecification: {
      ValidationRole: 'arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole',
      ValidationProfiles: [
        {
          ProfileName: 'profile-1',
          TransformJobDefinition: {
            MaxConcurrentTransforms: 0,
            MaxPayloadInMB: 6,
            BatchStrategy: 'MultiRecord',
            Environment: { KEY_1: 'value\nwith newline' },
            TransformInput: {
              DataSource: { S3DataSource: { S3DataType: 'ManifestFile', S3Uri: 's3://bucket/in/manifest' } },
              ContentType: 'text/csv',
              CompressionType: 'None',
              SplitType: 'Line',
            },
            TransformOutput: {
              S3OutputPath: 's3://bucket/out/',
              Accept: 'text/csv',
              AssembleWith: 'Line',
              KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
            },
            TransformResources: {
              InstanceType: 'ml.c5.xlarge',
              InstanceCount: 1,
              VolumeKmsKeyId: 'alias/my_key',
              TransformAmiVersion: 'al2-ami-sagemaker-batch-gpu-470',
            },
          },
        },
      ],
    },
    SourceAlgorithmSpecification: {
      SourceAlgorithms: [
        {
          ModelDataUrl: 's3://bucket/model.tar.gz',
          ModelDataSource: {
            S3DataSource: { S3Uri: 's3://b/p/', S3DataType: 'S3Prefix', CompressionType: 'None' },
          },
          ModelDataETag: 'e',
          AlgorithmName: 'arn:aws:sagemaker:us-east-1:123456789012:algorithm/my-algo',
        },
      ],
    },
    CertifyForMarketplace: false,
    Tags: [{ Key: 'sagemaker:project-name', Value: 'churn' }],
    ModelApprovalStatus: 'PendingManualApproval',
    MetadataProperties: {
      CommitId: '3f2c1d0',
      Repository: 'https://github.com/example/churn',
      GeneratedBy: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn/execution/abc123',
      ProjectId: 'p-abc123',
    },
    ModelMetrics: {
      ModelQuality: { Statistics: metrics('mq-stats'), Constraints: metrics('mq-constraints') },
      ModelDataQuality: { Statistics: metrics('mdq-stats'), Constraints: metrics('mdq-constraints') },
      Bias: {
        Report: metrics('bias'),
        PreTrainingReport: metrics('pre'),
        PostTrainingReport: metrics('post'),
      },
      Explainability: { Report: metrics('shap') },
    },
    ClientToken: '389ca9bb-53e4-4c51-b311-280c61811a19',
    Domain: 'MACHINE_LEARNING',
    Task: 'CLASSIFICATION',
    SamplePayloadUrl: 's3://bucket/payload.tar.gz',
    CustomerMetadataProperties: { git_sha: 'abc1', 'team name': 'ML Platform', 'a:b/c=d+e-f@g.h': 'x.y' },
    DriftCheckBaselines: {
      Bias: {
        ConfigFile: file('bias'),
        PreTrainingConstraints: metrics('a'),
        PostTrainingConstraints: metrics('b'),
      },
      Explainability: { Constraints: metrics('c'), ConfigFile: file('shap') },
      ModelQuality: { Statistics: metrics('d'), Constraints: metrics('e') },
      ModelDataQuality: { Statistics: metrics('f'), Constraints: metrics('g') },
    },
    AdditionalInferenceSpecifications: [
      {
        Name: 'gpu-variant',
        Description: 'GPU serving',
        Containers: [{ Image: 'img:2' }],
        SupportedTransformInstanceTypes: ['ml.g5.xlarge'],
        SupportedRealtimeInferenceInstanceTypes: ['ml.g5.xlarge'],
        SupportedContentTypes: ['text/csv'],
        SupportedResponseMIMETypes: ['text/csv'],
      },
    ],
    SkipModelValidation: 'None',
    SourceUri: 'arn:aws:sagemaker:us-east-1:123456789012:model/my-model',
    SecurityConfig: { KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd' },
    ModelCard: {
      ModelCardContent: '{"model_overview": {"model_description": "x"}}',
      ModelCardStatus: 'Draft',
    },
    ModelLifeCycle: { Stage: 'Development', StageStatus: 'InProgress', StageDescription: 'first cut' },
    ManagedStorageType: 'Restricted',
  };
}

describe('CreateModelPackage nested shapes', () => {
  it('accepts a body that sets every member of the closure', () => {
    assert.deepEqual(validateInput('CreateModelPackage', kitchenSink()), { ok: true });
  });

  it('reports nested paths through lists of structures', () => {
    const body = kitchenSink();
    const container = body.InferenceSpecification.Containers[0]!;
    container.Image = 'has space';
    container.ModelDataUrl = 'ftp://bucket/model.tar.gz';
    container.FrameworkVersion = '2';
    container.AdditionalModelDataSources[0]!.S3DataSource.S3DataType = 'Folder';
    assert.deepEqual(
      validateInput('CreateModelPackage', body),
      invalid(
        err(
          "'has space'",
          'inferenceSpecification.containers.1.member.image',
          String.raw`Member must satisfy regular expression pattern: [\S]+`,
        ),
        err("'ftp://bucket/model.tar.gz'", 'inferenceSpecification.containers.1.member.modelDataUrl', URI),
        err(
          "'2'",
          'inferenceSpecification.containers.1.member.frameworkVersion',
          String.raw`Member must satisfy regular expression pattern: [0-9]\.[A-Za-z0-9.-]+`,
        ),
        err(
          "'2'",
          'inferenceSpecification.containers.1.member.frameworkVersion',
          'Member must have length greater than or equal to 3',
        ),
        err(
          "'Folder'",
          'inferenceSpecification.containers.1.member.additionalModelDataSources.1.member.s3DataSource.s3DataType',
          'Member must satisfy enum value set: [S3Prefix, S3Object]',
        ),
      ),
    );
  });

  it('reports missing required members deep in the closure', () => {
    const body = {
      InferenceSpecification: { Containers: [{ ModelDataSource: { S3DataSource: { S3Uri: 's3://b/k' } } }] },
      ValidationSpecification: { ValidationProfiles: [{ TransformJobDefinition: { TransformInput: {} } }] },
      ModelMetrics: { Bias: { Report: {} } },
      DriftCheckBaselines: { Explainability: { ConfigFile: { ContentType: 'text/csv' } } },
      SecurityConfig: {},
      ModelLifeCycle: { StageDescription: 'x' },
      SourceAlgorithmSpecification: { SourceAlgorithms: [{}] },
    };
    const cs = 'inferenceSpecification.containers.1.member.modelDataSource.s3DataSource';
    const vp = 'validationSpecification.validationProfiles.1.member';
    assert.deepEqual(
      validateInput('CreateModelPackage', body),
      invalid(
        err('null', `${cs}.s3DataType`, NOT_NULL),
        err('null', `${cs}.compressionType`, NOT_NULL),
        err('null', 'validationSpecification.validationRole', NOT_NULL),
        err('null', `${vp}.profileName`, NOT_NULL),
        err('null', `${vp}.transformJobDefinition.transformInput.dataSource`, NOT_NULL),
        err('null', `${vp}.transformJobDefinition.transformOutput`, NOT_NULL),
        err('null', `${vp}.transformJobDefinition.transformResources`, NOT_NULL),
        err('null', 'sourceAlgorithmSpecification.sourceAlgorithms.1.member.algorithmName', NOT_NULL),
        err('null', 'modelMetrics.bias.report.contentType', NOT_NULL),
        err('null', 'modelMetrics.bias.report.s3Uri', NOT_NULL),
        err('null', 'driftCheckBaselines.explainability.configFile.s3Uri', NOT_NULL),
        err('null', 'securityConfig.kmsKeyId', NOT_NULL),
        err('null', 'modelLifeCycle.stage', NOT_NULL),
        err('null', 'modelLifeCycle.stageStatus', NOT_NULL),
      ),
    );
  });

  it('checks list bounds inside nested structures', () => {
    const body = kitchenSink();
    body.InferenceSpecification.Containers = [];
    body.InferenceSpecification.SupportedTransformInstanceTypes = [];
    body.SourceAlgorithmSpecification.SourceAlgorithms.push(
      body.SourceAlgorithmSpecification.SourceAlgorithms[0]!,
    );
    const algorithms = JSON.stringify(body.SourceAlgorithmSpecification.SourceAlgorithms);
    assert.deepEqual(
      validateInput('CreateModelPackage', body),
      invalid(
        err(
          "'[]'",
          'inferenceSpecification.containers',
          'Member must have length greater than or equal to 1',
        ),
        err(
          "'[]'",
          'inferenceSpecification.supportedTransformInstanceTypes',
          'Member must have length greater than or equal to 1',
        ),
        err(
          `'${algorithms}'`,
          'sourceAlgorithmSpecification.sourceAlgorithms',
          'Member must have length less than or equal to 1',
        ),
      ),
    );
  });

  it('checks instance types against the full enums, once per list', () => {
    const body = kitchenSink();
    body.InferenceSpecification.SupportedTransformInstanceTypes = ['ml.t2.medium', 'ml.m5.large', 'ml.bogus'];
    body.ValidationSpecification
      .ValidationProfiles[0]!.TransformJobDefinition.TransformResources.InstanceType = 'ml.t2.medium';
    const transformSet = `Member must satisfy enum value set: [${TRANSFORM_INSTANCE_TYPES.join(', ')}]`;
    assert.deepEqual(
      validateInput('CreateModelPackage', body),
      invalid(
        err(
          `'${JSON.stringify(body.InferenceSpecification.SupportedTransformInstanceTypes)}'`,
          'inferenceSpecification.supportedTransformInstanceTypes',
          `Member must satisfy constraint: [${transformSet}]`,
        ),
        err(
          "'ml.t2.medium'",
          'validationSpecification.validationProfiles.1.member.transformJobDefinition.transformResources.instanceType',
          transformSet,
        ),
      ),
    );
    const realtime = ['ml.p6e-gb200.36xlarge', 'ml.p7.huge'];
    const result = validateInput('UpdateModelPackage', {
      ModelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/2',
      InferenceSpecification: { Containers: [{}], SupportedRealtimeInferenceInstanceTypes: realtime },
    });
    assert.deepEqual(
      result,
      invalid(
        err(
          `'${JSON.stringify(realtime)}'`,
          'inferenceSpecification.supportedRealtimeInferenceInstanceTypes',
          `Member must satisfy constraint: [Member must satisfy enum value set: [${PRODUCTION_VARIANT_INSTANCE_TYPES.join(', ')}]]`,
        ),
      ),
    );
  });

  it('checks integer ranges deep in the TransformJobDefinition', () => {
    const body = kitchenSink();
    const job = body.ValidationSpecification.ValidationProfiles[0]!.TransformJobDefinition;
    job.MaxPayloadInMB = -1;
    job.TransformResources.InstanceCount = 0;
    const base = 'validationSpecification.validationProfiles.1.member.transformJobDefinition';
    assert.deepEqual(
      validateInput('CreateModelPackage', body),
      invalid(
        err("'-1'", `${base}.maxPayloadInMB`, 'Member must have value greater than or equal to 0'),
        err(
          "'0'",
          `${base}.transformResources.instanceCount`,
          'Member must have value greater than or equal to 1',
        ),
      ),
    );
  });

  it('checks Environment map keys of a container', () => {
    const body = kitchenSink();
    const env = { GOOD: 'x', 'BAD-KEY': 'y' };
    const container: Record<string, unknown> = body.InferenceSpecification.Containers[0]!;
    container.Environment = env;
    assert.deepEqual(
      validateInput('CreateModelPackage', body),
      invalid(
        err(
          `'${JSON.stringify(env)}'`,
          'inferenceSpecification.containers.1.member.environment',
          'Map keys must satisfy constraint: [Member must have length less than or equal to 1024, ' +
            'Member must have length greater than or equal to 0, ' +
            'Member must satisfy regular expression pattern: [a-zA-Z_][a-zA-Z0-9_]*]',
        ),
      ),
    );
  });

  it('keeps the value of the sensitive ModelCardContent out of messages', () => {
    const body = kitchenSink();
    body.ModelCard.ModelCardContent = 'secret'.repeat(20_000);
    assert.deepEqual(
      validateInput('CreateModelPackage', body),
      invalid(
        "Value at 'modelCard.modelCardContent' failed to satisfy constraint: Member must have length less than or equal to 100000",
      ),
    );
  });

  it('accepts any character for ., and gives [\\S] its Java meaning', () => {
    const body = kitchenSink();
    // `.` is widened to line terminators (multi-line policies and model cards); `[\S]` admits a
    // no-break space (Java's \s is ASCII-only).
    body.MetadataProperties.CommitId = 'abc\u0085def\nghi';
    body.InferenceSpecification.Containers[0]!.Image = 'image\u00a0name:1';
    assert.deepEqual(validateInput('CreateModelPackage', body), { ok: true });
  });

  it('checks the digest, KMS key, role and source URI patterns', () => {
    const body = kitchenSink();
    body.ModelMetrics.ModelQuality.Statistics.ContentDigest = 'md5:abc';
    body.ValidationSpecification.ValidationRole = 'arn:aws:iam::123456789012:user/someone';
    body.SourceUri = 's3://bucket/a+b';
    body.SecurityConfig.KmsKeyId = 'key id';
    assert.deepEqual(
      validateInput('CreateModelPackage', body),
      invalid(
        err(
          "'arn:aws:iam::123456789012:user/someone'",
          'validationSpecification.validationRole',
          String.raw`Member must satisfy regular expression pattern: arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`,
        ),
        err(
          "'md5:abc'",
          'modelMetrics.modelQuality.statistics.contentDigest',
          'Member must satisfy regular expression pattern: [Ss][Hh][Aa]256:[0-9a-fA-F]{64}',
        ),
        err(
          "'s3://bucket/a+b'",
          'sourceUri',
          String.raw`Member must satisfy regular expression pattern: [\p{L}\p{M}\p{Z}\p{N}\p{P}]{0,1024}`,
        ),
        err(
          "'key id'",
          'securityConfig.kmsKeyId',
          'Member must satisfy regular expression pattern: [a-zA-Z0-9:/_-]*',
        ),
      ),
    );
  });

  it('checks AdditionalInferenceSpecifications item count and members', () => {
    const body = kitchenSink();
    const spec = body.AdditionalInferenceSpecifications[0]!;
    body.AdditionalInferenceSpecifications = Array.from({ length: 16 }, () => spec);
    const result = validateInput('CreateModelPackage', body);
    assert.ok(!result.ok && result.message.startsWith('1 validation error detected: '));
    assert.ok(
      !result.ok &&
        result.message.endsWith(
          "at 'additionalInferenceSpecifications' failed to satisfy constraint: Member must have length less than or equal to 15",
        ),
    );
    assert.deepEqual(
      validateInput('UpdateModelPackage', {
        ModelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/2',
        AdditionalInferenceSpecificationsToAdd: [{ Name: 'x-', Containers: [] }],
      }),
      invalid(
        err(
          "'x-'",
          'additionalInferenceSpecificationsToAdd.1.member.name',
          'Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}',
        ),
        err(
          "'[]'",
          'additionalInferenceSpecificationsToAdd.1.member.containers',
          'Member must have length greater than or equal to 1',
        ),
      ),
    );
  });
});

describe('Search', () => {
  it('follows SubExpressions recursively', () => {
    const body = {
      Resource: 'ModelPackage',
      SearchExpression: {
        Operator: 'And',
        SubExpressions: [
          { Filters: [{ Name: 'ModelApprovalStatus', Operator: 'Equals', Value: 'Approved' }] },
          {
            Operator: 'Xor',
            SubExpressions: [{ Filters: [{ Name: 'Tags.team', Operator: 'Like', Value: '' }] }],
            NestedFilters: [{ NestedPropertyName: 'Tags', Filters: [] }],
          },
        ],
      },
    };
    const second = 'searchExpression.subExpressions.2.member';
    const filter = `${second}.subExpressions.1.member.filters.1.member`;
    assert.deepEqual(
      validateInput('Search', body),
      invalid(
        err(
          "'[]'",
          `${second}.nestedFilters.1.member.filters`,
          'Member must have length greater than or equal to 1',
        ),
        err(
          "'Like'",
          `${filter}.operator`,
          'Member must satisfy enum value set: [Equals, NotEquals, GreaterThan, GreaterThanOrEqualTo, LessThan, ' +
            'LessThanOrEqualTo, Contains, Exists, NotExists, In]',
        ),
        err("''", `${filter}.value`, 'Member must satisfy regular expression pattern: .+'),
        err("''", `${filter}.value`, 'Member must have length greater than or equal to 1'),
        err("'Xor'", `${second}.operator`, 'Member must satisfy enum value set: [And, Or]'),
      ),
    );
  });

  it('checks VisibilityConditions and the Filter.Name requirement', () => {
    assert.deepEqual(
      validateInput('Search', {
        Resource: 'ModelPackageGroup',
        SearchExpression: { Filters: [{ Value: 'x' }] },
        VisibilityConditions: [{ Key: 'a!', Value: 'b' }],
        SortBy: 'CreationTime',
      }),
      invalid(
        err('null', 'searchExpression.filters.1.member.name', NOT_NULL),
        err(
          "'a!'",
          'visibilityConditions.1.member.key',
          String.raw`Member must satisfy regular expression pattern: ([\p{L}\p{Z}\p{N}_.:/=+\-@]*)`,
        ),
      ),
    );
  });

  it('refuses hostile nesting depth instead of overflowing the stack', () => {
    let expr: Record<string, unknown> = { Filters: [{ Name: 'x' }] };
    for (let i = 0; i < 10_000; i++) expr = { SubExpressions: [expr] };
    const result = validateInput('Search', { Resource: 'ModelPackage', SearchExpression: expr });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.type === 'SerializationException');
    assert.ok(!result.ok && result.message.includes(`deeper than ${MAX_DEPTH} levels`));
    // Realistic nesting is fine.
    let ok: Record<string, unknown> = { Filters: [{ Name: 'x' }] };
    for (let i = 0; i < 10; i++) ok = { SubExpressions: [ok] };
    assert.deepEqual(validateInput('Search', { Resource: 'ModelPackage', SearchExpression: ok }), {
      ok: true,
    });
  });
});
