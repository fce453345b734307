import type { Actor, Group, ModelPackage, PackageSummary, Tag } from '../../domain/model.js';

/** Domain → SageMaker wire shapes. Timestamps are epoch seconds; absent members are left out. */

export function seconds(ms: number): number {
  return ms / 1000;
}

export function userContext(actor: Actor): Record<string, unknown> {
  return {
    UserProfileName: actor.principal,
    IamIdentity: {
      Arn: `arn:aws:iam::${actor.account}:user/${actor.principal}`,
      PrincipalId: actor.principal,
    },
  };
}

export function groupDescription(g: Group): Record<string, unknown> {
  return {
    ModelPackageGroupName: g.name,
    ModelPackageGroupArn: g.arn,
    ...(g.description !== undefined && { ModelPackageGroupDescription: g.description }),
    CreationTime: seconds(g.createdAt),
    CreatedBy: userContext(g.createdBy),
    ModelPackageGroupStatus: g.status,
    ...(g.managedConfiguration && { ManagedConfiguration: g.managedConfiguration }),
  };
}

export function groupSummary(g: Group): Record<string, unknown> {
  return {
    ModelPackageGroupName: g.name,
    ModelPackageGroupArn: g.arn,
    ...(g.description !== undefined && { ModelPackageGroupDescription: g.description }),
    CreationTime: seconds(g.createdAt),
    ModelPackageGroupStatus: g.status,
    ...(g.managedConfiguration && { ManagedConfiguration: g.managedConfiguration }),
  };
}

function identity(p: PackageSummary): Record<string, unknown> {
  return p.version !== undefined
    ? { ModelPackageGroupName: p.groupName, ModelPackageVersion: p.version, ModelPackageArn: p.arn }
    : { ModelPackageName: p.name, ModelPackageArn: p.arn };
}

// Built by assignment rather than by spreading conditional objects: this runs for every DescribeModelPackage
// and for every item of a list page, and the spreads cost V8 several times more (docs/performance.md).
// Members are added in the same order as before, so the JSON is byte for byte the same.
export function packageDescription(p: ModelPackage): Record<string, unknown> {
  const out = identity(p);
  if (p.description !== undefined) out.ModelPackageDescription = p.description;
  out.CreationTime = seconds(p.createdAt);
  const spec = p.spec;
  for (const member in spec) out[member] = spec[member];
  out.ModelPackageStatus = p.status;
  out.ModelPackageStatusDetails = { ValidationStatuses: [], ImageScanStatuses: [] };
  if (p.approvalStatus) out.ModelApprovalStatus = p.approvalStatus;
  if (p.approvalDescription !== undefined) out.ApprovalDescription = p.approvalDescription;
  out.CreatedBy = userContext(p.createdBy);
  if (p.customerMetadata) out.CustomerMetadataProperties = p.customerMetadata;
  if (p.lifecycle) out.ModelLifeCycle = lifecycle(p);
  // A version never updated was last modified when it was created: clients read these members unguarded.
  out.LastModifiedTime = seconds(p.updatedAt ?? p.createdAt);
  out.LastModifiedBy = userContext(p.updatedBy ?? p.createdBy);
  return out;
}

function lifecycle(p: PackageSummary): Record<string, unknown> | undefined {
  const lc = p.lifecycle;
  if (!lc) return undefined;
  return {
    Stage: lc.stage,
    StageStatus: lc.stageStatus,
    ...(lc.stageDescription !== undefined && { StageDescription: lc.stageDescription }),
  };
}

export function packageSummary(p: PackageSummary): Record<string, unknown> {
  const out = identity(p);
  if (p.description !== undefined) out.ModelPackageDescription = p.description;
  out.CreationTime = seconds(p.createdAt);
  out.ModelPackageStatus = p.status;
  if (p.approvalStatus) out.ModelApprovalStatus = p.approvalStatus;
  if (p.lifecycle) out.ModelLifeCycle = lifecycle(p);
  if (p.registrationType !== undefined) out.ModelPackageRegistrationType = p.registrationType;
  return out;
}

export function batchSummary(p: ModelPackage): Record<string, unknown> {
  return {
    ...(p.groupName !== undefined && { ModelPackageGroupName: p.groupName }),
    ...(p.version !== undefined && { ModelPackageVersion: p.version }),
    ModelPackageArn: p.arn,
    ...(p.description !== undefined && { ModelPackageDescription: p.description }),
    CreationTime: seconds(p.createdAt),
    ...(p.spec.InferenceSpecification !== undefined && {
      InferenceSpecification: p.spec.InferenceSpecification,
    }),
    ModelPackageStatus: p.status,
    ...(p.approvalStatus && { ModelApprovalStatus: p.approvalStatus }),
    ...(p.spec.ModelPackageRegistrationType !== undefined && {
      ModelPackageRegistrationType: p.spec.ModelPackageRegistrationType,
    }),
  };
}

export function wireTags(tags: readonly Tag[]): { Key: string; Value: string }[] {
  return tags.map((t) => ({ Key: t.key, Value: t.value }));
}

export function domainTags(tags: unknown): Tag[] {
  if (!Array.isArray(tags)) return [];
  return tags.map((t: { Key: string; Value: string }) => ({ key: t.Key, value: t.Value }));
}
