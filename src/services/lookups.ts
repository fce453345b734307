import { DomainError } from '../domain/errors.js';
import type { Group, ModelPackage } from '../domain/model.js';
import {
  groupArn,
  resolveGroupRef,
  resolvePackageRef,
  type Scope,
  scopeOfRef,
  unversionedArn,
  versionArn,
} from '../domain/names.js';
import type { StoreTx } from '../ports/metadata-store.js';

export function groupNotFound(scope: Scope, ref: string): DomainError {
  const arn = ref.startsWith('arn:') ? ref : groupArn(scope, ref);
  return new DomainError('GroupNotFound', `ModelPackageGroup ${arn} does not exist.`, { group: ref });
}

export function packageNotFound(ref: string): DomainError {
  return new DomainError('PackageNotFound', `Model package ${ref} does not exist.`, { modelPackage: ref });
}

/**
 * Finds a group by name (in the caller's account) or ARN (in the ARN's account: a group of another account
 * is reached only once the authorizer allowed it, through its resource policy), or fails with GroupNotFound.
 */
export async function requireGroup(tx: StoreTx, scope: Scope, ref: string): Promise<Group> {
  const resolved = resolveGroupRef(scope, ref);
  if (!resolved || resolved.foreign) throw groupNotFound(scope, ref);
  const group = await tx.findGroup(resolved.account, resolved.name);
  if (!group) throw groupNotFound(scopeOfRef(scope, resolved), resolved.name);
  return group;
}

/** Finds a version (GROUP/N or its ARN, of any account) or an unversioned package (name or ARN), or fails. */
export async function requirePackage(tx: StoreTx, scope: Scope, ref: string): Promise<ModelPackage> {
  const resolved = resolvePackageRef(scope, ref);
  if (!resolved || resolved.foreign) throw packageNotFound(ref);
  if (resolved.kind === 'unversioned') {
    const pkg = await tx.findUnversioned(resolved.account, resolved.name);
    if (!pkg) throw packageNotFound(ref.startsWith('arn:') ? ref : unversionedArn(scope, resolved.name));
    return pkg;
  }
  const pkg = await tx.findVersion(resolved.account, resolved.group, resolved.version);
  if (!pkg)
    throw packageNotFound(ref.startsWith('arn:') ? ref : versionArn(scope, resolved.group, resolved.version));
  return pkg;
}
