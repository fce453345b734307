/**
 * A small shape DSL mirroring the Smithy/Coral input shapes of the SageMaker model: just enough to validate
 * request bodies of the AWS JSON 1.1 face with AWS's own constraint texts.
 *
 * Shapes are immutable and built once at module load; every constraint message a shape can produce is
 * precomputed here so that validation only concatenates strings when it actually reports an error.
 */

/** A model pattern: the Java text printed in messages, and the anchored JavaScript `u` regex that enforces it. */
export interface Pattern {
  readonly text: string;
  readonly regex: RegExp;
}

export interface LengthBounds {
  readonly min?: number;
  readonly max?: number;
}

export interface StrOptions extends LengthBounds {
  readonly pattern?: Pattern;
  /** Sensitive members have their value left out of messages (`Value at '...'`), as AWS does. */
  readonly sensitive?: boolean;
}

export interface RangeBounds {
  readonly min?: number;
  readonly max?: number;
}

export interface StrShape {
  readonly kind: 'string';
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly pattern: Pattern | undefined;
  readonly sensitive: boolean;
  /** `Member must ...` texts in Coral's order: max length, min length, pattern. */
  readonly constraints: readonly string[];
}

export interface EnumShape {
  readonly kind: 'enum';
  readonly values: readonly string[];
  readonly allowed: ReadonlySet<string>;
  readonly sensitive: boolean;
  /** `Member must satisfy enum value set: [...]`. */
  readonly message: string;
  readonly constraints: readonly string[];
}

export interface NumberShape {
  readonly kind: 'integer' | 'float';
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly sensitive: boolean;
  /** `Member must have value ...` texts: max, then min. */
  readonly constraints: readonly string[];
}

export interface BoolShape {
  readonly kind: 'boolean';
  readonly sensitive: boolean;
  readonly constraints: readonly string[];
}

export interface TimestampShape {
  readonly kind: 'timestamp';
  readonly sensitive: boolean;
  readonly constraints: readonly string[];
}

export interface ListShape {
  readonly kind: 'list';
  readonly member: Shape;
  readonly min: number | undefined;
  readonly max: number | undefined;
}

export interface MapShape {
  readonly kind: 'map';
  readonly key: StrShape | EnumShape;
  readonly value: Shape;
  readonly min: number | undefined;
  readonly max: number | undefined;
}

export interface Member {
  /** Wire name, verbatim (PascalCase). */
  readonly name: string;
  /** Name used in message paths: first letter lower-cased. */
  readonly pathName: string;
  readonly shape: Shape;
  readonly required: boolean;
}

export interface StructShape {
  readonly kind: 'structure';
  /** In model order: errors are reported in this order. */
  readonly members: readonly Member[];
}

/** A deferred reference, for recursive shapes (SearchExpression.SubExpressions). */
export interface LazyShape {
  readonly kind: 'lazy';
  readonly resolve: () => Shape;
}

export type ScalarShape = StrShape | EnumShape | NumberShape | BoolShape | TimestampShape;
export type Shape = ScalarShape | ListShape | MapShape | StructShape | LazyShape;

export const NOT_NULL = 'Member must not be null';

export function lengthAtMost(n: number): string {
  return `Member must have length less than or equal to ${n}`;
}

export function lengthAtLeast(n: number): string {
  return `Member must have length greater than or equal to ${n}`;
}

export function patternMessage(p: Pattern): string {
  return `Member must satisfy regular expression pattern: ${p.text}`;
}

/** Integers print as-is; float bounds print like Java doubles (`0.0`, `1.5`). */
function bound(n: number, kind: NumberShape['kind']): string {
  return kind === 'float' && Number.isInteger(n) ? n.toFixed(1) : String(n);
}

export function valueAtMost(n: number, kind: NumberShape['kind'] = 'integer'): string {
  return `Member must have value less than or equal to ${bound(n, kind)}`;
}

export function valueAtLeast(n: number, kind: NumberShape['kind'] = 'integer'): string {
  return `Member must have value greater than or equal to ${bound(n, kind)}`;
}

function checkBounds(what: string, min: number | undefined, max: number | undefined): void {
  if (min !== undefined && !(Number.isFinite(min) && (what === 'value' || Number.isInteger(min)))) {
    throw new Error(`invalid min ${what} bound ${min}`);
  }
  if (max !== undefined && !(Number.isFinite(max) && (what === 'value' || Number.isInteger(max)))) {
    throw new Error(`invalid max ${what} bound ${max}`);
  }
  if (min !== undefined && max !== undefined && min > max) throw new Error(`min ${min} > max ${max}`);
}

/** A string member: `len min..max`, optional pattern. */
export function str(opts: StrOptions = {}): StrShape {
  const { min, max, pattern } = opts;
  checkBounds('length', min, max);
  const constraints: string[] = [];
  if (max !== undefined) constraints.push(lengthAtMost(max));
  if (min !== undefined) constraints.push(lengthAtLeast(min));
  if (pattern !== undefined) constraints.push(patternMessage(pattern));
  return Object.freeze({
    kind: 'string',
    min,
    max,
    pattern,
    sensitive: opts.sensitive ?? false,
    constraints: Object.freeze(constraints),
  });
}

/** An enum member; `values` in the order AWS prints them in its message. */
export function enumOf(values: readonly string[], opts: { readonly sensitive?: boolean } = {}): EnumShape {
  if (values.length === 0) throw new Error('empty enum');
  const frozen = Object.freeze([...values]);
  const message = `Member must satisfy enum value set: [${frozen.join(', ')}]`;
  return Object.freeze({
    kind: 'enum',
    values: frozen,
    allowed: new Set(frozen),
    sensitive: opts.sensitive ?? false,
    message,
    constraints: Object.freeze([message]),
  });
}

function num(kind: NumberShape['kind'], opts: RangeBounds): NumberShape {
  const { min, max } = opts;
  checkBounds('value', min, max);
  const constraints: string[] = [];
  if (max !== undefined) constraints.push(valueAtMost(max, kind));
  if (min !== undefined) constraints.push(valueAtLeast(min, kind));
  return Object.freeze({ kind, min, max, sensitive: false, constraints: Object.freeze(constraints) });
}

/** A 32-bit integer member (`range min..max`). */
export function int(opts: RangeBounds = {}): NumberShape {
  return num('integer', opts);
}

/** A float/double member (`range min..max`). */
export function float(opts: RangeBounds = {}): NumberShape {
  return num('float', opts);
}

const NO_CONSTRAINTS: readonly string[] = Object.freeze([]);

export function bool(): BoolShape {
  return Object.freeze({ kind: 'boolean', sensitive: false, constraints: NO_CONSTRAINTS });
}

/** A timestamp member: epoch seconds on the wire (integer or decimal JSON number). */
export function timestamp(): TimestampShape {
  return Object.freeze({ kind: 'timestamp', sensitive: false, constraints: NO_CONSTRAINTS });
}

/** A list member; `min`/`max` bound the number of items. */
export function list(member: Shape, opts: LengthBounds = {}): ListShape {
  checkBounds('length', opts.min, opts.max);
  return Object.freeze({ kind: 'list', member, min: opts.min, max: opts.max });
}

/** A map member; `min`/`max` bound the number of entries. */
export function map(key: StrShape | EnumShape, value: Shape, opts: LengthBounds = {}): MapShape {
  checkBounds('length', opts.min, opts.max);
  return Object.freeze({ kind: 'map', key, value, min: opts.min, max: opts.max });
}

/** `ModelPackageGroupName` → `modelPackageGroupName`, `KmsKeyId` → `kmsKeyId`. */
export function lowerFirst(name: string): string {
  return name.length === 0 ? name : name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * A structure. `members` is given in model order (object literal order is preserved for these
 * PascalCase keys); `required` names the members that must be present and non-null.
 */
export function struct(
  members: Readonly<Record<string, Shape>>,
  required: readonly string[] = [],
): StructShape {
  const names = Object.keys(members);
  for (const r of required) {
    if (!names.includes(r)) throw new Error(`required member ${r} is not a member of the structure`);
  }
  const defs: Member[] = names.map((name) => ({
    name,
    pathName: lowerFirst(name),
    shape: members[name]!,
    required: required.includes(name),
  }));
  return Object.freeze({ kind: 'structure', members: Object.freeze(defs.map((d) => Object.freeze(d))) });
}

/** A deferred reference, resolved (once) on first use; allows recursive shapes. */
export function lazy(get: () => Shape): LazyShape {
  let cached: Shape | undefined;
  return Object.freeze({
    kind: 'lazy',
    resolve: (): Shape => {
      if (cached === undefined) {
        const s = get();
        if (s.kind === 'lazy') throw new Error('a lazy shape must not resolve to another lazy shape');
        cached = s;
      }
      return cached;
    },
  });
}

/** Follows a lazy reference (one level suffices: `lazy` refuses lazy targets). */
export function resolve(shape: Shape): Exclude<Shape, LazyShape> {
  const s = shape.kind === 'lazy' ? shape.resolve() : shape;
  if (s.kind === 'lazy') throw new Error('unresolvable lazy shape');
  return s;
}

export function isScalar(shape: Shape): shape is ScalarShape {
  return shape.kind !== 'list' && shape.kind !== 'map' && shape.kind !== 'structure' && shape.kind !== 'lazy';
}

/** Every shape reachable from `root` (each once; recursion-safe). */
export function reachableShapes(root: Shape): Exclude<Shape, LazyShape>[] {
  const seen = new Set<Shape>();
  const out: Exclude<Shape, LazyShape>[] = [];
  const stack: Shape[] = [root];
  while (stack.length > 0) {
    const s = resolve(stack.pop()!);
    if (seen.has(s)) continue;
    seen.add(s);
    out.push(s);
    if (s.kind === 'list') stack.push(s.member);
    else if (s.kind === 'map') stack.push(s.key, s.value);
    else if (s.kind === 'structure') for (const m of s.members) stack.push(m.shape);
  }
  return out;
}
