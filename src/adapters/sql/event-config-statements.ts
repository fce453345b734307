import { DomainError } from '../../domain/errors.js';
import type {
  NewRule,
  NewTarget,
  RuleChange,
  StoredRule,
  StoredTarget,
  TargetChange,
} from '../../ports/event-store.js';
import type { TargetSpec } from '../../ports/event-target.js';
import { ConstraintViolation, type SqlConnection } from './sql-connection.js';

interface TargetRow {
  id: number | string;
  account: string;
  name: string;
  description: string | null;
  spec: string;
  max_age_ms: number | string;
  created_at: number | string;
  created_by: string;
  updated_at: number | string | null;
  updated_by: string | null;
}

interface RuleRow {
  id: number | string;
  account: string;
  name: string;
  description: string | null;
  pattern: string;
  enabled: number | string;
  created_at: number | string;
  created_by: string;
  updated_at: number | string | null;
  updated_by: string | null;
}

const TARGET_COLUMNS =
  'id, account, name, description, spec, max_age_ms, created_at, created_by, updated_at, updated_by';
const RULE_COLUMNS =
  'id, account, name, description, pattern, enabled, created_at, created_by, updated_at, updated_by';

function toTarget(r: TargetRow): StoredTarget {
  return {
    id: Number(r.id),
    account: r.account,
    name: r.name,
    ...(r.description !== null && { description: r.description }),
    spec: JSON.parse(r.spec) as TargetSpec,
    maxAgeMs: Number(r.max_age_ms),
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    ...(r.updated_at !== null && { updatedAt: Number(r.updated_at) }),
    ...(r.updated_by !== null && { updatedBy: r.updated_by }),
  };
}

/** Event rules and targets: the per-account configuration the relay reads. */
export class EventConfigStatements {
  constructor(private readonly conn: SqlConnection) {}

  async insertTarget(t: NewTarget): Promise<StoredTarget> {
    try {
      const row = await this.conn.get<TargetRow>(
        `INSERT INTO event_targets (account, name, name_key, kind, description, spec, max_age_ms, lease_ms, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${TARGET_COLUMNS}`,
        [
          t.account,
          t.name,
          t.name.toLowerCase(),
          t.spec.kind,
          t.description ?? null,
          JSON.stringify(t.spec),
          t.maxAgeMs,
          t.leaseMs,
          t.createdAt,
          t.createdBy,
        ],
      );
      return toTarget(row!);
    } catch (err) {
      if (err instanceof ConstraintViolation && err.kind === 'unique') {
        throw new DomainError('TargetAlreadyExists', `An event target named ${t.name} already exists.`, {
          name: t.name,
        });
      }
      throw err;
    }
  }

  async updateTarget(id: number, c: TargetChange): Promise<StoredTarget> {
    const row = await this.conn.get<TargetRow>(
      `UPDATE event_targets SET description = ?, spec = ?, max_age_ms = ?, lease_ms = ?, updated_at = ?, updated_by = ?
       WHERE id = ? RETURNING ${TARGET_COLUMNS}`,
      [c.description ?? null, JSON.stringify(c.spec), c.maxAgeMs, c.leaseMs, c.updatedAt, c.updatedBy, id],
    );
    return toTarget(row!);
  }

  async findTarget(account: string, name: string): Promise<StoredTarget | undefined> {
    const row = await this.conn.get<TargetRow>(
      `SELECT ${TARGET_COLUMNS} FROM event_targets WHERE account = ? AND name_key = ?`,
      [account, name.toLowerCase()],
    );
    return row && toTarget(row);
  }

  async listTargets(account: string, limit: number, afterName?: string): Promise<StoredTarget[]> {
    const rows = await this.conn.all<TargetRow>(
      `SELECT ${TARGET_COLUMNS} FROM event_targets WHERE account = ? AND name_key > ? ORDER BY name_key LIMIT ?`,
      [account, afterName?.toLowerCase() ?? '', limit],
    );
    return rows.map(toTarget);
  }

  async deleteTarget(id: number): Promise<void> {
    await this.conn.run('DELETE FROM event_targets WHERE id = ?', [id]);
  }

  async rulesNamingTarget(targetId: number): Promise<string[]> {
    const rows = await this.conn.all<{ name: string }>(
      `SELECT r.name FROM event_rule_targets rt JOIN event_rules r ON r.id = rt.rule_id
       WHERE rt.target_id = ? ORDER BY r.name_key`,
      [targetId],
    );
    return rows.map((r) => r.name);
  }

  async targetMaxAges(targetIds: readonly number[]): Promise<Map<number, number>> {
    const ages = new Map<number, number>();
    if (targetIds.length === 0) return ages;
    const rows = await this.conn.all<{ id: number | string; max_age_ms: number | string }>(
      `SELECT id, max_age_ms FROM event_targets WHERE id IN (${targetIds.map(() => '?').join(', ')})`,
      [...targetIds],
    );
    for (const r of rows) ages.set(Number(r.id), Number(r.max_age_ms));
    return ages;
  }

  async insertRule(r: NewRule): Promise<StoredRule> {
    let row: RuleRow | undefined;
    try {
      row = await this.conn.get<RuleRow>(
        `INSERT INTO event_rules (account, name, name_key, description, pattern, enabled, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${RULE_COLUMNS}`,
        [
          r.account,
          r.name,
          r.name.toLowerCase(),
          r.description ?? null,
          r.pattern,
          r.enabled ? 1 : 0,
          r.createdAt,
          r.createdBy,
        ],
      );
    } catch (err) {
      if (err instanceof ConstraintViolation && err.kind === 'unique') {
        throw new DomainError('RuleAlreadyExists', `An event rule named ${r.name} already exists.`, {
          name: r.name,
        });
      }
      throw err;
    }
    const id = Number(row!.id);
    await this.setRuleTargets(id, r.targetIds);
    return (await this.rulesWhere('id = ?', [id]))[0]!;
  }

  async updateRule(id: number, c: RuleChange): Promise<StoredRule> {
    await this.conn.run(
      `UPDATE event_rules SET description = ?, pattern = ?, enabled = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
      [c.description ?? null, c.pattern, c.enabled ? 1 : 0, c.updatedAt, c.updatedBy, id],
    );
    await this.conn.run('DELETE FROM event_rule_targets WHERE rule_id = ?', [id]);
    await this.setRuleTargets(id, c.targetIds);
    return (await this.rulesWhere('id = ?', [id]))[0]!;
  }

  private async setRuleTargets(ruleId: number, targetIds: readonly number[]): Promise<void> {
    for (const [position, targetId] of targetIds.entries()) {
      await this.conn.run('INSERT INTO event_rule_targets (rule_id, target_id, position) VALUES (?, ?, ?)', [
        ruleId,
        targetId,
        position,
      ]);
    }
  }

  async findRule(account: string, name: string): Promise<StoredRule | undefined> {
    return (await this.rulesWhere('account = ? AND name_key = ?', [account, name.toLowerCase()]))[0];
  }

  listRules(account: string, limit: number, afterName?: string): Promise<StoredRule[]> {
    return this.rulesWhere(
      'account = ? AND name_key > ?',
      [account, afterName?.toLowerCase() ?? ''],
      `ORDER BY name_key LIMIT ${Math.trunc(limit)}`,
    );
  }

  async countRules(account: string): Promise<number> {
    const row = await this.conn.get<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM event_rules WHERE account = ?',
      [account],
    );
    return Number(row?.n ?? 0);
  }

  async deleteRule(id: number): Promise<void> {
    await this.conn.run('DELETE FROM event_rule_targets WHERE rule_id = ?', [id]);
    await this.conn.run('DELETE FROM event_rules WHERE id = ?', [id]);
  }

  enabledRules(accounts: readonly string[]): Promise<StoredRule[]> {
    if (accounts.length === 0) return Promise.resolve([]);
    return this.rulesWhere(
      `enabled = 1 AND account IN (${accounts.map(() => '?').join(', ')})`,
      [...accounts],
      'ORDER BY id',
    );
  }

  /** Rules with their targets' names and ids, in one query for the rules and one for their targets. */
  private async rulesWhere(where: string, params: (string | number)[], tail = ''): Promise<StoredRule[]> {
    const rows = await this.conn.all<RuleRow>(
      `SELECT ${RULE_COLUMNS} FROM event_rules WHERE ${where} ${tail}`,
      params,
    );
    if (rows.length === 0) return [];
    const ids = rows.map((r) => Number(r.id));
    const links = await this.conn.all<{ rule_id: number | string; target_id: number | string; name: string }>(
      `SELECT rt.rule_id, rt.target_id, t.name FROM event_rule_targets rt JOIN event_targets t ON t.id = rt.target_id
       WHERE rt.rule_id IN (${ids.map(() => '?').join(', ')}) ORDER BY rt.rule_id, rt.position`,
      ids,
    );
    return rows.map((r) => {
      const mine = links.filter((l) => Number(l.rule_id) === Number(r.id));
      return {
        id: Number(r.id),
        account: r.account,
        name: r.name,
        ...(r.description !== null && { description: r.description }),
        pattern: r.pattern,
        enabled: Number(r.enabled) === 1,
        targets: mine.map((l) => l.name),
        targetIds: mine.map((l) => Number(l.target_id)),
        createdAt: Number(r.created_at),
        createdBy: r.created_by,
        ...(r.updated_at !== null && { updatedAt: Number(r.updated_at) }),
        ...(r.updated_by !== null && { updatedBy: r.updated_by }),
      };
    });
  }
}
