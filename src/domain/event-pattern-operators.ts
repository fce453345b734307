import { invalidPattern } from './event-pattern-error.js';
import { ignoreCasePattern } from './event-pattern-field.js';
import { parseWildcard, wildcardMatches } from './event-pattern-wildcard.js';

// The two operators with a grammar of their own, `numeric` and `anything-but`, and the helpers the filter
// compiler shares with them.

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Ruler reports a second key after `numeric` or `anything-but` with this (misleading) text. */
export function tooManyElements(): never {
  invalidPattern('Too many elements in numeric expression');
}

const END = Symbol('end of array');

/**
 * `["=", N]`, `["<", N]`, `["<=", N]`, `[">", N]`, `[">=", N]` and `[">" | ">=", LOW, "<" | "<=", HIGH]`
 * with LOW < HIGH, read term by term with ruler's messages. Matches JSON numbers only.
 */
export function compileNumeric(terms: readonly unknown[]): (value: number) => boolean {
  const at = (i: number): unknown => (i < terms.length ? terms[i] : END);
  const op = at(0);
  if (typeof op !== 'string') invalidPattern(`Invalid member in numeric match: ${tokenText(op)}`);
  switch (op) {
    case '=': {
      const value = numericTerm(at(1), 'Value of equals must be numeric');
      if (at(2) !== END) tooManyElements();
      return (n) => n === value;
    }
    case '<':
    case '<=': {
      const top = numericTerm(at(1), `Value of ${op} must be numeric`);
      if (at(2) !== END) tooManyElements();
      return op === '<' ? (n) => n < top : (n) => n <= top;
    }
    case '>':
    case '>=': {
      const bottom = numericTerm(at(1), `Value of ${op} must be numeric`);
      const openBottom = op === '>';
      const upper = at(2);
      if (upper === END) return openBottom ? (n) => n > bottom : (n) => n >= bottom;
      if (typeof upper !== 'string') invalidPattern(`Bad value in numeric range: ${tokenText(upper)}`);
      if (upper !== '<' && upper !== '<=') invalidPattern(`Bad numeric range operator: ${upper}`);
      const top = numericTerm(at(3), `Value of ${upper} must be numeric`);
      if (at(4) !== END) invalidPattern('Too many terms in numeric range expression');
      if (!(bottom < top)) invalidPattern('Bottom must be less than top');
      const openTop = upper === '<';
      return (n) => (openBottom ? n > bottom : n >= bottom) && (openTop ? n < top : n <= top);
    }
    default:
      invalidPattern(`Unrecognized numeric range operator: ${op}`);
  }
}

function numericTerm(term: unknown, reason: string): number {
  if (typeof term !== 'number') invalidPattern(reason);
  return finite(term);
}

/** JSON numbers beyond the double range parse to Infinity; ruler cannot compare them either. */
function finite(value: number): number {
  if (!Number.isFinite(value)) invalidPattern('Cannot compare number');
  return value;
}

/** What Jackson's getText() shows for the token a message names. */
function tokenText(term: unknown): string {
  if (term === END) return ']';
  if (Array.isArray(term)) return '[';
  if (isObject(term)) return '{';
  return String(term);
}

type AnythingButKind = 'equals-ignore-case' | 'prefix' | 'suffix' | 'wildcard';
const ANYTHING_BUT_KINDS: readonly string[] = ['equals-ignore-case', 'prefix', 'suffix', 'wildcard'];

/**
 * Every anything-but form, compiled to "this value is not excluded". Values of another type than the
 * exclusions (and null) are never excluded; a missing field fails because it offers no value at all.
 */
export function compileAnythingBut(operand: unknown): (value: unknown) => boolean {
  let kind: AnythingButKind | undefined;
  let value = operand;
  let single = true;
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length === 0) invalidPattern('Anything-But expression name not found');
    const name = keys[0]!;
    if (!ANYTHING_BUT_KINDS.includes(name)) invalidPattern(`Unsupported anything-but pattern: ${name}`);
    kind = name as AnythingButKind;
    value = operand[name];
    single = keys.length === 1;
  }
  if (!Array.isArray(value) && typeof value !== 'string' && typeof value !== 'number') {
    invalidPattern('Value of anything-but must be an array or single string/number value.');
  }
  const notExcluded = kind === undefined ? plainExclusions(value) : kindExclusions(kind, value);
  if (!single) tooManyElements();
  return notExcluded;
}

function plainExclusions(value: readonly unknown[] | string | number): (value: unknown) => boolean {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item === 'string') strings.add(item);
    else if (typeof item === 'number') numbers.add(finite(item));
    else invalidPattern('Inside anything but list, start|null|boolean is not supported.');
  }
  if (strings.size > 0 === numbers.size > 0) {
    invalidPattern(
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    );
  }
  return strings.size > 0
    ? (v) => typeof v !== 'string' || !strings.has(v)
    : (v) => typeof v !== 'number' || !numbers.has(v);
}

function kindExclusions(kind: AnythingButKind, value: readonly unknown[] | string | number) {
  const texts: string[] = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item !== 'string') invalidPattern(NOT_A_STRING[kind]);
    if ((kind === 'prefix' || kind === 'suffix') && item === '')
      invalidPattern('Null prefix/suffix not allowed');
    texts.push(item);
  }
  return excludes(kind, texts);
}

const NOT_A_STRING: Record<AnythingButKind, string> = {
  'equals-ignore-case':
    'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  prefix: 'prefix/suffix match pattern must be a string',
  suffix: 'prefix/suffix match pattern must be a string',
  wildcard: 'wildcard match pattern must be a string',
};

function excludes(kind: AnythingButKind, texts: readonly string[]): (value: unknown) => boolean {
  switch (kind) {
    case 'prefix':
      return (v) => {
        if (typeof v !== 'string') return true;
        for (const t of texts) if (v.startsWith(t)) return false;
        return true;
      };
    case 'suffix':
      return (v) => {
        if (typeof v !== 'string') return true;
        for (const t of texts) if (v.endsWith(t)) return false;
        return true;
      };
    case 'equals-ignore-case': {
      if (texts.length === 0) return () => true;
      const re = ignoreCasePattern(texts, 'whole');
      return (v) => typeof v !== 'string' || !re.test(v);
    }
    case 'wildcard': {
      const patterns = texts.map(parseWildcard);
      return (v) => {
        if (typeof v !== 'string') return true;
        for (const p of patterns) if (wildcardMatches(p, v)) return false;
        return true;
      };
    }
  }
}
