import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

const S3 = { MODELRY_ARTIFACT_STORE: 's3', MODELRY_S3_BUCKET: 'models-bucket' };

function artifacts(env: Record<string, string>) {
  return loadConfig({ dataDir: '/srv/modelry' }, env).artifacts;
}

describe('artifact settings', () => {
  it('default to a folder under the data dir, 100 GiB, any content type, a day of grace', () => {
    assert.deepEqual(artifacts({}), {
      store: { kind: 'fs', dir: '/srv/modelry/artifacts' },
      maxBytes: 107_374_182_400,
      contentTypes: [],
      gcGraceSeconds: 86_400,
    });
    assert.deepEqual(artifacts({ MODELRY_ARTIFACT_DIR: 'blobs' }).store, {
      kind: 'fs',
      dir: resolve('blobs'),
    });
  });

  it('read the S3 store, normalising the prefix and taking the region from MODELRY_REGION', () => {
    const config = artifacts({
      ...S3,
      MODELRY_REGION: 'eu-west-3',
      MODELRY_S3_PREFIX: 'teams/ml',
      MODELRY_S3_ENDPOINT: 'http://127.0.0.1:9000',
      MODELRY_S3_FORCE_PATH_STYLE: 'true',
      MODELRY_S3_ACCESS_KEY_ID: 'minio',
      MODELRY_S3_SECRET_ACCESS_KEY: 'minio-secret',
      MODELRY_ARTIFACT_MAX_BYTES: '1048576',
      MODELRY_ARTIFACT_CONTENT_TYPES: 'application/gzip, Application/Octet-Stream,application/gzip',
      MODELRY_ARTIFACT_GC_GRACE_SECONDS: '0',
    });
    assert.deepEqual(config, {
      store: {
        kind: 's3',
        bucket: 'models-bucket',
        prefix: 'teams/ml/',
        endpoint: 'http://127.0.0.1:9000',
        region: 'eu-west-3',
        forcePathStyle: true,
        credentials: { accessKeyId: 'minio', secretAccessKey: 'minio-secret' },
      },
      maxBytes: 1_048_576,
      contentTypes: ['application/gzip', 'application/octet-stream'],
      gcGraceSeconds: 0,
    });
    assert.deepEqual(artifacts({ ...S3, MODELRY_S3_REGION: 'auto' }).store, {
      kind: 's3',
      bucket: 'models-bucket',
      prefix: '',
      region: 'auto',
      forcePathStyle: false,
    });
  });

  const refusals: [Record<string, string>, RegExp][] = [
    [{ MODELRY_ARTIFACT_STORE: 'gcs' }, /MODELRY_ARTIFACT_STORE "gcs": expected fs or s3/],
    [{ MODELRY_ARTIFACT_STORE: 's3' }, /MODELRY_S3_BUCKET is required/],
    [{ ...S3, MODELRY_S3_BUCKET: 'Models' }, /Invalid MODELRY_S3_BUCKET "Models"/],
    [{ ...S3, MODELRY_S3_BUCKET: 'a..b' }, /Invalid MODELRY_S3_BUCKET/],
    [{ ...S3, MODELRY_S3_PREFIX: '/abs' }, /Invalid MODELRY_S3_PREFIX "\/abs"/],
    [{ ...S3, MODELRY_S3_PREFIX: 'a//b' }, /Invalid MODELRY_S3_PREFIX/],
    [{ ...S3, MODELRY_S3_PREFIX: 'a/../b' }, /Invalid MODELRY_S3_PREFIX/],
    [{ ...S3, MODELRY_S3_PREFIX: 'sp ace' }, /Invalid MODELRY_S3_PREFIX/],
    [{ ...S3, MODELRY_S3_ENDPOINT: 'ftp://x' }, /Invalid MODELRY_S3_ENDPOINT "ftp:\/\/x"/],
    [{ ...S3, MODELRY_S3_ENDPOINT: 'localhost:9000' }, /Invalid MODELRY_S3_ENDPOINT/],
    [{ ...S3, MODELRY_S3_REGION: 'US East' }, /Invalid MODELRY_S3_REGION/],
    [{ ...S3, MODELRY_S3_FORCE_PATH_STYLE: 'yes' }, /Invalid MODELRY_S3_FORCE_PATH_STYLE "yes"/],
    [{ ...S3, MODELRY_S3_ACCESS_KEY_ID: 'only-one' }, /go together/],
    [{ ...S3, MODELRY_S3_SECRET_ACCESS_KEY: 'only-one' }, /go together/],
    [{ ...S3, MODELRY_ARTIFACT_DIR: '/data' }, /MODELRY_ARTIFACT_DIR is set but the artifact store is s3/],
    [{ MODELRY_S3_BUCKET: 'models' }, /MODELRY_S3_BUCKET is set but the artifact store is fs/],
    [{ MODELRY_ARTIFACT_MAX_BYTES: '0' }, /MODELRY_ARTIFACT_MAX_BYTES "0": expected an integer from 1 to/],
    [{ MODELRY_ARTIFACT_MAX_BYTES: '10GB' }, /MODELRY_ARTIFACT_MAX_BYTES "10GB"/],
    [{ MODELRY_ARTIFACT_MAX_BYTES: '5497558138881' }, /from 1 to 5497558138880/],
    [{ MODELRY_ARTIFACT_CONTENT_TYPES: 'application/gzip,gzip' }, /CONTENT_TYPES entry "gzip"/],
    [{ MODELRY_ARTIFACT_CONTENT_TYPES: 'text/plain; charset=utf-8' }, /CONTENT_TYPES entry/],
    [{ MODELRY_ARTIFACT_GC_GRACE_SECONDS: '-1' }, /MODELRY_ARTIFACT_GC_GRACE_SECONDS "-1"/],
  ];
  for (const [env, message] of refusals) {
    it(`refuse ${JSON.stringify(env)}`, () => {
      assert.throws(
        () => artifacts(env),
        (err: unknown) => err instanceof ConfigError && message.test(err.message),
      );
    });
  }
});
