import { invalidPattern } from './event-pattern-error.js';
import { FieldTest, ignoreCasePattern } from './event-pattern-field.js';
import { inBlock, parseCidr, parseIp, singleAddress } from './event-pattern-ip.js';
import { compileAnythingBut, compileNumeric, isObject, tooManyElements } from './event-pattern-operators.js';
import { parseWildcard, wildcardMatches } from './event-pattern-wildcard.js';

/** A field's compiled filters, and its wildcard values (scored for complexity per path by the caller). */
export interface CompiledField {
  readonly test: FieldTest;
  readonly wildcards: readonly string[];
}

/**
 * Compiles one filter list, checking it in the order event-ruler's streaming parser reads it, so that the
 * first problem reported is the one AWS reports.
 */
export function compileFilterList(list: readonly unknown[]): CompiledField {
  const test = new FieldTest();
  const wildcards: string[] = [];
  if (list.length === 0) invalidPattern('Empty arrays are not allowed');
  for (const filter of list) {
    if (filter === null) test.matchNull = true;
    else if (filter === true) test.matchTrue = true;
    else if (filter === false) test.matchFalse = true;
    else if (typeof filter === 'number') test.numbers.add(filter);
    else if (typeof filter === 'string') addLiteral(test, filter);
    else if (isObject(filter)) compileOperator(test, wildcards, filter);
    else invalidPattern('Match value must be String, number, true, false, or null');
  }
  return { test, wildcards };
}

/** Ruler compiles a plain string that is an IP literal to that address, so `2001:db8::7` equals its long form. */
function addLiteral(test: FieldTest, value: string): void {
  const ip = parseIp(value);
  if (ip instanceof Uint8Array) {
    const block = singleAddress(ip);
    test.stringTests.push((s) => inBlock(block, s));
  } else {
    test.strings.add(value);
  }
}

function compileOperator(test: FieldTest, wildcards: string[], filter: Record<string, unknown>): void {
  const keys = Object.keys(filter);
  if (keys.length === 0) invalidPattern('Match expression name not found');
  const name = keys[0]!;
  const operand = filter[name];
  switch (name) {
    case 'exactly':
      test.strings.add(stringOperand(operand, 'exact match pattern must be a string'));
      break;
    case 'prefix':
    case 'suffix':
      compileAffix(test, name, operand);
      break;
    case 'equals-ignore-case': {
      const re = ignoreCasePattern(
        [stringOperand(operand, `${name} match pattern must be a string`)],
        'whole',
      );
      test.stringTests.push((s) => re.test(s));
      break;
    }
    case 'wildcard': {
      const value = stringOperand(operand, 'wildcard match pattern must be a string');
      const segments = parseWildcard(value);
      test.stringTests.push((s) => wildcardMatches(segments, s));
      wildcards.push(value);
      break;
    }
    case 'numeric':
      if (!Array.isArray(operand)) invalidPattern('Value of numeric must be an array.');
      test.numberTests.push(compileNumeric(operand));
      break;
    case 'anything-but':
      test.valueTests.push(compileAnythingBut(operand));
      break;
    case 'exists':
      if (typeof operand !== 'boolean') invalidPattern('exists match pattern must be either true or false.');
      if (operand) test.any = true;
      else test.absent = true;
      break;
    case 'cidr': {
      // Ruler's message really says "prefix" here.
      const block = parseCidr(stringOperand(operand, 'prefix match pattern must be a string'));
      test.stringTests.push((s) => inBlock(block, s));
      break;
    }
    default:
      invalidPattern(`Unrecognized match type ${name}`);
  }
  // Ruler only notices a second key once it has read the first key's operand.
  if (keys.length > 1) {
    if (name === 'numeric' || name === 'anything-but') tooManyElements();
    invalidPattern(ONE_KEY);
  }
}

const ONE_KEY = 'Only one key allowed in match expression';

/** `{"prefix": "a"}`, `{"suffix": "a"}` and their `{"equals-ignore-case": "a"}` forms. */
function compileAffix(test: FieldTest, kind: 'prefix' | 'suffix', operand: unknown): void {
  if (!isObject(operand)) {
    const value = stringOperand(operand, `${kind} match pattern must be a string`);
    test.stringTests.push(kind === 'prefix' ? (s) => s.startsWith(value) : (s) => s.endsWith(value));
    return;
  }
  const keys = Object.keys(operand);
  if (keys.length === 0)
    invalidPattern(`${kind === 'prefix' ? 'Prefix' : 'Suffix'} expression name not found`);
  if (keys[0] !== 'equals-ignore-case') invalidPattern(`Unsupported ${kind} pattern: ${keys[0]}`);
  const value = stringOperand(operand[keys[0]], 'equals-ignore-case match pattern must be a string');
  if (keys.length > 1) invalidPattern(ONE_KEY);
  const re = ignoreCasePattern([value], kind);
  test.stringTests.push((s) => re.test(s));
}

function stringOperand(operand: unknown, reason: string): string {
  if (typeof operand !== 'string') invalidPattern(reason);
  return operand;
}
