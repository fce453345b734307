import type { TextPart } from './policy-variables.js';

/**
 * IAM wildcards: `*` is any run of characters, `?` exactly one. Matching simulates the pattern as an NFA
 * (one pass over the value, a set of pattern positions), so a hostile pattern such as `*a*a*a*a*b` in a
 * group resource policy costs O(pattern × value), never the exponential backtracking of a RegExp.
 *
 * In `arn` mode the ARN's colon-separated segments are matched separately, as IAM documents for Resource
 * and the Arn condition operators: `?` never matches `:`, and `*` stays inside its segment unless it is
 * the last character of a segment (followed by `:` or the end), in which case it may run past colons.
 */
export type MatchMode = 'text' | 'ignore-case' | 'arn';

const RUN = -1; // `*` that may cross colons
const SEGMENT_RUN = -2; // `*` inside an ARN segment
const ONE = -3; // `?`
const SEGMENT_ONE = -4; // `?` in an ARN (not a colon)
const COLON = 0x3a;

export type Glob = readonly number[];

export function compileGlob(parts: readonly TextPart[], mode: MatchMode): Glob {
  const tokens: number[] = [];
  for (const { text, literal } of parts) {
    const source = mode === 'ignore-case' ? text.toLowerCase() : text;
    for (let i = 0; i < source.length; i++) {
      const c = source.charCodeAt(i);
      if (literal || (c !== 0x2a && c !== 0x3f)) tokens.push(c);
      else if (c === 0x3f) tokens.push(mode === 'arn' ? SEGMENT_ONE : ONE);
      else tokens.push(SEGMENT_RUN);
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== SEGMENT_RUN) continue;
    const next = tokens[i + 1];
    if (mode !== 'arn' || next === undefined || next === COLON) tokens[i] = RUN;
  }
  return tokens;
}

export function globMatches(glob: Glob, value: string, mode: MatchMode): boolean {
  const subject = mode === 'ignore-case' ? value.toLowerCase() : value;
  const m = glob.length;
  let current = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  current[0] = 1;
  close(glob, current);
  for (let k = 0; k < subject.length; k++) {
    const c = subject.charCodeAt(k);
    next.fill(0);
    let alive = false;
    for (let i = 0; i < m; i++) {
      if (current[i] === 0) continue;
      const t = glob[i]!;
      if (t === RUN || (t === SEGMENT_RUN && c !== COLON)) next[i] = 1;
      else if (t === c || t === ONE || (t === SEGMENT_ONE && c !== COLON)) next[i + 1] = 1;
      else continue;
      alive = true;
    }
    if (!alive) return false;
    close(glob, next);
    [current, next] = [next, current];
  }
  return current[m] === 1;
}

/** A `*` may match nothing: reaching it also reaches the position after it. */
function close(glob: Glob, states: Uint8Array): void {
  for (let i = 0; i < glob.length; i++) {
    if (states[i] === 1 && (glob[i] === RUN || glob[i] === SEGMENT_RUN)) states[i + 1] = 1;
  }
}

/** Matches one policy pattern (already resolved) against a value. */
export function patternMatches(parts: readonly TextPart[], value: string, mode: MatchMode): boolean {
  return globMatches(compileGlob(parts, mode), value, mode);
}
