import type { RegistryEvent } from '../../domain/events.js';
import type { Cursor } from '../../domain/paging.js';
import type {
  AttemptOutcome,
  AttemptRecord,
  ClaimedDelivery,
  Delivery,
  DeliveryQuery,
  DeliveryStatus,
  NewDelivery,
} from '../../ports/event-store.js';
import type { TargetSpec } from '../../ports/event-target.js';
import { keyset, pageOf } from './keyset.js';
import type { SqlConnection, SqlValue } from './sql-connection.js';

type Num = number | string;
type NullableNum = Num | null;

interface DeliveryRow {
  id: Num;
  event_id: string;
  seq: Num;
  event_row: Num;
  target: string;
  target_id: Num;
  status: DeliveryStatus;
  attempts: Num;
  created_at: Num;
  next_attempt_at: Num;
  expires_at: Num;
  delivered_at: NullableNum;
  dead_at: NullableNum;
  last_status_code: NullableNum;
  last_error: string | null;
  replay_of: NullableNum;
}

const DELIVERY_FROM = `SELECT d.id, e.event_id, e.seq, d.event_row, t.name AS target, d.target_id, d.status, d.attempts,
  d.created_at, d.next_attempt_at, d.expires_at, d.delivered_at, d.dead_at, d.last_status_code, d.last_error, d.replay_of
  FROM event_deliveries d JOIN events e ON e.id = d.event_row JOIN event_targets t ON t.id = d.target_id`;

function toDelivery(r: DeliveryRow): Delivery {
  const opt = (v: NullableNum) => (v === null ? undefined : Number(v));
  const out: Record<string, unknown> = {
    id: Number(r.id),
    eventId: r.event_id,
    seq: Number(r.seq),
    eventRow: Number(r.event_row),
    target: r.target,
    targetId: Number(r.target_id),
    status: r.status,
    attempts: Number(r.attempts),
    createdAt: Number(r.created_at),
    ...(r.status === 'pending' && { nextAttemptAt: Number(r.next_attempt_at) }),
    expiresAt: Number(r.expires_at),
    deliveredAt: opt(r.delivered_at),
    deadAt: opt(r.dead_at),
    lastStatusCode: opt(r.last_status_code),
    lastError: r.last_error ?? undefined,
    replayOf: opt(r.replay_of),
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as Delivery;
}

/** A pending delivery that no earlier pending delivery of the same target and order key holds back. */
const FIRST_IN_LINE = `NOT EXISTS (SELECT 1 FROM event_deliveries p
  WHERE p.target_id = d.target_id AND p.order_key = d.order_key AND p.status = 'pending' AND p.id < d.id)`;

/** Deliveries: the per-target queues, their leases, and the attempt log. */
export class DeliveryStatements {
  constructor(private readonly conn: SqlConnection) {}

  async insertDelivery(n: NewDelivery): Promise<number> {
    const row = await this.conn.get<{ id: Num }>(
      `INSERT INTO event_deliveries (event_row, target_id, account, order_key, status, created_at, next_attempt_at, expires_at, replay_of)
       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?) RETURNING id`,
      [
        n.eventRow,
        n.targetId,
        n.account,
        n.orderKey,
        n.createdAt,
        n.createdAt,
        n.expiresAt,
        n.replayOf ?? null,
      ],
    );
    return Number(row!.id);
  }

  /** The due, unleased heads of the queues, soonest first: `?` placeholders are `now`, `now`, `limit`. */
  private dueHeads(lock: string): string {
    if (this.conn.dialect === 'sqlite') {
      return `SELECT d.id FROM event_deliveries d WHERE d.status = 'pending' AND d.next_attempt_at <= ?
       AND (d.lease_until IS NULL OR d.lease_until < ?) AND ${FIRST_IN_LINE}
       ORDER BY d.next_attempt_at, d.id LIMIT ? ${lock}`;
    }
    // PostgreSQL: a skip scan over the queue index visits each (target, group) queue once and reads its
    // first delivery, instead of testing every pending row for an earlier one (a backlog made claims slow).
    return `WITH RECURSIVE queues AS (
        (SELECT target_id, order_key FROM event_deliveries WHERE status = 'pending'
         ORDER BY target_id, order_key LIMIT 1)
        UNION ALL
        SELECT n.target_id, n.order_key FROM queues q CROSS JOIN LATERAL (
          SELECT e.target_id, e.order_key FROM event_deliveries e
          WHERE e.status = 'pending' AND (e.target_id, e.order_key) > (q.target_id, q.order_key)
          ORDER BY e.target_id, e.order_key LIMIT 1) n
      ),
      heads AS (
        SELECT h.id FROM queues q CROSS JOIN LATERAL (
          SELECT e.id FROM event_deliveries e
          WHERE e.status = 'pending' AND e.target_id = q.target_id AND e.order_key = q.order_key
          ORDER BY e.id LIMIT 1) h
      )
      SELECT d.id FROM event_deliveries d WHERE d.id IN (SELECT id FROM heads) AND d.status = 'pending'
        AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?)
      ORDER BY d.next_attempt_at, d.id LIMIT ? ${lock}`;
  }

  async hasDue(now: number): Promise<boolean> {
    return (await this.conn.get(this.dueHeads(''), [now, now, 1])) !== undefined;
  }

  async claimDeliveries(owner: string, now: number, limit: number): Promise<ClaimedDelivery[]> {
    // On PostgreSQL, rows another node is claiming right now are skipped rather than waited for.
    const lock = this.conn.dialect === 'postgres' ? 'FOR UPDATE OF d SKIP LOCKED' : '';
    const due = await this.conn.all<{ id: Num }>(this.dueHeads(lock), [now, now, limit]);
    if (due.length === 0) return [];
    const ids = due.map((r) => Number(r.id));
    const list = ids.map(() => '?').join(', ');
    await this.conn.run(
      `UPDATE event_deliveries SET lease_owner = ?,
         lease_until = ? + (SELECT t.lease_ms FROM event_targets t WHERE t.id = event_deliveries.target_id)
       WHERE id IN (${list})`,
      [owner, now, ...ids],
    );
    const rows = await this.conn.all<{
      id: Num;
      attempts: Num;
      expires_at: Num;
      name: string;
      spec: string;
      body: string;
    }>(
      `SELECT d.id, d.attempts, d.expires_at, t.name, t.spec, e.body FROM event_deliveries d
       JOIN event_targets t ON t.id = d.target_id JOIN events e ON e.id = d.event_row
       WHERE d.id IN (${list}) ORDER BY d.id`,
      ids,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      attempts: Number(r.attempts),
      expiresAt: Number(r.expires_at),
      owner,
      targetName: r.name,
      spec: JSON.parse(r.spec) as TargetSpec,
      body: r.body,
      event: JSON.parse(r.body) as RegistryEvent,
    }));
  }

  async finishAttempt(id: number, owner: string, a: AttemptRecord, o: AttemptOutcome): Promise<boolean> {
    await this.conn.run(
      `INSERT INTO delivery_attempts (delivery_id, at, ok, status_code, latency_ms, excerpt)
       SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM event_deliveries WHERE id = ?)`,
      [id, a.at, a.ok ? 1 : 0, a.statusCode ?? null, Math.round(a.latencyMs), a.excerpt ?? null, id],
    );
    const changed = await this.conn.run(
      `UPDATE event_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?,
         lease_owner = NULL, lease_until = NULL, delivered_at = ?, dead_at = ?, last_status_code = ?, last_error = ?
       WHERE id = ? AND lease_owner = ? AND status = 'pending'`,
      [
        o.status,
        o.status === 'pending' ? o.nextAttemptAt : a.at,
        o.status === 'delivered' ? a.at : null,
        o.status === 'dead' ? a.at : null,
        a.statusCode ?? null,
        a.ok ? null : (a.excerpt ?? null),
        id,
        owner,
      ],
    );
    return changed > 0;
  }

  async queueStats(): Promise<{ unpublished: number; pending: number; dead: number }> {
    const row = await this.conn.get<{ unpublished: Num; pending: Num; dead: Num }>(
      `SELECT (SELECT COUNT(*) FROM events WHERE seq IS NULL) AS unpublished,
         (SELECT COUNT(*) FROM event_deliveries WHERE status = 'pending') AS pending,
         (SELECT COUNT(*) FROM event_deliveries d WHERE d.status = 'dead'
            AND NOT EXISTS (SELECT 1 FROM event_deliveries r WHERE r.replay_of = d.id)) AS dead`,
    );
    return {
      unpublished: Number(row?.unpublished ?? 0),
      pending: Number(row?.pending ?? 0),
      dead: Number(row?.dead ?? 0),
    };
  }

  async listDeliveries(q: DeliveryQuery): Promise<{ items: Delivery[]; next?: Cursor }> {
    const page = keyset(['d.id'], true, q.after);
    const where = ['d.account = ?'];
    const params: SqlValue[] = [q.account];
    if (q.status !== undefined) {
      where.push('d.status = ?');
      params.push(q.status);
    }
    if (q.targetId !== undefined) {
      where.push('d.target_id = ?');
      params.push(q.targetId);
    }
    if (q.eventRow !== undefined) {
      where.push('d.event_row = ?');
      params.push(q.eventRow);
    }
    if (page.where) where.push(page.where);
    const rows = await this.conn.all<DeliveryRow>(
      `${DELIVERY_FROM} WHERE ${where.join(' AND ')} ORDER BY ${page.orderBy} LIMIT ?`,
      [...params, ...page.params, q.limit + 1],
    );
    return pageOf(rows, q.limit, toDelivery, (r) => [Number(r.id)]);
  }

  async findDelivery(account: string, id: number): Promise<Delivery | undefined> {
    const row = await this.conn.get<DeliveryRow>(`${DELIVERY_FROM} WHERE d.id = ? AND d.account = ?`, [
      id,
      account,
    ]);
    return row && toDelivery(row);
  }

  async listAttempts(deliveryId: number): Promise<AttemptRecord[]> {
    const rows = await this.conn.all<{
      at: Num;
      ok: Num;
      status_code: NullableNum;
      latency_ms: Num;
      excerpt: string | null;
    }>(
      'SELECT at, ok, status_code, latency_ms, excerpt FROM delivery_attempts WHERE delivery_id = ? ORDER BY id',
      [deliveryId],
    );
    return rows.map((r) => ({
      at: Number(r.at),
      ok: Number(r.ok) === 1,
      ...(r.status_code !== null && { statusCode: Number(r.status_code) }),
      latencyMs: Number(r.latency_ms),
      ...(r.excerpt !== null && { excerpt: r.excerpt }),
    }));
  }

  async deadDeliveries(
    account: string,
    targetId: number | undefined,
    afterId: number,
    limit: number,
  ): Promise<Delivery[]> {
    const rows = await this.conn.all<DeliveryRow>(
      `${DELIVERY_FROM} WHERE d.account = ? AND d.status = 'dead' AND d.id > ?
       AND NOT EXISTS (SELECT 1 FROM event_deliveries r WHERE r.replay_of = d.id)${targetId === undefined ? '' : ' AND d.target_id = ?'}
       ORDER BY d.id LIMIT ?`,
      targetId === undefined ? [account, afterId, limit] : [account, afterId, targetId, limit],
    );
    return rows.map(toDelivery);
  }
}
