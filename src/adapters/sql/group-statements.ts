import { DomainError } from '../../domain/errors.js';
import type { Group } from '../../domain/model.js';
import type { GroupQuery, Listed, NewGroup } from '../../ports/metadata-store.js';
import { keyset, pageOf } from './keyset.js';
import { GROUP_COLUMNS, type GroupRow, json, toGroup } from './rows.js';
import { ConstraintViolation, type SqlConnection, type SqlValue } from './sql-connection.js';

export class GroupStatements {
  constructor(private readonly conn: SqlConnection) {}

  async insertGroup(g: NewGroup): Promise<Group> {
    try {
      const row = await this.conn.get<GroupRow>(
        `INSERT INTO model_package_groups (account, name, name_key, arn, description, status, created_at, created_by, managed_config)
         VALUES (?, ?, ?, ?, ?, 'Completed', ?, ?, ?) RETURNING ${GROUP_COLUMNS}`,
        [
          g.account,
          g.name,
          g.name.toLowerCase(),
          g.arn,
          g.description ?? null,
          g.createdAt,
          JSON.stringify(g.createdBy),
          json(g.managedConfiguration),
        ],
      );
      return toGroup(row!);
    } catch (err) {
      if (err instanceof ConstraintViolation && err.kind === 'unique') {
        throw new DomainError('GroupAlreadyExists', `Model Package Group already exists: ${g.arn}`, {
          arn: g.arn,
        });
      }
      throw err;
    }
  }

  async findGroup(account: string, name: string): Promise<Group | undefined> {
    const row = await this.conn.get<GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM model_package_groups WHERE account = ? AND name_key = ?`,
      [account, name.toLowerCase()],
    );
    return row && toGroup(row);
  }

  async listGroups(q: GroupQuery): Promise<Listed<Group>> {
    const columns = q.sortBy === 'Name' ? ['name_key', 'id'] : ['created_at', 'id'];
    const page = keyset(columns, q.sortOrder === 'Descending', q.after);
    const where = ['account = ?'];
    const params: SqlValue[] = [q.account];
    if (q.nameContains) {
      where.push("name_key LIKE ? ESCAPE '\\'");
      params.push(`%${escapeLike(q.nameContains.toLowerCase())}%`);
    }
    if (q.createdAfter !== undefined) {
      where.push('created_at > ?');
      params.push(q.createdAfter);
    }
    if (q.createdBefore !== undefined) {
      where.push('created_at < ?');
      params.push(q.createdBefore);
    }
    if (page.where) where.push(page.where);
    const rows = await this.conn.all<GroupRow & { name_key: string }>(
      `SELECT ${GROUP_COLUMNS}, name_key FROM model_package_groups WHERE ${where.join(' AND ')}
       ORDER BY ${page.orderBy} LIMIT ?`,
      [...params, ...page.params, q.limit + 1],
    );
    return pageOf(rows, q.limit, toGroup, (r) =>
      q.sortBy === 'Name' ? [r.name_key, Number(r.id)] : [Number(r.created_at), Number(r.id)],
    );
  }

  async updateGroupDescription(groupId: number, description: string | null): Promise<void> {
    await this.conn.run('UPDATE model_package_groups SET description = ? WHERE id = ?', [
      description,
      groupId,
    ]);
  }

  async deleteGroup(groupId: number): Promise<void> {
    try {
      await this.conn.run('DELETE FROM model_package_groups WHERE id = ?', [groupId]);
    } catch (err) {
      if (err instanceof ConstraintViolation && err.kind === 'foreign-key') {
        throw new DomainError('GroupNotEmpty', 'The model package group still has model package versions.');
      }
      throw err;
    }
  }

  async countVersions(groupId: number): Promise<number> {
    const row = await this.conn.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM model_packages WHERE group_id = ?',
      [groupId],
    );
    return Number(row?.n ?? 0);
  }

  async lockGroup(groupId: number): Promise<void> {
    // SQLite runs one writer at a time already. On PostgreSQL a row lock, which (unlike a no-op UPDATE)
    // leaves no dead row version behind for every registration.
    if (this.conn.dialect === 'postgres') {
      await this.conn.get('SELECT id FROM model_package_groups WHERE id = ? FOR UPDATE', [groupId]);
    }
  }

  async nextVersionNumber(groupId: number): Promise<number> {
    // The UPDATE takes the group row's write lock, so concurrent registrations get consecutive numbers.
    const row = await this.conn.get<{ v: number }>(
      'UPDATE model_package_groups SET version_counter = version_counter + 1 WHERE id = ? RETURNING version_counter AS v',
      [groupId],
    );
    return Number(row!.v);
  }

  async getGroupPolicy(groupId: number): Promise<string | undefined> {
    const row = await this.conn.get<{ p: string | null }>(
      'SELECT resource_policy AS p FROM model_package_groups WHERE id = ?',
      [groupId],
    );
    return row?.p ?? undefined;
  }

  async setGroupPolicy(groupId: number, policy: string | null): Promise<void> {
    await this.conn.run('UPDATE model_package_groups SET resource_policy = ? WHERE id = ?', [
      policy,
      groupId,
    ]);
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
