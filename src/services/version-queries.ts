import { DomainError } from '../domain/errors.js';
import type { MetricCondition, VersionSort } from '../domain/metric-query.js';
import type {
  Actor,
  ApprovalChange,
  ApprovalStatus,
  Group,
  ModelPackage,
  PackageSummary,
} from '../domain/model.js';
import { resolveGroupRef } from '../domain/names.js';
import type { Cursor } from '../domain/paging.js';
import type { Listed, SortOrder } from '../ports/metadata-store.js';
import { withArtifacts, withArtifactsOf } from './artifact-refs.js';
import { type ServiceDeps, scopeOf } from './context.js';
import { requireGroup, requirePackage } from './lookups.js';

export interface ListPackagesCommand {
  readonly group?: string;
  readonly kind?: 'Versioned' | 'Unversioned' | 'Both';
  readonly approvalStatus?: ApprovalStatus;
  readonly nameContains?: string;
  readonly createdAfter?: number;
  readonly createdBefore?: number;
  readonly sortBy?: 'Name' | 'CreationTime';
  readonly sortOrder?: SortOrder;
  readonly limit: number;
  readonly after?: Cursor;
}

export interface ListVersionsCommand {
  readonly group: string;
  readonly approvalStatus?: ApprovalStatus;
  readonly stage?: string;
  readonly conditions: readonly MetricCondition[];
  readonly sort: VersionSort;
  readonly limit: number;
  readonly after?: Cursor;
}

export class VersionQueryService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * The SageMaker list: with a group, that group's versions whatever ModelPackageType says; without one,
   * the account's packages of the requested kind (default Unversioned, as in SageMaker). A group that does
   * not exist lists nothing.
   */
  list(actor: Actor, cmd: ListPackagesCommand): Promise<Listed<PackageSummary>> {
    const scope = scopeOf(this.deps, actor);
    return this.deps.store.read(async (tx) => {
      let group: Group | undefined;
      if (cmd.group !== undefined) {
        // A group ARN may be another account's, shared through its resource policy.
        const ref = resolveGroupRef(scope, cmd.group);
        group = ref && !ref.foreign ? await tx.findGroup(ref.account, ref.name) : undefined;
        if (!group) return { items: [] };
      }
      const groupId = group?.id;
      return tx.listPackages({
        account: group?.account ?? scope.account,
        ...(groupId !== undefined && { groupId }),
        kind: cmd.kind ?? 'Unversioned',
        ...(cmd.approvalStatus && { approvalStatus: cmd.approvalStatus }),
        ...(cmd.nameContains && { nameContains: cmd.nameContains }),
        ...(cmd.createdAfter !== undefined && { createdAfter: cmd.createdAfter }),
        ...(cmd.createdBefore !== undefined && { createdBefore: cmd.createdBefore }),
        sortBy: cmd.sortBy ?? 'CreationTime',
        sortOrder: cmd.sortOrder ?? 'Ascending',
        limit: cmd.limit,
        ...(cmd.after && { after: cmd.after }),
      });
    });
  }

  /** The native list of a group's versions, filtered and sorted by metrics. */
  listVersions(actor: Actor, cmd: ListVersionsCommand): Promise<Listed<ModelPackage>> {
    const scope = scopeOf(this.deps, actor);
    return this.deps.store.read(async (tx) => {
      const group = await requireGroup(tx, scope, cmd.group);
      const page = await tx.listVersions({
        groupId: group.id,
        ...(cmd.approvalStatus && { approvalStatus: cmd.approvalStatus }),
        ...(cmd.stage && { stage: cmd.stage }),
        conditions: cmd.conditions,
        sort: cmd.sort,
        limit: cmd.limit,
        ...(cmd.after && { after: cmd.after }),
      });
      return { ...page, items: await withArtifacts(tx, page.items) };
    });
  }

  /** "Which version should run?": the highest-numbered version of a group, optionally with a given status. */
  latest(actor: Actor, groupRef: string, approvalStatus?: ApprovalStatus): Promise<ModelPackage> {
    const scope = scopeOf(this.deps, actor);
    return this.deps.store.read(async (tx) => {
      const group = await requireGroup(tx, scope, groupRef);
      const pkg = await tx.latestVersion(group.id, approvalStatus);
      if (!pkg) {
        const which = approvalStatus ? `${approvalStatus} ` : '';
        throw new DomainError(
          'PackageNotFound',
          `Model package group ${group.name} has no ${which}version.`,
          {
            group: group.name,
            ...(approvalStatus && { approvalStatus }),
          },
        );
      }
      return withArtifactsOf(tx, pkg);
    });
  }

  approvalHistory(actor: Actor, ref: string): Promise<ApprovalChange[]> {
    const scope = scopeOf(this.deps, actor);
    return this.deps.store.read(async (tx) => {
      const pkg = await requirePackage(tx, scope, ref);
      return tx.listApprovalChanges(pkg.id);
    });
  }
}
