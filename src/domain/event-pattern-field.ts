/**
 * The compiled filter list of one pattern field: `"x": ["a", 3, {"prefix": "b"}, {"exists": false}]`.
 * Filters are OR-ed. Exact values sit in sets; operators become predicates grouped by the one JSON type
 * they can match, so a value is only offered to predicates of its own type (types never cross).
 */
export class FieldTest {
  /** `{"exists": true}`: any leaf value passes. */
  any = false;
  /** `{"exists": false}`: passes when the path has no leaf value (array-consistently, see the matcher). */
  absent = false;
  readonly strings = new Set<string>();
  /** By value: `3` equals `3.0` and `3e0` once parsed. */
  readonly numbers = new Set<number>();
  matchTrue = false;
  matchFalse = false;
  matchNull = false;
  readonly stringTests: Array<(value: string) => boolean> = [];
  readonly numberTests: Array<(value: number) => boolean> = [];
  /** anything-but filters, which see every type (a null or a value of another type is not excluded). */
  readonly valueTests: Array<(value: unknown) => boolean> = [];

  /** False for a list holding only `{"exists": false}`: no value can satisfy it. */
  get testsValues(): boolean {
    return (
      this.any ||
      this.strings.size > 0 ||
      this.numbers.size > 0 ||
      this.matchTrue ||
      this.matchFalse ||
      this.matchNull ||
      this.stringTests.length > 0 ||
      this.numberTests.length > 0 ||
      this.valueTests.length > 0
    );
  }

  test(value: unknown): boolean {
    if (this.any) return true;
    switch (typeof value) {
      case 'string': {
        if (this.strings.has(value)) return true;
        const tests = this.stringTests;
        for (let i = 0; i < tests.length; i++) if (tests[i]!(value)) return true;
        break;
      }
      case 'number': {
        if (this.numbers.has(value)) return true;
        const tests = this.numberTests;
        for (let i = 0; i < tests.length; i++) if (tests[i]!(value)) return true;
        break;
      }
      case 'boolean':
        if (value ? this.matchTrue : this.matchFalse) return true;
        break;
      default:
        if (value === null && this.matchNull) return true;
    }
    const tests = this.valueTests;
    for (let i = 0; i < tests.length; i++) if (tests[i]!(value)) return true;
    return false;
  }
}

/**
 * Ruler's case folding, per character of the pattern: an event character matches pattern character `c`
 * when it equals `c` lower-cased or `c` upper-cased (so `ß` also accepts `SS`, while the Kelvin sign only
 * accepts `k` and itself). `anchor` picks whole-value, prefix or suffix matching.
 */
export function ignoreCasePattern(values: readonly string[], anchor: 'whole' | 'prefix' | 'suffix'): RegExp {
  const alternatives = values.map((value) => {
    let source = '';
    for (const c of value) {
      const lower = escapeRegExp(c.toLowerCase());
      const upper = escapeRegExp(c.toUpperCase());
      source += lower === upper ? lower : `(?:${lower}|${upper})`;
    }
    return source;
  });
  const body = `(?:${alternatives.join('|')})`;
  return new RegExp(anchor === 'whole' ? `^${body}$` : anchor === 'prefix' ? `^${body}` : `${body}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
