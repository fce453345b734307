/** Entities of the registry, in domain terms. Wire shapes are mapped to and from these at the edges. */

export const APPROVAL_STATUSES = ['PendingManualApproval', 'Approved', 'Rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export type PackageStatus = 'Pending' | 'InProgress' | 'Completed' | 'Failed' | 'Deleting';
export type GroupStatus = 'Pending' | 'InProgress' | 'Completed' | 'Failed' | 'Deleting' | 'DeleteFailed';

/** Who made a change. Until credentials are verified, the access key id or the native caller's name. */
export interface Actor {
  readonly principal: string;
  readonly account: string;
  readonly source: 'sagemaker' | 'native' | 'system';
  /** Built-in roles of an authenticated principal (approval rules may require one to approve). */
  readonly roles?: readonly string[];
}

/** A JSON object as stored: nested SageMaker structures are kept verbatim. */
export type JsonObject = { readonly [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface Lifecycle {
  readonly stage: string;
  readonly stageStatus: string;
  readonly stageDescription?: string;
}

export interface Group {
  readonly id: number;
  readonly account: string;
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly status: GroupStatus;
  readonly createdAt: number;
  readonly createdBy: Actor;
  readonly managedConfiguration?: JsonObject;
}

/**
 * The members of CreateModelPackage that the registry stores and returns verbatim, by their SageMaker
 * member names: InferenceSpecification, ModelMetrics, DriftCheckBaselines, ModelCard, SecurityConfig...
 */
export type PackageSpec = { readonly [member: string]: JsonValue };

export interface ModelPackage {
  readonly id: number;
  readonly account: string;
  readonly arn: string;
  /** Set for versions; absent for unversioned packages. */
  readonly groupName?: string;
  readonly groupId?: number;
  readonly version?: number;
  /** Set for unversioned packages. */
  readonly name?: string;
  readonly description?: string;
  readonly status: PackageStatus;
  readonly approvalStatus?: ApprovalStatus;
  readonly approvalDescription?: string;
  readonly lifecycle?: Lifecycle;
  readonly customerMetadata?: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, number>>;
  readonly spec: PackageSpec;
  readonly createdAt: number;
  readonly createdBy: Actor;
  readonly updatedAt?: number;
  readonly updatedBy?: Actor;
  /** The artifacts the package pinned at registration, when the service loaded them. */
  readonly artifacts?: readonly PinnedArtifact[];
}

/**
 * An artifact URI of a package (its field, e.g. `InferenceSpecification.Containers[0].ModelDataUrl`) and
 * what registration found there: the digest and size of an object in a configured store (verified), or
 * nothing for a URI outside every store (an external reference, unverified).
 */
export interface PinnedArtifact {
  readonly field: string;
  readonly uri: string;
  readonly sha256?: string;
  readonly size?: number;
  readonly verified: boolean;
}

/**
 * What a list of packages shows of each. No spec, metrics or metadata: a model card alone may hold
 * 100,000 characters, and a page must not read and parse them for every row.
 */
export interface PackageSummary {
  readonly id: number;
  readonly arn: string;
  readonly groupName?: string;
  readonly version?: number;
  readonly name?: string;
  readonly description?: string;
  readonly status: PackageStatus;
  readonly approvalStatus?: ApprovalStatus;
  readonly lifecycle?: Lifecycle;
  /** SageMaker's ModelPackageRegistrationType, when set. */
  readonly registrationType?: string;
  readonly createdAt: number;
}

export interface ApprovalChange {
  readonly at: number;
  readonly actor: Actor;
  readonly from?: ApprovalStatus;
  readonly to: ApprovalStatus;
  readonly comment?: string;
}

export function isVersion(p: ModelPackage): p is ModelPackage & { groupName: string; version: number } {
  return p.version !== undefined;
}
