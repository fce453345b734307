import type { PinnedArtifact } from './artifacts.js';

/** The native API's resources as the SDK returns them (see /api/v1/openapi.json). */
export type ApprovalStatus = 'PendingManualApproval' | 'Approved' | 'Rejected';

export interface Group {
  name: string;
  arn: string;
  description?: string;
  status: string;
  createdAt: string;
  createdBy: string;
  tags?: Record<string, string>;
}

export interface Lifecycle {
  stage: string;
  stageStatus: string;
  stageDescription?: string;
}

export interface Version {
  arn: string;
  group: string;
  version: number;
  description?: string;
  status: string;
  approvalStatus: ApprovalStatus;
  approvalDescription?: string;
  lifecycle?: Lifecycle;
  metrics: Record<string, number>;
  metadata: Record<string, string>;
  image?: string;
  artifactUri?: string;
  /** Every artifact URI the version names, pinned by digest when it points into the server's store. */
  artifacts?: PinnedArtifact[];
  inferenceSpecification?: Record<string, unknown>;
  sagemaker?: Record<string, unknown>;
  createdAt: string;
  createdBy: string;
  /** The registrant's user ARN: its name alone is ambiguous across accounts. */
  createdByArn?: string;
  updatedAt?: string;
  updatedBy?: string;
  updatedByArn?: string;
}

export interface ApprovalChange {
  at: string;
  by: string;
  byArn?: string;
  from?: ApprovalStatus;
  to: ApprovalStatus;
  comment?: string;
}

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

export interface RegisterVersionInput {
  description?: string;
  image?: string;
  artifactUri?: string;
  contentTypes?: string[];
  responseTypes?: string[];
  inferenceSpecification?: Record<string, unknown>;
  metrics?: Record<string, number>;
  metadata?: Record<string, string>;
  approvalStatus?: ApprovalStatus;
  approvalComment?: string;
  lifecycle?: Lifecycle;
  sagemaker?: Record<string, unknown>;
  clientToken?: string;
}

export interface ListVersionsInput {
  status?: ApprovalStatus;
  stage?: string;
  filter?: string;
  sort?: string;
  limit?: number;
  pageToken?: string;
}

export interface UpdateVersionInput {
  description?: string;
  metadata?: Record<string, string>;
  removeMetadata?: string[];
  metrics?: Record<string, number | null>;
  lifecycle?: Lifecycle;
}
