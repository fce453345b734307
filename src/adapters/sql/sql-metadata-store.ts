import type { MetadataStore, StoreTx } from '../../ports/metadata-store.js';
import { GroupStatements } from './group-statements.js';
import { PackageStatements } from './package-statements.js';
import type { SqlConnection, SqlDatabase } from './sql-connection.js';
import { TagStatements } from './tag-statements.js';

function txOn(conn: SqlConnection): StoreTx {
  const groups = new GroupStatements(conn);
  const packages = new PackageStatements(conn);
  const tags = new TagStatements(conn);
  return {
    insertGroup: (g) => groups.insertGroup(g),
    findGroup: (a, n) => groups.findGroup(a, n),
    listGroups: (q) => groups.listGroups(q),
    updateGroupDescription: (id, d) => groups.updateGroupDescription(id, d),
    deleteGroup: (id) => groups.deleteGroup(id),
    countVersions: (id) => groups.countVersions(id),
    lockGroup: (id) => groups.lockGroup(id),
    nextVersionNumber: (id) => groups.nextVersionNumber(id),
    getGroupPolicy: (id) => groups.getGroupPolicy(id),
    setGroupPolicy: (id, p) => groups.setGroupPolicy(id, p),
    insertPackage: (p) => packages.insertPackage(p),
    findVersion: (a, g, v) => packages.findVersion(a, g, v),
    findUnversioned: (a, n) => packages.findUnversioned(a, n),
    findByClientToken: (g, t) => packages.findByClientToken(g, t),
    listPackages: (q) => packages.listPackages(q),
    listVersions: (q) => packages.listVersions(q),
    latestVersion: (g, s) => packages.latestVersion(g, s),
    updatePackage: (id, p) => packages.updatePackage(id, p),
    deletePackage: (id) => packages.deletePackage(id),
    recordApprovalChange: (id, c) => packages.recordApprovalChange(id, c),
    listApprovalChanges: (id) => packages.listApprovalChanges(id),
    listTags: (r, q) => tags.listTags(r, q),
    countTags: (r) => tags.countTags(r),
    putTags: (r, t) => tags.putTags(r, t),
    deleteTags: (r, k) => tags.deleteTags(r, k),
    deleteAllTags: (r) => tags.deleteAllTags(r),
  };
}

/** The one MetadataStore implementation; SQLite and PostgreSQL differ only in their SqlDatabase. */
export class SqlMetadataStore implements MetadataStore {
  readonly backend: 'sqlite' | 'postgres';

  constructor(private readonly db: SqlDatabase) {
    this.backend = db.dialect;
  }

  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.db.read((conn) => work(txOn(conn)));
  }

  write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.db.write((conn) => work(txOn(conn)));
  }

  async ping(): Promise<void> {
    await this.db.read((conn) => conn.get('SELECT 1 AS ok'));
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
