/** A mistake on the command line: printed as one line, exit code 2. */
export class UsageError extends Error {}

export function keyValues(items: readonly string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} expects key=value, got "${item}".`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

export function numericValues(items: readonly string[] | undefined, flag: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(keyValues(items, flag))) {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n))
      throw new UsageError(`${flag} ${k}=${v}: the value must be a number.`);
    out[k] = n;
  }
  return out;
}

export function positiveInt(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`${flag} expects a positive integer, got "${text}".`);
  return Number(text);
}
