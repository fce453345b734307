import { invalidPattern } from './event-pattern-error.js';

/**
 * A wildcard value as the literal pieces between its `*`s: `a*b\*c` is ['a', 'b*c']. Escapes are `\*` and
 * `\\` only. Error positions are ruler's: UTF-8 byte offsets into the value wrapped in quotes, i.e. one more
 * than the byte offset in the value itself (for `**`, the index of the second star).
 */
export function parseWildcard(text: string): string[] {
  const segments: string[] = [];
  let current = '';
  let pos = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '*') {
      if (text[i + 1] === '*') invalidPattern(`Consecutive wildcard characters at pos ${pos}`);
      segments.push(current);
      current = '';
    } else if (c === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') invalidPattern(`Invalid escape character at pos ${pos}`);
      current += next;
      i++;
      pos++;
    } else {
      current += c;
    }
    pos += utf8Length(c.charCodeAt(0));
  }
  segments.push(current);
  return segments;
}

function utf8Length(unit: number): number {
  if (unit < 0x80) return 1;
  if (unit < 0x800 || (unit >= 0xd800 && unit <= 0xdfff)) return 2; // a surrogate pair is 4 bytes
  return 3;
}

/** Whole-value match; leftmost placement of each middle piece is enough when `*` is the only operator. */
export function wildcardMatches(segments: readonly string[], value: string): boolean {
  const last = segments.length - 1;
  const head = segments[0]!;
  if (last === 0) return value === head;
  const tail = segments[last]!;
  const end = value.length - tail.length;
  if (end < head.length || !value.startsWith(head) || !value.endsWith(tail)) return false;
  let pos = head.length;
  for (let i = 1; i < last; i++) {
    const piece = segments[i]!;
    const at = value.indexOf(piece, pos);
    if (at < 0 || at + piece.length > end) return false;
    pos = at + piece.length;
  }
  return true;
}

const STAR = -1;
const OTHER = -2;
/** Subset-construction states explored before a pattern set is called too complex regardless of its score. */
const STATE_BUDGET = 20_000;

/**
 * Ruler's MachineComplexityEvaluator score for the wildcard values of one field: the largest number of
 * pattern prefixes (from the first character on) that a single input string can match at once. This
 * reproduces ruler's published scores: `*` 1, `*a*a*a*` 7, `a*aa` 3, `1*2345` 2, and 7 and 11 for the
 * reference's accepted `/Users/…/doc.txt` and rejected `*:*:*:*:*:event-bus/*`. Stops once `limit` is reached.
 */
export function wildcardComplexity(values: readonly (readonly string[])[], limit: number): number {
  // One token array for all values. A state is the sorted list of positions reached, one per prefix matched
  // so far (a value's start stands for its empty prefix); `ends[p]` is the end of the value holding p.
  const tokens: number[] = [];
  const ends: number[] = [];
  const starts: number[] = [];
  for (const segments of values) {
    const start = tokens.length;
    segments.forEach((piece, i) => {
      if (i > 0) tokens.push(STAR);
      for (let k = 0; k < piece.length; k++) tokens.push(piece.charCodeAt(k));
    });
    for (let k = start; k <= tokens.length; k++) ends.push(tokens.length);
    tokens.push(OTHER); // separator; never reached as a token because ends[] stops before it
    starts.push(start);
  }
  const close = (positions: number[]): number[] => {
    const set = new Set(positions);
    for (const p of positions) for (let q = p; q < ends[q]! && tokens[q] === STAR; q++) set.add(q + 1);
    return [...set].sort((a, b) => a - b);
  };
  const isStart = new Set(starts);
  const score = (state: readonly number[]) => state.filter((p) => !isStart.has(p)).length;

  const first = close(starts);
  const seen = new Set([first.join()]);
  const queue = [first];
  let max = score(first);
  for (let head = 0; head < queue.length && max < limit; head++) {
    const state = queue[head]!;
    const inputs = new Set([OTHER]);
    for (const p of state) if (p < ends[p]! && tokens[p]! >= 0) inputs.add(tokens[p]!);
    for (const input of inputs) {
      const next: number[] = [];
      for (const p of state) {
        if (p < ends[p]! && tokens[p] === input) next.push(p + 1);
        if (!isStart.has(p) && tokens[p - 1] === STAR) next.push(p); // a star keeps absorbing input
      }
      const closed = close(next);
      const key = closed.join();
      if (seen.has(key)) continue;
      if (seen.size >= STATE_BUDGET) return limit;
      seen.add(key);
      queue.push(closed);
      max = Math.max(max, score(closed));
    }
  }
  return Math.min(max, limit);
}
