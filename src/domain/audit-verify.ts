import { type AuditRecord, auditHash, GENESIS_HASH } from './audit-record.js';

/** A record of the trail by number and hash: the last one verified, or a checkpoint kept elsewhere. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/** `seq` is the first bad record as stored, or the first missing one when records are missing. */
export interface AuditFailure {
  readonly ok: false;
  readonly seq: number;
  readonly reason: string;
}

export type AuditVerification =
  | { readonly ok: true; readonly count: number; readonly head?: AuditHead }
  | AuditFailure;

/**
 * Checks a trail record by record, in stored order, and stops at the first bad one. Each record must hash
 * to its stored hash (else it was edited), carry the next number (else records were deleted, repeated or
 * moved) and name its predecessor's hash as prevHash (else one was inserted, removed or swapped, or a
 * record was edited and rehashed: the next record still names the old hash).
 *
 * The chain cannot tell on its own whether its end was cut off or whether everything from some record
 * onward was rewritten with every hash recomputed: such a trail is internally consistent. Both are caught
 * only against an anchor, a head (seq and hash) taken earlier and kept outside the trail's store; the
 * trail must still hold that record unchanged, and may have grown past it.
 */
export class AuditChainVerifier {
  readonly #anchor: AuditHead | undefined;
  #last: AuditHead | undefined;
  #count = 0;
  #failure: AuditFailure | undefined;

  constructor(anchor?: AuditHead) {
    if (anchor !== undefined && (!Number.isSafeInteger(anchor.seq) || anchor.seq < 1)) {
      throw new RangeError(`audit anchor seq must be a whole number from 1, got ${anchor.seq}`);
    }
    this.#anchor = anchor;
  }

  /** The failure this record (or an earlier one) caused, or undefined while the trail is intact. */
  push(record: AuditRecord): AuditFailure | undefined {
    if (this.#failure !== undefined) return this.#failure;
    this.#failure = this.#check(record);
    if (this.#failure === undefined) {
      this.#count += 1;
      this.#last = { seq: record.seq, hash: record.hash };
    }
    return this.#failure;
  }

  /** The verdict on everything pushed; with an anchor, a trail that ends before it fails here. */
  finish(): AuditVerification {
    if (this.#failure !== undefined) return this.#failure;
    const lastSeq = this.#last?.seq ?? 0;
    if (this.#anchor !== undefined && lastSeq < this.#anchor.seq) {
      const end = lastSeq === 0 ? 'the trail is empty' : `the trail ends at record ${lastSeq}`;
      return fail(
        lastSeq + 1,
        `${missing(lastSeq + 1, this.#anchor.seq)}: ${end}, the anchor is record ${this.#anchor.seq}`,
      );
    }
    return this.#last === undefined
      ? { ok: true, count: 0 }
      : { ok: true, count: this.#count, head: this.#last };
  }

  #check(record: AuditRecord): AuditFailure | undefined {
    const prevSeq = this.#last?.seq ?? 0;
    const expected = prevSeq + 1;
    const { seq } = record;
    if (!Number.isSafeInteger(seq) || seq < 1) {
      const which = prevSeq === 0 ? 'the first record' : `the record after record ${prevSeq}`;
      return fail(expected, `${which}: seq ${JSON.stringify(seq)} is not a whole number from 1`);
    }

    let hash: string;
    try {
      hash = auditHash(record, seq, record.prevHash);
    } catch (err) {
      return fail(seq, `record ${seq}: cannot be hashed: ${(err as Error).message}`);
    }
    if (hash !== record.hash) {
      const where = seq === expected ? '' : ` (stored where record ${expected} belongs)`;
      return fail(seq, `record ${seq}${where}: hash does not match its contents (edited?)`);
    }

    if (seq < expected) {
      const again = seq === prevSeq ? '' : `, the second time after record ${prevSeq}`;
      return fail(seq, `record ${seq} appears twice${again}`);
    }
    if (seq > expected) {
      const position = prevSeq === 0 ? 'comes first' : `follows record ${prevSeq}`;
      return fail(expected, `record ${seq} ${position}: ${missing(expected, seq - 1)}`);
    }

    if (record.prevHash !== (this.#last?.hash ?? GENESIS_HASH)) {
      return fail(
        seq,
        seq === 1
          ? 'record 1: prevHash is not the genesis hash (records inserted before it?)'
          : `record ${seq}: prevHash does not match record ${prevSeq} (deleted, inserted or reordered?)`,
      );
    }
    if (this.#anchor?.seq === seq && this.#anchor.hash !== record.hash) {
      return fail(seq, `record ${seq}: hash does not match the anchor (the trail up to here was rewritten)`);
    }
    return undefined;
  }
}

/** Verifies a whole trail as AuditChainVerifier does, and stops reading at the first failure. */
export function verifyAuditChain(records: Iterable<AuditRecord>, head?: AuditHead): AuditVerification {
  const verifier = new AuditChainVerifier(head);
  for (const record of records) {
    const failure = verifier.push(record);
    if (failure !== undefined) return failure;
  }
  return verifier.finish();
}

function fail(seq: number, reason: string): AuditFailure {
  return { ok: false, seq, reason };
}

function missing(from: number, to: number): string {
  return from === to ? `record ${from} is missing` : `records ${from} to ${to} are missing`;
}
