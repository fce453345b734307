// PostgreSQL registers the versions of one group one after another (the group's row stays locked until
// COMMIT), a few hundred per second here, so 100,000 registrations through the API alone would take most of
// the bench's ten minutes. Past the versions the API wrote, the rest are copied in SQL from the last of them.
import pg from 'pg';

export interface CloneResult {
  readonly copied: number;
  readonly seconds: number;
}

async function columns(client: pg.Client, table: string, except: readonly string[]): Promise<string[]> {
  const rows = await client.query<{ c: string }>(
    `SELECT column_name AS c FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.rows.map((r) => r.c).filter((c) => !except.includes(c));
}

/**
 * Copies version `last` of the group into versions last+1..size in one transaction: every column as the
 * API wrote it, except the version number, its ARN, no ClientToken, and a creation time 1 ms apart after the
 * template's (so CreationTime order is version order, as it is for registrations). Each copy gets its
 * approval_changes row as CreateModelPackage writes one; the group's version counter is set to `size`.
 * Then ANALYZE, as autovacuum would have done long before a group reached that size.
 */
export async function cloneVersions(
  databaseUrl: string,
  groupName: string,
  last: number,
  size: number,
): Promise<CloneResult> {
  const started = process.hrtime.bigint();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const template = await client.query<{ id: string; group_id: string }>(
      `SELECT p.id, p.group_id FROM model_packages p JOIN model_package_groups g ON g.id = p.group_id
        WHERE g.name_key = lower($1) AND p.version = $2`,
      [groupName, last],
    );
    const t = template.rows[0];
    if (!t) throw new Error(`no version ${last} in ${groupName} to copy`);
    const metrics = await client.query('SELECT 1 FROM package_metrics WHERE package_id = $1', [t.id]);
    if (metrics.rowCount)
      throw new Error('the template version has native metrics; the copy does not handle them');
    const overrides: Record<string, string> = {
      version: 'g.v',
      arn: `left(t.arn, length(t.arn) - length(t.version::text)) || g.v`,
      client_token: 'NULL',
      created_at: `t.created_at + (g.v - ${last})`,
    };
    const pkgColumns = await columns(client, 'model_packages', ['id']);
    const copied = await client.query(
      `INSERT INTO model_packages (${pkgColumns.join(', ')})
       SELECT ${pkgColumns.map((c) => overrides[c] ?? `t.${c}`).join(', ')}
         FROM model_packages t, generate_series($2::bigint, $3::bigint) AS g(v) WHERE t.id = $1`,
      [t.id, last + 1, size],
    );
    const approvalColumns = await columns(client, 'approval_changes', ['id', 'package_id', 'at']);
    await client.query(
      `INSERT INTO approval_changes (package_id, at, ${approvalColumns.join(', ')})
       SELECT p.id, p.created_at, ${approvalColumns.map((c) => `a.${c}`).join(', ')}
         FROM model_packages p,
              (SELECT * FROM approval_changes WHERE package_id = $1 ORDER BY id LIMIT 1) a
        WHERE p.group_id = $2 AND p.version > $3`,
      [t.id, t.group_id, last],
    );
    await client.query('UPDATE model_package_groups SET version_counter = $1 WHERE id = $2', [
      size,
      t.group_id,
    ]);
    await client.query('COMMIT');
    await client.query('ANALYZE model_packages');
    await client.query('ANALYZE approval_changes');
    return { copied: copied.rowCount ?? 0, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/**
 * This machine's PostgreSQL runs with autovacuum off (a CI setting), so nothing would ever clean the dead row
 * versions that updates leave (two per registration on the group's row). The bench stands in for autovacuum
 * before each group's cells, so every cell starts from the steady state a default installation keeps.
 */
export async function vacuumAnalyze(databaseUrl: string): Promise<{ autovacuum: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
    const row = await client.query<{ autovacuum: string }>('SHOW autovacuum');
    return { autovacuum: row.rows[0]?.autovacuum ?? '?' };
  } finally {
    await client.end();
  }
}
