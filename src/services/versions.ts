import { createHash } from 'node:crypto';
import { DEFAULT_APPROVAL_STATUS } from '../domain/approval.js';
import { DEFAULT_APPROVAL_RULES } from '../domain/approval-rules.js';
import { DomainError } from '../domain/errors.js';
import { packageEvent } from '../domain/events.js';
import { LIMITS } from '../domain/limits.js';
import type {
  Actor,
  ApprovalStatus,
  Group,
  Lifecycle,
  ModelPackage,
  PackageSpec,
  Tag,
} from '../domain/model.js';
import { isEntityName, unversionedArn, versionArn } from '../domain/names.js';
import type { StoreTx } from '../ports/metadata-store.js';
import { pinArtifacts } from './artifact-pinning.js';
import { withArtifacts, withArtifactsOf } from './artifact-refs.js';
import { type ServiceDeps, scopeOf } from './context.js';
import { eventContext } from './event-emit.js';
import { assertDescription } from './groups.js';
import { requireGroup, requirePackage } from './lookups.js';
import {
  assertApprovalDescription,
  assertCustomerMetadata,
  assertLifecycle,
  assertMetrics,
} from './package-rules.js';
import { assertTags } from './tag-rules.js';

export interface RegisterVersionCommand {
  /** Group name or ARN. */
  readonly group: string;
  readonly description?: string;
  readonly approvalStatus?: ApprovalStatus;
  readonly approvalDescription?: string;
  readonly lifecycle?: Lifecycle;
  readonly customerMetadata?: Readonly<Record<string, string>>;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly spec: PackageSpec;
  readonly clientToken?: string;
}

export interface CreateUnversionedCommand {
  readonly name: string;
  readonly description?: string;
  readonly lifecycle?: Lifecycle;
  readonly customerMetadata?: Readonly<Record<string, string>>;
  readonly spec: PackageSpec;
  readonly tags?: readonly Tag[];
  readonly clientToken?: string;
}

function fingerprint(cmd: object): string {
  const { clientToken: _ignored, ...rest } = cmd as { clientToken?: string };
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

export class VersionService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Registers the next version of a group. The number comes from the group's counter inside the same
   * transaction, so versions are gapless under concurrency and never reused. A retried call with the
   * same client token returns the version the first call created.
   */
  async register(actor: Actor, cmd: RegisterVersionCommand): Promise<ModelPackage> {
    assertDescription(cmd.description);
    assertApprovalDescription(cmd.approvalDescription);
    if (cmd.lifecycle) assertLifecycle(cmd.lifecycle);
    if (cmd.customerMetadata) assertCustomerMetadata(cmd.customerMetadata);
    const metrics = cmd.metrics ?? {};
    assertMetrics(metrics);
    assertAdditionalSpecs(cmd.spec);
    const scope = scopeOf(this.deps, actor);
    const requestHash = fingerprint(cmd);
    // Outside the transaction: pinning may read a whole object to hash it.
    const artifacts = await pinArtifacts(this.deps.artifacts, cmd.spec);
    return this.deps.store.write(async (tx) => {
      const group = await requireGroup(tx, scope, cmd.group);
      await tx.lockGroup(group.id);
      if (cmd.clientToken) {
        const earlier = await tx.findByClientToken(group.id, cmd.clientToken);
        if (earlier) {
          if (earlier.requestHash !== requestHash) {
            throw new DomainError(
              'IdempotencyConflict',
              `ClientToken ${cmd.clientToken} was already used with different parameters (for ${earlier.arn}).`,
              { clientToken: cmd.clientToken, arn: earlier.arn },
            );
          }
          return withArtifactsOf(tx, earlier);
        }
      }
      const approvalStatus = cmd.approvalStatus ?? DEFAULT_APPROVAL_STATUS;
      if (approvalStatus === 'Approved') await this.assertSelfApprovalAllowed(tx, actor, group);
      const version = await tx.nextVersionNumber(group.id);
      const now = this.deps.clock.now();
      // The version lives where its group does: a version registered into another account's group (shared
      // through its resource policy) is that account's.
      const pkg = await tx.insertPackage({
        account: group.account,
        arn: versionArn({ ...scope, account: group.account }, group.name, version),
        groupId: group.id,
        groupName: group.name,
        version,
        ...(cmd.description !== undefined && { description: cmd.description }),
        status: 'Completed',
        approvalStatus,
        ...(cmd.approvalDescription !== undefined && { approvalDescription: cmd.approvalDescription }),
        ...(cmd.lifecycle && { lifecycle: cmd.lifecycle }),
        ...(cmd.customerMetadata && { customerMetadata: cmd.customerMetadata }),
        metrics,
        spec: cmd.spec,
        ...(cmd.clientToken && { clientToken: cmd.clientToken }),
        requestHash,
        createdAt: now,
        createdBy: actor,
      });
      await tx.insertPackageArtifacts(pkg.id, artifacts);
      await tx.recordApprovalChange(pkg.id, {
        at: now,
        actor,
        to: approvalStatus,
        ...(cmd.approvalDescription !== undefined && { comment: cmd.approvalDescription }),
      });
      await tx.appendEvent(packageEvent(eventContext(this.deps, actor, now), pkg, ['Registered']), now);
      return { ...pkg, artifacts };
    });
  }

  /** Registering a version as Approved is approving one's own version: the group's rules must allow it. */
  private async assertSelfApprovalAllowed(tx: StoreTx, actor: Actor, group: Group): Promise<void> {
    if (!this.deps.enforceApprovalRules) return;
    const rules = (await tx.getApprovalRules(group.id)) ?? DEFAULT_APPROVAL_RULES;
    if (rules.separationOfDuties || rules.requiredApprovals > 1) {
      throw new DomainError(
        'ApprovalRuleViolation',
        `Separation of duties: ${actor.principal} may not register a version of ${group.name} as Approved; register it pending and have ${rules.requiredApprovals > 1 ? `${rules.requiredApprovals} other principals` : 'another principal'} approve it.`,
        { group: group.name },
      );
    }
  }

  /** The SageMaker Marketplace kind: a named package outside any group, without approval status. */
  async createUnversioned(actor: Actor, cmd: CreateUnversionedCommand): Promise<ModelPackage> {
    if (!isEntityName(cmd.name, LIMITS.packageNameMax)) {
      throw new DomainError('ValidationFailed', `Invalid model package name "${cmd.name}".`, {
        field: 'name',
      });
    }
    assertDescription(cmd.description);
    if (cmd.lifecycle) assertLifecycle(cmd.lifecycle);
    if (cmd.customerMetadata) assertCustomerMetadata(cmd.customerMetadata);
    const tags = cmd.tags ?? [];
    assertTags(tags);
    assertAdditionalSpecs(cmd.spec);
    const scope = scopeOf(this.deps, actor);
    const arn = unversionedArn(scope, cmd.name);
    const requestHash = fingerprint(cmd);
    const artifacts = await pinArtifacts(this.deps.artifacts, cmd.spec);
    return this.deps.store.write(async (tx) => {
      const existing = await tx.findUnversioned(scope.account, cmd.name);
      if (existing) {
        // A retry of the call that created it (same token, same input) gets the same package back.
        const retry = cmd.clientToken !== undefined && existing.clientToken === cmd.clientToken;
        if (retry && existing.requestHash === requestHash) return withArtifactsOf(tx, existing);
        throw new DomainError(
          retry ? 'IdempotencyConflict' : 'PackageAlreadyExists',
          retry
            ? `ClientToken ${cmd.clientToken} was already used with different parameters (for ${existing.arn}).`
            : `Model package ${existing.arn} already exists.`,
          { arn },
        );
      }
      const now = this.deps.clock.now();
      const pkg = await tx.insertPackage({
        account: scope.account,
        arn,
        name: cmd.name,
        ...(cmd.description !== undefined && { description: cmd.description }),
        status: 'Completed',
        ...(cmd.lifecycle && { lifecycle: cmd.lifecycle }),
        ...(cmd.customerMetadata && { customerMetadata: cmd.customerMetadata }),
        metrics: {},
        spec: cmd.spec,
        ...(cmd.clientToken && { clientToken: cmd.clientToken }),
        requestHash,
        createdAt: now,
        createdBy: actor,
      });
      await tx.insertPackageArtifacts(pkg.id, artifacts);
      if (tags.length > 0) await tx.putTags({ type: 'package', id: pkg.id }, tags);
      await tx.appendEvent(packageEvent(eventContext(this.deps, actor, now), pkg, ['Registered']), now);
      return { ...pkg, artifacts };
    });
  }

  describe(actor: Actor, ref: string): Promise<ModelPackage> {
    return this.deps.store.read(async (tx) =>
      withArtifactsOf(tx, await requirePackage(tx, scopeOf(this.deps, actor), ref)),
    );
  }

  /** Describes up to 100 packages by ARN; the ones that fail are reported per ARN, not as a whole. */
  async batchDescribe(
    actor: Actor,
    refs: readonly string[],
  ): Promise<{ found: Map<string, ModelPackage>; failed: Map<string, DomainError> }> {
    const scope = scopeOf(this.deps, actor);
    const found = new Map<string, ModelPackage>();
    const failed = new Map<string, DomainError>();
    await this.deps.store.read(async (tx) => {
      for (const ref of refs.slice(0, LIMITS.batchDescribeMax)) {
        try {
          found.set(ref, await requirePackage(tx, scope, ref));
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          failed.set(ref, err);
        }
      }
      const described = await withArtifacts(tx, [...found.values()]);
      for (const [i, ref] of [...found.keys()].entries()) found.set(ref, described[i]!);
    });
    return { found, failed };
  }

  async delete(actor: Actor, ref: string): Promise<ModelPackage> {
    const scope = scopeOf(this.deps, actor);
    return this.deps.store.write(async (tx) => {
      const found = await requirePackage(tx, scope, ref);
      // The group lock orders this delete's event after every change to the group that committed before it.
      if (found.groupId !== undefined) await tx.lockGroup(found.groupId);
      const pkg = found.groupId !== undefined ? await requirePackage(tx, scope, found.arn) : found;
      await tx.deleteAllTags({ type: 'package', id: pkg.id });
      await tx.deletePackage(pkg.id);
      const now = this.deps.clock.now();
      const gone = { ...pkg, status: 'Deleting' as const };
      await tx.appendEvent(packageEvent(eventContext(this.deps, actor, now), gone, ['Deleted']), now);
      return pkg;
    });
  }
}

function assertAdditionalSpecs(spec: PackageSpec): void {
  const extra = spec.AdditionalInferenceSpecifications;
  if (Array.isArray(extra) && extra.length > LIMITS.additionalInferenceSpecifications) {
    throw new DomainError(
      'ValidationFailed',
      `At most ${LIMITS.additionalInferenceSpecifications} additional inference specifications are allowed.`,
      { field: 'AdditionalInferenceSpecifications' },
    );
  }
}
