import { DomainError } from '../../domain/errors.js';
import type {
  KeyStatus,
  NamedPolicy,
  NewPrincipal,
  Principal,
  PrincipalChange,
  PrincipalKind,
  StoredAccessKey,
  StoredToken,
} from '../../ports/identity-store.js';
import { ConstraintViolation, type SqlConnection, type SqlValue } from './sql-connection.js';

interface PrincipalRow {
  id: number | string;
  account: string;
  name: string;
  kind: string;
  roles: string;
  description: string | null;
  created_at: number | string;
  created_by: string;
  disabled_at: number | string | null;
}

interface AccessKeyRow {
  access_key_id: string;
  principal_id: number | string;
  sealed_secret: string;
  status: string;
  created_at: number | string;
  last_used_at: number | string | null;
  revoked_at: number | string | null;
}

interface TokenRow {
  token_id: string;
  principal_id: number | string;
  secret_hash: string;
  name: string | null;
  created_at: number | string;
  expires_at: number | string | null;
  last_used_at: number | string | null;
  revoked_at: number | string | null;
}

const PRINCIPAL_COLUMNS = 'id, account, name, kind, roles, description, created_at, created_by, disabled_at';
const KEY_COLUMNS =
  'access_key_id, principal_id, sealed_secret, status, created_at, last_used_at, revoked_at';
const TOKEN_COLUMNS =
  'token_id, principal_id, secret_hash, name, created_at, expires_at, last_used_at, revoked_at';

function toPrincipal(r: PrincipalRow): Principal {
  return {
    id: Number(r.id),
    account: r.account,
    name: r.name,
    kind: r.kind as PrincipalKind,
    roles: JSON.parse(r.roles) as string[],
    ...(r.description !== null && { description: r.description }),
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    ...(r.disabled_at !== null && { disabledAt: Number(r.disabled_at) }),
  };
}

function toAccessKey(r: AccessKeyRow): StoredAccessKey {
  return {
    accessKeyId: r.access_key_id,
    principalId: Number(r.principal_id),
    sealedSecret: r.sealed_secret,
    status: r.status as KeyStatus,
    createdAt: Number(r.created_at),
    ...(r.last_used_at !== null && { lastUsedAt: Number(r.last_used_at) }),
    ...(r.revoked_at !== null && { revokedAt: Number(r.revoked_at) }),
  };
}

function toToken(r: TokenRow): StoredToken {
  return {
    tokenId: r.token_id,
    principalId: Number(r.principal_id),
    secretHash: r.secret_hash,
    ...(r.name !== null && { name: r.name }),
    createdAt: Number(r.created_at),
    ...(r.expires_at !== null && { expiresAt: Number(r.expires_at) }),
    ...(r.last_used_at !== null && { lastUsedAt: Number(r.last_used_at) }),
    ...(r.revoked_at !== null && { revokedAt: Number(r.revoked_at) }),
  };
}

/** Principals, their inline policies, access keys and API tokens. Deleting a principal cascades to the rest. */
export class IdentityStatements {
  constructor(private readonly conn: SqlConnection) {}

  async countPrincipals(): Promise<number> {
    const row = await this.conn.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM principals');
    return Number(row?.n ?? 0);
  }

  async insertPrincipal(p: NewPrincipal): Promise<Principal> {
    try {
      const row = await this.conn.get<PrincipalRow>(
        `INSERT INTO principals (account, name, name_key, kind, roles, description, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${PRINCIPAL_COLUMNS}`,
        [
          p.account,
          p.name,
          p.name.toLowerCase(),
          p.kind,
          JSON.stringify(p.roles),
          p.description ?? null,
          p.createdAt,
          p.createdBy,
        ],
      );
      return toPrincipal(row!);
    } catch (err) {
      if (err instanceof ConstraintViolation && err.kind === 'unique') {
        throw new DomainError(
          'PrincipalAlreadyExists',
          `A principal named ${p.name} already exists in account ${p.account}.`,
          { name: p.name },
        );
      }
      throw err;
    }
  }

  async findPrincipal(account: string, name: string): Promise<Principal | undefined> {
    const row = await this.conn.get<PrincipalRow>(
      `SELECT ${PRINCIPAL_COLUMNS} FROM principals WHERE account = ? AND name_key = ?`,
      [account, name.toLowerCase()],
    );
    return row && toPrincipal(row);
  }

  async findPrincipalById(id: number): Promise<Principal | undefined> {
    const row = await this.conn.get<PrincipalRow>(
      `SELECT ${PRINCIPAL_COLUMNS} FROM principals WHERE id = ?`,
      [id],
    );
    return row && toPrincipal(row);
  }

  async listPrincipals(account: string, limit: number, afterName?: string): Promise<Principal[]> {
    const rows = await this.conn.all<PrincipalRow>(
      `SELECT ${PRINCIPAL_COLUMNS} FROM principals WHERE account = ? AND name_key > ? ORDER BY name_key LIMIT ?`,
      [account, afterName?.toLowerCase() ?? '', limit],
    );
    return rows.map(toPrincipal);
  }

  async findPrincipalAccounts(name: string, limit: number): Promise<string[]> {
    const rows = await this.conn.all<{ account: string }>(
      'SELECT account FROM principals WHERE name_key = ? ORDER BY account LIMIT ?',
      [name.toLowerCase(), limit],
    );
    return rows.map((r) => r.account);
  }

  /** `undefined` members keep the stored value, `null` clears it. */
  async updatePrincipal(id: number, c: PrincipalChange): Promise<Principal> {
    const changed: [column: string, value: SqlValue][] = [];
    if (c.roles !== undefined) changed.push(['roles', JSON.stringify(c.roles)]);
    if (c.description !== undefined) changed.push(['description', c.description]);
    if (c.disabledAt !== undefined) changed.push(['disabled_at', c.disabledAt]);
    const row =
      changed.length === 0
        ? await this.conn.get<PrincipalRow>(`SELECT ${PRINCIPAL_COLUMNS} FROM principals WHERE id = ?`, [id])
        : await this.conn.get<PrincipalRow>(
            `UPDATE principals SET ${changed.map(([column]) => `${column} = ?`).join(', ')}
             WHERE id = ? RETURNING ${PRINCIPAL_COLUMNS}`,
            [...changed.map(([, value]) => value), id],
          );
    if (!row) throw new DomainError('PrincipalNotFound', `No principal has the id ${id}.`, { id });
    return toPrincipal(row);
  }

  async deletePrincipal(id: number): Promise<void> {
    await this.conn.run('DELETE FROM principals WHERE id = ?', [id]);
  }

  async putPrincipalPolicy(principalId: number, policy: NamedPolicy): Promise<void> {
    await this.conn.run(
      `INSERT INTO principal_policies (principal_id, name, document) VALUES (?, ?, ?)
       ON CONFLICT (principal_id, name) DO UPDATE SET document = excluded.document`,
      [principalId, policy.name, policy.document],
    );
  }

  async deletePrincipalPolicy(principalId: number, name: string): Promise<boolean> {
    const n = await this.conn.run('DELETE FROM principal_policies WHERE principal_id = ? AND name = ?', [
      principalId,
      name,
    ]);
    return n > 0;
  }

  listPrincipalPolicies(principalId: number): Promise<NamedPolicy[]> {
    return this.conn.all<NamedPolicy>(
      'SELECT name, document FROM principal_policies WHERE principal_id = ? ORDER BY name',
      [principalId],
    );
  }

  async insertAccessKey(k: StoredAccessKey): Promise<void> {
    await this.conn.run(`INSERT INTO access_keys (${KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      k.accessKeyId,
      k.principalId,
      k.sealedSecret,
      k.status,
      k.createdAt,
      k.lastUsedAt ?? null,
      k.revokedAt ?? null,
    ]);
  }

  async findAccessKey(accessKeyId: string): Promise<StoredAccessKey | undefined> {
    const row = await this.conn.get<AccessKeyRow>(
      `SELECT ${KEY_COLUMNS} FROM access_keys WHERE access_key_id = ?`,
      [accessKeyId],
    );
    return row && toAccessKey(row);
  }

  async listAccessKeys(principalId: number): Promise<StoredAccessKey[]> {
    const rows = await this.conn.all<AccessKeyRow>(
      `SELECT ${KEY_COLUMNS} FROM access_keys WHERE principal_id = ? ORDER BY created_at, access_key_id`,
      [principalId],
    );
    return rows.map(toAccessKey);
  }

  async revokeAccessKey(accessKeyId: string, at: number): Promise<boolean> {
    const n = await this.conn.run(
      `UPDATE access_keys SET status = 'Inactive', revoked_at = ? WHERE access_key_id = ? AND revoked_at IS NULL`,
      [at, accessKeyId],
    );
    return n > 0;
  }

  async touchAccessKey(accessKeyId: string, at: number): Promise<void> {
    // Requests on several connections commit in any order; an older use must not overwrite a newer one.
    await this.conn.run(
      'UPDATE access_keys SET last_used_at = ? WHERE access_key_id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
      [at, accessKeyId, at],
    );
  }

  async insertToken(t: StoredToken): Promise<void> {
    await this.conn.run(`INSERT INTO api_tokens (${TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
      t.tokenId,
      t.principalId,
      t.secretHash,
      t.name ?? null,
      t.createdAt,
      t.expiresAt ?? null,
      t.lastUsedAt ?? null,
      t.revokedAt ?? null,
    ]);
  }

  async findToken(tokenId: string): Promise<StoredToken | undefined> {
    const row = await this.conn.get<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_id = ?`, [
      tokenId,
    ]);
    return row && toToken(row);
  }

  async listTokens(principalId: number): Promise<StoredToken[]> {
    const rows = await this.conn.all<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE principal_id = ? ORDER BY created_at, token_id`,
      [principalId],
    );
    return rows.map(toToken);
  }

  async revokeToken(tokenId: string, at: number): Promise<boolean> {
    const n = await this.conn.run(
      'UPDATE api_tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL',
      [at, tokenId],
    );
    return n > 0;
  }

  async touchToken(tokenId: string, at: number): Promise<void> {
    await this.conn.run(
      'UPDATE api_tokens SET last_used_at = ? WHERE token_id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
      [at, tokenId, at],
    );
  }
}
