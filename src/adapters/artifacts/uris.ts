import { isSha256 } from './hashing.js';

/** The backend-neutral name of a blob, accepted by every store: `modelry://artifacts/sha256/<hex>`. */
export const MODELRY_URI_PREFIX = 'modelry://artifacts/';

export function modelryUri(sha256: string): string {
  return `${MODELRY_URI_PREFIX}sha256/${sha256}`;
}

/**
 * Where a `modelry://artifacts/…` URI points: a blob, or a key of the store that no blob has (which
 * pinning then reports as missing). Undefined for any other URI.
 */
export function locateModelryUri(uri: string): { sha256: string } | { key: string } | undefined {
  if (!uri.startsWith(MODELRY_URI_PREFIX)) return undefined;
  const rest = uri.slice(MODELRY_URI_PREFIX.length);
  const hex = rest.startsWith('sha256/') ? rest.slice('sha256/'.length) : '';
  return isSha256(hex) ? { sha256: hex } : { key: rest };
}
