import type { Actor, ApprovalChange, Group, ModelPackage, PinnedArtifact, Tag } from '../../domain/model.js';

/** Domain → native JSON: camelCase, ISO-8601 times, numeric metrics. */

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The user ARN of who made a change. A bare name is ambiguous once users of other accounts write into this
 * account's groups (cross-account access), so responses carry the ARN beside it.
 */
export function actorArn(actor: Pick<Actor, 'principal' | 'account'>): string {
  return `arn:aws:iam::${actor.account}:user/${actor.principal}`;
}

export function tagMap(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.key, t.value]));
}

export function groupJson(g: Group, tags?: readonly Tag[]): Record<string, unknown> {
  return {
    name: g.name,
    arn: g.arn,
    ...(g.description !== undefined && { description: g.description }),
    status: g.status,
    createdAt: iso(g.createdAt),
    createdBy: g.createdBy.principal,
    ...(tags && { tags: tagMap(tags) }),
  };
}

interface Container {
  Image?: string;
  ModelDataUrl?: string;
}

export function versionJson(p: ModelPackage): Record<string, unknown> {
  const { InferenceSpecification, ...sagemaker } = p.spec as Record<string, unknown>;
  const first = (InferenceSpecification as { Containers?: Container[] } | undefined)?.Containers?.[0];
  return {
    arn: p.arn,
    group: p.groupName,
    version: p.version,
    ...(p.description !== undefined && { description: p.description }),
    status: p.status,
    approvalStatus: p.approvalStatus,
    ...(p.approvalDescription !== undefined && { approvalDescription: p.approvalDescription }),
    ...(p.lifecycle && { lifecycle: p.lifecycle }),
    metrics: p.metrics,
    metadata: p.customerMetadata ?? {},
    ...(first?.Image !== undefined && { image: first.Image }),
    ...(first?.ModelDataUrl !== undefined && { artifactUri: first.ModelDataUrl }),
    ...(InferenceSpecification !== undefined && { inferenceSpecification: InferenceSpecification }),
    ...(p.artifacts && { artifacts: p.artifacts.map(artifactJson) }),
    ...(Object.keys(sagemaker).length > 0 && { sagemaker }),
    createdAt: iso(p.createdAt),
    createdBy: p.createdBy.principal,
    createdByArn: actorArn(p.createdBy),
    ...(p.updatedAt !== undefined && { updatedAt: iso(p.updatedAt) }),
    ...(p.updatedBy && { updatedBy: p.updatedBy.principal, updatedByArn: actorArn(p.updatedBy) }),
  };
}

/** A pinned artifact: the digest and size registration found, or `verified: false` for an external URI. */
export function artifactJson(a: PinnedArtifact): Record<string, unknown> {
  return {
    field: a.field,
    uri: a.uri,
    ...(a.sha256 !== undefined && { sha256: a.sha256 }),
    ...(a.size !== undefined && { size: a.size }),
    verified: a.verified,
  };
}

export function approvalJson(c: ApprovalChange): Record<string, unknown> {
  return {
    at: iso(c.at),
    by: c.actor.principal,
    byArn: actorArn(c.actor),
    ...(c.from && { from: c.from }),
    to: c.to,
    ...(c.comment !== undefined && { comment: c.comment }),
  };
}
