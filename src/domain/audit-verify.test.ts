import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AuditChainVerifier,
  type AuditEntry,
  type AuditHead,
  type AuditRecord,
  type AuditVerification,
  chainRecord,
  GENESIS_HASH,
  verifyAuditChain,
} from './audit.js';

function entry(n: number): AuditEntry {
  return {
    at: 1_714_566_896_000 + n * 1000,
    principal: n % 2 === 0 ? 'alice' : 'ci-bot',
    account: '000000000000',
    sourceIp: '10.0.0.7',
    requestId: `req-${n}`,
    face: n % 3 === 0 ? 'native' : 'sagemaker',
    action: 'sagemaker:UpdateModelPackage',
    resource: `arn:aws:sagemaker:us-east-1:000000000000:model-package/fraud/${n}`,
    parameters: { ModelApprovalStatus: 'Approved', nested: { list: [n, `${n}`] } },
    outcome: 'allowed',
    after: { approvalStatus: 'Approved' },
  };
}

/** The entries chained as a trail numbered from `from`, the first one linked to `prevHash`. */
function chain(entries: AuditEntry[], from = 1, prevHash = GENESIS_HASH): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const [i, e] of entries.entries()) {
    records.push(chainRecord(e, from + i, records.at(-1)?.hash ?? prevHash));
  }
  return records;
}

const trail = (count: number) => chain(Array.from({ length: count }, (_, i) => entry(i + 1)));

/** The verdict of the streaming verifier, pushing until the first failure. */
function streamed(records: AuditRecord[], head?: AuditHead): AuditVerification {
  const verifier = new AuditChainVerifier(head);
  for (const record of records) {
    const failure = verifier.push(record);
    if (failure !== undefined) {
      assert.deepEqual(verifier.push(records[0]!), failure, 'a failure stays');
      assert.deepEqual(verifier.finish(), failure);
      return failure;
    }
  }
  return verifier.finish();
}

/** Both verifiers, which must agree. */
function verify(records: AuditRecord[], head?: AuditHead): AuditVerification {
  const result = verifyAuditChain(records, head);
  assert.deepEqual(streamed(records, head), result, 'the streaming verifier agrees');
  return result;
}

const T = trail(20);
const headOf = (records: AuditRecord[]): AuditHead => ({
  seq: records.at(-1)!.seq,
  hash: records.at(-1)!.hash,
});
const HEAD = headOf(T);
/** A copy of T with `remove` records from index `at` replaced by `replacement`. */
const splice = (at: number, remove: number, ...replacement: AuditRecord[]) => {
  const copy = [...T];
  copy.splice(at, remove, ...replacement);
  return copy;
};
const r = (seq: number) => T[seq - 1]!;

describe('verifyAuditChain', () => {
  it('accepts an intact trail and reports its head', () => {
    assert.deepEqual(verify(T), { ok: true, count: 20, head: HEAD });
    assert.deepEqual(verify(T, HEAD), { ok: true, count: 20, head: HEAD });
    assert.deepEqual(verify(T, { seq: 5, hash: r(5).hash }), { ok: true, count: 20, head: HEAD });
  });

  it('accepts an empty trail, and one read back from JSON', () => {
    assert.deepEqual(verify([]), { ok: true, count: 0 });
    assert.deepEqual(verify(JSON.parse(JSON.stringify(T))), { ok: true, count: 20, head: HEAD });
  });

  const tampered: [string, AuditRecord[], AuditHead | undefined, number, string][] = [
    [
      'an edited member',
      splice(6, 1, { ...r(7), principal: 'mallory' }),
      undefined,
      7,
      'record 7: hash does not match its contents (edited?)',
    ],
    [
      'an edited nested parameter',
      splice(6, 1, { ...r(7), parameters: { ModelApprovalStatus: 'Approved', nested: { list: [7, '8'] } } }),
      undefined,
      7,
      'record 7: hash does not match its contents (edited?)',
    ],
    [
      'an edited approval status',
      splice(6, 1, { ...r(7), after: { approvalStatus: 'Rejected' } }),
      undefined,
      7,
      'record 7: hash does not match its contents (edited?)',
    ],
    [
      'an edited hash',
      splice(6, 1, { ...r(7), hash: 'e'.repeat(64) }),
      undefined,
      7,
      'record 7: hash does not match its contents (edited?)',
    ],
    [
      'an edited seq',
      splice(6, 1, { ...r(7), seq: 9 }),
      undefined,
      9,
      'record 9 (stored where record 7 belongs): hash does not match its contents (edited?)',
    ],
    [
      'an edited record with its hash recomputed',
      splice(6, 1, chainRecord({ ...r(7), principal: 'mallory' }, 7, r(7).prevHash)),
      undefined,
      8,
      'record 8: prevHash does not match record 7 (deleted, inserted or reordered?)',
    ],
    ['a deleted record', splice(6, 1), undefined, 7, 'record 8 follows record 6: record 7 is missing'],
    [
      'two deleted records',
      splice(6, 2),
      undefined,
      7,
      'record 9 follows record 6: records 7 to 8 are missing',
    ],
    ['a deleted first record', splice(0, 1), undefined, 1, 'record 2 comes first: record 1 is missing'],
    [
      'a deleted last record, against the head',
      splice(19, 1),
      HEAD,
      20,
      'record 20 is missing: the trail ends at record 19, the anchor is record 20',
    ],
    [
      'the last three records deleted, against the head',
      splice(17, 3),
      HEAD,
      18,
      'records 18 to 20 are missing: the trail ends at record 17, the anchor is record 20',
    ],
    [
      'every record deleted, against the head',
      [],
      HEAD,
      1,
      'records 1 to 20 are missing: the trail is empty, the anchor is record 20',
    ],
    [
      'a deleted record, the rest renumbered',
      [...T.slice(0, 6), ...T.slice(7).map((x) => ({ ...x, seq: x.seq - 1 }))],
      undefined,
      7,
      'record 7: hash does not match its contents (edited?)',
    ],
    [
      'an inserted record chained to its predecessor',
      splice(6, 0, chainRecord(entry(99), 7, r(6).hash)),
      undefined,
      7,
      'record 7 appears twice',
    ],
    [
      'an inserted record, the rest renumbered',
      [
        ...T.slice(0, 6),
        chainRecord(entry(99), 7, r(6).hash),
        ...T.slice(6).map((x) => ({ ...x, seq: x.seq + 1 })),
      ],
      undefined,
      8,
      'record 8: hash does not match its contents (edited?)',
    ],
    [
      'an inserted record with its own seq and a made-up prevHash',
      splice(6, 0, chainRecord(entry(99), 7, 'f'.repeat(64))),
      undefined,
      7,
      'record 7: prevHash does not match record 6 (deleted, inserted or reordered?)',
    ],
    [
      'a record inserted before the first',
      [chainRecord(entry(99), 1, 'f'.repeat(64)), ...T.slice(1)],
      undefined,
      1,
      'record 1: prevHash is not the genesis hash (records inserted before it?)',
    ],
    [
      'two records swapped in stored order',
      splice(6, 2, r(8), r(7)),
      undefined,
      7,
      'record 8 follows record 6: record 7 is missing',
    ],
    [
      'two records swapped, each keeping its place number',
      splice(6, 2, { ...r(8), seq: 7 }, { ...r(7), seq: 8 }),
      undefined,
      7,
      'record 7: hash does not match its contents (edited?)',
    ],
    [
      'two records swapped and rechained',
      splice(6, 2, ...chain([r(8), r(7)], 7, r(6).hash)),
      undefined,
      9,
      'record 9: prevHash does not match record 8 (deleted, inserted or reordered?)',
    ],
    ['a record repeated at once', splice(7, 0, r(7)), undefined, 7, 'record 7 appears twice'],
    [
      'a record repeated later',
      splice(10, 0, r(3)),
      undefined,
      3,
      'record 3 appears twice, the second time after record 10',
    ],
    [
      'the trail rewritten from record 7 on, against the head',
      [...T.slice(0, 6), ...chain([{ ...r(7), principal: 'mallory' }, ...T.slice(7)], 7, r(6).hash)],
      HEAD,
      20,
      'record 20: hash does not match the anchor (the trail up to here was rewritten)',
    ],
    [
      'a seq that is not a number',
      splice(6, 1, { ...r(7), seq: '7' as unknown as number }),
      undefined,
      7,
      'the record after record 6: seq "7" is not a whole number from 1',
    ],
    [
      'a first record without seq',
      splice(0, 1, { ...r(1), seq: undefined as unknown as number }),
      undefined,
      1,
      'the first record: seq undefined is not a whole number from 1',
    ],
    [
      'a record that cannot be hashed',
      splice(6, 1, { ...r(7), parameters: { x: Number.NaN } }),
      undefined,
      7,
      'record 7: cannot be hashed: $.parameters.x: NaN has no JSON form',
    ],
  ];
  for (const [name, records, head, seq, reason] of tampered) {
    it(`names the first bad record for ${name}`, () => {
      assert.deepEqual(verify(records, head), { ok: false, seq, reason });
    });
  }

  it('cannot see, without an anchor, a cut-off end or a suffix rewritten with every hash recomputed', () => {
    assert.deepEqual(verify(T.slice(0, 19)), { ok: true, count: 19, head: headOf(T.slice(0, 19)) });
    const rewritten = [
      ...T.slice(0, 6),
      ...chain([{ ...r(7), principal: 'mallory' }, ...T.slice(7)], 7, r(6).hash),
    ];
    assert.equal(verify(rewritten).ok, true);
    // An anchor taken before the rewrite, at or after the edited record, catches it where it lies.
    assert.deepEqual(verify(rewritten, { seq: 9, hash: r(9).hash }), {
      ok: false,
      seq: 9,
      reason: 'record 9: hash does not match the anchor (the trail up to here was rewritten)',
    });
  });

  it('stops reading at the first failure', () => {
    let read = 0;
    function* records() {
      for (const record of splice(6, 1, { ...r(7), principal: 'mallory' })) {
        read += 1;
        yield record;
      }
    }
    assert.equal(verifyAuditChain(records()).ok, false);
    assert.equal(read, 7);
  });

  it('refuses an anchor that does not name a record', () => {
    assert.throws(
      () => new AuditChainVerifier({ seq: 0, hash: GENESIS_HASH }),
      /anchor seq must be a whole number from 1, got 0/,
    );
  });
});

describe('a trail of 10,000 records', () => {
  const big = trail(10_000);

  it('verifies, streamed or not, with the same answer', () => {
    assert.deepEqual(verify(big), { ok: true, count: 10_000, head: headOf(big) });
    assert.deepEqual(verify(big, headOf(big)), { ok: true, count: 10_000, head: headOf(big) });
  });

  it('names an edit near its end', () => {
    const edited = [...big];
    edited[9_998] = { ...big[9_998]!, at: big[9_998]!.at + 1 };
    assert.deepEqual(verify(edited), {
      ok: false,
      seq: 9_999,
      reason: 'record 9999: hash does not match its contents (edited?)',
    });
  });
});
