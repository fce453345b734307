import { approvalViolation, DEFAULT_APPROVAL_RULES } from '../domain/approval-rules.js';
import { DomainError } from '../domain/errors.js';
import { type ChangeType, type MemberChange, packageEvent } from '../domain/events.js';
import { LIMITS } from '../domain/limits.js';
import type {
  Actor,
  ApprovalStatus,
  JsonValue,
  Lifecycle,
  ModelPackage,
  PackageSpec,
} from '../domain/model.js';
import { lifecycleShape } from '../domain/package-description.js';
import type { PackagePatch, StoreTx } from '../ports/metadata-store.js';
import { pinArtifacts } from './artifact-pinning.js';
import { replaceInferencePins, withArtifactsOf } from './artifact-refs.js';
import { type ServiceDeps, scopeOf } from './context.js';
import { eventContext, noteChange } from './event-emit.js';
import { assertDescription } from './groups.js';
import { requirePackage } from './lookups.js';
import {
  assertApprovalDescription,
  assertCustomerMetadata,
  assertLifecycle,
  assertMetrics,
} from './package-rules.js';

/** Members of a version that may change after registration (reference e.4); absent ones keep their values. */
export interface UpdateVersionCommand {
  readonly ref: string;
  readonly approvalStatus?: ApprovalStatus;
  readonly approvalDescription?: string;
  readonly customerMetadata?: Readonly<Record<string, string>>;
  readonly customerMetadataToRemove?: readonly string[];
  readonly lifecycle?: Lifecycle;
  readonly description?: string;
  readonly metrics?: Readonly<Record<string, number | null>>;
  /** SageMaker members replaced as a whole: InferenceSpecification, SourceUri, ModelCard, ModelPackageRegistrationType. */
  readonly specReplacements?: PackageSpec;
  readonly additionalInferenceSpecificationsToAdd?: readonly JsonValue[];
}

export class VersionUpdateService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Applies the group's approval rules to a status change. An approval that breaks a rule is refused; one
   * that meets them is recorded, and the status changes once enough distinct principals approved (false
   * until then: a partial approval). A rejection or a return to pending forgets the approvals so far.
   */
  private async approvalDecided(
    tx: StoreTx,
    actor: Actor,
    pkg: ModelPackage,
    from: ApprovalStatus,
    cmd: UpdateVersionCommand,
    now: number,
  ): Promise<boolean> {
    if (!this.deps.enforceApprovalRules || pkg.groupId === undefined) return true;
    if (cmd.approvalStatus !== 'Approved') {
      await tx.clearApprovals(pkg.id);
      return true;
    }
    if (from === 'Approved') return true;
    const rules = (await tx.getApprovalRules(pkg.groupId)) ?? DEFAULT_APPROVAL_RULES;
    const earlier = await tx.listApprovals(pkg.id);
    const violation = approvalViolation(
      rules,
      pkg,
      { principal: actor.principal, account: actor.account, roles: actor.roles ?? [] },
      earlier,
    );
    if (violation) throw new DomainError('ApprovalRuleViolation', violation, { arn: pkg.arn });
    await tx.recordApproval(pkg.id, {
      principal: actor.principal,
      account: actor.account,
      at: now,
      ...(cmd.approvalDescription !== undefined && { comment: cmd.approvalDescription }),
    });
    return earlier.length + 1 >= rules.requiredApprovals;
  }

  async update(actor: Actor, cmd: UpdateVersionCommand): Promise<ModelPackage> {
    assertApprovalDescription(cmd.approvalDescription);
    assertDescription(cmd.description);
    if (cmd.lifecycle) assertLifecycle(cmd.lifecycle);
    const scope = scopeOf(this.deps, actor);
    // A replaced InferenceSpecification is pinned as at registration, outside the transaction.
    const inference = cmd.specReplacements?.InferenceSpecification;
    const repinned =
      inference === undefined
        ? undefined
        : await pinArtifacts(this.deps.artifacts, { InferenceSpecification: inference });
    return this.deps.store.write(async (tx) => {
      const found = await requirePackage(tx, scope, cmd.ref);
      if (found.version === undefined || found.groupId === undefined) {
        throw new DomainError(
          'InvalidPackageKind',
          `Model package ${found.arn} is not versioned; only model package versions can be updated.`,
          { arn: found.arn },
        );
      }
      // Under the group lock the version is read again: its event's "previous" values are then exactly the
      // state this change replaced, and the group's events commit in the order they were written.
      await tx.lockGroup(found.groupId);
      const pkg = await requirePackage(tx, scope, found.arn);
      const now = this.deps.clock.now();
      const patch: { -readonly [K in keyof PackagePatch]: PackagePatch[K] } = {
        updatedAt: now,
        updatedBy: actor,
      };
      const from = pkg.approvalStatus ?? 'PendingManualApproval';
      if (cmd.approvalStatus !== undefined && (await this.approvalDecided(tx, actor, pkg, from, cmd, now))) {
        patch.approvalStatus = cmd.approvalStatus;
      }
      if (cmd.approvalDescription !== undefined) patch.approvalDescription = cmd.approvalDescription;
      const metadata = mergeMetadata(pkg, cmd);
      if (metadata !== undefined) patch.customerMetadata = metadata;
      if (cmd.lifecycle) patch.lifecycle = cmd.lifecycle;
      if (cmd.description !== undefined) patch.description = cmd.description;
      if (cmd.metrics) patch.metrics = mergeMetrics(pkg.metrics, cmd.metrics);
      const spec = mergeSpec(pkg.spec, cmd);
      if (spec) patch.spec = spec;
      const updated = await tx.updatePackage(pkg.id, patch);
      if (repinned) await replaceInferencePins(tx, pkg.id, repinned);
      if (
        patch.approvalStatus !== undefined &&
        (patch.approvalStatus !== from || cmd.approvalDescription !== undefined)
      ) {
        await tx.recordApprovalChange(pkg.id, {
          at: now,
          actor,
          from,
          to: patch.approvalStatus,
          ...(cmd.approvalDescription !== undefined && { comment: cmd.approvalDescription }),
        });
      }
      const event = changeEvent(pkg, updated);
      if (event) {
        await tx.appendEvent(packageEvent(eventContext(this.deps, actor, now), updated, ...event), now);
      }
      return withArtifactsOf(tx, updated);
    });
  }
}

/** What an update changed, as event change types and members; undefined when it changed nothing. */
function changeEvent(
  before: ModelPackage,
  after: ModelPackage,
): [ChangeType[], Record<string, MemberChange>] | undefined {
  const changes: Record<string, MemberChange> = {};
  const types: ChangeType[] = [];
  const approval = noteChange(changes, 'ModelApprovalStatus', before.approvalStatus, after.approvalStatus);
  noteChange(changes, 'ApprovalDescription', before.approvalDescription, after.approvalDescription);
  if (approval) types.push('ApprovalStatusChanged');
  if (noteChange(changes, 'ModelLifeCycle', lifecycleShape(before), lifecycleShape(after))) {
    types.push('LifecycleChanged');
  }
  let metadata = noteChange(
    changes,
    'CustomerMetadataProperties',
    before.customerMetadata,
    after.customerMetadata,
  );
  metadata =
    noteChange(changes, 'ModelPackageDescription', before.description, after.description) || metadata;
  metadata = noteChange(changes, 'Metrics', before.metrics, after.metrics) || metadata;
  for (const member of new Set([...Object.keys(before.spec), ...Object.keys(after.spec)])) {
    metadata = noteChange(changes, member, before.spec[member], after.spec[member]) || metadata;
  }
  // A new approval comment alone (same status) is still news for whoever follows approvals.
  if (!approval && changes.ApprovalDescription) types.push('ApprovalStatusChanged');
  if (metadata) types.push('MetadataUpdated');
  return types.length > 0 ? [types, changes] : undefined;
}

function mergeMetadata(
  pkg: ModelPackage,
  cmd: UpdateVersionCommand,
): Record<string, string> | null | undefined {
  if (!cmd.customerMetadata && !cmd.customerMetadataToRemove) return undefined;
  const merged: Record<string, string> = { ...(pkg.customerMetadata ?? {}), ...(cmd.customerMetadata ?? {}) };
  for (const key of cmd.customerMetadataToRemove ?? []) delete merged[key];
  assertCustomerMetadata(merged);
  return Object.keys(merged).length === 0 ? null : merged;
}

function mergeMetrics(
  current: Readonly<Record<string, number>>,
  change: Readonly<Record<string, number | null>>,
): Record<string, number> {
  const merged: Record<string, number> = { ...current };
  for (const [name, value] of Object.entries(change)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  assertMetrics(merged);
  return merged;
}

function mergeSpec(spec: PackageSpec, cmd: UpdateVersionCommand): PackageSpec | undefined {
  const adds = cmd.additionalInferenceSpecificationsToAdd ?? [];
  if (!cmd.specReplacements && adds.length === 0) return undefined;
  const next: Record<string, JsonValue> = { ...spec, ...(cmd.specReplacements ?? {}) };
  if (adds.length > 0) {
    const existing = Array.isArray(spec.AdditionalInferenceSpecifications)
      ? spec.AdditionalInferenceSpecifications
      : [];
    const all = [...existing, ...adds];
    if (all.length > LIMITS.additionalInferenceSpecifications) {
      throw new DomainError(
        'ValidationFailed',
        `A version holds at most ${LIMITS.additionalInferenceSpecifications} additional inference specifications; this update would make ${all.length}.`,
        { field: 'AdditionalInferenceSpecificationsToAdd' },
      );
    }
    const names = all.map((s) => (s && typeof s === 'object' && !Array.isArray(s) ? s.Name : undefined));
    const duplicate = names.find((n, i) => n !== undefined && names.indexOf(n) !== i);
    if (duplicate !== undefined) {
      throw new DomainError(
        'ValidationFailed',
        `An additional inference specification named ${String(duplicate)} already exists.`,
        { field: 'AdditionalInferenceSpecificationsToAdd' },
      );
    }
    next.AdditionalInferenceSpecifications = all;
  }
  return next;
}
