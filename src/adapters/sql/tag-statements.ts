import type { Tag } from '../../domain/model.js';
import type { Listed, TaggedResource, TagQuery } from '../../ports/metadata-store.js';
import { pageOf } from './keyset.js';
import type { SqlConnection } from './sql-connection.js';

export class TagStatements {
  constructor(private readonly conn: SqlConnection) {}

  async listTags(r: TaggedResource, q: TagQuery): Promise<Listed<Tag>> {
    const after = q.afterKey === undefined ? '' : 'AND tag_key > ?';
    const params =
      q.afterKey === undefined ? [r.type, r.id, q.limit + 1] : [r.type, r.id, q.afterKey, q.limit + 1];
    const rows = await this.conn.all<{ tag_key: string; tag_value: string }>(
      `SELECT tag_key, tag_value FROM tags WHERE resource_type = ? AND resource_id = ? ${after} ORDER BY tag_key LIMIT ?`,
      params,
    );
    return pageOf(
      rows,
      q.limit,
      (row) => ({ key: row.tag_key, value: row.tag_value }),
      (row) => [row.tag_key],
    );
  }

  async countTags(r: TaggedResource): Promise<number> {
    const row = await this.conn.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM tags WHERE resource_type = ? AND resource_id = ?',
      [r.type, r.id],
    );
    return Number(row?.n ?? 0);
  }

  async putTags(r: TaggedResource, tags: readonly Tag[]): Promise<void> {
    for (const t of tags) {
      await this.conn.run(
        `INSERT INTO tags (resource_type, resource_id, tag_key, tag_value) VALUES (?, ?, ?, ?)
         ON CONFLICT (resource_type, resource_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
        [r.type, r.id, t.key, t.value],
      );
    }
  }

  async deleteTags(r: TaggedResource, keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      await this.conn.run('DELETE FROM tags WHERE resource_type = ? AND resource_id = ? AND tag_key = ?', [
        r.type,
        r.id,
        key,
      ]);
    }
  }

  async deleteAllTags(r: TaggedResource): Promise<void> {
    await this.conn.run('DELETE FROM tags WHERE resource_type = ? AND resource_id = ?', [r.type, r.id]);
  }
}
