import type { Group, JsonValue, ModelPackage, PackageSummary, Tag } from '../../domain/model.js';
import {
  describeGroup,
  describePackage,
  lifecycleShape,
  packageIdentity,
} from '../../domain/package-description.js';

/** Domain → SageMaker wire shapes. Timestamps are epoch seconds; absent members are left out. */

export function seconds(ms: number): number {
  return ms / 1000;
}

export function groupDescription(g: Group): Record<string, unknown> {
  return describeGroup(g, seconds);
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

export function packageDescription(p: ModelPackage): Record<string, unknown> {
  const out = describePackage(p, seconds);
  const inference = pinnedInference(p);
  if (inference !== undefined) out.InferenceSpecification = inference;
  return out;
}

const MODEL_DATA_URL = /^InferenceSpecification\.Containers\[(\d+)\]\.ModelDataUrl$/;

/**
 * The InferenceSpecification with `ModelDataETag` set on each container whose ModelDataUrl was pinned
 * at registration: the sha256 of the artifact (SageMaker's member for the model data's entity tag).
 * Undefined when no container was pinned (the stored spec is shown as it is).
 */
function pinnedInference(p: ModelPackage): JsonValue | undefined {
  const spec = p.spec.InferenceSpecification;
  const containers = spec && typeof spec === 'object' && !Array.isArray(spec) ? spec.Containers : undefined;
  if (!Array.isArray(containers)) return undefined;
  const tags = new Map<number, string>();
  for (const a of p.artifacts ?? []) {
    const m = MODEL_DATA_URL.exec(a.field);
    if (m && a.sha256 !== undefined) tags.set(Number(m[1]), a.sha256);
  }
  if (tags.size === 0) return undefined;
  return {
    ...(spec as Record<string, JsonValue>),
    Containers: containers.map((c, i) => {
      const tag = tags.get(i);
      return tag !== undefined && c && typeof c === 'object' && !Array.isArray(c)
        ? { ...c, ModelDataETag: tag }
        : c;
    }),
  };
}

export function packageSummary(p: PackageSummary): Record<string, unknown> {
  const out = packageIdentity(p);
  if (p.description !== undefined) out.ModelPackageDescription = p.description;
  out.CreationTime = seconds(p.createdAt);
  out.ModelPackageStatus = p.status;
  if (p.approvalStatus) out.ModelApprovalStatus = p.approvalStatus;
  if (p.lifecycle) out.ModelLifeCycle = lifecycleShape(p);
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
      InferenceSpecification: pinnedInference(p) ?? p.spec.InferenceSpecification,
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
