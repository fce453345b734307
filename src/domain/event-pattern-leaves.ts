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
  /** The index of the pattern path ending here, or -1 when this name only leads to longer paths. */
  slot: number;
  readonly edges: Edge[];
}

/**
 * The leaf values of one event at the paths a pattern names, as ruler flattens events: objects are
 * descended, arrays flattened (their elements land on the same path), empty arrays and objects give
 * nothing. Each leaf remembers the array elements it sits in, for the array-consistency check.
 *
 * Only the parts of the event that lead to a pattern path are walked. Buffers are reused from one event
 * to the next, so collecting allocates nothing once they have grown to size.
 */
export class EventLeaves {
  private readonly root: PathNode = { slot: -1, edges: [] };
  /** Per path: its first leaf, or -1. Leaves of one path are chained through `next`. */
  readonly first: Int32Array;
  /** Per path: 1 when one of its leaves sits in an array of two or more elements. */
  readonly inArray: Uint8Array;
  readonly values: unknown[] = [];
  next: Int32Array<ArrayBuffer> = new Int32Array(64);
  /** Per leaf: -1 (in no array) or an offset into `memberships`: [count, arrayId, index, arrayId, index…]. */
  membership: Int32Array<ArrayBuffer> = new Int32Array(64);
  memberships: Int32Array<ArrayBuffer> = new Int32Array(256);
  private count = 0;
  private membershipsUsed = 0;
  /** The (arrayId, index) pairs of the array elements the walk is inside. */
  private arrayPath: Int32Array<ArrayBuffer> = new Int32Array(32);
  private depth = 0;
  /** Arrays numbered so far in this event; ids run from 0. */
  arrays = 0;

  constructor(paths: readonly string[]) {
    const nodes = new Map<string, PathNode>();
    paths.forEach((path, slot) => {
      this.node(path, nodes).slot = slot;
    });
    this.first = new Int32Array(paths.length).fill(-1);
    this.inArray = new Uint8Array(paths.length);
  }

  /** The node of `path`, creating the edges of every way to spell it with keys that contain dots. */
  private node(path: string, nodes: Map<string, PathNode>): PathNode {
    const segments = path.split('.');
    const nodeAt = (end: number): PathNode => {
      if (end === 0) return this.root;
      const name = segments.slice(0, end).join('.');
      const node = nodes.get(name) ?? { slot: -1, edges: [] };
      nodes.set(name, node);
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
    return nodeAt(segments.length);
  }

  collect(event: object): void {
    this.walk(this.root, event);
  }

  /** Forgets the event (and lets go of its values). */
  clear(): void {
    // Plain loops: these arrays are short, and fill() costs more than the few stores it saves.
    for (let leaf = 0; leaf < this.count; leaf++) this.values[leaf] = undefined;
    for (let slot = 0; slot < this.first.length; slot++) {
      this.first[slot] = -1;
      this.inArray[slot] = 0;
    }
    this.count = 0;
    this.membershipsUsed = 0;
    this.depth = 0;
    this.arrays = 0;
  }

  private walk(node: PathNode, value: unknown): void {
    if (typeof value !== 'object' || value === null) {
      if (node.slot >= 0) this.add(node.slot, value);
    } else if (Array.isArray(value)) {
      // A one-element array cannot put two values in different elements, so it needs no tracking.
      if (value.length === 1) {
        this.walk(node, value[0]);
      } else if (value.length > 1) {
        this.enterArray();
        for (let i = 0; i < value.length; i++) {
          this.arrayPath[this.depth - 1] = i;
          this.walk(node, value[i]);
        }
        this.depth -= 2;
      }
    } else {
      const object = value as Record<string, unknown>;
      const edges = node.edges;
      for (let i = 0; i < edges.length; i++) {
        const edge = edges[i]!;
        const child = object[edge.key];
        if (child === undefined || (edge.inherited && !Object.hasOwn(object, edge.key))) continue;
        this.walk(edge.node, child);
      }
    }
  }

  private enterArray(): void {
    if (this.depth + 2 > this.arrayPath.length) this.arrayPath = grow(this.arrayPath, this.depth + 2);
    this.arrayPath[this.depth] = this.arrays++;
    this.depth += 2;
  }

  private add(slot: number, value: unknown): void {
    const leaf = this.count++;
    if (leaf >= this.next.length) {
      this.next = grow(this.next, leaf + 1);
      this.membership = grow(this.membership, leaf + 1);
    }
    this.values[leaf] = value;
    this.next[leaf] = this.first[slot]!;
    this.first[slot] = leaf;
    if (this.depth === 0) {
      this.membership[leaf] = -1;
      return;
    }
    const at = this.membershipsUsed;
    this.membershipsUsed += 1 + this.depth;
    if (this.membershipsUsed > this.memberships.length)
      this.memberships = grow(this.memberships, this.membershipsUsed);
    this.memberships[at] = this.depth / 2;
    for (let i = 0; i < this.depth; i++) this.memberships[at + 1 + i] = this.arrayPath[i]!;
    this.membership[leaf] = at;
    this.inArray[slot] = 1;
  }
}

function grow(array: Int32Array, atLeast: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(atLeast, array.length * 2));
  bigger.set(array);
  return bigger;
}
