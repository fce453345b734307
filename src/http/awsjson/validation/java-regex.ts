import type { Pattern } from './shape.js';

/**
 * Java → JavaScript regex translation for the SageMaker model's patterns.
 *
 * AWS validates with java.util.regex and whole-input matching (`Matcher.matches()`). The model's patterns
 * are nearly valid JavaScript under the `u` flag; what differs is translated here so that JavaScript
 * accepts exactly what Java accepts:
 *
 * - `.` (outside a class) is deliberately widened to any character. Java's `.` stops at line terminators,
 *   which would refuse a pretty-printed ResourcePolicy, a multi-line ModelCardContent or ApprovalDescription
 *   (all `.*`); refusing a real user's document costs more than accepting what AWS might refuse.
 * - `\s` / `\S`: Java's default `\s` is ASCII-only `[ \t\n\x0B\f\r]`; JavaScript's also covers Unicode
 *   spaces (NBSP, U+2028, ...). Translated to the Java sets, including inside the classes `[\S]` and
 *   `[\S\s]` used by the model.
 * - `\d`, `\w`, `\p{..}` already mean the same in both (ASCII digits/word chars; Unicode categories).
 *
 * Constructs JavaScript cannot express the same way (nested classes, `&&` intersections, `\S` mixed with
 * other class items) throw at load time, so a new pattern that needs care cannot slip in silently.
 */

/** Java's `\s` (without UNICODE_CHARACTER_CLASS), written for use inside a JavaScript class. */
const JAVA_SPACE_CHARS = '\\t\\n\\x0B\\f\\r ';
const ANY_CHAR = '[\\s\\S]';

/** Reads one escape starting at `src[i] === '\\'`; returns the raw token (`\p{L}` counts as one). */
function readEscape(src: string, i: number): string {
  const next = src[i + 1];
  if (next === undefined) throw new Error(`dangling backslash in pattern ${src}`);
  if ((next === 'p' || next === 'P') && src[i + 2] === '{') {
    const end = src.indexOf('}', i + 3);
    if (end < 0) throw new Error(`unterminated \\${next}{ in pattern ${src}`);
    return src.slice(i, end + 1);
  }
  if (next === 'Q' || next === 'E') throw new Error(`\\Q...\\E quoting is not supported: ${src}`);
  return src.slice(i, i + 2);
}

/** Translates a character class starting at `src[start] === '['`; returns [translated, index after `]`]. */
function translateClass(src: string, start: number): [string, number] {
  let i = start + 1;
  let negated = false;
  if (src[i] === '^') {
    negated = true;
    i++;
  }
  const tokens: string[] = [];
  while (i < src.length && src[i] !== ']') {
    const c = src[i]!;
    if (c === '[') throw new Error(`nested character classes are not supported: ${src}`);
    if (c === '&' && src[i + 1] === '&') throw new Error(`class intersections are not supported: ${src}`);
    const tok = c === '\\' ? readEscape(src, i) : c;
    tokens.push(tok);
    i += tok.length;
  }
  if (src[i] !== ']') throw new Error(`unterminated character class in pattern ${src}`);
  if (tokens.length === 0) throw new Error(`empty character class in pattern ${src}`);

  const hasNotSpace = tokens.includes('\\S');
  if (hasNotSpace) {
    if (negated) throw new Error(`\\S inside a negated class is not supported: ${src}`);
    const others = tokens.filter((t) => t !== '\\S');
    if (others.length === 0) return [`[^${JAVA_SPACE_CHARS}]`, i + 1];
    if (others.every((t) => t === '\\s')) return ['[\\s\\S]', i + 1];
    throw new Error(`\\S combined with other class items is not supported: ${src}`);
  }
  const body = tokens.map((t) => (t === '\\s' ? JAVA_SPACE_CHARS : t)).join('');
  return [`[${negated ? '^' : ''}${body}]`, i + 1];
}

/** Translates a Java pattern body to JavaScript (`u` flag) source, unanchored. */
export function translateJavaRegex(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      const tok = readEscape(src, i);
      if (tok === '\\s') out += `[${JAVA_SPACE_CHARS}]`;
      else if (tok === '\\S') out += `[^${JAVA_SPACE_CHARS}]`;
      else out += tok;
      i += tok.length;
    } else if (c === '[') {
      const [cls, next] = translateClass(src, i);
      out += cls;
      i = next;
    } else if (c === '.') {
      out += ANY_CHAR;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * A model pattern. `text` is the Java source exactly as the model (and so AWS's message) spells it.
 * `javaEquivalent`, when given, is an equivalent Java pattern to enforce instead, for texts that cannot
 * be expressed in JavaScript as written (a quantified `$` anchor).
 */
export function javaPattern(text: string, javaEquivalent?: string): Pattern {
  const source = translateJavaRegex(javaEquivalent ?? text);
  return Object.freeze({ text, regex: new RegExp(`^(?:${source})$`, 'u') });
}
