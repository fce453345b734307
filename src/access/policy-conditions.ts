import { inAddressBlock, readAddressBlock, readDate, readNumber } from './policy-values.js';
import { joinParts, type KeyLookup, resolveTemplate, type TextPart } from './policy-variables.js';
import { compileGlob, globMatches } from './policy-wildcard.js';

/**
 * Condition operators and how one condition key is tested. IAM's rules, in one place:
 * - several values for one key are OR-ed; for a negated operator (StringNotEquals, ArnNotLike, ...) the
 *   key passes only when no value matches (NOR);
 * - a key absent from the request fails a positive operator and passes a negated one; `...IfExists`
 *   passes it; `ForAllValues:` passes an absent key and `ForAnyValue:` fails it;
 * - `Null` tests presence only.
 */

type Test = (actual: string) => boolean;

interface BaseOperator {
  readonly negated: boolean;
  /** Whether policy variables are substituted in its values (IAM: String, Arn and Bool operators). */
  readonly variables: boolean;
  /** Why a policy value is unfit for the operator, or undefined when it is fine. */
  readonly check: (value: string) => string | undefined;
  readonly compile: (expected: readonly TextPart[]) => Test;
}

const anyText = () => undefined;
const numeric = (v: string) => (readNumber(v) === undefined ? 'is not a number' : undefined);
const date = (v: string) =>
  readDate(v) === undefined ? 'is not an ISO 8601 date-time or epoch seconds' : undefined;
const bool = (v: string) => (/^(true|false)$/i.test(v) ? undefined : 'is not "true" or "false"');
const address = (v: string) =>
  readAddressBlock(v) === undefined ? 'is not an IPv4 or IPv6 address or CIDR block' : undefined;

function compare(read: (v: string) => number | undefined, accept: (sign: number) => boolean) {
  return (expected: readonly TextPart[]): Test => {
    const want = read(joinParts(expected))!;
    return (actual) => {
      const got = read(actual);
      return got !== undefined && accept(Math.sign(got - want));
    };
  };
}

const equals = (expected: readonly TextPart[]): Test => {
  const want = joinParts(expected);
  return (actual) => actual === want;
};
const equalsIgnoreCase = (expected: readonly TextPart[]): Test => {
  const want = joinParts(expected).toLowerCase();
  return (actual) => actual.toLowerCase() === want;
};
const like = (expected: readonly TextPart[]): Test => {
  const glob = compileGlob(expected, 'text');
  return (actual) => globMatches(glob, actual, 'text');
};
const arnLike = (expected: readonly TextPart[]): Test => {
  const glob = compileGlob(expected, 'arn');
  return (actual) => actual.startsWith('arn:') && globMatches(glob, actual, 'arn');
};
const boolEquals = (expected: readonly TextPart[]): Test => {
  const want = joinParts(expected).toLowerCase();
  return (actual) => actual.toLowerCase() === want;
};
const inBlock = (expected: readonly TextPart[]): Test => {
  const block = readAddressBlock(joinParts(expected))!;
  return (actual) => inAddressBlock(block, actual);
};

const op = (
  negated: boolean,
  variables: boolean,
  check: BaseOperator['check'],
  compile: BaseOperator['compile'],
): BaseOperator => ({ negated, variables, check, compile });

const ORDER = {
  Equals: (s: number) => s === 0,
  NotEquals: (s: number) => s !== 0,
  LessThan: (s: number) => s < 0,
  LessThanEquals: (s: number) => s <= 0,
  GreaterThan: (s: number) => s > 0,
  GreaterThanEquals: (s: number) => s >= 0,
} as const;

const BASE: Readonly<Record<string, BaseOperator>> = {
  StringEquals: op(false, true, anyText, equals),
  StringNotEquals: op(true, true, anyText, equals),
  StringEqualsIgnoreCase: op(false, true, anyText, equalsIgnoreCase),
  StringNotEqualsIgnoreCase: op(true, true, anyText, equalsIgnoreCase),
  StringLike: op(false, true, anyText, like),
  StringNotLike: op(true, true, anyText, like),
  // NumericNotEquals and DateNotEquals are plain comparisons, not negations: an unreadable context value fails both.
  ...Object.fromEntries(
    Object.entries(ORDER).flatMap(([name, accept]) => [
      [`Numeric${name}`, op(false, false, numeric, compare(readNumber, accept))],
      [`Date${name}`, op(false, false, date, compare(readDate, accept))],
    ]),
  ),
  Bool: op(false, true, bool, boolEquals),
  IpAddress: op(false, false, address, inBlock),
  NotIpAddress: op(true, false, address, inBlock),
  // IAM documents ArnEquals and ArnLike as the same test: segment by segment, wildcards allowed.
  ArnEquals: op(false, true, anyText, arnLike),
  ArnLike: op(false, true, anyText, arnLike),
  ArnNotEquals: op(true, true, anyText, arnLike),
  ArnNotLike: op(true, true, anyText, arnLike),
};

export interface ConditionOperator {
  readonly name: string;
  readonly base: BaseOperator | 'Null';
  readonly set?: 'ForAnyValue' | 'ForAllValues';
  readonly ifExists: boolean;
}

const OPERATOR = /^(?:(ForAnyValue|ForAllValues):)?([A-Za-z]+?)(IfExists)?$/;

/** Reads `ForAllValues:StringLikeIfExists` and the like; throws an Error saying why a name is not an operator. */
export function readOperator(name: string): ConditionOperator {
  const m = OPERATOR.exec(name);
  const baseName = m?.[2];
  if (baseName === 'Null') {
    if (m![1] !== undefined || m![3] !== undefined)
      throw new Error(`"${name}": Null takes neither a set qualifier nor IfExists`);
    return { name, base: 'Null', ifExists: false };
  }
  const base = baseName === undefined ? undefined : BASE[baseName];
  if (!m || base === undefined) throw new Error(`"${name}" is not a condition operator`);
  const set = m[1] as ConditionOperator['set'];
  return { name, base, ifExists: m[3] !== undefined, ...(set && { set }) };
}

/** Why a policy value does not suit the operator, or undefined when it does. */
export function checkOperand(operator: ConditionOperator, value: string): string | undefined {
  if (operator.base === 'Null') return bool(value);
  return operator.base.check(value);
}

/** Whether the operator allows `${...}` variables in its values. */
export function takesVariables(operator: ConditionOperator): boolean {
  return operator.base !== 'Null' && operator.base.variables;
}

/** Tests one condition key of a statement against the request. */
export function keyHolds(
  operator: ConditionOperator,
  actual: string | readonly string[] | undefined,
  values: readonly string[],
  variables: boolean,
  lookup: KeyLookup,
): boolean {
  const present = actual !== undefined && (typeof actual === 'string' || actual.length > 0);
  if (operator.base === 'Null') return values.some((v) => (v.toLowerCase() === 'true') !== present);
  const base = operator.base;
  if (!present) {
    if (operator.ifExists || operator.set === 'ForAllValues') return true;
    return operator.set === undefined && base.negated;
  }
  const tests: Test[] = [];
  for (const value of values) {
    const parts = resolveTemplate(value, variables && base.variables, lookup);
    if (parts !== undefined) tests.push(base.compile(parts));
  }
  const passes = (one: string) => tests.some((t) => t(one)) !== base.negated;
  const list = typeof actual === 'string' ? [actual] : actual;
  // Without a set qualifier a multivalued key reads as ForAnyValue.
  return operator.set === 'ForAllValues' ? list.every(passes) : list.some(passes);
}
