import type { FieldTest } from './event-pattern-field.js';
import type { SubRule } from './event-pattern-rules.js';

/**
 * A step from one flattened name to a longer one. Names join keys with '.', so `detail.a.b` is reached
 * by the keys detail, a, b but also by `detail.a`, b or detail, `a.b` (ruler's dotted-key behaviour).
 */
interface Edge {
  readonly key: string;
  readonly node: PathNode;
  /** Keys such as `constructor` are also found on Object.prototype; only own properties count. */
  readonly inherited: boolean;
}

interface PathNode {
  /** The pattern path ending here, or -1 when this name only leads to longer paths. */
  slot: number;
  readonly edges: Edge[];
}

/**
 * Matches events against compiled sub-rules. Each call walks only the parts of the event that lead to a
 * pattern path, collecting leaf values per path; fields are then tested once per call, and only fields
 * whose values sit in arrays of objects need the array-consistency search.
 *
 * The collection buffers are reused across calls (no allocation per event once warm); that is safe because
 * `matches` is synchronous and never re-entered.
 */
export class EventMatcher {
  private readonly root: PathNode = { slot: -1, edges: [] };
  private readonly tests: FieldTest[] = [];
  /** Per sub-rule, parallel lists of field indexes and path slots, in path order. */
  private readonly rules: Array<{ readonly fields: number[]; readonly slots: number[] }> = [];

  private readonly values: unknown[][] = [];
  /** Per value, -1 (in no array) or an offset into `memberships`: [count, arrayId, index, arrayId, index…]. */
  private readonly members: number[][] = [];
  private readonly memberships: number[] = [];
  private readonly arrayPath: number[] = [];
  private arrays = 0;
  private constrained: Uint8Array;
  /** Per field: 0 not yet tested in this call, 1 holds, 2 fails. */
  private readonly outcome: Uint8Array;
  private assigned = new Int32Array(16);
  private readonly undo: number[] = [];

  constructor(subRules: readonly SubRule[]) {
    const fieldIndex = new Map<FieldTest, number>();
    const nodes = new Map<string, PathNode>();
    for (const subRule of subRules) {
      const fields: number[] = [];
      const slots: number[] = [];
      for (const [path, test] of subRule) {
        let field = fieldIndex.get(test);
        if (field === undefined) {
          field = this.tests.push(test) - 1;
          fieldIndex.set(test, field);
        }
        fields.push(field);
        slots.push(this.slotOf(path, nodes));
      }
      this.rules.push({ fields, slots });
    }
    this.constrained = new Uint8Array(this.values.length);
    this.outcome = new Uint8Array(this.tests.length);
  }

  private slotOf(path: string, nodes: Map<string, PathNode>): number {
    const segments = path.split('.');
    const nodeAt = (end: number): PathNode => {
      if (end === 0) return this.root;
      const name = segments.slice(0, end).join('.');
      let node = nodes.get(name);
      if (node === undefined) {
        node = { slot: -1, edges: [] };
        nodes.set(name, node);
      }
      return node;
    };
    for (let from = 0; from < segments.length; from++) {
      const source = nodeAt(from);
      for (let to = from + 1; to <= segments.length; to++) {
        const key = segments.slice(from, to).join('.');
        if (!source.edges.some((e) => e.key === key)) {
          source.edges.push({ key, node: nodeAt(to), inherited: key in Object.prototype });
        }
      }
    }
    const leaf = nodeAt(segments.length);
    if (leaf.slot < 0) {
      leaf.slot = this.values.length;
      this.values.push([]);
      this.members.push([]);
    }
    return leaf.slot;
  }

  matches(event: unknown): boolean {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
    try {
      this.collect(this.root, event);
      if (this.arrays > this.assigned.length) this.assigned = new Int32Array(this.arrays * 2);
      this.assigned.fill(-1, 0, this.arrays);
      for (const rule of this.rules) if (this.ruleHolds(rule.fields, rule.slots)) return true;
      return false;
    } finally {
      this.reset();
    }
  }

  private reset(): void {
    for (let s = 0; s < this.values.length; s++) {
      this.values[s]!.length = 0;
      this.members[s]!.length = 0;
    }
    this.memberships.length = 0;
    this.arrayPath.length = 0;
    this.arrays = 0;
    this.constrained.fill(0);
    this.outcome.fill(0);
  }

  /** Flattens the relevant part of the event: leaves per path, each with the array elements it sits in. */
  private collect(node: PathNode, value: unknown): void {
    if (typeof value !== 'object' || value === null) {
      if (node.slot >= 0) this.addValue(node.slot, value);
    } else if (Array.isArray(value)) {
      // A one-element array cannot put two values in different elements, so it needs no tracking.
      if (value.length === 1) return this.collect(node, value[0]);
      const top = this.arrayPath.length;
      this.arrayPath.push(this.arrays++, 0);
      for (let i = 0; i < value.length; i++) {
        this.arrayPath[top + 1] = i;
        this.collect(node, value[i]);
      }
      this.arrayPath.length = top;
    } else {
      const object = value as Record<string, unknown>;
      for (const edge of node.edges) {
        const child = object[edge.key];
        if (child === undefined || (edge.inherited && !Object.hasOwn(object, edge.key))) continue;
        this.collect(edge.node, child);
      }
    }
  }

  private addValue(slot: number, value: unknown): void {
    this.values[slot]!.push(value);
    const depth = this.arrayPath.length;
    if (depth === 0) {
      this.members[slot]!.push(-1);
      return;
    }
    this.members[slot]!.push(this.memberships.length);
    this.memberships.push(depth / 2);
    for (let i = 0; i < depth; i++) this.memberships.push(this.arrayPath[i]!);
    this.constrained[slot] = 1;
  }

  private ruleHolds(fields: readonly number[], slots: readonly number[]): boolean {
    let search = false;
    for (let k = 0; k < fields.length; k++) {
      if (this.constrained[slots[k]!]) search = true;
      else if (!this.fieldHolds(fields[k]!, slots[k]!)) return false;
    }
    return !search || this.consistentFrom(fields, slots, 0);
  }

  /** A field whose values are in no array: tested once per event and remembered for the other sub-rules. */
  private fieldHolds(field: number, slot: number): boolean {
    const known = this.outcome[field];
    if (known !== 0) return known === 1;
    const test = this.tests[field]!;
    const values = this.values[slot]!;
    let holds = values.length === 0 && test.absent;
    for (let i = 0; !holds && i < values.length; i++) holds = test.test(values[i]);
    this.outcome[field] = holds ? 1 : 2;
    return holds;
  }

  /**
   * Ruler's array consistency: the values chosen for the fields must not come from different elements of
   * one array. Fields are taken in path order; `exists: false` holds when no value at its path agrees
   * with the elements chosen so far (ruler checks absence at that point of its walk, too).
   */
  private consistentFrom(fields: readonly number[], slots: readonly number[], from: number): boolean {
    let k = from;
    while (k < fields.length && !this.constrained[slots[k]!]) k++;
    if (k === fields.length) return true;
    const test = this.tests[fields[k]!]!;
    const values = this.values[slots[k]!]!;
    const members = this.members[slots[k]!]!;
    if (test.absent && !members.some((m) => this.agrees(m)) && this.consistentFrom(fields, slots, k + 1)) {
      return true;
    }
    if (!test.testsValues) return false;
    for (let i = 0; i < values.length; i++) {
      if (!test.test(values[i])) continue;
      const mark = this.undo.length;
      const holds = this.choose(members[i]!) && this.consistentFrom(fields, slots, k + 1);
      this.rollback(mark);
      if (holds) return true;
    }
    return false;
  }

  private agrees(membership: number): boolean {
    if (membership < 0) return true;
    const end = membership + 1 + 2 * this.memberships[membership]!;
    for (let i = membership + 1; i < end; i += 2) {
      const chosen = this.assigned[this.memberships[i]!]!;
      if (chosen !== -1 && chosen !== this.memberships[i + 1]) return false;
    }
    return true;
  }

  private choose(membership: number): boolean {
    if (!this.agrees(membership)) return false;
    if (membership < 0) return true;
    const end = membership + 1 + 2 * this.memberships[membership]!;
    for (let i = membership + 1; i < end; i += 2) {
      const array = this.memberships[i]!;
      if (this.assigned[array] === -1) {
        this.assigned[array] = this.memberships[i + 1]!;
        this.undo.push(array);
      }
    }
    return true;
  }

  private rollback(mark: number): void {
    while (this.undo.length > mark) this.assigned[this.undo.pop()!] = -1;
  }
}
