import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  groupArn,
  isEntityName,
  parseArn,
  resolveGroupRef,
  resolvePackageRef,
  resolveUserRef,
  type Scope,
  scopeOfRef,
  unversionedArn,
  versionArn,
} from './names.js';

const SCOPE: Scope = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
const PREFIX = 'arn:aws:sagemaker:us-east-1:123456789012';

describe('isEntityName', () => {
  it('accepts 1 to 63 alphanumerics with hyphens inside', () => {
    for (const name of [
      'a',
      'Z',
      '7',
      'churn-model',
      'a--b',
      'A1-b2-C3',
      'x'.repeat(63),
      `a${'-'.repeat(61)}b`,
    ]) {
      assert.equal(isEntityName(name), true, name);
    }
  });

  it('refuses empty, too long, edge hyphens and other characters', () => {
    for (const name of ['', 'x'.repeat(64), '-a', 'a-', '-', 'a_b', 'a b', 'a.b', 'a/b', 'é', 'a%']) {
      assert.equal(isEntityName(name), false, JSON.stringify(name));
    }
  });
});

describe('ARNs', () => {
  it('keeps the group name as given and lower-cases package names', () => {
    assert.equal(groupArn(SCOPE, 'Churn-Model'), `${PREFIX}:model-package-group/Churn-Model`);
    assert.equal(versionArn(SCOPE, 'Churn-Model', 12), `${PREFIX}:model-package/churn-model/12`);
    assert.equal(unversionedArn(SCOPE, 'Market-Pkg'), `${PREFIX}:model-package/market-pkg`);
    const cn = { partition: 'aws-cn', region: 'cn-north-1', account: '000000000000' };
    assert.equal(groupArn(cn, 'g'), 'arn:aws-cn:sagemaker:cn-north-1:000000000000:model-package-group/g');
  });

  it('parses ARNs into their parts', () => {
    assert.deepEqual(parseArn(`${PREFIX}:model-package/churn/3`), {
      partition: 'aws',
      service: 'sagemaker',
      region: 'us-east-1',
      account: '123456789012',
      resourceType: 'model-package',
      resource: 'churn/3',
    });
    assert.equal(
      parseArn('arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:model-package-group/g')?.partition,
      'aws-us-gov',
    );
  });

  it('refuses strings that are not ARNs', () => {
    for (const value of [
      'churn',
      'arn:aws:sagemaker:us-east-1:12345678901:model-package/x',
      'arn:aws:sagemaker:us-east-1:1234567890123:model-package/x',
      'arn:aws:sagemaker:us-east-1:123456789012:model-package/',
      'arn:aws:sagemaker:us-east-1:123456789012:model-package',
      'arn:gcp:sagemaker:us-east-1:123456789012:model-package/x',
      'arn:aws:SageMaker:us-east-1:123456789012:model-package/x',
    ]) {
      assert.equal(parseArn(value), undefined, value);
    }
  });
});

describe('resolveGroupRef', () => {
  it('takes a bare name as it is', () => {
    assert.deepEqual(resolveGroupRef(SCOPE, 'Churn'), {
      name: 'Churn',
      account: '123456789012',
      foreign: false,
    });
  });

  it("takes a group ARN of this scope or of another account, in the ARN's account", () => {
    assert.deepEqual(resolveGroupRef(SCOPE, `${PREFIX}:model-package-group/Churn`), {
      name: 'Churn',
      account: '123456789012',
      foreign: false,
    });
    assert.deepEqual(
      resolveGroupRef(SCOPE, 'arn:aws:sagemaker:us-east-1:999999999999:model-package-group/Churn'),
      { name: 'Churn', account: '999999999999', foreign: false },
    );
  });

  it('marks other regions and partitions foreign', () => {
    for (const arn of [
      'arn:aws:sagemaker:eu-west-1:123456789012:model-package-group/Churn',
      'arn:aws-cn:sagemaker:us-east-1:123456789012:model-package-group/Churn',
    ]) {
      assert.deepEqual(
        resolveGroupRef(SCOPE, arn),
        { name: 'Churn', account: '123456789012', foreign: true },
        arn,
      );
    }
  });

  it("puts a reference in its account's scope", () => {
    assert.equal(scopeOfRef(SCOPE, { account: '123456789012' }), SCOPE);
    assert.deepEqual(scopeOfRef(SCOPE, { account: '999999999999' }), { ...SCOPE, account: '999999999999' });
  });

  it('refuses ARNs of other resource types or services, and nested resources', () => {
    for (const arn of [
      `${PREFIX}:model-package/churn/1`,
      `${PREFIX}:model-package-group/churn/1`,
      'arn:aws:s3:us-east-1:123456789012:model-package-group/churn',
      'arn:not-an-arn',
    ]) {
      assert.equal(resolveGroupRef(SCOPE, arn), undefined, arn);
    }
  });
});

describe('resolvePackageRef', () => {
  it('resolves a versioned name and an unversioned name, bare or as ARNs', () => {
    assert.deepEqual(resolvePackageRef(SCOPE, 'churn/3'), {
      kind: 'version',
      group: 'churn',
      version: 3,
      account: '123456789012',
      foreign: false,
    });
    assert.deepEqual(resolvePackageRef(SCOPE, 'market'), {
      kind: 'unversioned',
      name: 'market',
      account: '123456789012',
      foreign: false,
    });
    assert.deepEqual(resolvePackageRef(SCOPE, `${PREFIX}:model-package/churn/42`), {
      kind: 'version',
      group: 'churn',
      version: 42,
      account: '123456789012',
      foreign: false,
    });
    assert.deepEqual(resolvePackageRef(SCOPE, `${PREFIX}:model-package/market`), {
      kind: 'unversioned',
      name: 'market',
      account: '123456789012',
      foreign: false,
    });
    assert.deepEqual(
      resolvePackageRef(SCOPE, 'arn:aws:sagemaker:us-west-2:123456789012:model-package/churn/1'),
      {
        kind: 'version',
        group: 'churn',
        version: 1,
        account: '123456789012',
        foreign: true,
      },
    );
    assert.deepEqual(resolvePackageRef(SCOPE, 'churn/999999999'), {
      kind: 'version',
      group: 'churn',
      version: 999_999_999,
      account: '123456789012',
      foreign: false,
    });
  });

  it('refuses version 0, non-numeric or too long versions, deeper paths and group ARNs', () => {
    for (const value of [
      'churn/0',
      'churn/abc',
      'churn/-1',
      'churn/1.5',
      'churn/1234567890',
      'churn/',
      'a/b/c',
      `${PREFIX}:model-package-group/churn`,
      'arn:aws:s3:us-east-1:123456789012:model-package/churn/1',
      'arn:nope',
    ]) {
      assert.equal(resolvePackageRef(SCOPE, value), undefined, value);
    }
  });

  it("resolves another account's version ARN in that account", () => {
    assert.deepEqual(
      resolvePackageRef(SCOPE, 'arn:aws:sagemaker:us-east-1:999999999999:model-package/churn/7'),
      { kind: 'version', group: 'churn', version: 7, account: '999999999999', foreign: false },
    );
  });
});

describe('resolveUserRef', () => {
  it("takes a bare name in the caller's account and a user ARN in its own", () => {
    assert.deepEqual(resolveUserRef('123456789012', 'alice'), { account: '123456789012', name: 'alice' });
    assert.deepEqual(resolveUserRef('123456789012', 'arn:aws:iam::111122223333:user/bob'), {
      account: '111122223333',
      name: 'bob',
    });
  });

  it('refuses other ARNs', () => {
    for (const value of [
      'arn:aws:iam::111122223333:role/bob',
      'arn:aws:iam::111122223333:root',
      'arn:aws:iam::1111:user/bob',
      `${PREFIX}:model-package-group/churn`,
    ]) {
      assert.equal(resolveUserRef('123456789012', value), undefined, value);
    }
  });
});
