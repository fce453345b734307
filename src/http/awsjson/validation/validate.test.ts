import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ValidationOutcome } from './validate.js';
import { VALIDATED_OPERATIONS, validateInput } from './validate.js';

const GROUP_ARN = 'arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn-model';
const PACKAGE_ARN = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/2';

const ENTITY_NAME = 'Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}';
const ARN_OR_NAME =
  'Member must satisfy regular expression pattern: ' +
  String.raw`(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:[a-z\-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)`;
const DESCRIPTION = String.raw`Member must satisfy regular expression pattern: [\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*`;
const TAG_PATTERN = String.raw`Member must satisfy regular expression pattern: ([\p{L}\p{Z}\p{N}_.:/=+\-@]*)`;
const NOT_NULL = 'Member must not be null';
const atMost = (n: number) => `Member must have length less than or equal to ${n}`;
const atLeast = (n: number) => `Member must have length greater than or equal to ${n}`;
const valueAtMost = (n: number) => `Member must have value less than or equal to ${n}`;
const valueAtLeast = (n: number) => `Member must have value greater than or equal to ${n}`;

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

function serialization(message: string): ValidationOutcome {
  return { ok: false, type: 'SerializationException', message };
}

describe('operations', () => {
  it('validates exactly the 17 registry operations', () => {
    assert.deepEqual([...VALIDATED_OPERATIONS].sort(), [
      'AddTags',
      'BatchDescribeModelPackage',
      'CreateModelPackage',
      'CreateModelPackageGroup',
      'DeleteModelPackage',
      'DeleteModelPackageGroup',
      'DeleteModelPackageGroupPolicy',
      'DeleteTags',
      'DescribeModelPackage',
      'DescribeModelPackageGroup',
      'GetModelPackageGroupPolicy',
      'ListModelPackageGroups',
      'ListModelPackages',
      'ListTags',
      'PutModelPackageGroupPolicy',
      'Search',
      'UpdateModelPackage',
    ]);
  });

  it('lets unknown operations through, even with a bad body', () => {
    assert.deepEqual(validateInput('CreateEndpoint', { EndpointName: 5 }), { ok: true });
    assert.deepEqual(validateInput('constructor', 'not an object'), { ok: true });
    assert.deepEqual(validateInput('', []), { ok: true });
  });

  it('reports every missing required member of an empty body, in member order', () => {
    const required: Record<string, string[]> = {
      CreateModelPackageGroup: ['modelPackageGroupName'],
      DescribeModelPackageGroup: ['modelPackageGroupName'],
      ListModelPackageGroups: [],
      DeleteModelPackageGroup: ['modelPackageGroupName'],
      PutModelPackageGroupPolicy: ['modelPackageGroupName', 'resourcePolicy'],
      GetModelPackageGroupPolicy: ['modelPackageGroupName'],
      DeleteModelPackageGroupPolicy: ['modelPackageGroupName'],
      CreateModelPackage: [],
      DescribeModelPackage: ['modelPackageName'],
      ListModelPackages: [],
      UpdateModelPackage: ['modelPackageArn'],
      DeleteModelPackage: ['modelPackageName'],
      BatchDescribeModelPackage: ['modelPackageArnList'],
      AddTags: ['resourceArn', 'tags'],
      ListTags: ['resourceArn'],
      DeleteTags: ['resourceArn', 'tagKeys'],
      Search: ['resource'],
    };
    assert.deepEqual(Object.keys(required).sort(), [...VALIDATED_OPERATIONS].sort());
    for (const [op, paths] of Object.entries(required)) {
      const expected =
        paths.length === 0 ? { ok: true } : invalid(...paths.map((p) => err('null', p, NOT_NULL)));
      assert.deepEqual(validateInput(op, {}), expected, op);
    }
  });

  it('treats JSON null like an absent member', () => {
    assert.deepEqual(
      validateInput('ListModelPackages', { MaxResults: null, SortOrder: null, NextToken: null }),
      { ok: true },
    );
    assert.deepEqual(
      validateInput('DescribeModelPackageGroup', { ModelPackageGroupName: null }),
      invalid(err('null', 'modelPackageGroupName', NOT_NULL)),
    );
  });

  it('ignores unknown members', () => {
    assert.deepEqual(
      validateInput('DescribeModelPackageGroup', { ModelPackageGroupName: 'g', FutureMember: [1, { x: 2 }] }),
      { ok: true },
    );
  });

  it('treats a missing body (undefined) as {}', () => {
    assert.deepEqual(validateInput('ListModelPackageGroups', undefined), { ok: true });
    assert.deepEqual(validateInput('ListTags', undefined), invalid(err('null', 'resourceArn', NOT_NULL)));
  });
});

describe('string constraints', () => {
  it('checks maximum length', () => {
    const name = 'a'.repeat(64);
    assert.deepEqual(
      validateInput('CreateModelPackageGroup', { ModelPackageGroupName: name }),
      invalid(
        err(`'${name}'`, 'modelPackageGroupName', ENTITY_NAME),
        err(`'${name}'`, 'modelPackageGroupName', atMost(63)),
      ),
    );
    assert.deepEqual(validateInput('CreateModelPackageGroup', { ModelPackageGroupName: 'a'.repeat(63) }), {
      ok: true,
    });
  });

  it('lists the pattern failure before the length failure of the same member', () => {
    assert.deepEqual(
      validateInput('DeleteModelPackageGroupPolicy', { ModelPackageGroupName: '' }),
      invalid(
        err("''", 'modelPackageGroupName', ENTITY_NAME),
        err("''", 'modelPackageGroupName', atLeast(1)),
      ),
    );
  });

  it('checks minimum length alone', () => {
    assert.deepEqual(
      validateInput('PutModelPackageGroupPolicy', { ModelPackageGroupName: 'g', ResourcePolicy: '' }),
      invalid(err("''", 'resourcePolicy', atLeast(1))),
    );
  });

  it('counts Unicode code points, not UTF-16 units', () => {
    const rockets = '🚀'.repeat(1024); // 2048 UTF-16 units, 1024 code points
    assert.deepEqual(
      validateInput('CreateModelPackageGroup', {
        ModelPackageGroupName: 'g',
        ModelPackageGroupDescription: rockets,
      }),
      { ok: true },
    );
    const tooMany = `${rockets}🚀`;
    assert.deepEqual(
      validateInput('CreateModelPackageGroup', {
        ModelPackageGroupName: 'g',
        ModelPackageGroupDescription: tooMany,
      }),
      invalid(err(`'${tooMany}'`, 'modelPackageGroupDescription', atMost(1024))),
    );
    // Tag keys are 1..128: 128 astral letters (256 UTF-16 units) fit.
    const key = '𝒜'.repeat(128);
    assert.deepEqual(validateInput('AddTags', { ResourceArn: GROUP_ARN, Tags: [{ Key: key, Value: '' }] }), {
      ok: true,
    });
  });

  it('matches the whole string', () => {
    assert.deepEqual(
      validateInput('DeleteModelPackageGroupPolicy', { ModelPackageGroupName: 'ok name' }),
      invalid(err("'ok name'", 'modelPackageGroupName', ENTITY_NAME)),
    );
    assert.deepEqual(validateInput('ListModelPackageGroups', { NameContains: 'churn' }), { ok: true });
    assert.deepEqual(
      validateInput('ListModelPackageGroups', { NameContains: 'churn_' }),
      invalid(
        err(
          "'churn_'",
          'nameContains',
          String.raw`Member must satisfy regular expression pattern: [a-zA-Z0-9\-]+`,
        ),
      ),
    );
  });

  it('accepts letters, marks, spaces, symbols, numbers and punctuation of any script in descriptions', () => {
    const text = 'Ünïcödé — 説明 Ελληνικά ١٢٣ e\u0301 $5 + 10% «ok» 🚀\u00a0\u3000';
    assert.deepEqual(
      validateInput('CreateModelPackageGroup', {
        ModelPackageGroupName: 'g',
        ModelPackageGroupDescription: text,
      }),
      { ok: true },
    );
  });

  it('rejects control characters (including tab and newline) in descriptions', () => {
    for (const text of ['line\nbreak', 'tab\there', 'nul\u0000', 'bell\u0007']) {
      assert.deepEqual(
        validateInput('CreateModelPackageGroup', {
          ModelPackageGroupName: 'g',
          ModelPackageGroupDescription: text,
        }),
        invalid(err(`'${text}'`, 'modelPackageGroupDescription', DESCRIPTION)),
        JSON.stringify(text),
      );
    }
  });

  it('supports the (?<!-) look-behind of ArnOrName', () => {
    for (const ok of ['churn-model', GROUP_ARN, 'a', 'A1-b2']) {
      assert.deepEqual(
        validateInput('DescribeModelPackageGroup', { ModelPackageGroupName: ok }),
        { ok: true },
        ok,
      );
    }
    for (const bad of [
      'churn-',
      '-churn',
      `${GROUP_ARN}-`,
      'arn:aws:sagemaker:us-east-1:1234:model-package-group/x',
    ]) {
      assert.deepEqual(
        validateInput('DeleteModelPackageGroup', { ModelPackageGroupName: bad }),
        invalid(err(`'${bad}'`, 'modelPackageGroupName', ARN_OR_NAME)),
        bad,
      );
    }
  });

  it('accepts the optional /VERSION suffix of VersionedArnOrName', () => {
    for (const ok of [
      PACKAGE_ARN,
      'churn-model',
      'churn-model/3',
      'arn:aws:sagemaker:us-east-1:123456789012:model-package/pkg',
    ]) {
      assert.deepEqual(validateInput('DescribeModelPackage', { ModelPackageName: ok }), { ok: true }, ok);
    }
    const bad = 'churn-model/1234567890';
    const result = validateInput('DeleteModelPackage', { ModelPackageName: bad });
    assert.equal(result.ok, false);
    assert.ok(
      !result.ok &&
        result.message.startsWith(`1 validation error detected: Value '${bad}' at 'modelPackageName'`),
    );
    assert.ok(!result.ok && result.message.endsWith(String.raw`(?<!-)(\/[0-9]{1,9})?`));
  });

  it('prints the model-package ARN pattern and enforces it on UpdateModelPackage', () => {
    assert.deepEqual(
      validateInput('UpdateModelPackage', { ModelPackageArn: 'churn-model/2' }),
      invalid(
        err(
          "'churn-model/2'",
          'modelPackageArn',
          'Member must satisfy regular expression pattern: ' +
            String.raw`arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]{9,16}:[0-9]{12}:model-package/[\S]{1,2048}`,
        ),
      ),
    );
  });

  it('checks the ClientToken pattern and length', () => {
    const token = `${'a'.repeat(36)}!`;
    assert.deepEqual(
      validateInput('CreateModelPackage', { ClientToken: token }),
      invalid(
        err(`'${token}'`, 'clientToken', 'Member must satisfy regular expression pattern: [a-zA-Z0-9-]+'),
        err(`'${token}'`, 'clientToken', atMost(36)),
      ),
    );
  });
});

describe('enums', () => {
  it('lists the allowed values in the model order', () => {
    assert.deepEqual(
      validateInput('ListModelPackages', { SortBy: 'Version', SortOrder: 'Up', ModelPackageType: 'All' }),
      invalid(
        err(
          "'All'",
          'modelPackageType',
          'Member must satisfy enum value set: [Versioned, Unversioned, Both]',
        ),
        err("'Version'", 'sortBy', 'Member must satisfy enum value set: [Name, CreationTime]'),
        err("'Up'", 'sortOrder', 'Member must satisfy enum value set: [Ascending, Descending]'),
      ),
    );
  });

  it('is case-sensitive', () => {
    assert.deepEqual(
      validateInput('ListModelPackageGroups', { CrossAccountFilterOption: 'crossaccount' }),
      invalid(
        err(
          "'crossaccount'",
          'crossAccountFilterOption',
          'Member must satisfy enum value set: [SameAccount, CrossAccount]',
        ),
      ),
    );
  });

  it('reports Search.Resource against all 18 resource types', () => {
    const result = validateInput('Search', { Resource: 'Bucket' });
    assert.deepEqual(
      result,
      invalid(
        err(
          "'Bucket'",
          'resource',
          'Member must satisfy enum value set: [TrainingJob, Experiment, ExperimentTrial, ExperimentTrialComponent, ' +
            'Endpoint, Model, ModelPackage, ModelPackageGroup, Pipeline, PipelineExecution, FeatureGroup, ' +
            'FeatureMetadata, Image, ImageVersion, Project, HyperParameterTuningJob, ModelCard, PipelineVersion]',
        ),
      ),
    );
  });
});

describe('numbers and timestamps', () => {
  it('checks integer ranges', () => {
    assert.deepEqual(
      validateInput('ListModelPackages', { MaxResults: 0 }),
      invalid(err("'0'", 'maxResults', valueAtLeast(1))),
    );
    assert.deepEqual(
      validateInput('ListModelPackageGroups', { MaxResults: 101 }),
      invalid(err("'101'", 'maxResults', valueAtMost(100))),
    );
    assert.deepEqual(validateInput('Search', { Resource: 'ModelPackage', MaxResults: 100 }), { ok: true });
  });

  it('has ListTags.MaxResults at least 50 and unbounded above', () => {
    const arn = GROUP_ARN;
    assert.deepEqual(
      validateInput('ListTags', { ResourceArn: arn, MaxResults: 49 }),
      invalid(err("'49'", 'maxResults', valueAtLeast(50))),
    );
    assert.deepEqual(validateInput('ListTags', { ResourceArn: arn, MaxResults: 2147483647 }), { ok: true });
  });

  it('accepts integer and fractional epoch seconds as timestamps', () => {
    assert.deepEqual(
      validateInput('ListModelPackages', {
        CreationTimeAfter: 1577836800,
        CreationTimeBefore: 1577836800.25,
      }),
      { ok: true },
    );
  });
});

describe('type mismatches are SerializationExceptions', () => {
  it('names the path and the expected type', () => {
    assert.deepEqual(
      validateInput('CreateModelPackageGroup', { ModelPackageGroupName: 42 }),
      serialization("Expected a string at 'modelPackageGroupName' but found number."),
    );
    assert.deepEqual(
      validateInput('ListModelPackages', { MaxResults: '10' }),
      serialization("Expected an integer at 'maxResults' but found string."),
    );
    assert.deepEqual(
      validateInput('ListModelPackages', { MaxResults: 2.5 }),
      serialization("Expected an integer at 'maxResults' but found number 2.5."),
    );
    assert.deepEqual(
      validateInput('ListTags', { ResourceArn: GROUP_ARN, MaxResults: 2 ** 31 }),
      serialization(
        "Expected an integer at 'maxResults' but found number 2147483648, outside the 32-bit integer range.",
      ),
    );
    assert.deepEqual(
      validateInput('ListModelPackageGroups', { CreationTimeAfter: '2020-01-01T00:00:00Z' }),
      serialization(
        "Expected a timestamp (epoch seconds as a JSON number) at 'creationTimeAfter' but found string.",
      ),
    );
    assert.deepEqual(
      validateInput('CreateModelPackage', { CertifyForMarketplace: 'true' }),
      serialization("Expected a boolean at 'certifyForMarketplace' but found string."),
    );
    assert.deepEqual(
      validateInput('Search', { Resource: ['ModelPackage'] }),
      serialization("Expected a string at 'resource' but found array."),
    );
  });

  it('rejects arrays where structures are expected and objects where lists are expected', () => {
    assert.deepEqual(
      validateInput('Search', { Resource: 'ModelPackage', SearchExpression: [] }),
      serialization("Expected a structure (JSON object) at 'searchExpression' but found array."),
    );
    assert.deepEqual(
      validateInput('AddTags', { ResourceArn: GROUP_ARN, Tags: { Key: 'k', Value: 'v' } }),
      serialization("Expected a list (JSON array) at 'tags' but found object."),
    );
    assert.deepEqual(
      validateInput('CreateModelPackage', { CustomerMetadataProperties: ['a'] }),
      serialization("Expected a map (JSON object) at 'customerMetadataProperties' but found array."),
    );
  });

  it('rejects a body that is not a JSON object', () => {
    for (const [body, found] of [
      [[], 'array'],
      ['{}', 'string'],
      [null, 'null'],
      [7, 'number'],
    ] as const) {
      assert.deepEqual(
        validateInput('ListModelPackageGroups', body),
        serialization(`Expected a JSON object as the request body but found ${found}.`),
      );
    }
  });

  it('gives list items and map values their own path', () => {
    assert.deepEqual(
      validateInput('DeleteTags', { ResourceArn: GROUP_ARN, TagKeys: ['a', 3] }),
      serialization("Expected a string at 'tagKeys.2.member' but found number."),
    );
    assert.deepEqual(
      validateInput('CreateModelPackage', { CustomerMetadataProperties: { git_sha: true } }),
      serialization("Expected a string at 'customerMetadataProperties.git_sha' but found boolean."),
    );
    assert.deepEqual(
      validateInput('AddTags', { ResourceArn: GROUP_ARN, Tags: [{ Key: 'k', Value: 'v' }, 'k=v'] }),
      serialization("Expected a structure (JSON object) at 'tags.2.member' but found string."),
    );
  });

  it('wins over validation errors found earlier in the body', () => {
    assert.deepEqual(
      validateInput('ListModelPackages', { MaxResults: 0, NameContains: 'x', SortOrder: 1 }),
      serialization("Expected a string at 'sortOrder' but found number."),
    );
  });
});

describe('lists', () => {
  const tag = (i: number) => ({ Key: `k${i}`, Value: `v${i}` });

  it('checks item counts', () => {
    const tags = Array.from({ length: 51 }, (_, i) => tag(i));
    assert.deepEqual(
      validateInput('AddTags', { ResourceArn: GROUP_ARN, Tags: tags }),
      invalid(err(`'${JSON.stringify(tags)}'`, 'tags', atMost(50))),
    );
    assert.deepEqual(validateInput('AddTags', { ResourceArn: GROUP_ARN, Tags: [] }), { ok: true });
    assert.deepEqual(
      validateInput('DeleteTags', { ResourceArn: GROUP_ARN, TagKeys: [] }),
      invalid(err("'[]'", 'tagKeys', atLeast(1))),
    );
    assert.deepEqual(
      validateInput('BatchDescribeModelPackage', { ModelPackageArnList: [] }),
      invalid(err("'[]'", 'modelPackageArnList', atLeast(1))),
    );
  });

  it('addresses structure items as <list>.<n>.member', () => {
    const tags = [tag(1), { Key: 'bad!', Value: 'v' }, { Key: 'k3' }];
    assert.deepEqual(
      validateInput('AddTags', { ResourceArn: GROUP_ARN, Tags: tags }),
      invalid(err("'bad!'", 'tags.2.member.key', TAG_PATTERN), err('null', 'tags.3.member.value', NOT_NULL)),
    );
  });

  it('reports a null structure item as a null member', () => {
    assert.deepEqual(
      validateInput('CreateModelPackageGroup', { ModelPackageGroupName: 'g', Tags: [tag(1), null] }),
      invalid(err('null', 'tags.2.member', NOT_NULL)),
    );
  });

  it('reports element constraints of a list of strings once, at the list', () => {
    const keys = ['ok', 'bad!', 'x'.repeat(129)];
    assert.deepEqual(
      validateInput('DeleteTags', { ResourceArn: GROUP_ARN, TagKeys: keys }),
      invalid(
        err(
          `'${JSON.stringify(keys)}'`,
          'tagKeys',
          `Member must satisfy constraint: [${atMost(128)}, ${atLeast(1)}, ${TAG_PATTERN}]`,
        ),
      ),
    );
  });

  it('adds "Member must not be null" to the element constraints when an element is null', () => {
    const arns = [PACKAGE_ARN, null];
    const result = validateInput('BatchDescribeModelPackage', { ModelPackageArnList: arns });
    assert.ok(!result.ok && result.message.endsWith(', Member must not be null]'), JSON.stringify(result));
  });

  it('reports an item-count error and element errors of the same list', () => {
    const keys = Array.from({ length: 51 }, (_, i) => (i === 0 ? '' : `k${i}`));
    const shown = `'${JSON.stringify(keys)}'`;
    assert.deepEqual(
      validateInput('DeleteTags', { ResourceArn: GROUP_ARN, TagKeys: keys }),
      invalid(
        err(shown, 'tagKeys', atMost(50)),
        err(
          shown,
          'tagKeys',
          `Member must satisfy constraint: [${atMost(128)}, ${atLeast(1)}, ${TAG_PATTERN}]`,
        ),
      ),
    );
  });
});

describe('maps', () => {
  const CMP_KEY = String.raw`Member must satisfy regular expression pattern: ([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)${'$'}{1,128}`;
  const CMP_VALUE = String.raw`Member must satisfy regular expression pattern: ([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)${'$'}{1,256}`;

  it('accepts Unicode letters, spaces, digits and _.:/=+-@ in CustomerMetadataProperties', () => {
    const props = { git_sha: 'abc1', 'team name': 'ML Platform', ключ: 'значение', 'a:b/c=d+e-f@g.h': '1.0' };
    assert.deepEqual(validateInput('CreateModelPackage', { CustomerMetadataProperties: props }), {
      ok: true,
    });
  });

  it('prints the original quantified-$ patterns for keys and values', () => {
    const props = { 'bad key!': 'v', ok: '' };
    const shown = `'${JSON.stringify(props)}'`;
    assert.deepEqual(
      validateInput('UpdateModelPackage', {
        ModelPackageArn: PACKAGE_ARN,
        CustomerMetadataProperties: props,
      }),
      invalid(
        err(
          shown,
          'customerMetadataProperties',
          `Map keys must satisfy constraint: [${atMost(128)}, ${atLeast(1)}, ${CMP_KEY}]`,
        ),
        err(
          shown,
          'customerMetadataProperties',
          `Map value must satisfy constraint: [${atMost(256)}, ${atLeast(1)}, ${CMP_VALUE}]`,
        ),
      ),
    );
  });

  it('checks the number of entries', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    assert.deepEqual(
      validateInput('CreateModelPackage', { CustomerMetadataProperties: many }),
      invalid(err(`'${JSON.stringify(many)}'`, 'customerMetadataProperties', atMost(50))),
    );
    assert.deepEqual(
      validateInput('CreateModelPackage', { CustomerMetadataProperties: {} }),
      invalid(err("'{}'", 'customerMetadataProperties', atLeast(1))),
    );
  });

  it('checks CustomerMetadataPropertiesToRemove items like map keys', () => {
    const keys = ['fine', 'not fine!'];
    assert.deepEqual(
      validateInput('UpdateModelPackage', {
        ModelPackageArn: PACKAGE_ARN,
        CustomerMetadataPropertiesToRemove: keys,
      }),
      invalid(
        err(
          `'${JSON.stringify(keys)}'`,
          'customerMetadataPropertiesToRemove',
          `Member must satisfy constraint: [${atMost(128)}, ${atLeast(1)}, ${CMP_KEY}]`,
        ),
      ),
    );
  });
});

describe('multiple errors', () => {
  it('reports all errors in member order, depth-first', () => {
    const body = {
      Tags: [{ Key: '', Value: 'v' }],
      ModelPackageGroupDescription: 'bad\u0001',
      ModelPackageGroupName: 'bad name',
      ManagedConfiguration: { ManagedStorageType: 'Open' },
    };
    assert.deepEqual(
      validateInput('CreateModelPackageGroup', body),
      invalid(
        err("'bad name'", 'modelPackageGroupName', ENTITY_NAME),
        err("'bad\u0001'", 'modelPackageGroupDescription', DESCRIPTION),
        err("''", 'tags.1.member.key', atLeast(1)),
        err(
          "'Open'",
          'managedConfiguration.managedStorageType',
          'Member must satisfy enum value set: [Restricted]',
        ),
      ),
    );
  });

  it('does not leak state between calls', () => {
    assert.equal(validateInput('ListTags', {}).ok, false);
    assert.deepEqual(validateInput('ListTags', { ResourceArn: GROUP_ARN }), { ok: true });
    assert.equal(validateInput('ListTags', { ResourceArn: 1 }).ok, false);
    assert.deepEqual(validateInput('ListTags', { ResourceArn: GROUP_ARN }), { ok: true });
  });
});
