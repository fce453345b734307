import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { LIMITS } from '../../src/domain/limits.js';
import { type Answer, readAnswer } from '../helpers/aws.js';
import { backends } from '../helpers/backends.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** Bad input must come back as a 4xx in the caller's own envelope, and the server must keep serving. */

/** A body as sent: raw text or bytes (for malformed input), or a value to serialize. */
type Body = string | Uint8Array<ArrayBuffer> | Record<string, unknown>;

const AWS_TYPE = 'application/x-amz-json-1.1';
const CREATE_GROUP = 'SageMaker.CreateModelPackageGroup';
const CREATE_PACKAGE = 'SageMaker.CreateModelPackage';
const DESCRIBE_GROUP = 'SageMaker.DescribeModelPackageGroup';
const LIST_GROUPS = 'SageMaker.ListModelPackageGroups';
const LIST_PACKAGES = 'SageMaker.ListModelPackages';
const SPEC = { Containers: [{ Image: 'registry.example/robust:1' }] };

function encode(body: Body): string | Uint8Array<ArrayBuffer> {
  return typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
}

/** A SageMaker-face request with any body, including bytes that are not UTF-8 and oversized ones. */
async function aws(url: string, target: string | undefined, body: Body): Promise<Answer> {
  const headers = { 'content-type': AWS_TYPE, ...(target !== undefined && { 'x-amz-target': target }) };
  return readAnswer(await fetch(url, { method: 'POST', headers, body: encode(body) }));
}

async function api(url: string, method: string, path: string, body?: Body, type = 'application/json') {
  return readAnswer(
    await fetch(`${url}/api/v1${path}`, {
      method,
      ...(body !== undefined && { headers: { 'content-type': type }, body: encode(body) }),
    }),
  );
}

function assertAws(res: Answer, type: string, message?: RegExp, status = 400): void {
  assert.equal(res.status, status, res.text.slice(0, 500));
  assert.equal(res.headers.get('x-amzn-errortype'), type);
  assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(res.headers.get('content-type'), AWS_TYPE);
  assert.ok(res.json, `not JSON: ${res.text.slice(0, 200)}`);
  assert.deepEqual(Object.keys(res.json).sort(), ['Message', '__type']);
  assert.equal(res.json.__type, type);
  assert.equal(typeof res.json.Message, 'string');
  if (message) assert.match(res.json.Message as string, message);
}

function assertNative(res: Answer, status: number, code: keyof typeof ERROR_CODES, message?: RegExp): void {
  assert.equal(res.status, status, res.text.slice(0, 500));
  const error = (res.json as { error?: Record<string, unknown> } | undefined)?.error;
  assert.ok(error, `no error envelope: ${res.text.slice(0, 200)}`);
  assert.deepEqual(Object.keys(error).sort(), ['code', 'details', 'message']);
  assert.ok(Object.hasOwn(ERROR_CODES, error.code as string), `unknown code ${String(error.code)}`);
  assert.equal(error.code, code);
  assert.equal(typeof error.message, 'string');
  assert.ok((error.message as string).length > 0);
  assert.equal(typeof error.details, 'object');
  assert.notEqual(error.details, null);
  if (message) assert.match(error.message as string, message);
}

/** A JSON object padded with trailing whitespace to exactly `size` bytes. */
function paddedBody(value: object, size: number): string {
  const json = JSON.stringify(value);
  assert.ok(Buffer.byteLength(json) <= size);
  return json + ' '.repeat(size - Buffer.byteLength(json));
}

/** `count` code points mixing emoji (two UTF-16 units, four UTF-8 bytes) and CJK (one unit, three bytes). */
function wideText(count: number): string {
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? '😀' : '模')).join('');
}

for (const { backend, skip } of await backends()) {
  describe(`robustness on ${backend}`, { skip }, () => {
    let server: TestServer;
    const call = (target: string | undefined, body: Body) => aws(server.url, target, body);
    const awsFails = async (target: string | undefined, body: Body, type: string, message?: RegExp) =>
      assertAws(await call(target, body), type, message);
    const rest = (method: string, path: string, body?: Body) => api(server.url, method, path, body);
    const restFails = async (path: string, body: Body, status: number, code: keyof typeof ERROR_CODES) =>
      assertNative(await rest('POST', path, body), status, code);
    const ok = async (target: string, body: Body) => {
      const res = await call(target, body);
      assert.equal(res.status, 200, res.text.slice(0, 300));
      return res;
    };

    before(async () => {
      server = await startServer({ backend });
      await ok(CREATE_GROUP, { ModelPackageGroupName: 'robust' });
      for (let i = 0; i < 3; i++) {
        await ok(CREATE_PACKAGE, { ModelPackageGroupName: 'robust', InferenceSpecification: SPEC });
      }
    });
    after(async () => {
      assert.equal(await server?.stop(), 0);
    });

    test('malformed JSON bodies are SerializationExceptions', async () => {
      const cases: [string, Body, RegExp][] = [
        ['truncated', '{"ModelPackageGroupName": "x"', /not valid JSON/],
        ['trailing garbage', '{"ModelPackageGroupName": "x"} xyz', /not valid JSON/],
        ['an array', '[]', /must be a JSON object/],
        ['a string', '"str"', /must be a JSON object/],
        ['null', 'null', /must be a JSON object/],
        ['a number', '42', /must be a JSON object/],
        ['binary bytes', new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80, 0x7b]), /not valid JSON/],
      ];
      for (const [what, body, message] of cases) {
        const res = await call(CREATE_GROUP, body);
        assert.doesNotThrow(() => assertAws(res, 'SerializationException', message), what);
      }
    });

    test('an empty body on an operation with required members: Member must not be null', async () => {
      const nullName =
        /^1 validation error detected: Value null at 'modelPackageGroupName' failed to satisfy constraint: Member must not be null$/;
      await awsFails(CREATE_GROUP, '', 'ValidationException', nullName);
      await awsFails(CREATE_GROUP, {}, 'ValidationException', nullName);
      await awsFails(
        'SageMaker.UpdateModelPackage',
        { ModelApprovalStatus: 'Approved' },
        'ValidationException',
        /Value null at 'modelPackageArn' failed to satisfy constraint: Member must not be null/,
      );
      await awsFails(
        'SageMaker.AddTags',
        {},
        'ValidationException',
        /^2 validation errors detected: .*resourceArn.*Member must not be null.*tags.*Member must not be null/,
      );
    });

    test('wrong member types are SerializationExceptions', async () => {
      const cases: [string, Record<string, unknown>][] = [
        [CREATE_GROUP, { ModelPackageGroupName: 5 }],
        [CREATE_GROUP, { ModelPackageGroupName: ['a'] }],
        [CREATE_GROUP, { ModelPackageGroupName: 'typed', Tags: { Key: 'k', Value: 'v' } }],
        [LIST_GROUPS, { MaxResults: '10' }],
        [LIST_GROUPS, { MaxResults: 1.5 }],
        [CREATE_PACKAGE, { ModelPackageGroupName: 'robust', InferenceSpecification: 'x' }],
        [CREATE_PACKAGE, { ModelPackageGroupName: 'robust', CustomerMetadataProperties: { a: 1 } }],
      ];
      for (const [target, body] of cases) {
        const res = await call(target, body);
        assert.doesNotThrow(() => assertAws(res, 'SerializationException'), JSON.stringify(body));
      }
    });

    test('pattern, length and enum violations are ValidationExceptions in the AWS format', async () => {
      for (const name of ['bad_name!', '-leading', 'a'.repeat(64)]) {
        const res = await call(CREATE_GROUP, { ModelPackageGroupName: name });
        assertAws(
          res,
          'ValidationException',
          /^\d validation errors? detected: Value '.*' at 'modelPackageGroupName'/,
        );
        const broken =
          name.length === 64
            ? /Member must have length less than or equal to 63/
            : /failed to satisfy constraint: Member must satisfy regular expression pattern: /;
        assert.match(res.json?.Message as string, broken);
      }
      await awsFails(
        CREATE_GROUP,
        { ModelPackageGroupName: 'longdesc', ModelPackageGroupDescription: 'd'.repeat(1025) },
        'ValidationException',
        /at 'modelPackageGroupDescription' failed to satisfy constraint: Member must have length less than or equal to 1024$/,
      );
      await awsFails(
        CREATE_GROUP,
        { ModelPackageGroupName: 'longtag', Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] },
        'ValidationException',
        /at 'tags\.1\.member\.key' failed to satisfy constraint: Member must have length less than or equal to 128$/,
      );
      await awsFails(
        LIST_GROUPS,
        { SortBy: 'Size' },
        'ValidationException',
        /Value 'Size' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: \[/,
      );
      await awsFails(
        LIST_PACKAGES,
        { ModelApprovalStatus: 'Maybe' },
        'ValidationException',
        /at 'modelApprovalStatus' failed to satisfy constraint: Member must satisfy enum value set/,
      );
      for (const group of ['longdesc', 'longtag']) {
        await awsFails(
          DESCRIBE_GROUP,
          { ModelPackageGroupName: group },
          'ValidationException',
          /does not exist/,
        );
      }
    });
    test('MaxResults outside 1..100 is refused', async () => {
      await awsFails(
        LIST_GROUPS,
        { MaxResults: 0 },
        'ValidationException',
        /at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1$/,
      );
      await awsFails(
        LIST_PACKAGES,
        { MaxResults: 101 },
        'ValidationException',
        /at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100$/,
      );
      assertNative(await rest('GET', '/groups?limit=0'), 400, 'ValidationFailed');
      assertNative(await rest('GET', '/groups/robust/versions?limit=101'), 400, 'ValidationFailed');
    });

    test('a garbage NextToken, or a token reused with other filters, is refused', async () => {
      for (const token of ['garbage', '!!!', Buffer.from('{"k":[1],"f":"x"}').toString('base64url')]) {
        const body = { ModelPackageGroupName: 'robust', NextToken: token };
        await awsFails(LIST_PACKAGES, body, 'ValidationException', /pagination token/i);
      }
      const first = await ok(LIST_PACKAGES, { ModelPackageGroupName: 'robust', MaxResults: 1 });
      const token = first.json?.NextToken;
      assert.equal(typeof token, 'string');
      await ok(LIST_PACKAGES, { ModelPackageGroupName: 'robust', MaxResults: 1, NextToken: token });
      await awsFails(
        LIST_PACKAGES,
        { ModelPackageGroupName: 'robust', SortOrder: 'Descending', NextToken: token },
        'ValidationException',
        /pagination token.*different arguments/i,
      );
      await awsFails(LIST_GROUPS, { NextToken: token }, 'ValidationException', /pagination token/i);
      const page = await rest('GET', '/groups/robust/versions?limit=1');
      assert.equal(page.status, 200, page.text);
      const nativeToken = encodeURIComponent(String(page.json?.nextPageToken));
      const reused = await rest(
        'GET',
        `/groups/robust/versions?limit=1&sort=version&pageToken=${nativeToken}`,
      );
      assertNative(reused, 400, 'InvalidPageToken');
      assertNative(await rest('GET', '/groups?pageToken=garbage'), 400, 'InvalidPageToken');
    });

    test('missing, unknown and foreign X-Amz-Target values are UnknownOperationExceptions', async () => {
      await awsFails(undefined, {}, 'UnknownOperationException', /X-Amz-Target/);
      await awsFails('', {}, 'UnknownOperationException');
      await awsFails('SageMaker.NoSuchOp', {}, 'UnknownOperationException', /NoSuchOp/);
      await awsFails(
        'Other.CreateModelPackageGroup',
        { ModelPackageGroupName: 'other' },
        'UnknownOperationException',
      );
      await awsFails('SageMaker.', {}, 'UnknownOperationException');
    });

    test('a body over the limit is 413 in each face’s envelope; one at the limit is read', async () => {
      const over = paddedBody({ ModelPackageGroupName: 'too-big' }, LIMITS.bodyBytesMax + 1);
      assertAws(await call(CREATE_GROUP, over), 'ValidationException', /exceeds the limit/, 413);
      const nativeOver = paddedBody({ name: 'too-big' }, LIMITS.bodyBytesMax + 1);
      assertNative(await rest('POST', '/groups', nativeOver), 413, 'PayloadTooLarge');
      await ok(CREATE_GROUP, paddedBody({ ModelPackageGroupName: 'at-limit' }, LIMITS.bodyBytesMax));
      const nativeAtLimit = await rest(
        'POST',
        '/groups',
        paddedBody({ name: 'native-at-limit' }, LIMITS.bodyBytesMax),
      );
      assert.equal(nativeAtLimit.status, 201, nativeAtLimit.text.slice(0, 300));
      await awsFails(
        DESCRIBE_GROUP,
        { ModelPackageGroupName: 'too-big' },
        'ValidationException',
        /does not exist/,
      );
    });

    test('deeply nested JSON is a 4xx, not a crash', async () => {
      const arrays = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      await awsFails(CREATE_GROUP, arrays, 'SerializationException');
      await awsFails(
        CREATE_GROUP,
        `{"ModelPackageGroupName":"deep","Tags":${arrays}}`,
        'SerializationException',
      );
      const objects = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
      const spec = `{"Containers":[{"Image":"i","Environment":${objects}}]}`;
      await awsFails(
        CREATE_PACKAGE,
        `{"ModelPackageGroupName":"robust","InferenceSpecification":${spec}}`,
        'SerializationException',
      );
      await restFails('/groups', arrays, 400, 'ValidationFailed');
      await restFails(
        '/groups/robust/versions',
        `{"inferenceSpecification":${spec}}`,
        400,
        'MalformedRequest',
      );
    });

    test('native bad inputs answer in the native envelope, and errors stay small', async () => {
      assertNative(await rest('POST', '/groups', '{"name":'), 400, 'MalformedRequest', /not valid JSON/);
      await restFails('/groups', '{"name":"x"} xyz', 400, 'MalformedRequest');
      for (const body of ['[]', '"str"', 'null']) await restFails('/groups', body, 400, 'ValidationFailed');
      assertNative(await rest('POST', '/groups', {}), 400, 'ValidationFailed', /name/);
      await restFails('/groups', { name: 'bad_name!' }, 400, 'ValidationFailed');
      await restFails('/groups', { name: 'ok', description: 'd'.repeat(1025) }, 400, 'ValidationFailed');
      await restFails('/groups/robust/versions', { approvalStatus: 'Maybe' }, 400, 'ValidationFailed');
      await restFails('/groups/nope-missing/versions', {}, 404, 'GroupNotFound');
      // Bytes declared as something other than JSON are refused whole, not checked byte by byte.
      const bytes = new Uint8Array(200_000).map((_, i) => (i * 7919) % 256);
      const binary = await api(server.url, 'POST', '/groups', bytes, 'application/octet-stream');
      assertNative(binary, 400, 'MalformedRequest', /must be JSON/);
      assert.ok(binary.text.length < 1_000, `error body of ${binary.text.length} bytes for a bad upload`);
      // An object with very many unknown members: the error names a few and counts the rest.
      const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`m${i}`, i]));
      const wideRes = await rest('POST', '/groups', wide);
      assertNative(wideRes, 400, 'ValidationFailed', /more\)$/);
      assert.ok(wideRes.text.length < 10_000, `error body of ${wideRes.text.length} bytes`);
    });

    test('a UTF-8 description of emoji and CJK at exactly the limit passes, one more is refused', async () => {
      const exact = wideText(LIMITS.descriptionMax);
      await ok(CREATE_GROUP, { ModelPackageGroupName: 'unicode', ModelPackageGroupDescription: exact });
      const d = await ok(DESCRIBE_GROUP, { ModelPackageGroupName: 'unicode' });
      assert.equal(d.json?.ModelPackageGroupDescription, exact);
      await awsFails(
        CREATE_GROUP,
        {
          ModelPackageGroupName: 'unicode2',
          ModelPackageGroupDescription: wideText(LIMITS.descriptionMax + 1),
        },
        'ValidationException',
        /Member must have length less than or equal to 1024$/,
      );
      const v = await rest('POST', '/groups/unicode/versions', { description: exact });
      assert.equal(v.status, 201, v.text.slice(0, 300));
      assert.equal(v.json?.description, exact);
      const over = { description: wideText(LIMITS.descriptionMax + 1) };
      await restFails('/groups/unicode/versions', over, 400, 'ValidationFailed');
    });

    // Declared last: node:test runs the tests of a suite in order.
    test('after all of it the server still serves and never answered 5xx', async () => {
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      await ok(CREATE_GROUP, { ModelPackageGroupName: 'still-alive' });
      assert.equal((await rest('GET', '/groups/robust/versions')).status, 200);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      assert.match(metrics, /modelry_http_requests_total\{face="sagemaker",status="400"\} \d+/);
      assert.match(metrics, /modelry_http_requests_total\{face="native",status="413"\} 1$/m);
      assert.doesNotMatch(metrics, /status="5\d\d"/);
    });
  });
}
