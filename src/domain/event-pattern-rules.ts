import { invalidPattern } from './event-pattern-error.js';
import type { FieldTest } from './event-pattern-field.js';
import { compileFilterList } from './event-pattern-filters.js';
import { isObject } from './event-pattern-operators.js';
import { parseWildcard, wildcardComplexity } from './event-pattern-wildcard.js';

/** EventBridge documents a cap of 1000 combinations; we count it as the product of all `$or` branch counts. */
export const OR_COMBINATIONS_MAX = 1000;

/**
 * The service rejects wildcard sets whose ruler complexity score is too high; the threshold is not published.
 * AWS accepted scores 3 and 7 and rejected 11, so we accept up to 9.
 */
export const WILDCARD_COMPLEXITY_MAX = 9;

/** Names ruler refuses as field names inside `$or` branches (operators, and words kept for later ones). */
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

/** One way for the pattern to match: every (path, test) must hold. Sorted by path, the order ruler walks. */
export type SubRule = ReadonlyArray<readonly [path: string, test: FieldTest]>;

/**
 * Validates a parsed pattern and expands its `$or`s into sub-rules as ruler's JsonRuleCompiler does: each
 * branch forks the fields collected so far, later fields are added to every fork, and a later field with
 * the same joined path (`a.b` and `a: {b}` are one path) replaces an earlier one.
 */
export function compileRules(pattern: Record<string, unknown>): SubRule[] {
  const checker = new PatternChecker();
  checker.object(pattern, undefined, false);
  checker.checkWildcards();
  if (checker.combinations > OR_COMBINATIONS_MAX) {
    invalidPattern(
      `Too many $or combinations: the product of the $or branch counts must be at most ${OR_COMBINATIONS_MAX}`,
    );
  }
  const rules: Array<Map<string, FieldTest>> = [];
  expand(rules, undefined, pattern, checker.fields);
  return rules.map((rule) => [...rule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function join(path: string | undefined, key: string): string {
  return path === undefined ? key : `${path}.${key}`;
}

class PatternChecker {
  /** Compiled filter lists, by the array they were compiled from, for the expansion to pick up. */
  readonly fields = new Map<readonly unknown[], FieldTest>();
  private readonly wildcards = new Map<string, Set<string>>();
  combinations = 1;

  object(object: Record<string, unknown>, path: string | undefined, inOr: boolean): void {
    const keys = Object.keys(object);
    if (keys.length === 0) invalidPattern('Empty objects are not allowed');
    for (const key of keys) {
      const value = object[key];
      if (key === '$or') {
        this.or(value, path);
        continue;
      }
      if (inOr && RESERVED_IN_OR.has(key)) {
        invalidPattern(`${key} is Ruler reserved fieldName which cannot be used inside $or.`);
      }
      if (isObject(value)) this.object(value, join(path, key), inOr);
      else if (Array.isArray(value)) this.field(join(path, key), value);
      else invalidPattern(`"${key}" must be an object or an array`);
    }
  }

  /** Ruler's legacy compiler would read an object-valued `$or` as a field name; we refuse it instead. */
  private or(branches: unknown, path: string | undefined): void {
    if (!Array.isArray(branches)) invalidPattern('It must be an Array followed with $or.');
    for (const branch of branches) {
      if (!isObject(branch)) invalidPattern('Only JSON object is allowed in array of $or relationship.');
      this.object(branch, path, true);
    }
    if (branches.length < 2) invalidPattern('There must have at least 2 Objects in $or relationship.');
    this.combinations *= branches.length;
  }

  private field(path: string, list: readonly unknown[]): void {
    const { test, wildcards } = compileFilterList(list);
    this.fields.set(list, test);
    if (wildcards.length === 0) return;
    const known = this.wildcards.get(path) ?? new Set<string>();
    for (const w of wildcards) known.add(w);
    this.wildcards.set(path, known);
  }

  /** Ruler builds one matching machine per path, so the wildcards of a path are scored together. */
  checkWildcards(): void {
    for (const values of this.wildcards.values()) {
      const parsed = [...values].map(parseWildcard);
      if (wildcardComplexity(parsed, WILDCARD_COMPLEXITY_MAX + 1) > WILDCARD_COMPLEXITY_MAX) {
        invalidPattern(
          'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
        );
      }
    }
  }
}

function expand(
  rules: Array<Map<string, FieldTest>>,
  path: string | undefined,
  object: Record<string, unknown>,
  fields: ReadonlyMap<readonly unknown[], FieldTest>,
): void {
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (key === '$or') {
      const before = rules.map((rule) => new Map(rule));
      rules.length = 0;
      for (const branch of value as Array<Record<string, unknown>>) {
        const forks =
          before.length > 0 ? before.map((rule) => new Map(rule)) : [new Map<string, FieldTest>()];
        expand(forks, path, branch, fields);
        rules.push(...forks);
      }
    } else if (Array.isArray(value)) {
      if (rules.length === 0) rules.push(new Map());
      for (const rule of rules) rule.set(join(path, key), fields.get(value)!);
    } else {
      expand(rules, join(path, key), value as Record<string, unknown>, fields);
    }
  }
}
