import type { Actor, Group, JsonObject, JsonValue, ModelPackage } from './model.js';
import { describeGroup, describePackage } from './package-description.js';

/**
 * Events in the EventBridge envelope (reference §f). `source` is `aws.sagemaker` so that rules written for
 * AWS match unchanged; `detail` mirrors the Describe shapes with ISO-8601 times, plus what changed.
 */
export const EVENT_SOURCE = 'aws.sagemaker';
export const PACKAGE_STATE_CHANGE = 'SageMaker Model Package State Change';
export const GROUP_STATE_CHANGE = 'SageMaker Model Package Group State Change';

export const CHANGE_TYPES = [
  'Registered',
  'ApprovalStatusChanged',
  'LifecycleChanged',
  'MetadataUpdated',
  'Deleted',
  'GroupCreated',
  'GroupUpdated',
  'GroupDeleted',
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

export interface RegistryEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: JsonObject;
}

/** An event as the outbox holds it: the envelope plus the key that orders deliveries (one group's events). */
export interface OutboxEvent {
  readonly event: RegistryEvent;
  readonly orderKey: string;
  /** The group the event is about, for filtering lists; absent for unversioned packages. */
  readonly groupName?: string;
}

/** One changed member: its value before and after the change (null when absent). */
export interface MemberChange {
  readonly Previous: JsonValue;
  readonly Current: JsonValue;
}

export interface EventContext {
  readonly id: string;
  readonly region: string;
  readonly at: number;
  readonly actor: Actor;
}

/** ISO-8601 with second precision, as EventBridge writes `time` (`2024-05-01T12:34:56Z`). */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** ISO-8601 with milliseconds, for times inside `detail` (registrations within one second stay ordered). */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

export function orderKeyOfGroup(account: string, groupName: string): string {
  return `${account}/group/${groupName.toLowerCase()}`;
}

function orderKeyOfPackage(p: ModelPackage): string {
  return p.groupName !== undefined
    ? orderKeyOfGroup(p.account, p.groupName)
    : `${p.account}/package/${p.name ?? p.arn}`;
}

function envelope(ctx: EventContext, account: string, detailType: string, arn: string, detail: JsonObject) {
  return {
    version: '0' as const,
    id: ctx.id,
    'detail-type': detailType,
    source: EVENT_SOURCE,
    account,
    time: isoSeconds(ctx.at),
    region: ctx.region,
    resources: [arn],
    detail,
  };
}

/**
 * The changer's account when it is not the resource's (whose account the envelope names): a principal of
 * another account acting through the group's resource policy. Absent otherwise, as before.
 */
function changedByAccount(ctx: EventContext, resourceAccount: string): JsonObject {
  return ctx.actor.account !== resourceAccount ? { ChangedByAccount: ctx.actor.account } : {};
}

export function packageEvent(
  ctx: EventContext,
  pkg: ModelPackage,
  changeTypes: readonly ChangeType[],
  changes: Readonly<Record<string, MemberChange>> = {},
): OutboxEvent {
  const detail = {
    ...describePackage(pkg, isoMillis),
    ChangeTypes: [...changeTypes],
    Changes: changes as unknown as JsonObject,
    ChangedBy: ctx.actor.principal,
    ...changedByAccount(ctx, pkg.account),
  } as JsonObject;
  return {
    event: envelope(ctx, pkg.account, PACKAGE_STATE_CHANGE, pkg.arn, detail),
    orderKey: orderKeyOfPackage(pkg),
    ...(pkg.groupName !== undefined && { groupName: pkg.groupName }),
  };
}

export function groupEvent(
  ctx: EventContext,
  group: Group,
  changeType: 'GroupCreated' | 'GroupUpdated' | 'GroupDeleted',
  changes: Readonly<Record<string, MemberChange>> = {},
): OutboxEvent {
  const detail = {
    ...describeGroup(group, isoMillis),
    ...(changeType === 'GroupDeleted' && { ModelPackageGroupStatus: 'Deleting' }),
    ChangeTypes: [changeType],
    Changes: changes as unknown as JsonObject,
    ChangedBy: ctx.actor.principal,
    ...changedByAccount(ctx, group.account),
  } as JsonObject;
  return {
    event: envelope(ctx, group.account, GROUP_STATE_CHANGE, group.arn, detail),
    orderKey: orderKeyOfGroup(group.account, group.name),
    groupName: group.name,
  };
}
