import type { PinnedArtifact } from '../../domain/model.js';
import type { ArtifactRefTx } from '../../ports/artifact-ref-store.js';
import type { SqlConnection } from './sql-connection.js';

interface ArtifactRow {
  package_id: number | string;
  field: string;
  uri: string;
  sha256: string | null;
  size: number | string | null;
  verified: number | string;
}

/** Bound parameters per IN list: well under SQLite's and PostgreSQL's limits. */
const BATCH = 500;

/** The artifacts each package pinned at registration (rows go with the package: ON DELETE CASCADE). */
export class ArtifactStatements implements ArtifactRefTx {
  constructor(private readonly conn: SqlConnection) {}

  async insertPackageArtifacts(packageId: number, artifacts: readonly PinnedArtifact[]): Promise<void> {
    for (const [position, a] of artifacts.entries()) {
      await this.conn.run(
        `INSERT INTO package_artifacts (package_id, position, field, uri, sha256, size, verified)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [packageId, position, a.field, a.uri, a.sha256 ?? null, a.size ?? null, a.verified ? 1 : 0],
      );
    }
  }

  async deletePackageArtifacts(packageId: number): Promise<void> {
    await this.conn.run('DELETE FROM package_artifacts WHERE package_id = ?', [packageId]);
  }

  async listPackageArtifacts(packageIds: readonly number[]): Promise<Map<number, PinnedArtifact[]>> {
    const out = new Map<number, PinnedArtifact[]>();
    for (const ids of batches([...new Set(packageIds)])) {
      const rows = await this.conn.all<ArtifactRow>(
        `SELECT package_id, field, uri, sha256, size, verified FROM package_artifacts
         WHERE package_id IN (${ids.map(() => '?').join(', ')}) ORDER BY package_id, position`,
        ids,
      );
      for (const row of rows) {
        const id = Number(row.package_id);
        const list = out.get(id) ?? [];
        list.push(toArtifact(row));
        out.set(id, list);
      }
    }
    return out;
  }

  async referencedDigests(sha256s: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const digests of batches([...new Set(sha256s)])) {
      const rows = await this.conn.all<{ sha256: string }>(
        `SELECT DISTINCT sha256 FROM package_artifacts WHERE sha256 IN (${digests.map(() => '?').join(', ')})`,
        digests,
      );
      for (const row of rows) found.add(row.sha256);
    }
    return found;
  }
}

function toArtifact(row: ArtifactRow): PinnedArtifact {
  return {
    field: row.field,
    uri: row.uri,
    ...(row.sha256 !== null && { sha256: row.sha256 }),
    ...(row.size !== null && { size: Number(row.size) }),
    verified: Number(row.verified) === 1,
  };
}

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}
