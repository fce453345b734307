import type { OutboxEvent } from '../../domain/events.js';
import type { MetadataStore, StoreTx } from '../../ports/metadata-store.js';
import { ApprovalStatements } from './approval-statements.js';
import { ArtifactStatements } from './artifact-statements.js';
import { AuditStatements } from './audit-statements.js';
import { DeliveryStatements } from './delivery-statements.js';
import { EventConfigStatements } from './event-config-statements.js';
import { EventStatements } from './event-statements.js';
import { GroupStatements } from './group-statements.js';
import { IdentityStatements } from './identity-statements.js';
import { PackageStatements } from './package-statements.js';
import { RoleStatements } from './role-statements.js';
import type { SqlConnection, SqlDatabase } from './sql-connection.js';
import { TagStatements } from './tag-statements.js';

function txOn(conn: SqlConnection, onAppend: (event: OutboxEvent) => void = () => undefined): StoreTx {
  const groups = new GroupStatements(conn);
  const packages = new PackageStatements(conn);
  const tags = new TagStatements(conn);
  const events = new EventStatements(conn);
  const config = new EventConfigStatements(conn);
  const deliveries = new DeliveryStatements(conn);
  const approvals = new ApprovalStatements(conn);
  const audit = new AuditStatements(conn);
  const artifacts = new ArtifactStatements(conn);
  const identity = new IdentityStatements(conn);
  const roles = new RoleStatements(conn);
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
    insertPackageArtifacts: (id, a) => artifacts.insertPackageArtifacts(id, a),
    deletePackageArtifacts: (id) => artifacts.deletePackageArtifacts(id),
    listPackageArtifacts: (ids) => artifacts.listPackageArtifacts(ids),
    referencedDigests: (d) => artifacts.referencedDigests(d),
    listTags: (r, q) => tags.listTags(r, q),
    countTags: (r) => tags.countTags(r),
    putTags: (r, t) => tags.putTags(r, t),
    deleteTags: (r, k) => tags.deleteTags(r, k),
    deleteAllTags: (r) => tags.deleteAllTags(r),
    appendAudit: (e) => audit.appendAudit(e),
    listAudit: (q) => audit.listAudit(q),
    auditTrail: (after, n) => audit.auditTrail(after, n),
    auditHead: () => audit.auditHead(),
    getApprovalRules: (g) => approvals.getApprovalRules(g),
    putApprovalRules: (g, r, at, by) => approvals.putApprovalRules(g, r, at, by),
    recordApproval: (p, a) => approvals.recordApproval(p, a),
    listApprovals: (p) => approvals.listApprovals(p),
    clearApprovals: (p) => approvals.clearApprovals(p),
    appendEvent: (e, at) => {
      onAppend(e);
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
    countPrincipals: () => identity.countPrincipals(),
    insertPrincipal: (p) => identity.insertPrincipal(p),
    findPrincipal: (a, n) => identity.findPrincipal(a, n),
    findPrincipalById: (id) => identity.findPrincipalById(id),
    listPrincipals: (a, n, after) => identity.listPrincipals(a, n, after),
    findPrincipalAccounts: (name, n) => identity.findPrincipalAccounts(name, n),
    updatePrincipal: (id, c) => identity.updatePrincipal(id, c),
    deletePrincipal: (id) => identity.deletePrincipal(id),
    putPrincipalPolicy: (id, p) => identity.putPrincipalPolicy(id, p),
    deletePrincipalPolicy: (id, n) => identity.deletePrincipalPolicy(id, n),
    listPrincipalPolicies: (id) => identity.listPrincipalPolicies(id),
    insertAccessKey: (k) => identity.insertAccessKey(k),
    findAccessKey: (k) => identity.findAccessKey(k),
    listAccessKeys: (id) => identity.listAccessKeys(id),
    revokeAccessKey: (k, at) => identity.revokeAccessKey(k, at),
    touchAccessKey: (k, at) => identity.touchAccessKey(k, at),
    insertToken: (t) => identity.insertToken(t),
    findToken: (t) => identity.findToken(t),
    listTokens: (id) => identity.listTokens(id),
    revokeToken: (t, at) => identity.revokeToken(t, at),
    touchToken: (t, at) => identity.touchToken(t, at),
    insertRole: (r) => roles.insertRole(r),
    findRoles: (a, n, lock) => roles.findRoles(a, n, lock),
    listRoles: (a, n, after) => roles.listRoles(a, n, after),
    updateRole: (id, c) => roles.updateRole(id, c),
    deleteRole: (id) => roles.deleteRole(id),
    roleHolders: (a, r, n) => roles.roleHolders(a, r, n),
  };
}

export interface UnitHook {
  /** Called when a unit of work is queued, in the caller's asynchronous context. */
  capture(): unknown;
  end(tx: StoreTx, events: readonly OutboxEvent[], captured: unknown): Promise<void>;
}

/** The one MetadataStore implementation; SQLite and PostgreSQL differ only in their SqlDatabase. */
export class SqlMetadataStore implements MetadataStore {
  readonly backend: 'sqlite' | 'postgres';
  private readonly listeners: (() => void)[] = [];
  private unitHook: UnitHook | undefined;

  constructor(private readonly db: SqlDatabase) {
    this.backend = db.dialect;
  }

  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.db.read((conn) => work(txOn(conn)));
  }

  async write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    const events: OutboxEvent[] = [];
    // Taken now, in the caller's context: the unit itself may run in another request's batch (SQLite).
    const captured = this.unitHook?.capture();
    const result = await this.db.write(async (conn) => {
      const tx = txOn(conn, (e) => events.push(e));
      const value = await work(tx);
      await this.unitHook?.end(tx, events, captured);
      return value;
    });
    // Only now is the event committed: the relay is told after COMMIT, never for a rolled-back change.
    if (events.length > 0) for (const listener of this.listeners) listener();
    return result;
  }

  /** Runs at the end of every write unit, inside its transaction (the audit trail's record of the change). */
  setUnitHook(hook: UnitHook): void {
    this.unitHook = hook;
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
