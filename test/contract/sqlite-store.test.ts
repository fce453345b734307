import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { GroupStatements } from '../../src/adapters/sql/group-statements.js';
import { openMetadataStore, SQLITE_FILE } from '../../src/adapters/sql/open-store.js';
import { PackageStatements } from '../../src/adapters/sql/package-statements.js';
import type { SqlConnection, SqlValue } from '../../src/adapters/sql/sql-connection.js';
import { createGroup, newAccount, register } from './metadata-store/fixtures.js';
import { metadataStoreContract } from './metadata-store.contract.js';

metadataStoreContract('sqlite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelry-sqlite-contract-'));
  const store = await openMetadataStore({ dataDir });
  return {
    store,
    close: async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

interface Issued {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** A SqlConnection over better-sqlite3 that keeps every statement the store's query code issues. */
class RecordingConnection implements SqlConnection {
  readonly dialect = 'sqlite' as const;
  readonly issued: Issued[] = [];
  constructor(private readonly db: Database.Database) {}
  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    this.issued.push({ sql, params });
    return this.db.prepare(sql).all(...params) as T[];
  }
  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    this.issued.push({ sql, params });
    return this.db.prepare(sql).get(...params) as T | undefined;
  }
  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    this.issued.push({ sql, params });
    return this.db.prepare(sql).run(...params).changes;
  }
}

/**
 * The cost check: the list queries must walk an index in the order of the sort, so that a page costs an
 * index seek plus the page, whatever the table size. The SQL is the store's own (issued by its statement
 * classes through a recording connection), planned by SQLite without statistics, as a server sees it.
 */
describe('SQLite query plans of the list queries', () => {
  let dataDir: string;
  let db: Database.Database;
  let groupId: number;
  const account = newAccount();

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'modelry-sqlite-plans-'));
    const store = await openMetadataStore({ dataDir });
    const g = await createGroup(store, account, 'planned');
    for (let i = 0; i < 20; i++) await register(store, g, { metrics: { auc: i / 20, loss: 1 - i / 20 } });
    await store.close();
    groupId = g.id;
    db = new Database(join(dataDir, SQLITE_FILE), { readonly: true });
  });

  after(() => {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function plansOf(work: (conn: RecordingConnection) => Promise<unknown>): Promise<string[][]> {
    const conn = new RecordingConnection(db);
    await work(conn);
    assert.ok(conn.issued.length > 0);
    return conn.issued.map(({ sql, params }) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail),
    );
  }

  function assertIndexed(plans: string[][]): void {
    for (const plan of plans) {
      const text = plan.join('\n');
      assert.doesNotMatch(text, /TEMP B-TREE/, `sorts outside an index:\n${text}`);
      assert.doesNotMatch(text, /^SCAN /m, `scans a table:\n${text}`);
      for (const step of plan) {
        if (!/^(SEARCH|SCAN) /.test(step)) continue;
        assert.match(
          step,
          /USING (COVERING INDEX|INDEX|INTEGER PRIMARY KEY)/,
          `step without an index: ${step}`,
        );
      }
    }
  }

  const cases: { name: string; run: (conn: RecordingConnection) => Promise<unknown> }[] = [];
  for (const sortOrder of ['Ascending', 'Descending'] as const) {
    for (const cursor of [undefined, [1, 1]] as const) {
      const page = { limit: 7, ...(cursor && { after: cursor }) };
      // A group's versions page by version number alone.
      const groupPage = { limit: 7, ...(cursor && { after: [5] }) };
      const tag = `${sortOrder}${cursor ? ', after a cursor' : ''}`;
      cases.push(
        {
          name: `listPackages of a group by creation time, ${tag}`,
          run: (c) =>
            new PackageStatements(c).listPackages({
              account,
              groupId,
              kind: 'Both',
              sortBy: 'CreationTime',
              sortOrder,
              ...groupPage,
            }),
        },
        {
          name: `listPackages of a group by approval status, ${tag}`,
          run: (c) =>
            new PackageStatements(c).listPackages({
              account,
              groupId,
              kind: 'Versioned',
              approvalStatus: 'Approved',
              sortBy: 'CreationTime',
              sortOrder,
              ...groupPage,
            }),
        },
        ...(['Unversioned', 'Versioned', 'Both'] as const).flatMap((kind) =>
          (['Name', 'CreationTime'] as const).map((sortBy) => ({
            name: `listPackages of the account, ${kind}, by ${sortBy}, ${tag}`,
            run: (c: RecordingConnection) =>
              new PackageStatements(c).listPackages({
                account,
                kind,
                sortBy,
                sortOrder,
                limit: 7,
                ...(cursor && { after: sortBy === 'Name' ? ['planned', 1] : [1, 1] }),
              }),
          })),
        ),
        {
          name: `listGroups by name, ${tag}`,
          run: (c) =>
            new GroupStatements(c).listGroups({
              account,
              sortBy: 'Name',
              sortOrder,
              limit: 7,
              ...(cursor && { after: ['planned', 1] }),
            }),
        },
        {
          name: `listGroups by creation time, ${tag}`,
          run: (c) =>
            new GroupStatements(c).listGroups({ account, sortBy: 'CreationTime', sortOrder, ...page }),
        },
      );
      const descending = sortOrder === 'Descending';
      cases.push(
        {
          name: `listVersions by version, ${tag}`,
          run: (c) =>
            new PackageStatements(c).listVersions({
              groupId,
              conditions: [],
              sort: { field: 'version', descending },
              limit: 7,
              ...(cursor && { after: [5] }),
            }),
        },
        {
          name: `listVersions by a metric, filtered by another, ${tag}`,
          run: (c) =>
            new PackageStatements(c).listVersions({
              groupId,
              conditions: [{ metric: 'loss', op: '<', value: 0.9 }],
              sort: { field: { metric: 'auc' }, descending },
              limit: 7,
              ...(cursor && { after: [0.5, 10] }),
            }),
        },
        {
          name: `listVersions by creation time, ${tag}`,
          run: (c) =>
            new PackageStatements(c).listVersions({
              groupId,
              conditions: [],
              sort: { field: 'createdAt', descending },
              ...groupPage,
            }),
        },
      );
    }
  }
  cases.push(
    { name: 'latestVersion', run: (c) => new PackageStatements(c).latestVersion(groupId) },
    {
      name: 'latestVersion with a status',
      run: (c) => new PackageStatements(c).latestVersion(groupId, 'Approved'),
    },
  );

  for (const c of cases) {
    it(`${c.name} uses an index in sort order`, async () => {
      assertIndexed(await plansOf(c.run));
    });
  }

  it('flags a plan that sorts outside an index (the check can fail)', async () => {
    const plans = await plansOf((c) => c.all('SELECT id FROM model_packages ORDER BY description'));
    assert.throws(() => assertIndexed(plans), /TEMP B-TREE|scans a table/);
  });
});
