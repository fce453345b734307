import type { ListShape, MapShape, ScalarShape, Shape, StructShape } from './shape.js';
import {
  isScalar,
  lengthAtLeast,
  lengthAtMost,
  NOT_NULL,
  patternMessage,
  resolve,
  valueAtLeast,
  valueAtMost,
} from './shape.js';

/**
 * The generic validator: walks a parsed JSON body along a shape and reports what AWS's Coral framework
 * would report.
 *
 * - Type mismatches are deserialization failures in AWS (they happen before validation): the first one
 *   found aborts the walk and becomes a `SerializationException`.
 * - Constraint violations are collected in member order, depth-first, into
 *   `N validation error(s) detected: <err>; <err>`, each `Value <v> at '<path>' failed to satisfy
 *   constraint: <constraint>`.
 * - Within one string member the pattern failure is listed before the length failure (the order most
 *   real AWS messages show).
 * - Constraints on the elements of a list of scalars, or on map keys/values, are reported once for the
 *   whole collection, at its path, listing all the element shape's constraints:
 *   `Member must satisfy constraint: [...]`, `Map keys must satisfy constraint: [...]`,
 *   `Map value must satisfy constraint: [...]` (the form AWS uses for such members).
 * - JSON `null` counts as absent; unknown members are ignored.
 */

export type ValidationOutcome =
  | { ok: true }
  | { ok: false; type: 'ValidationException' | 'SerializationException'; message: string };

const OK: ValidationOutcome = Object.freeze({ ok: true });

/** A path segment: a member name (already lower-camel-cased), a map key, or a 0-based list index. */
type Segment = string | number;

interface Walk {
  path: Segment[];
  errors: string[] | undefined;
  fatal: string | undefined;
}

/** Reused between calls (validation is synchronous), so the happy path allocates almost nothing. */
const walk: Walk = { path: [], errors: undefined, fatal: undefined };

function pathString(path: readonly Segment[]): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (i > 0) out += '.';
    out += typeof seg === 'number' ? `${seg + 1}.member` : seg;
  }
  return out;
}

/** How AWS prints the offending value: `null`, else quoted (`'text'`, `'101'`, `'true'`), JSON for structures. */
export function renderValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `'${String(value)}'`;
  return `'${JSON.stringify(value)}'`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function report(w: Walk, value: unknown, sensitive: boolean, constraint: string): void {
  const shown = sensitive ? 'Value' : `Value ${renderValue(value)}`;
  const message = `${shown} at '${pathString(w.path)}' failed to satisfy constraint: ${constraint}`;
  if (w.errors === undefined) w.errors = [message];
  else w.errors.push(message);
}

/** Records a type mismatch at the current path; always returns false (abort the walk). */
function fail(w: Walk, expected: string, value: unknown, found: string = describe(value)): false {
  w.fatal = `Expected ${expected} at '${pathString(w.path)}' but found ${found}.`;
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low surrogate is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Code-point length, computed exactly only when the UTF-16 length cannot decide the bounds. */
function lengthFor(s: string, min: number | undefined, max: number | undefined): number {
  const units = s.length;
  if ((max !== undefined && units > max) || (min !== undefined && units < 2 * min)) return codePointLength(s);
  return units;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

type Mismatch = { readonly expected: string; readonly found?: string };
/** Either a type mismatch, or the constraint texts the value fails (empty: valid). */
type ScalarResult = readonly string[] | Mismatch;

const NONE: readonly string[] = Object.freeze([]);
const EXPECT_STRING: Mismatch = Object.freeze({ expected: 'a string' });
const EXPECT_NUMBER: Mismatch = Object.freeze({ expected: 'a number' });
const EXPECT_INTEGER: Mismatch = Object.freeze({ expected: 'an integer' });
const EXPECT_BOOLEAN: Mismatch = Object.freeze({ expected: 'a boolean' });
const EXPECT_TIMESTAMP: Mismatch = Object.freeze({
  expected: 'a timestamp (epoch seconds as a JSON number)',
});

function checkRange(
  s: { readonly min: number | undefined; readonly max: number | undefined },
  v: number,
  kind: 'integer' | 'float',
): readonly string[] {
  if (s.max !== undefined && v > s.max) return [valueAtMost(s.max, kind)];
  if (s.min !== undefined && v < s.min) return [valueAtLeast(s.min, kind)];
  return NONE;
}

function checkScalar(s: ScalarShape, v: unknown): ScalarResult {
  switch (s.kind) {
    case 'string': {
      if (typeof v !== 'string') return EXPECT_STRING;
      let lengthFailure: string | undefined;
      if (s.min !== undefined || s.max !== undefined) {
        const n = lengthFor(v, s.min, s.max);
        if (s.max !== undefined && n > s.max) lengthFailure = lengthAtMost(s.max);
        else if (s.min !== undefined && n < s.min) lengthFailure = lengthAtLeast(s.min);
      }
      if (s.pattern === undefined || s.pattern.regex.test(v)) {
        return lengthFailure === undefined ? NONE : [lengthFailure];
      }
      const patternFailure = patternMessage(s.pattern);
      return lengthFailure === undefined ? [patternFailure] : [patternFailure, lengthFailure];
    }
    case 'enum':
      if (typeof v !== 'string') return EXPECT_STRING;
      return s.allowed.has(v) ? NONE : [s.message];
    case 'integer':
      if (typeof v !== 'number') return EXPECT_INTEGER;
      if (!Number.isInteger(v)) return { expected: 'an integer', found: `number ${v}` };
      if (v < INT32_MIN || v > INT32_MAX) {
        return { expected: 'an integer', found: `number ${v}, outside the 32-bit integer range` };
      }
      return checkRange(s, v, 'integer');
    case 'float':
      if (typeof v !== 'number' || !Number.isFinite(v)) return EXPECT_NUMBER;
      return checkRange(s, v, 'float');
    case 'boolean':
      return typeof v === 'boolean' ? NONE : EXPECT_BOOLEAN;
    case 'timestamp':
      return typeof v === 'number' && Number.isFinite(v) ? NONE : EXPECT_TIMESTAMP;
  }
}

function isMismatch(r: ScalarResult): r is Mismatch {
  return 'expected' in r;
}

function bracket(constraints: readonly string[], sawNull: boolean): string {
  return `[${(sawNull ? [...constraints, NOT_NULL] : constraints).join(', ')}]`;
}

/**
 * Deepest path accepted (segments: members, list items, map entries). Real request bodies stay far
 * below it; the guard keeps a hostile, deeply recursive SearchExpression from exhausting the stack.
 */
export const MAX_DEPTH = 64;

function visit(shape: Shape, value: unknown, w: Walk): boolean {
  if (w.path.length > MAX_DEPTH) {
    w.fatal = `The request body is nested deeper than ${MAX_DEPTH} levels at '${pathString(w.path)}'.`;
    return false;
  }
  const s = resolve(shape);
  switch (s.kind) {
    case 'structure':
      return visitStruct(s, value, w);
    case 'list':
      return visitList(s, value, w);
    case 'map':
      return visitMap(s, value, w);
    default: {
      const r = checkScalar(s, value);
      if (isMismatch(r)) return fail(w, r.expected, value, r.found);
      for (const c of r) report(w, value, s.sensitive, c);
      return true;
    }
  }
}

function visitStruct(s: StructShape, value: unknown, w: Walk): boolean {
  if (!isObject(value)) return fail(w, 'a structure (JSON object)', value);
  for (const m of s.members) {
    const v = value[m.name];
    if (v === undefined || v === null) {
      if (m.required) {
        const target = resolve(m.shape);
        w.path.push(m.pathName);
        report(w, null, isScalar(target) && target.sensitive, NOT_NULL);
        w.path.pop();
      }
      continue;
    }
    w.path.push(m.pathName);
    if (!visit(m.shape, v, w)) return false;
    w.path.pop();
  }
  return true;
}

function visitList(s: ListShape, value: unknown, w: Walk): boolean {
  if (!Array.isArray(value)) return fail(w, 'a list (JSON array)', value);
  const n = value.length;
  if (s.max !== undefined && n > s.max) report(w, value, false, lengthAtMost(s.max));
  if (s.min !== undefined && n < s.min) report(w, value, false, lengthAtLeast(s.min));
  const item = resolve(s.member);
  if (isScalar(item)) {
    let failed = false;
    let sawNull = false;
    for (let i = 0; i < n; i++) {
      const v: unknown = value[i];
      if (v === undefined || v === null) {
        sawNull = true;
        continue;
      }
      const r = checkScalar(item, v);
      if (isMismatch(r)) {
        w.path.push(i);
        return fail(w, r.expected, v, r.found);
      }
      if (r.length > 0) failed = true;
    }
    if (failed || sawNull) {
      report(
        w,
        value,
        item.sensitive,
        `Member must satisfy constraint: ${bracket(item.constraints, sawNull)}`,
      );
    }
    return true;
  }
  for (let i = 0; i < n; i++) {
    const v: unknown = value[i];
    w.path.push(i);
    if (v === undefined || v === null) report(w, null, false, NOT_NULL);
    else if (!visit(item, v, w)) return false;
    w.path.pop();
  }
  return true;
}

function visitMap(s: MapShape, value: unknown, w: Walk): boolean {
  if (!isObject(value)) return fail(w, 'a map (JSON object)', value);
  const keys = Object.keys(value);
  const n = keys.length;
  if (s.max !== undefined && n > s.max) report(w, value, false, lengthAtMost(s.max));
  if (s.min !== undefined && n < s.min) report(w, value, false, lengthAtLeast(s.min));
  let keysFailed = false;
  for (const k of keys) {
    const r = checkScalar(s.key, k);
    if (isMismatch(r) || r.length > 0) {
      keysFailed = true;
      break;
    }
  }
  if (keysFailed) {
    report(
      w,
      value,
      s.key.sensitive,
      `Map keys must satisfy constraint: ${bracket(s.key.constraints, false)}`,
    );
  }
  const valueShape = resolve(s.value);
  if (isScalar(valueShape)) {
    let failed = false;
    let sawNull = false;
    for (const k of keys) {
      const v = value[k];
      if (v === undefined || v === null) {
        sawNull = true;
        continue;
      }
      const r = checkScalar(valueShape, v);
      if (isMismatch(r)) {
        w.path.push(k);
        return fail(w, r.expected, v, r.found);
      }
      if (r.length > 0) failed = true;
    }
    if (failed || sawNull) {
      const text = `Map value must satisfy constraint: ${bracket(valueShape.constraints, sawNull)}`;
      report(w, value, valueShape.sensitive, text);
    }
    return true;
  }
  for (const k of keys) {
    const v = value[k];
    w.path.push(k);
    if (v === undefined || v === null) report(w, null, false, NOT_NULL);
    else if (!visit(valueShape, v, w)) return false;
    w.path.pop();
  }
  return true;
}

/**
 * Validates a parsed JSON request body against an operation's input structure. `undefined` (no body at
 * all) is treated as `{}`; any other non-object is a `SerializationException`.
 */
export function validateStructure(shape: StructShape, body: unknown): ValidationOutcome {
  const input = body === undefined ? {} : body;
  if (!isObject(input)) {
    return {
      ok: false,
      type: 'SerializationException',
      message: `Expected a JSON object as the request body but found ${describe(input)}.`,
    };
  }
  // The shared walk is always left clean by the `finally` below.
  const w = walk;
  try {
    if (!visitStruct(shape, input, w)) {
      return { ok: false, type: 'SerializationException', message: w.fatal ?? 'Malformed request body.' };
    }
    const errors = w.errors;
    if (errors === undefined) return OK;
    const count = errors.length;
    return {
      ok: false,
      type: 'ValidationException',
      message: `${count} validation error${count === 1 ? '' : 's'} detected: ${errors.join('; ')}`,
    };
  } finally {
    w.path.length = 0;
    w.errors = undefined;
    w.fatal = undefined;
  }
}
