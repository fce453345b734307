import { DomainError } from '../../domain/errors.js';
import type { CustomRole, NewRole, RoleChange, RoleLock } from '../../ports/role-store.js';
import { ConstraintViolation, type SqlConnection, type SqlValue } from './sql-connection.js';

interface RoleRow {
  id: number | string;
  account: string;
  name: string;
  description: string | null;
  document: string;
  created_at: number | string;
  created_by: string;
  updated_at: number | string | null;
  updated_by: string | null;
}

const COLUMNS = 'id, account, name, description, document, created_at, created_by, updated_at, updated_by';

function toRole(r: RoleRow): CustomRole {
  return {
    id: Number(r.id),
    account: r.account,
    name: r.name,
    ...(r.description !== null && { description: r.description }),
    document: r.document,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    ...(r.updated_at !== null && { updatedAt: Number(r.updated_at) }),
    ...(r.updated_by !== null && { updatedBy: r.updated_by }),
  };
}

/** `x` in a LIKE pattern, its wildcards and the escape character taken literally. */
const likeLiteral = (x: string) => x.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Custom roles of an account; principals name them in their JSON list of roles. */
export class RoleStatements {
  constructor(private readonly conn: SqlConnection) {}

  async insertRole(r: NewRole): Promise<CustomRole> {
    try {
      const row = await this.conn.get<RoleRow>(
        `INSERT INTO roles (account, name, name_key, description, document, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
        [
          r.account,
          r.name,
          r.name.toLowerCase(),
          r.description ?? null,
          r.document,
          r.createdAt,
          r.createdBy,
        ],
      );
      return toRole(row!);
    } catch (err) {
      if (err instanceof ConstraintViolation && err.kind === 'unique') {
        throw new DomainError(
          'RoleAlreadyExists',
          `A role named ${r.name} already exists in account ${r.account}.`,
          { role: r.name },
        );
      }
      throw err;
    }
  }

  async findRoles(account: string, names: readonly string[], lock?: RoleLock): Promise<CustomRole[]> {
    if (names.length === 0) return [];
    const keys = [...new Set(names.map((n) => n.toLowerCase()))];
    const locking = lock && this.conn.dialect === 'postgres' ? ` FOR ${lock.toUpperCase()}` : '';
    const rows = await this.conn.all<RoleRow>(
      `SELECT ${COLUMNS} FROM roles WHERE account = ? AND name_key IN (${keys.map(() => '?').join(', ')})${locking}`,
      [account, ...keys],
    );
    return rows.map(toRole);
  }

  async listRoles(account: string, limit: number, afterName?: string): Promise<CustomRole[]> {
    const rows = await this.conn.all<RoleRow>(
      `SELECT ${COLUMNS} FROM roles WHERE account = ? AND name_key > ? ORDER BY name_key LIMIT ?`,
      [account, afterName?.toLowerCase() ?? '', limit],
    );
    return rows.map(toRole);
  }

  async updateRole(id: number, c: RoleChange): Promise<CustomRole> {
    const changed: [column: string, value: SqlValue][] = [
      ['updated_at', c.updatedAt],
      ['updated_by', c.updatedBy],
    ];
    if (c.document !== undefined) changed.push(['document', c.document]);
    if (c.description !== undefined) changed.push(['description', c.description]);
    const row = await this.conn.get<RoleRow>(
      `UPDATE roles SET ${changed.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ? RETURNING ${COLUMNS}`,
      [...changed.map(([, value]) => value), id],
    );
    if (!row) throw new DomainError('RoleNotFound', `No role has the id ${id}.`, { id });
    return toRole(row);
  }

  async deleteRole(id: number): Promise<void> {
    await this.conn.run('DELETE FROM roles WHERE id = ?', [id]);
  }

  async roleHolders(account: string, role: string, limit: number): Promise<string[]> {
    // Role names hold no character JSON escapes, so the role appears in the list's text as "name".
    const rows = await this.conn.all<{ name: string }>(
      `SELECT name FROM principals WHERE account = ? AND LOWER(roles) LIKE ? ESCAPE '\\' ORDER BY name_key LIMIT ?`,
      [account, `%"${likeLiteral(role.toLowerCase())}"%`, limit],
    );
    return rows.map((r) => r.name);
  }
}
