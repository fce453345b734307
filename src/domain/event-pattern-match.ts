import type { FieldTest } from './event-pattern-field.js';
import { EventLeaves } from './event-pattern-leaves.js';
import type { SubRule } from './event-pattern-rules.js';

/**
 * Matches events against compiled sub-rules (any one holding is a match). Leaves are collected once per
 * event; a field whose leaves are in no array is tested once and its outcome shared by every sub-rule
 * using it, and only fields with leaves inside arrays of objects go through the array-consistency search.
 *
 * All working state is reused across calls, which is safe because `matches` is synchronous and never
 * re-entered.
 */
export class EventMatcher {
  private readonly tests: FieldTest[] = [];
  /** Per sub-rule, parallel lists of field indexes and path slots, in path order. */
  private readonly rules: Array<{ readonly fields: number[]; readonly slots: number[] }> = [];
  private readonly leaves: EventLeaves;
  /** Per field: 0 not yet tested for this event, 1 holds, 2 fails. */
  private readonly outcome: Uint8Array;
  /** Per array of the event: the element chosen so far in the consistency search, or -1. */
  private chosen = new Int32Array(16);
  private readonly undo: number[] = [];

  constructor(subRules: readonly SubRule[]) {
    const fieldIndex = new Map<FieldTest, number>();
    const slotIndex = new Map<string, number>();
    for (const subRule of subRules) {
      const fields: number[] = [];
      const slots: number[] = [];
      for (const [path, test] of subRule) {
        if (!fieldIndex.has(test)) fieldIndex.set(test, this.tests.push(test) - 1);
        if (!slotIndex.has(path)) slotIndex.set(path, slotIndex.size);
        fields.push(fieldIndex.get(test)!);
        slots.push(slotIndex.get(path)!);
      }
      this.rules.push({ fields, slots });
    }
    this.leaves = new EventLeaves([...slotIndex.keys()]);
    this.outcome = new Uint8Array(this.tests.length);
  }

  matches(event: unknown): boolean {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
    try {
      this.leaves.collect(event);
      const arrays = this.leaves.arrays;
      if (arrays > this.chosen.length) this.chosen = new Int32Array(arrays * 2);
      for (let array = 0; array < arrays; array++) this.chosen[array] = -1;
      for (let r = 0; r < this.rules.length; r++) {
        const rule = this.rules[r]!;
        if (this.ruleHolds(rule.fields, rule.slots)) return true;
      }
      return false;
    } finally {
      this.leaves.clear();
      for (let field = 0; field < this.outcome.length; field++) this.outcome[field] = 0;
    }
  }

  private ruleHolds(fields: readonly number[], slots: readonly number[]): boolean {
    let search = false;
    for (let k = 0; k < fields.length; k++) {
      if (this.leaves.inArray[slots[k]!]) search = true;
      else if (!this.fieldHolds(fields[k]!, slots[k]!)) return false;
    }
    return !search || this.consistentFrom(fields, slots, 0);
  }

  /** A field whose leaves are in no array: any leaf passing (or none, for exists:false) is enough. */
  private fieldHolds(field: number, slot: number): boolean {
    const known = this.outcome[field];
    if (known !== 0) return known === 1;
    const test = this.tests[field]!;
    const { first, next, values } = this.leaves;
    let holds = first[slot] === -1 && test.absent;
    for (let leaf = first[slot]!; !holds && leaf >= 0; leaf = next[leaf]!) holds = test.test(values[leaf]);
    this.outcome[field] = holds ? 1 : 2;
    return holds;
  }

  /**
   * Ruler's array consistency: the leaves chosen for the fields must not come from different elements of
   * one array. Fields are taken in path order; `exists: false` holds when no leaf of its path agrees with
   * the elements chosen so far (ruler checks absence at that point of its walk, too).
   */
  private consistentFrom(fields: readonly number[], slots: readonly number[], from: number): boolean {
    const { first, next, values, membership, inArray } = this.leaves;
    let k = from;
    while (k < fields.length && !inArray[slots[k]!]) k++;
    if (k === fields.length) return true;
    const test = this.tests[fields[k]!]!;
    const slot = slots[k]!;
    if (test.absent && !this.anyAgrees(slot) && this.consistentFrom(fields, slots, k + 1)) return true;
    if (!test.testsValues) return false;
    for (let leaf = first[slot]!; leaf >= 0; leaf = next[leaf]!) {
      if (!test.test(values[leaf])) continue;
      const mark = this.undo.length;
      const holds = this.choose(membership[leaf]!) && this.consistentFrom(fields, slots, k + 1);
      this.rollback(mark);
      if (holds) return true;
    }
    return false;
  }

  private anyAgrees(slot: number): boolean {
    const { first, next, membership } = this.leaves;
    for (let leaf = first[slot]!; leaf >= 0; leaf = next[leaf]!)
      if (this.agrees(membership[leaf]!)) return true;
    return false;
  }

  private agrees(at: number): boolean {
    if (at < 0) return true;
    const memberships = this.leaves.memberships;
    const end = at + 1 + 2 * memberships[at]!;
    for (let i = at + 1; i < end; i += 2) {
      const element = this.chosen[memberships[i]!]!;
      if (element !== -1 && element !== memberships[i + 1]) return false;
    }
    return true;
  }

  private choose(at: number): boolean {
    if (!this.agrees(at)) return false;
    if (at < 0) return true;
    const memberships = this.leaves.memberships;
    const end = at + 1 + 2 * memberships[at]!;
    for (let i = at + 1; i < end; i += 2) {
      const array = memberships[i]!;
      if (this.chosen[array] === -1) {
        this.chosen[array] = memberships[i + 1]!;
        this.undo.push(array);
      }
    }
    return true;
  }

  private rollback(mark: number): void {
    while (this.undo.length > mark) this.chosen[this.undo.pop()!] = -1;
  }
}
