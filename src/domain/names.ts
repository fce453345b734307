import { LIMITS } from './limits.js';

/** SageMaker's EntityName: 1–63 characters, alphanumerics and single or repeated hyphens inside. */
export const ENTITY_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

export function isEntityName(value: string, max: number = LIMITS.groupNameMax): boolean {
  return value.length >= 1 && value.length <= max && ENTITY_NAME.test(value);
}

export interface Scope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export function groupArn(scope: Scope, name: string): string {
  return `arn:${scope.partition}:sagemaker:${scope.region}:${scope.account}:model-package-group/${name}`;
}

/** Package ARNs carry the name in lower case, as SageMaker does (reference e.3). */
export function versionArn(scope: Scope, groupName: string, version: number): string {
  return `arn:${scope.partition}:sagemaker:${scope.region}:${scope.account}:model-package/${groupName.toLowerCase()}/${version}`;
}

export function unversionedArn(scope: Scope, name: string): string {
  return `arn:${scope.partition}:sagemaker:${scope.region}:${scope.account}:model-package/${name.toLowerCase()}`;
}

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resourceType: string;
  readonly resource: string;
}

const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):([0-9]{12}):([a-z-]+)\/(.+)$/;

export function parseArn(value: string): ParsedArn | undefined {
  const m = ARN.exec(value);
  if (!m) return undefined;
  return {
    partition: m[1]!,
    service: m[2]!,
    region: m[3]!,
    account: m[4]!,
    resourceType: m[5]!,
    resource: m[6]!,
  };
}

/**
 * A reference to a group as callers give it: a bare name (the caller's own account) or a group ARN, which
 * may name another account's group (cross-account access through its resource policy).
 */
export type GroupRef = { readonly name: string; readonly account: string; readonly foreign: boolean };

/** A reference to a package: a version of a group, or an unversioned package by name. */
export type PackageRef =
  | {
      readonly kind: 'version';
      readonly group: string;
      readonly version: number;
      readonly account: string;
      readonly foreign: boolean;
    }
  | {
      readonly kind: 'unversioned';
      readonly name: string;
      readonly account: string;
      readonly foreign: boolean;
    };

/** Another partition or region: a resource this registry does not hold, whatever its account. */
function isForeign(scope: Scope, arn: ParsedArn): boolean {
  return arn.region !== scope.region || arn.partition !== scope.partition;
}

/** The scope a resolved reference lives in: the caller's partition and region, the reference's account. */
export function scopeOfRef(scope: Scope, ref: { readonly account: string }): Scope {
  return ref.account === scope.account ? scope : { ...scope, account: ref.account };
}

/**
 * Resolves "name or ARN". A bare name is in the caller's account; an ARN names its own account, which
 * may be another one. An ARN of another region or partition is marked foreign: it names a resource this
 * registry does not hold, so lookups report it as missing.
 */
export function resolveGroupRef(scope: Scope, value: string): GroupRef | undefined {
  if (!value.startsWith('arn:')) return { name: value, account: scope.account, foreign: false };
  const arn = parseArn(value);
  if (arn?.service !== 'sagemaker' || arn.resourceType !== 'model-package-group') return undefined;
  if (arn.resource.includes('/')) return undefined;
  return { name: arn.resource, account: arn.account, foreign: isForeign(scope, arn) };
}

export function resolvePackageRef(scope: Scope, value: string): PackageRef | undefined {
  let body = value;
  let account = scope.account;
  let foreign = false;
  if (value.startsWith('arn:')) {
    const arn = parseArn(value);
    if (arn?.service !== 'sagemaker' || arn.resourceType !== 'model-package') return undefined;
    body = arn.resource;
    account = arn.account;
    foreign = isForeign(scope, arn);
  }
  const parts = body.split('/');
  if (parts.length === 1) return { kind: 'unversioned', name: parts[0]!, account, foreign };
  if (parts.length === 2 && /^[0-9]{1,9}$/.test(parts[1]!)) {
    const version = Number(parts[1]);
    if (version < 1) return undefined;
    return { kind: 'version', group: parts[0]!, version, account, foreign };
  }
  return undefined;
}

/**
 * Version `version` of a group given by name or ARN, as a package reference: `GROUP/N` for a name, the
 * version's ARN (in the group's account and region) for a group ARN, so that another account's version
 * resolves.
 */
export function versionRefOf(groupRef: string, version: number | string): string {
  const arn = groupRef.startsWith('arn:') ? parseArn(groupRef) : undefined;
  return arn?.service === 'sagemaker' &&
    arn.resourceType === 'model-package-group' &&
    !arn.resource.includes('/')
    ? versionArn(arn, arn.resource, Number(version))
    : `${groupRef}/${version}`;
}

/** A reference to a user: a bare name (the caller's account) or a user ARN, possibly of another account. */
export interface UserRef {
  readonly account: string;
  readonly name: string;
}

const USER_ARN = /^arn:aws[a-z-]*:iam::([0-9]{12}):user\/([^/]+)$/;

/** Resolves "name or `arn:aws:iam::ACCOUNT:user/NAME`"; undefined for any other ARN. */
export function resolveUserRef(account: string, value: string): UserRef | undefined {
  if (!value.startsWith('arn:')) return { account, name: value };
  const m = USER_ARN.exec(value);
  return m ? { account: m[1]!, name: m[2]! } : undefined;
}
