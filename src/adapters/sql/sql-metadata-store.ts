import type { MetadataStore, StoreTx } from '../../ports/metadata-store.js';
import { DeliveryStatements } from './delivery-statements.js';
import { EventConfigStatements } from './event-config-statements.js';
import { EventStatements } from './event-statements.js';
import { GroupStatements } from './group-statements.js';
import { PackageStatements } from './package-statements.js';
import type { SqlConnection, SqlDatabase } from './sql-connection.js';
import { TagStatements } from './tag-statements.js';

function txOn(conn: SqlConnection, onAppend: () => void = () => undefined): StoreTx {
  const groups = new GroupStatements(conn);
  const packages = new PackageStatements(conn);
  const tags = new TagStatements(conn);
  const events = new EventStatements(conn);
  const config = new EventConfigStatements(conn);
  const deliveries = new DeliveryStatements(conn);
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
    appendEvent: (e, at) => {
      onAppend();
      return events.appendEvent(e, at);
    },
    tryLockRelay: () => events.tryLockRelay(),
    unpublishedEvents: (n) => events.unpublishedEvents(n),
    lastSeq: () => events.lastSeq(),
    publishEvent: (row, seq) => events.publishEvent(row, seq),
    hasUnpublished: () => events.hasUnpublished(),
    eventsAfter: (seq, n) => events.eventsAfter(seq, n),
    listEvents: (q) => events.listEvents(q),
    findEvent: (a, id) => events.findEvent(a, id),
    eventsInRange: (a, s, u, after, n) => events.eventsInRange(a, s, u, after, n),
    insertTarget: (t) => config.insertTarget(t),
    updateTarget: (id, c) => config.updateTarget(id, c),
    findTarget: (a, n) => config.findTarget(a, n),
    listTargets: (a, n, after) => config.listTargets(a, n, after),
    deleteTarget: (id) => config.deleteTarget(id),
    rulesNamingTarget: (id) => config.rulesNamingTarget(id),
    targetMaxAges: (ids) => config.targetMaxAges(ids),
    insertRule: (r) => config.insertRule(r),
    updateRule: (id, c) => config.updateRule(id, c),
    findRule: (a, n) => config.findRule(a, n),
    listRules: (a, n, after) => config.listRules(a, n, after),
    countRules: (a) => config.countRules(a),
    deleteRule: (id) => config.deleteRule(id),
    enabledRules: (a) => config.enabledRules(a),
    insertDelivery: (d) => deliveries.insertDelivery(d),
    hasDue: (now) => deliveries.hasDue(now),
    claimDeliveries: (o, now, n) => deliveries.claimDeliveries(o, now, n),
    finishAttempt: (id, o, a, out) => deliveries.finishAttempt(id, o, a, out),
    queueStats: () => deliveries.queueStats(),
    listDeliveries: (q) => deliveries.listDeliveries(q),
    findDelivery: (a, id) => deliveries.findDelivery(a, id),
    listAttempts: (id) => deliveries.listAttempts(id),
    deadDeliveries: (a, t, after, n) => deliveries.deadDeliveries(a, t, after, n),
  };
}

/** The one MetadataStore implementation; SQLite and PostgreSQL differ only in their SqlDatabase. */
export class SqlMetadataStore implements MetadataStore {
  readonly backend: 'sqlite' | 'postgres';
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly db: SqlDatabase) {
    this.backend = db.dialect;
  }

  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.db.read((conn) => work(txOn(conn)));
  }

  async write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    let appended = false;
    const result = await this.db.write((conn) =>
      work(
        txOn(conn, () => {
          appended = true;
        }),
      ),
    );
    // Only now is the event committed: the relay is told after COMMIT, never for a rolled-back change.
    if (appended) for (const listener of this.listeners) listener();
    return result;
  }

  onEventsCommitted(listener: () => void): void {
    this.listeners.push(listener);
  }

  async ping(): Promise<void> {
    await this.db.read((conn) => conn.get('SELECT 1 AS ok'));
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
