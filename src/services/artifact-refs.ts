import type { ModelPackage, PinnedArtifact } from '../domain/model.js';
import type { StoreTx } from '../ports/metadata-store.js';

/** The packages with the artifacts each pinned at registration (one query for the lot). */
export async function withArtifacts<T extends ModelPackage>(
  tx: StoreTx,
  packages: readonly T[],
): Promise<T[]> {
  if (packages.length === 0) return [];
  const pinned = await tx.listPackageArtifacts(packages.map((p) => p.id));
  return packages.map((p) => ({ ...p, artifacts: pinned.get(p.id) ?? [] }));
}

/**
 * Records the pins of a replaced InferenceSpecification (UpdateModelPackage), keeping the package's other
 * pins (metrics reports): the order stays containers first, as at registration.
 */
export async function replaceInferencePins(
  tx: StoreTx,
  packageId: number,
  pins: readonly PinnedArtifact[],
): Promise<void> {
  const current = (await tx.listPackageArtifacts([packageId])).get(packageId) ?? [];
  const others = current.filter((a) => !a.field.startsWith('InferenceSpecification.'));
  await tx.deletePackageArtifacts(packageId);
  await tx.insertPackageArtifacts(packageId, [...pins, ...others]);
}

export async function withArtifactsOf<T extends ModelPackage>(tx: StoreTx, pkg: T): Promise<T> {
  return (await withArtifacts(tx, [pkg]))[0]!;
}
