import type { MetricCondition, VersionSort } from '../domain/metric-query.js';
import type {
  Actor,
  ApprovalChange,
  ApprovalStatus,
  Group,
  JsonObject,
  Lifecycle,
  ModelPackage,
  PackageSpec,
  PackageStatus,
  PackageSummary,
  Tag,
} from '../domain/model.js';
import type { Cursor } from '../domain/paging.js';
import type { ApprovalTx } from './approval-store.js';
import type { ArtifactRefTx } from './artifact-ref-store.js';
import type { AuditTx } from './audit-store.js';
import type { EventsTx } from './event-store.js';
import type { IdentityTx } from './identity-store.js';
import type { RoleTx } from './role-store.js';

export type SortOrder = 'Ascending' | 'Descending';

export interface NewGroup {
  readonly account: string;
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly createdAt: number;
  readonly createdBy: Actor;
  readonly managedConfiguration?: JsonObject;
}

export interface GroupQuery {
  readonly account: string;
  readonly nameContains?: string;
  readonly createdAfter?: number;
  readonly createdBefore?: number;
  readonly sortBy: 'Name' | 'CreationTime';
  readonly sortOrder: SortOrder;
  readonly limit: number;
  readonly after?: Cursor;
}

export interface NewPackage {
  readonly account: string;
  readonly arn: string;
  readonly groupId?: number;
  readonly groupName?: string;
  readonly version?: number;
  readonly name?: string;
  readonly description?: string;
  readonly status: PackageStatus;
  readonly approvalStatus?: ApprovalStatus;
  readonly approvalDescription?: string;
  readonly lifecycle?: Lifecycle;
  readonly customerMetadata?: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, number>>;
  readonly spec: PackageSpec;
  readonly clientToken?: string;
  readonly requestHash?: string;
  readonly createdAt: number;
  readonly createdBy: Actor;
}

/** Members an update may replace; `undefined` keeps the stored value, `null` clears it. */
export interface PackagePatch {
  readonly approvalStatus?: ApprovalStatus;
  readonly approvalDescription?: string | null;
  readonly lifecycle?: Lifecycle | null;
  readonly customerMetadata?: Readonly<Record<string, string>> | null;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly description?: string | null;
  readonly spec?: PackageSpec;
  readonly updatedAt: number;
  readonly updatedBy: Actor;
}

/** The SageMaker ListModelPackages view. */
export interface PackageQuery {
  readonly account: string;
  readonly groupId?: number;
  readonly kind: 'Versioned' | 'Unversioned' | 'Both';
  readonly approvalStatus?: ApprovalStatus;
  readonly nameContains?: string;
  readonly createdAfter?: number;
  readonly createdBefore?: number;
  readonly sortBy: 'Name' | 'CreationTime';
  readonly sortOrder: SortOrder;
  readonly limit: number;
  readonly after?: Cursor;
}

/** The native list of one group's versions: metric filters and sorts. */
export interface VersionQuery {
  readonly groupId: number;
  readonly approvalStatus?: ApprovalStatus;
  readonly stage?: string;
  readonly conditions: readonly MetricCondition[];
  readonly sort: VersionSort;
  readonly limit: number;
  readonly after?: Cursor;
}

export interface Listed<T> {
  readonly items: readonly T[];
  /** The cursor of the last item when more items may follow. */
  readonly next?: Cursor;
}

export type TaggedResource = { readonly type: 'group' | 'package'; readonly id: number };

export interface TagQuery {
  readonly limit: number;
  readonly afterKey?: string;
}

/** A package with what idempotent creates compare: the client token and the request's fingerprint. */
export type StoredPackage = ModelPackage & { readonly requestHash?: string; readonly clientToken?: string };

/** One unit of work: every call made through it commits or rolls back together. */
export interface StoreTx extends EventsTx, IdentityTx, RoleTx, ApprovalTx, AuditTx, ArtifactRefTx {
  insertGroup(group: NewGroup): Promise<Group>;
  findGroup(account: string, name: string): Promise<Group | undefined>;
  listGroups(query: GroupQuery): Promise<Listed<Group>>;
  updateGroupDescription(groupId: number, description: string | null): Promise<void>;
  deleteGroup(groupId: number): Promise<void>;
  countVersions(groupId: number): Promise<number>;
  /** Holds the group's row lock until the transaction ends, serializing registrations into the group. */
  lockGroup(groupId: number): Promise<void>;
  /** Reserves the group's next version number; numbers are never reused, even after deletes. */
  nextVersionNumber(groupId: number): Promise<number>;
  getGroupPolicy(groupId: number): Promise<string | undefined>;
  setGroupPolicy(groupId: number, policy: string | null): Promise<void>;

  insertPackage(pkg: NewPackage): Promise<ModelPackage>;
  /** A version by its group's name (any case) and number, in one lookup. */
  findVersion(account: string, groupName: string, version: number): Promise<ModelPackage | undefined>;
  findUnversioned(account: string, name: string): Promise<StoredPackage | undefined>;
  findByClientToken(
    groupId: number,
    token: string,
  ): Promise<(ModelPackage & { requestHash?: string }) | undefined>;
  listPackages(query: PackageQuery): Promise<Listed<PackageSummary>>;
  listVersions(query: VersionQuery): Promise<Listed<ModelPackage>>;
  latestVersion(groupId: number, approvalStatus?: ApprovalStatus): Promise<ModelPackage | undefined>;
  updatePackage(packageId: number, patch: PackagePatch): Promise<ModelPackage>;
  deletePackage(packageId: number): Promise<void>;
  recordApprovalChange(packageId: number, change: ApprovalChange): Promise<void>;
  listApprovalChanges(packageId: number): Promise<ApprovalChange[]>;

  listTags(resource: TaggedResource, query: TagQuery): Promise<Listed<Tag>>;
  countTags(resource: TaggedResource): Promise<number>;
  putTags(resource: TaggedResource, tags: readonly Tag[]): Promise<void>;
  deleteTags(resource: TaggedResource, keys: readonly string[]): Promise<void>;
  deleteAllTags(resource: TaggedResource): Promise<void>;
}

export interface MetadataStore {
  readonly backend: 'sqlite' | 'postgres';
  /** Runs read-only work against committed data. */
  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Runs work in one durable transaction; it is committed before the promise resolves. */
  write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Called after each commit of a unit of work that appended events (this process's writes only). */
  onEventsCommitted(listener: () => void): void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface Clock {
  now(): number;
}
