import type { OutboxEvent, RegistryEvent } from '../../domain/events.js';
import type { Cursor } from '../../domain/paging.js';
import type { EventQuery, PublishedEvent, UnpublishedEvent } from '../../ports/event-store.js';
import { keyset, pageOf } from './keyset.js';
import type { SqlConnection, SqlValue } from './sql-connection.js';

interface EventRow {
  id: number | string;
  seq: number | string;
  account: string;
  order_key: string;
  time: number | string;
  body: string;
}

const COLUMNS = 'id, seq, account, order_key, time, body';

export function toPublished(row: EventRow): PublishedEvent {
  return {
    row: Number(row.id),
    seq: Number(row.seq),
    account: row.account,
    orderKey: row.order_key,
    time: Number(row.time),
    body: row.body,
    event: JSON.parse(row.body) as RegistryEvent,
  };
}

/** The outbox and the published event log. */
export class EventStatements {
  constructor(private readonly conn: SqlConnection) {}

  async appendEvent(e: OutboxEvent, at: number): Promise<void> {
    await this.conn.run(
      `INSERT INTO events (event_id, account, order_key, group_key, detail_type, time, body)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        e.event.id,
        e.event.account,
        e.orderKey,
        e.groupName?.toLowerCase() ?? null,
        e.event['detail-type'],
        at,
        JSON.stringify(e.event),
      ],
    );
  }

  async tryLockRelay(): Promise<boolean> {
    // SQLite has one writer at a time already; PostgreSQL nodes take turns on a transaction-scoped lock.
    if (this.conn.dialect === 'sqlite') return true;
    const row = await this.conn.get<{ locked: boolean }>(
      'SELECT pg_try_advisory_xact_lock(7346202) AS locked',
    );
    return row?.locked === true;
  }

  async unpublishedEvents(limit: number): Promise<UnpublishedEvent[]> {
    const rows = await this.conn.all<{
      id: number | string;
      account: string;
      order_key: string;
      body: string;
    }>('SELECT id, account, order_key, body FROM events WHERE seq IS NULL ORDER BY id LIMIT ?', [limit]);
    return rows.map((r) => ({ row: Number(r.id), account: r.account, orderKey: r.order_key, body: r.body }));
  }

  async hasUnpublished(): Promise<boolean> {
    return (await this.conn.get('SELECT id FROM events WHERE seq IS NULL LIMIT 1')) !== undefined;
  }

  async lastSeq(): Promise<number> {
    const row = await this.conn.get<{ s: number | string | null }>('SELECT MAX(seq) AS s FROM events');
    return Number(row?.s ?? 0);
  }

  async publishEvent(row: number, seq: number): Promise<void> {
    await this.conn.run('UPDATE events SET seq = ? WHERE id = ?', [seq, row]);
  }

  async eventsAfter(seq: number, limit: number): Promise<PublishedEvent[]> {
    const rows = await this.conn.all<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
      [seq, limit],
    );
    return rows.map(toPublished);
  }

  async listEvents(q: EventQuery): Promise<{ items: PublishedEvent[]; next?: Cursor }> {
    const page = keyset(['seq'], q.descending, q.after);
    const where = ['account = ?', 'seq IS NOT NULL'];
    const params: SqlValue[] = [q.account];
    if (q.group !== undefined) {
      where.push('group_key = ?');
      params.push(q.group.toLowerCase());
    }
    if (q.since !== undefined) {
      where.push('time >= ?');
      params.push(q.since);
    }
    if (q.until !== undefined) {
      where.push('time <= ?');
      params.push(q.until);
    }
    if (page.where) where.push(page.where);
    const rows = await this.conn.all<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY ${page.orderBy} LIMIT ?`,
      [...params, ...page.params, q.limit + 1],
    );
    return pageOf(rows, q.limit, toPublished, (r) => [Number(r.seq)]);
  }

  async findEvent(account: string, eventId: string): Promise<PublishedEvent | undefined> {
    const row = await this.conn.get<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE event_id = ? AND account = ? AND seq IS NOT NULL`,
      [eventId, account],
    );
    return row && toPublished(row);
  }

  async eventsInRange(
    account: string,
    since: number,
    until: number,
    afterSeq: number,
    limit: number,
  ): Promise<PublishedEvent[]> {
    const rows = await this.conn.all<EventRow>(
      `SELECT ${COLUMNS} FROM events
       WHERE account = ? AND time >= ? AND time <= ? AND seq > ? ORDER BY seq LIMIT ?`,
      [account, since, until, afterSeq, limit],
    );
    return rows.map(toPublished);
  }
}
