import type { PinnedArtifact } from '../domain/model.js';

/** The part of a unit of work that records which artifacts each package pinned (and which blobs are in use). */
export interface ArtifactRefTx {
  /** Records a package's artifacts, in the order given. */
  insertPackageArtifacts(packageId: number, artifacts: readonly PinnedArtifact[]): Promise<void>;
  /** Forgets a package's artifacts (before recording the artifacts of a replaced specification). */
  deletePackageArtifacts(packageId: number): Promise<void>;
  /** The pinned artifacts of each package (in their order); a package without any is absent from the map. */
  listPackageArtifacts(packageIds: readonly number[]): Promise<Map<number, PinnedArtifact[]>>;
  /** Which of these digests some package still pins (garbage collection keeps those blobs). */
  referencedDigests(sha256s: readonly string[]): Promise<Set<string>>;
}
