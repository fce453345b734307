import type {
  Actor,
  ApprovalChange,
  ApprovalStatus,
  Group,
  GroupStatus,
  PackageStatus,
  PackageSummary,
} from '../../domain/model.js';
import type { StoredPackage } from '../../ports/metadata-store.js';

export interface GroupRow {
  id: number;
  account: string;
  name: string;
  arn: string;
  description: string | null;
  status: string;
  created_at: number;
  created_by: string;
  managed_config: string | null;
}

export interface PackageRow {
  id: number;
  account: string;
  kind: string;
  group_id: number | null;
  group_name: string | null;
  version: number | null;
  name: string | null;
  arn: string;
  description: string | null;
  status: string;
  approval_status: string | null;
  approval_description: string | null;
  lifecycle: string | null;
  customer_metadata: string | null;
  metrics: string;
  spec: string;
  request_hash: string | null;
  client_token: string | null;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface SummaryRow {
  id: number;
  group_name: string | null;
  version: number | null;
  kind: string;
  name: string | null;
  name_key: string;
  arn: string;
  description: string | null;
  status: string;
  approval_status: string | null;
  lifecycle: string | null;
  registration_type: string | null;
  created_at: number;
}

export interface ApprovalRow {
  at: number;
  actor: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
}

export const GROUP_COLUMNS =
  'id, account, name, arn, description, status, created_at, created_by, managed_config';

export const PACKAGE_COLUMNS =
  'p.id, p.account, p.kind, p.group_id, p.group_name, p.version, p.name, p.arn, p.description, p.status, ' +
  'p.approval_status, p.approval_description, p.lifecycle, p.customer_metadata, p.metrics, p.spec, ' +
  'p.request_hash, p.client_token, p.created_at, p.created_by, p.updated_at, p.updated_by';

export const SUMMARY_COLUMNS =
  'p.id, p.group_name, p.version, p.kind, p.name, p.name_key, p.arn, p.description, p.status, ' +
  'p.approval_status, p.lifecycle, p.registration_type, p.created_at';

function actor(text: string): Actor {
  return JSON.parse(text) as Actor;
}

export function toGroup(row: GroupRow): Group {
  return {
    id: Number(row.id),
    account: row.account,
    name: row.name,
    arn: row.arn,
    ...(row.description !== null && { description: row.description }),
    status: row.status as GroupStatus,
    createdAt: Number(row.created_at),
    createdBy: actor(row.created_by),
    ...(row.managed_config !== null && { managedConfiguration: JSON.parse(row.managed_config) }),
  };
}

export function toPackage(row: PackageRow): StoredPackage {
  return {
    id: Number(row.id),
    account: row.account,
    arn: row.arn,
    ...(row.group_id !== null && { groupId: Number(row.group_id) }),
    ...(row.group_name !== null && { groupName: row.group_name }),
    ...(row.version !== null && { version: Number(row.version) }),
    ...(row.kind === 'U' && row.name !== null && { name: row.name }),
    ...(row.description !== null && { description: row.description }),
    status: row.status as PackageStatus,
    ...(row.approval_status !== null && { approvalStatus: row.approval_status as ApprovalStatus }),
    ...(row.approval_description !== null && { approvalDescription: row.approval_description }),
    ...(row.lifecycle !== null && { lifecycle: JSON.parse(row.lifecycle) }),
    ...(row.customer_metadata !== null && { customerMetadata: JSON.parse(row.customer_metadata) }),
    metrics: JSON.parse(row.metrics),
    spec: JSON.parse(row.spec),
    ...(row.request_hash !== null && { requestHash: row.request_hash }),
    ...(row.client_token !== null && { clientToken: row.client_token }),
    createdAt: Number(row.created_at),
    createdBy: actor(row.created_by),
    ...(row.updated_at !== null && { updatedAt: Number(row.updated_at) }),
    ...(row.updated_by !== null && { updatedBy: actor(row.updated_by) }),
  };
}

export function toSummary(row: SummaryRow): PackageSummary {
  return {
    id: Number(row.id),
    arn: row.arn,
    ...(row.group_name !== null && { groupName: row.group_name }),
    ...(row.version !== null && { version: Number(row.version) }),
    ...(row.kind === 'U' && row.name !== null && { name: row.name }),
    ...(row.description !== null && { description: row.description }),
    status: row.status as PackageStatus,
    ...(row.approval_status !== null && { approvalStatus: row.approval_status as ApprovalStatus }),
    ...(row.lifecycle !== null && { lifecycle: JSON.parse(row.lifecycle) }),
    ...(row.registration_type !== null && { registrationType: row.registration_type }),
    createdAt: Number(row.created_at),
  };
}

export function toApprovalChange(row: ApprovalRow): ApprovalChange {
  return {
    at: Number(row.at),
    actor: actor(row.actor),
    ...(row.from_status !== null && { from: row.from_status as ApprovalStatus }),
    to: row.to_status as ApprovalStatus,
    ...(row.comment !== null && { comment: row.comment }),
  };
}

export function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
