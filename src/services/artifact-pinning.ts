import { DomainError, isDomainError } from '../domain/errors.js';
import type { JsonValue, PackageSpec, PinnedArtifact } from '../domain/model.js';
import type { ArtifactStore } from '../ports/artifact-store.js';
import { hashStream } from './artifact-digests.js';

/** An artifact URI a package names, and where: the SageMaker member path. */
export interface ArtifactReference {
  readonly field: string;
  readonly uri: string;
  /** Names a key prefix (`S3DataType: "S3Prefix"`, or a URI ending in '/'), not one object. */
  readonly prefix: boolean;
}

type Json = { readonly [key: string]: JsonValue };

const isObject = (v: JsonValue | undefined): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The artifact URIs of a package, in a stable order: each container's `ModelDataUrl` and
 * `ModelDataSource.S3DataSource.S3Uri`, then every metrics report's `S3Uri` (`ModelMetrics.*.*.S3Uri`).
 */
export function artifactReferences(spec: PackageSpec): ArtifactReference[] {
  const refs: ArtifactReference[] = [];
  const add = (field: string, uri: JsonValue | undefined, prefix = false) => {
    if (typeof uri === 'string' && uri !== '') refs.push({ field, uri, prefix: prefix || uri.endsWith('/') });
  };
  const inference = spec.InferenceSpecification;
  const containers = isObject(inference) ? inference.Containers : undefined;
  if (Array.isArray(containers)) {
    containers.forEach((c, i) => {
      if (!isObject(c)) return;
      const at = `InferenceSpecification.Containers[${i}]`;
      add(`${at}.ModelDataUrl`, c.ModelDataUrl);
      const source = isObject(c.ModelDataSource) ? c.ModelDataSource.S3DataSource : undefined;
      if (isObject(source)) {
        add(`${at}.ModelDataSource.S3DataSource.S3Uri`, source.S3Uri, source.S3DataType === 'S3Prefix');
      }
    });
  }
  const metrics = spec.ModelMetrics;
  if (isObject(metrics)) {
    for (const [area, reports] of Object.entries(metrics)) {
      if (!isObject(reports)) continue;
      for (const [report, source] of Object.entries(reports)) {
        if (isObject(source)) add(`ModelMetrics.${area}.${report}.S3Uri`, source.S3Uri);
      }
    }
  }
  return refs;
}

function missing(ref: ArtifactReference): DomainError {
  return new DomainError(
    'ArtifactNotFound',
    `${ref.field} names ${ref.uri}, but no artifact is stored there. Upload it first (POST /api/v1/artifacts), or name an existing object.`,
    { field: ref.field, uri: ref.uri },
  );
}

/**
 * Pins a package's artifacts: each URI into the configured store must name something that exists, and
 * its digest and size are recorded; URIs outside the store, and prefixes (many objects, no one digest),
 * are kept as unverified external references.
 * Runs before the registering transaction: hashing an object that is in the bucket but not a blob (put
 * there by `aws s3 cp`) reads all its bytes, which must not hold a transaction (or a group lock) open.
 */
export async function pinArtifacts(store: ArtifactStore, spec: PackageSpec): Promise<PinnedArtifact[]> {
  const refs = artifactReferences(spec);
  // The same URI named twice (a container and its ModelDataSource) is looked up once.
  const found = new Map<string, Promise<Omit<PinnedArtifact, 'field' | 'uri'>>>();
  const lookup = (ref: ArtifactReference) => {
    const key = `${ref.prefix}:${ref.uri}`;
    let result = found.get(key);
    if (!result) {
      result = pinOne(store, ref);
      found.set(key, result);
    }
    return result;
  };
  const pins = await Promise.all(
    refs.map(async (ref) => ({ field: ref.field, uri: ref.uri, ...(await lookup(ref)) })),
  );
  return pins;
}

async function pinOne(
  store: ArtifactStore,
  ref: ArtifactReference,
): Promise<Omit<PinnedArtifact, 'field' | 'uri'>> {
  // A prefix is not one object: there is nothing to stat or hash, even inside the store's bucket.
  if (ref.prefix) return { verified: false };
  const where = store.locate(ref.uri);
  if (where === 'outside') return { verified: false };
  if ('sha256' in where) {
    // Touched first, then read: garbage collection re-reads a blob's time before deleting it, so a blob
    // this registration is about to reference is either kept, or found missing here.
    try {
      await store.touch(where.sha256);
    } catch (err) {
      if (isDomainError(err) && err.code === 'ArtifactNotFound') throw missing(ref);
      throw err;
    }
    const info = await store.stat(where.sha256);
    if (!info) throw missing(ref);
    return { sha256: info.sha256, size: info.size, verified: true };
  }
  if (!(await store.statKey(where.key))) throw missing(ref);
  const { sha256, size } = await hashStream(await store.getKey(where.key));
  return { sha256, size, verified: true };
}
