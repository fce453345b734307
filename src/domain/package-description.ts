import type { Actor, Group, ModelPackage, PackageSummary } from './model.js';

/**
 * The DescribeModelPackage and DescribeModelPackageGroup shapes, with the time format left to the caller:
 * the SageMaker API writes epoch seconds, events write ISO-8601 (reference §f).
 */
export type TimeFormat = (ms: number) => string | number;

export function userContext(actor: Actor): Record<string, unknown> {
  return {
    UserProfileName: actor.principal,
    IamIdentity: {
      Arn: `arn:aws:iam::${actor.account}:user/${actor.principal}`,
      PrincipalId: actor.principal,
    },
  };
}

export function describeGroup(g: Group, time: TimeFormat): Record<string, unknown> {
  return {
    ModelPackageGroupName: g.name,
    ModelPackageGroupArn: g.arn,
    ...(g.description !== undefined && { ModelPackageGroupDescription: g.description }),
    CreationTime: time(g.createdAt),
    CreatedBy: userContext(g.createdBy),
    ModelPackageGroupStatus: g.status,
    ...(g.managedConfiguration && { ManagedConfiguration: g.managedConfiguration }),
  };
}

export function packageIdentity(p: PackageSummary): Record<string, unknown> {
  return p.version !== undefined
    ? { ModelPackageGroupName: p.groupName, ModelPackageVersion: p.version, ModelPackageArn: p.arn }
    : { ModelPackageName: p.name, ModelPackageArn: p.arn };
}

// Built by assignment rather than by spreading conditional objects: this runs for every DescribeModelPackage
// and for every item of a list page, and the spreads cost V8 several times more (docs/performance.md).
export function describePackage(p: ModelPackage, time: TimeFormat): Record<string, unknown> {
  const out = packageIdentity(p);
  if (p.description !== undefined) out.ModelPackageDescription = p.description;
  out.CreationTime = time(p.createdAt);
  const spec = p.spec;
  for (const member in spec) out[member] = spec[member];
  out.ModelPackageStatus = p.status;
  out.ModelPackageStatusDetails = { ValidationStatuses: [], ImageScanStatuses: [] };
  if (p.approvalStatus) out.ModelApprovalStatus = p.approvalStatus;
  if (p.approvalDescription !== undefined) out.ApprovalDescription = p.approvalDescription;
  out.CreatedBy = userContext(p.createdBy);
  if (p.customerMetadata) out.CustomerMetadataProperties = p.customerMetadata;
  if (p.lifecycle) out.ModelLifeCycle = lifecycleShape(p);
  // A version never updated was last modified when it was created: clients read these members unguarded.
  out.LastModifiedTime = time(p.updatedAt ?? p.createdAt);
  out.LastModifiedBy = userContext(p.updatedBy ?? p.createdBy);
  return out;
}

export function lifecycleShape(p: PackageSummary): Record<string, unknown> | undefined {
  const lc = p.lifecycle;
  if (!lc) return undefined;
  return {
    Stage: lc.stage,
    StageStatus: lc.stageStatus,
    ...(lc.stageDescription !== undefined && { StageDescription: lc.stageDescription }),
  };
}
