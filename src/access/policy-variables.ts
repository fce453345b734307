/**
 * Policy variables (`${aws:username}`), as IAM reads them in policies of Version 2012-10-17: in Resource
 * and NotResource, and in the values of String, Arn and Bool conditions. `${*}`, `${?}` and `${$}` stand
 * for the literal characters; `${key, 'text'}` falls back to `text` when the request has no such key.
 */

/** A run of policy text (where `*` and `?` are wildcards) or of substituted text (always literal). */
export interface TextPart {
  readonly text: string;
  readonly literal: boolean;
}

type TemplatePart = TextPart | { readonly variable: string; readonly fallback?: string };

const ESCAPES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };
const VARIABLE = /^\s*([A-Za-z0-9-]+:[^\s,'}]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/** Splits a value into text and variables; throws an Error naming the fault for a malformed `${...}`. */
export function parseTemplate(value: string): readonly TemplatePart[] {
  const parts: TemplatePart[] = [];
  let from = 0;
  for (let at = value.indexOf('${'); at >= 0; at = value.indexOf('${', from)) {
    if (at > from) parts.push({ text: value.slice(from, at), literal: false });
    const end = value.indexOf('}', at);
    if (end < 0) throw new Error(`policy variable at offset ${at} of "${value}" has no closing "}"`);
    const inner = value.slice(at + 2, end);
    const escaped = ESCAPES[inner];
    if (escaped !== undefined) {
      parts.push({ text: escaped, literal: true });
    } else {
      const m = VARIABLE.exec(inner);
      if (!m)
        throw new Error(`"\${${inner}}" in "${value}" is not a policy variable such as \${aws:username}`);
      parts.push(m[2] === undefined ? { variable: m[1]! } : { variable: m[1]!, fallback: m[2] });
    }
    from = end + 1;
  }
  if (from < value.length) parts.push({ text: value.slice(from), literal: false });
  return parts;
}

/** Looks a condition key up in the request; undefined when absent. */
export type KeyLookup = (key: string) => string | readonly string[] | undefined;

/**
 * The value with its variables replaced, or undefined when a variable has no single value in the request
 * and no fallback: IAM then treats the policy value as matching nothing. Without variables (Version
 * 2008-10-17, or operators that do not take them) the whole value is policy text.
 */
export function resolveTemplate(
  value: string,
  variables: boolean,
  lookup: KeyLookup,
): readonly TextPart[] | undefined {
  if (!variables || !value.includes('${')) return [{ text: value, literal: false }];
  const out: TextPart[] = [];
  for (const part of parseTemplate(value)) {
    if ('text' in part) {
      out.push(part);
      continue;
    }
    const found = lookup(part.variable);
    // Multivalued keys cannot be substituted (IAM: "a multivalued key can't be used as a policy variable").
    const text = typeof found === 'string' ? found : part.fallback;
    if (text === undefined) return undefined;
    out.push({ text, literal: true });
  }
  return out;
}

export function joinParts(parts: readonly TextPart[]): string {
  return parts.length === 1 ? parts[0]!.text : parts.map((p) => p.text).join('');
}
