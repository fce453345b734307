import type { Cursor } from '../../domain/paging.js';
import type { SqlValue } from './sql-connection.js';

/**
 * Builds the WHERE fragment and ORDER BY for a keyset page over `columns` (all sorted the same way), so
 * that each page costs an index seek plus the page, whatever the table size.
 */
export function keyset(
  columns: readonly string[],
  descending: boolean,
  after: Cursor | undefined,
): { where: string; params: SqlValue[]; orderBy: string } {
  const dir = descending ? 'DESC' : 'ASC';
  const orderBy = columns.map((c) => `${c} ${dir}`).join(', ');
  if (!after) return { where: '', params: [], orderBy };
  const op = descending ? '<' : '>';
  const placeholders = columns.map(() => '?').join(', ');
  return { where: `(${columns.join(', ')}) ${op} (${placeholders})`, params: [...after], orderBy };
}

/** Fetches limit + 1 rows to know whether a next page exists, then returns the page and its cursor. */
export function pageOf<R, T>(
  rows: readonly R[],
  limit: number,
  map: (row: R) => T,
  cursorOf: (row: R) => Cursor,
): { items: T[]; next?: Cursor } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const items = page.map(map);
  const last = page[page.length - 1];
  return more && last !== undefined ? { items, next: cursorOf(last) } : { items };
}
