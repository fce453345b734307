import { DomainError } from '../../domain/errors.js';
import type {
  ApprovalChange,
  ApprovalStatus,
  ModelPackage,
  PackageSpec,
  PackageSummary,
} from '../../domain/model.js';
import type {
  Listed,
  NewPackage,
  PackagePatch,
  PackageQuery,
  StoredPackage,
  VersionQuery,
} from '../../ports/metadata-store.js';
import { escapeLike } from './group-statements.js';
import { keyset, pageOf } from './keyset.js';
import {
  type ApprovalRow,
  json,
  PACKAGE_COLUMNS,
  type PackageRow,
  SUMMARY_COLUMNS,
  type SummaryRow,
  toApprovalChange,
  toPackage,
  toSummary,
} from './rows.js';
import { ConstraintViolation, type SqlConnection, type SqlValue } from './sql-connection.js';

function registrationType(spec: PackageSpec): string | null {
  const value = spec.ModelPackageRegistrationType;
  return typeof value === 'string' ? value : null;
}

const OPS: Readonly<Record<string, string>> = {
  '>=': '>=',
  '>': '>',
  '<=': '<=',
  '<': '<',
  '=': '=',
  '!=': '<>',
};

export class PackageStatements {
  constructor(private readonly conn: SqlConnection) {}

  async insertPackage(p: NewPackage): Promise<ModelPackage> {
    const versioned = p.version !== undefined;
    const nameKey = (versioned ? p.groupName! : p.name!).toLowerCase();
    let row: PackageRow | undefined;
    try {
      row = await this.conn.get<PackageRow>(
        `INSERT INTO model_packages (account, kind, group_id, group_name, version, name, name_key, arn, description, status,
           approval_status, approval_description, lifecycle, stage, customer_metadata, metrics, spec, registration_type,
           client_token, request_hash, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING ${PACKAGE_COLUMNS.replace(/p\./g, '')}`,
        [
          p.account,
          versioned ? 'V' : 'U',
          p.groupId ?? null,
          p.groupName ?? null,
          p.version ?? null,
          versioned ? p.groupName! : p.name!,
          nameKey,
          p.arn,
          p.description ?? null,
          p.status,
          p.approvalStatus ?? null,
          p.approvalDescription ?? null,
          json(p.lifecycle),
          p.lifecycle?.stage ?? null,
          json(p.customerMetadata),
          JSON.stringify(p.metrics),
          JSON.stringify(p.spec),
          registrationType(p.spec),
          p.clientToken ?? null,
          p.requestHash ?? null,
          p.createdAt,
          JSON.stringify(p.createdBy),
        ],
      );
    } catch (err) {
      if (err instanceof ConstraintViolation && err.kind === 'unique' && !versioned) {
        throw new DomainError('PackageAlreadyExists', `Model package ${p.arn} already exists.`, {
          arn: p.arn,
        });
      }
      throw err;
    }
    const created = toPackage(row!);
    if (versioned) await this.writeMetrics(created.id, p.groupId!, p.version!, p.metrics);
    return created;
  }

  private async writeMetrics(
    packageId: number,
    groupId: number,
    version: number,
    metrics: Readonly<Record<string, number>>,
  ): Promise<void> {
    await this.conn.run('DELETE FROM package_metrics WHERE package_id = ?', [packageId]);
    for (const [name, value] of Object.entries(metrics)) {
      await this.conn.run(
        'INSERT INTO package_metrics (package_id, group_id, version, name, value) VALUES (?, ?, ?, ?, ?)',
        [packageId, groupId, version, name, value],
      );
    }
  }

  async findVersion(account: string, groupName: string, version: number): Promise<ModelPackage | undefined> {
    const row = await this.conn.get<PackageRow>(
      `SELECT ${PACKAGE_COLUMNS} FROM model_package_groups g JOIN model_packages p ON p.group_id = g.id
       WHERE g.account = ? AND g.name_key = ? AND p.version = ?`,
      [account, groupName.toLowerCase(), version],
    );
    return row && toPackage(row);
  }

  async findUnversioned(account: string, name: string): Promise<StoredPackage | undefined> {
    const row = await this.conn.get<PackageRow>(
      `SELECT ${PACKAGE_COLUMNS} FROM model_packages p WHERE p.account = ? AND p.kind = 'U' AND p.name_key = ?`,
      [account, name.toLowerCase()],
    );
    return row && toPackage(row);
  }

  async findByClientToken(groupId: number, token: string): Promise<StoredPackage | undefined> {
    const row = await this.conn.get<PackageRow>(
      `SELECT ${PACKAGE_COLUMNS} FROM model_packages p WHERE p.group_id = ? AND p.client_token = ?`,
      [groupId, token],
    );
    return row && toPackage(row);
  }

  /**
   * Within a group every version carries the group's name and versions are numbered in commit order, so
   * both sorts list a group's versions by number: one index serves every group list, and registration
   * maintains no per-group sort index. Across the account, the kind is written into the SQL as a literal
   * so that the partial indexes of unversioned packages apply.
   */
  async listPackages(q: PackageQuery): Promise<Listed<PackageSummary>> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    let columns: string[];
    let cursorOf: (r: SummaryRow) => (string | number)[];
    if (q.groupId !== undefined) {
      where.push('p.group_id = ?');
      params.push(q.groupId);
      columns = ['p.version'];
      cursorOf = (r) => [Number(r.version)];
    } else {
      where.push('p.account = ?');
      params.push(q.account);
      if (q.kind !== 'Both') where.push(q.kind === 'Versioned' ? "p.kind = 'V'" : "p.kind = 'U'");
      const byName = q.sortBy === 'Name';
      columns = byName ? ['p.name_key', 'p.id'] : ['p.created_at', 'p.id'];
      cursorOf = byName ? (r) => [r.name_key, Number(r.id)] : (r) => [Number(r.created_at), Number(r.id)];
    }
    const page = keyset(columns, q.sortOrder === 'Descending', q.after);
    if (q.approvalStatus) {
      where.push('p.approval_status = ?');
      params.push(q.approvalStatus);
    }
    if (q.nameContains) {
      where.push("p.name_key LIKE ? ESCAPE '\\'");
      params.push(`%${escapeLike(q.nameContains.toLowerCase())}%`);
    }
    if (q.createdAfter !== undefined) {
      where.push('p.created_at > ?');
      params.push(q.createdAfter);
    }
    if (q.createdBefore !== undefined) {
      where.push('p.created_at < ?');
      params.push(q.createdBefore);
    }
    if (page.where) where.push(page.where);
    const rows = await this.conn.all<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM model_packages p WHERE ${where.join(' AND ')}
       ORDER BY ${page.orderBy} LIMIT ?`,
      [...params, ...page.params, q.limit + 1],
    );
    return pageOf(rows, q.limit, toSummary, cursorOf);
  }

  async listVersions(q: VersionQuery): Promise<Listed<ModelPackage>> {
    const where = ['p.group_id = ?'];
    const params: SqlValue[] = [q.groupId];
    let join = '';
    const joinParams: SqlValue[] = [];
    let columns: string[];
    let cursorOf: (r: PackageRow & { sort_value?: number }) => (string | number)[];
    const field = q.sort.field;
    if (typeof field === 'object') {
      // Constraining s.group_id and paging on s.version (a copy of p.version) lets the walk follow the
      // metrics_group_name_value index in sort order instead of sorting the whole group for each page.
      join = 'JOIN package_metrics s ON s.package_id = p.id AND s.group_id = ? AND s.name = ?';
      joinParams.push(q.groupId, field.metric);
      columns = ['s.value', 's.version'];
      cursorOf = (r) => [Number(r.sort_value), Number(r.version)];
    } else {
      // createdAt and version give the same order: versions are numbered in registration order.
      columns = ['p.version'];
      cursorOf = (r) => [Number(r.version)];
    }
    if (q.approvalStatus) {
      where.push('p.approval_status = ?');
      params.push(q.approvalStatus);
    }
    if (q.stage) {
      where.push('p.stage = ?');
      params.push(q.stage);
    }
    for (const c of q.conditions) {
      where.push(
        `EXISTS (SELECT 1 FROM package_metrics m WHERE m.package_id = p.id AND m.name = ? AND m.value ${OPS[c.op]} ?)`,
      );
      params.push(c.metric, c.value);
    }
    const page = keyset(columns, q.sort.descending, q.after);
    if (page.where) where.push(page.where);
    const sortValue = typeof field === 'object' ? ', s.value AS sort_value' : '';
    const rows = await this.conn.all<PackageRow & { sort_value?: number }>(
      `SELECT ${PACKAGE_COLUMNS}${sortValue} FROM model_packages p ${join} WHERE ${where.join(' AND ')}
       ORDER BY ${page.orderBy} LIMIT ?`,
      [...joinParams, ...params, ...page.params, q.limit + 1],
    );
    return pageOf(rows, q.limit, toPackage, cursorOf);
  }

  async latestVersion(groupId: number, approvalStatus?: ApprovalStatus): Promise<ModelPackage | undefined> {
    const row = approvalStatus
      ? await this.conn.get<PackageRow>(
          `SELECT ${PACKAGE_COLUMNS} FROM model_packages p WHERE p.group_id = ? AND p.approval_status = ?
           ORDER BY p.version DESC LIMIT 1`,
          [groupId, approvalStatus],
        )
      : await this.conn.get<PackageRow>(
          `SELECT ${PACKAGE_COLUMNS} FROM model_packages p WHERE p.group_id = ? ORDER BY p.version DESC LIMIT 1`,
          [groupId],
        );
    return row && toPackage(row);
  }

  async updatePackage(packageId: number, patch: PackagePatch): Promise<ModelPackage> {
    const sets: string[] = ['updated_at = ?', 'updated_by = ?'];
    const params: SqlValue[] = [patch.updatedAt, JSON.stringify(patch.updatedBy)];
    const set = (column: string, value: SqlValue) => {
      sets.push(`${column} = ?`);
      params.push(value);
    };
    if (patch.approvalStatus !== undefined) set('approval_status', patch.approvalStatus);
    if (patch.approvalDescription !== undefined) set('approval_description', patch.approvalDescription);
    if (patch.lifecycle !== undefined) {
      set('lifecycle', json(patch.lifecycle));
      set('stage', patch.lifecycle?.stage ?? null);
    }
    if (patch.customerMetadata !== undefined) set('customer_metadata', json(patch.customerMetadata));
    if (patch.description !== undefined) set('description', patch.description);
    if (patch.spec !== undefined) {
      set('spec', JSON.stringify(patch.spec));
      set('registration_type', registrationType(patch.spec));
    }
    if (patch.metrics !== undefined) set('metrics', JSON.stringify(patch.metrics));
    const row = await this.conn.get<PackageRow>(
      `UPDATE model_packages SET ${sets.join(', ')} WHERE id = ? RETURNING ${PACKAGE_COLUMNS.replace(/p\./g, '')}`,
      [...params, packageId],
    );
    const updated = toPackage(row!);
    if (patch.metrics !== undefined && updated.version !== undefined) {
      await this.writeMetrics(packageId, updated.groupId!, updated.version, patch.metrics);
    }
    return updated;
  }

  async deletePackage(packageId: number): Promise<void> {
    await this.conn.run('DELETE FROM model_packages WHERE id = ?', [packageId]);
  }

  async recordApprovalChange(packageId: number, c: ApprovalChange): Promise<void> {
    await this.conn.run(
      'INSERT INTO approval_changes (package_id, at, actor, from_status, to_status, comment) VALUES (?, ?, ?, ?, ?, ?)',
      [packageId, c.at, JSON.stringify(c.actor), c.from ?? null, c.to, c.comment ?? null],
    );
  }

  async listApprovalChanges(packageId: number): Promise<ApprovalChange[]> {
    const rows = await this.conn.all<ApprovalRow>(
      'SELECT at, actor, from_status, to_status, comment FROM approval_changes WHERE package_id = ? ORDER BY id',
      [packageId],
    );
    return rows.map(toApprovalChange);
  }
}
