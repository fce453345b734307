import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateStructure } from './engine.js';
import { PRODUCTION_VARIANT_INSTANCE_TYPES, TRANSFORM_INSTANCE_TYPES } from './instance-types.js';
import { javaPattern, translateJavaRegex } from './java-regex.js';
import type { Pattern, StructShape } from './shape.js';
import { enumOf, float, int, lazy, list, lowerFirst, map, reachableShapes, str, struct } from './shape.js';
import { OPERATION_INPUTS } from './validate.js';

function allPatterns(): Map<string, Pattern> {
  const out = new Map<string, Pattern>();
  for (const root of OPERATION_INPUTS.values()) {
    for (const s of reachableShapes(root)) {
      if (s.kind === 'string' && s.pattern !== undefined) out.set(s.pattern.text, s.pattern);
    }
  }
  return out;
}

describe('patterns', () => {
  it('compiles every pattern of every operation, anchored, with the u flag', () => {
    const patterns = allPatterns();
    assert.ok(patterns.size >= 30, `only ${patterns.size} patterns found`);
    for (const [text, p] of patterns) {
      assert.ok(p.regex instanceof RegExp, text);
      assert.equal(p.regex.flags, 'u', text);
      assert.ok(p.regex.source.startsWith('^(?:') && p.regex.source.endsWith(')$'), text);
      // Exercise the compiled regex: no throw, boolean result.
      assert.equal(typeof p.regex.test(''), 'boolean');
      assert.equal(typeof p.regex.test('abc-123 ü 🚀'), 'boolean');
    }
  });

  it('keeps the pattern texts of the reference verbatim (no markdown escapes)', () => {
    const texts = [...allPatterns().keys()];
    for (const t of texts) assert.ok(!t.includes('\\|'), t);
    const expected = [
      '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}',
      String.raw`[\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*`,
      String.raw`(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:[a-z\-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)`,
      String.raw`(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:[a-z\-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)(\/[0-9]{1,9})?`,
      String.raw`arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]{9,16}:[0-9]{12}:model-package/[\S]{1,2048}`,
      'arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:.+',
      String.raw`[a-zA-Z0-9\-]+`,
      '.*',
      '.+',
      '[a-zA-Z0-9-]+',
      '(https|s3)://([^/]+)/?(.*)',
      String.raw`([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)` + '$' + '{1,128}',
      String.raw`([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)` + '$' + '{1,256}',
      String.raw`([\p{L}\p{Z}\p{N}_.:/=+\-@]*)`,
      String.raw`[\p{L}\p{M}\p{Z}\p{N}\p{P}]{0,1024}`,
      String.raw`[\S]+`,
      '[Ss][Hh][Aa]256:[0-9a-fA-F]{64}',
      '[a-zA-Z0-9](-*[a-zA-Z0-9])*',
      '[a-zA-Z_][a-zA-Z0-9_]*',
      String.raw`[\S\s]*`,
      String.raw`[\S\s]+`,
      String.raw`[0-9]\.[A-Za-z0-9.-]+`,
      String.raw`[-\w]+\/.+`,
      String.raw`[A-Za-z0-9\.\-_]+`,
      String.raw`\d{1,4}.\d{1,4}.\d{1,4}`,
      String.raw`arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`,
      '[a-zA-Z0-9:/_-]*',
      '[a-zA-Z_][a-zA-Z0-9_]{0,1023}',
      '[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*',
      '.{0,1024}',
    ];
    assert.deepEqual([...texts].sort(), [...expected].sort());
  });

  it('enforces the quantified-$ CustomerMetadata patterns by their character class', () => {
    const key = allPatterns().get(String.raw`([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)` + '$' + '{1,128}');
    assert.ok(key);
    assert.ok(key.regex.test('git_sha'));
    assert.ok(key.regex.test('Ключ 1:2/3=4+5-6@7.8'));
    assert.ok(key.regex.test(''));
    assert.ok(!key.regex.test('a$'));
    assert.ok(!key.regex.test('a!'));
    assert.ok(!key.regex.test('a\tb'));
  });

  it('applies the ArnOrName look-behind and the URL alternation', () => {
    const patterns = allPatterns();
    const url = patterns.get('(https|s3)://([^/]+)/?(.*)');
    assert.ok(url);
    assert.ok(url.regex.test('s3://bucket'));
    assert.ok(url.regex.test('https://host/path?q=1'));
    assert.ok(!url.regex.test('http://host/path'));
    assert.ok(!url.regex.test('s3://'));
  });
});

describe('Java → JavaScript regex translation', () => {
  it('widens . to every character, line terminators included', () => {
    const p = javaPattern('.*');
    assert.ok(p.regex.test('any text ü 🚀'));
    for (const lt of ['\n', '\r', '\u0085', '\u2028', '\u2029'])
      assert.ok(p.regex.test(`a${lt}b`), JSON.stringify(lt));
    assert.ok(javaPattern('[.]').regex.test('.'));
    assert.ok(!javaPattern('[.]').regex.test('x'));
  });

  it('gives \\s and \\S their ASCII Java meaning, also in classes', () => {
    assert.ok(javaPattern(String.raw`\S+`).regex.test('a\u00a0b'));
    assert.ok(javaPattern(String.raw`[\S]+`).regex.test('a\u2028b\ufeff'));
    assert.ok(!javaPattern(String.raw`[\S]+`).regex.test('a\u000bb'));
    assert.ok(!javaPattern(String.raw`\s`).regex.test('\u00a0'));
    assert.ok(javaPattern(String.raw`[\s]`).regex.test('\f'));
    assert.ok(javaPattern(String.raw`[\S\s]*`).regex.test('anything\n\u0085at all'));
    assert.ok(javaPattern(String.raw`[a\s]+`).regex.test('a a\t'));
  });

  it('leaves \\p{..}, \\d, \\w and escaped punctuation alone', () => {
    assert.equal(translateJavaRegex(String.raw`[\p{L}\-_]\d\w\/`), String.raw`[\p{L}\-_]\d\w\/`);
  });

  it('refuses constructs it cannot translate faithfully', () => {
    assert.throws(() => translateJavaRegex('[a[b]]'), /nested/);
    assert.throws(() => translateJavaRegex('[a-z&&[^e]]'), /intersection/);
    assert.throws(() => translateJavaRegex(String.raw`[^\S]`), /negated/);
    assert.throws(() => translateJavaRegex(String.raw`[\Sa]`), /combined/);
    assert.throws(() => translateJavaRegex(String.raw`\Qa.b\E`), /quoting/);
    assert.throws(() => translateJavaRegex('abc\\'), /dangling/);
    assert.throws(() => translateJavaRegex('[abc'), /unterminated/);
    assert.throws(() => javaPattern('a{1,2}+'));
  });
});

describe('instance types', () => {
  it('has the 271 real-time and 108 transform instance types of Appendix A, in order', () => {
    assert.equal(PRODUCTION_VARIANT_INSTANCE_TYPES.length, 271);
    assert.equal(new Set(PRODUCTION_VARIANT_INSTANCE_TYPES).size, 271);
    assert.equal(PRODUCTION_VARIANT_INSTANCE_TYPES[0], 'ml.t2.medium');
    assert.equal(PRODUCTION_VARIANT_INSTANCE_TYPES.at(-1), 'ml.p5.4xlarge');
    assert.equal(TRANSFORM_INSTANCE_TYPES.length, 108);
    assert.equal(new Set(TRANSFORM_INSTANCE_TYPES).size, 108);
    assert.equal(TRANSFORM_INSTANCE_TYPES[0], 'ml.m4.xlarge');
    assert.equal(TRANSFORM_INSTANCE_TYPES.at(-1), 'ml.g6.48xlarge');
    for (const t of [...PRODUCTION_VARIANT_INSTANCE_TYPES, ...TRANSFORM_INSTANCE_TYPES]) {
      assert.match(t, /^ml\.[a-z0-9-]+\.[a-z0-9]+$/);
    }
  });
});

describe('shape DSL and generic engine', () => {
  it('lower-cases only the first letter of member names', () => {
    assert.equal(lowerFirst('ModelPackageGroupName'), 'modelPackageGroupName');
    assert.equal(lowerFirst('KmsKeyId'), 'kmsKeyId');
    assert.equal(lowerFirst('SupportedResponseMIMETypes'), 'supportedResponseMIMETypes');
    assert.equal(lowerFirst('S3Uri'), 's3Uri');
  });

  it('refuses required names that are not members, and inverted bounds', () => {
    assert.throws(() => struct({ A: str() }, ['B']), /not a member/);
    assert.throws(() => str({ min: 5, max: 1 }), /min 5 > max 1/);
    assert.throws(() => list(str(), { min: 1.5 }), /invalid/);
    assert.throws(() => enumOf([]), /empty/);
  });

  it('prints float bounds like Java doubles', () => {
    const shape = struct({ Weight: float({ min: 0, max: 1 }), Ratio: float({ min: 0.5 }) });
    assert.deepEqual(validateStructure(shape, { Weight: 1.5, Ratio: 0.25 }), {
      ok: false,
      type: 'ValidationException',
      message:
        "2 validation errors detected: Value '1.5' at 'weight' failed to satisfy constraint: Member must have value " +
        "less than or equal to 1.0; Value '0.25' at 'ratio' failed to satisfy constraint: Member must have value " +
        'greater than or equal to 0.5',
    });
    assert.deepEqual(validateStructure(shape, { Weight: 0 }), { ok: true });
  });

  it('recurses into maps of structures with the key as a path segment', () => {
    const shape = struct({
      Things: map(str({ min: 1 }), struct({ Count: int({ max: 3 }) }, ['Count']), { max: 2 }),
    });
    assert.deepEqual(validateStructure(shape, { Things: { a: { Count: 4 }, b: {}, c: null } }), {
      ok: false,
      type: 'ValidationException',
      message:
        '4 validation errors detected: ' +
        `Value '{"a":{"Count":4},"b":{},"c":null}' at 'things' failed to satisfy constraint: Member must have length less than or equal to 2; ` +
        "Value '4' at 'things.a.count' failed to satisfy constraint: Member must have value less than or equal to 3; " +
        "Value null at 'things.b.count' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'things.c' failed to satisfy constraint: Member must not be null",
    });
  });

  it('resolves lazy shapes and walks recursive graphs once', () => {
    const node: StructShape = struct({ Name: str({ max: 3 }), Children: list(lazy(() => node)) });
    assert.equal(reachableShapes(node).length, 3);
    assert.deepEqual(validateStructure(node, { Children: [{ Children: [{ Name: 'long' }] }] }), {
      ok: false,
      type: 'ValidationException',
      message:
        "1 validation error detected: Value 'long' at 'children.1.member.children.1.member.name' failed to satisfy " +
        'constraint: Member must have length less than or equal to 3',
    });
  });
});
