import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSecretName, REDACTED, redactSecrets } from './audit.js';
import type { JsonValue } from './model.js';

describe('isSecretName', () => {
  const secret = [
    'secret',
    'clientSecret',
    'secretAccessKey',
    'AWS_SECRET_ACCESS_KEY',
    'password',
    'DB_PASSWORD',
    'db_pass',
    'PWD',
    'passphrase',
    'token',
    'HF_TOKEN',
    'sessionToken',
    'X-Amz-Security-Token',
    'accessToken',
    'refresh_token',
    'authorization',
    'Proxy-Authorization',
    'auth',
    'apiKey',
    'APIKey',
    'x-api-key',
    'OPENAI_API_KEY',
    'privateKey',
    'private_key',
    'credentials',
    'Credential',
    'Cookie',
    'Set-Cookie',
    'X-Amz-Signature',
  ];
  const notSecret = [
    'NextToken',
    'ClientToken',
    'tokenizer',
    'max_tokens',
    'accessKeyId',
    'KmsKeyId',
    'Key',
    'key',
    'ModelPackageGroupName',
    'ModelApprovalStatus',
    'description',
    'authMode',
    'passengers',
    'compass',
    'user-agent',
  ];
  for (const name of secret) {
    it(`takes ${name} for a secret`, () => assert.equal(isSecretName(name), true));
  }
  for (const name of notSecret) {
    it(`takes ${name} for no secret`, () => assert.equal(isSecretName(name), false));
  }
});

describe('redactSecrets', () => {
  it('replaces secret values at any depth and inside arrays, and copies everything else', () => {
    const input: JsonValue = {
      ModelPackageGroupName: 'fraud',
      password: 'hunter2',
      InferenceSpecification: {
        Containers: [
          {
            Image: 'repo/img:1',
            Environment: { MODEL_NAME: 'fraud', HF_TOKEN: 'hf_abc', DB_PASSWORD: 'pw' },
          },
          { Image: 'repo/img:2', Environment: { MODEL_NAME: 'fraud' } },
        ],
      },
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'shh' },
      list: [[{ apiKey: 'k', n: 1 }], null, 3, 'text', true],
      NextToken: 'page-2',
    };
    assert.deepEqual(redactSecrets(input), {
      ModelPackageGroupName: 'fraud',
      password: REDACTED,
      InferenceSpecification: {
        Containers: [
          {
            Image: 'repo/img:1',
            Environment: { MODEL_NAME: 'fraud', HF_TOKEN: REDACTED, DB_PASSWORD: REDACTED },
          },
          { Image: 'repo/img:2', Environment: { MODEL_NAME: 'fraud' } },
        ],
      },
      credentials: REDACTED,
      list: [[{ apiKey: REDACTED, n: 1 }], null, 3, 'text', true],
      NextToken: 'page-2',
    });
  });

  it('redacts header maps whatever the case of the header names', () => {
    const headers = {
      headers: {
        Authorization: 'Bearer abc',
        'x-api-key': 'k',
        'X-Amz-Security-Token': 't',
        cookie: 'sid=1',
        'content-type': 'application/json',
        'User-Agent': 'curl/8',
      },
    };
    assert.deepEqual(redactSecrets(headers), {
      headers: {
        Authorization: REDACTED,
        'x-api-key': REDACTED,
        'X-Amz-Security-Token': REDACTED,
        cookie: REDACTED,
        'content-type': 'application/json',
        'User-Agent': 'curl/8',
      },
    });
  });

  it('redacts the value of a name/value pair that names a secret', () => {
    const input: JsonValue = {
      headers: [
        { name: 'Authorization', value: 'Bearer abc' },
        { name: 'Accept', value: 'application/json' },
      ],
      Tags: [
        { Key: 'api_token', Value: 'tok' },
        { Key: 'team', Value: 'risk' },
      ],
    };
    assert.deepEqual(redactSecrets(input), {
      headers: [
        { name: 'Authorization', value: REDACTED },
        { name: 'Accept', value: 'application/json' },
      ],
      Tags: [
        { Key: 'api_token', Value: REDACTED },
        { Key: 'team', Value: 'risk' },
      ],
    });
  });

  it('returns a new value and leaves its input alone', () => {
    const input = { nested: { token: 't', keep: [1, 2] } };
    const before = structuredClone(input);
    const output = redactSecrets(input) as { nested: { keep: number[] } };
    assert.deepEqual(input, before);
    assert.notEqual(output.nested, input.nested);
    assert.notEqual(output.nested.keep, input.nested.keep);
  });

  it('keeps a __proto__ member parsed from JSON as a member', () => {
    const input = JSON.parse('{"__proto__":{"password":"p","x":1}}') as JsonValue;
    const output = redactSecrets(input);
    assert.equal(Object.getPrototypeOf(output), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(output, '__proto__')?.value, {
      password: REDACTED,
      x: 1,
    });
  });

  it('passes scalars through', () => {
    for (const value of ['token', 7, false, null]) assert.equal(redactSecrets(value), value);
  });
});
