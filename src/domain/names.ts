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

/** A reference to a group as callers give it: a bare name or a group ARN. */
export type GroupRef = { readonly name: string; readonly foreign: boolean };

/** A reference to a package: a version of a group, or an unversioned package by name. */
export type PackageRef =
  | { readonly kind: 'version'; readonly group: string; readonly version: number; readonly foreign: boolean }
  | { readonly kind: 'unversioned'; readonly name: string; readonly foreign: boolean };

function isForeign(scope: Scope, arn: ParsedArn): boolean {
  return arn.account !== scope.account || arn.region !== scope.region || arn.partition !== scope.partition;
}

/**
 * Resolves "name or ARN". An ARN of another account or region is marked foreign: it names a resource
 * this registry does not hold, so lookups report it as missing.
 */
export function resolveGroupRef(scope: Scope, value: string): GroupRef | undefined {
  if (!value.startsWith('arn:')) return { name: value, foreign: false };
  const arn = parseArn(value);
  if (arn?.service !== 'sagemaker' || arn.resourceType !== 'model-package-group') return undefined;
  if (arn.resource.includes('/')) return undefined;
  return { name: arn.resource, foreign: isForeign(scope, arn) };
}

export function resolvePackageRef(scope: Scope, value: string): PackageRef | undefined {
  let body = value;
  let foreign = false;
  if (value.startsWith('arn:')) {
    const arn = parseArn(value);
    if (arn?.service !== 'sagemaker' || arn.resourceType !== 'model-package') return undefined;
    body = arn.resource;
    foreign = isForeign(scope, arn);
  }
  const parts = body.split('/');
  if (parts.length === 1) return { kind: 'unversioned', name: parts[0]!, foreign };
  if (parts.length === 2 && /^[0-9]{1,9}$/.test(parts[1]!)) {
    const version = Number(parts[1]);
    if (version < 1) return undefined;
    return { kind: 'version', group: parts[0]!, version, foreign };
  }
  return undefined;
}
