import { invalidPattern } from './event-pattern-error.js';
import { EventMatcher } from './event-pattern-match.js';
import { isObject } from './event-pattern-operators.js';
import { compileRules } from './event-pattern-rules.js';
import { LIMITS } from './limits.js';

/**
 * EventBridge event patterns for event rules: patterns written for AWS work unchanged, and invalid ones are
 * refused with EventBridge's reason. Semantics follow event-ruler, the matcher the service is built on
 * (shared/reference/eventbridge-patterns.md): arrays are flattened, numbers compare by value, types never
 * cross, fields inside one array of objects must match within one element, `a.b` keys equal nested ones.
 */
export interface EventPattern {
  /** The pattern as canonical JSON text (JSON.stringify of the parsed pattern), for storage. */
  readonly text: string;
  /** The parsed pattern object. */
  readonly pattern: Readonly<Record<string, unknown>>;
  matches(event: unknown): boolean;
}

/**
 * Accepts the pattern as JSON text or as an already-parsed value (which is normalised through JSON, as if
 * it had been sent as text). Throws DomainError('InvalidEventPattern') with the reason for every invalid one.
 */
export function parseEventPattern(input: unknown): EventPattern {
  const parsed = typeof input === 'string' ? parseText(input) : normalise(input);
  if (!isObject(parsed)) invalidPattern('Filter is not an object');
  const text = JSON.stringify(parsed);
  if (typeof input !== 'string') checkLength(text);
  const matcher = new EventMatcher(compileRules(parsed));
  const pattern = deepFreeze(parsed);
  return {
    text,
    pattern,
    matches: (event) => matcher.matches(event),
  };
}

function checkLength(text: string): void {
  if (text.length > LIMITS.eventPatternMax) {
    invalidPattern(`Event pattern is longer than ${LIMITS.eventPatternMax} characters (${text.length})`);
  }
}

function parseText(text: string): unknown {
  checkLength(text);
  try {
    return JSON.parse(text);
  } catch (err) {
    invalidPattern(jsonReason(text, err instanceof Error ? err.message : String(err)));
  }
}

/**
 * AWS answers unparseable text with Jackson's message. When JSON.parse stopped at a letter, the culprit is
 * a bare word (`this is not json`, `{"a": closed}`), and we give Jackson's text for it; otherwise
 * JSON.parse's own message, without the copy of the whole input that V8 appends.
 */
function jsonReason(text: string, message: string): string {
  const word = /^Unexpected token '[A-Za-z_$]'/.test(message) ? bareWord(text) : undefined;
  if (word !== undefined) {
    return `Unrecognized token '${word}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`;
  }
  return `Invalid JSON: ${message.replace(/, ".*" is not valid JSON$/s, '')}`;
}

/** The first word outside strings and numbers that is not a JSON literal. */
function bareWord(text: string): string | undefined {
  for (const [token] of text.matchAll(/"(?:[^"\\]|\\.)*"?|-?[0-9][0-9.eE+-]*|[A-Za-z_$][\w$]*/g)) {
    if (/^[A-Za-z_$]/.test(token) && token !== 'true' && token !== 'false' && token !== 'null') return token;
  }
  return undefined;
}

function normalise(value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    // A cycle or a BigInt: nothing JSON could carry.
    invalidPattern(`Invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return text === undefined ? undefined : JSON.parse(text);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
