import type { PinnedArtifact, Version } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { durationSeconds } from './events-args.js';
import { versionRef } from './versions.js';

/** Argument parsing shared by the `modelry artifacts` commands. */

const HEX = /^[0-9a-f]{64}$/;
/** `modelry://artifacts/sha256/<hex>` on any store; `s3://bucket/prefix/sha256/<hex>` on S3. */
const BLOB_URI = /^(?:modelry:\/\/artifacts|s3:\/\/[^/]+(?:\/.*)?)\/sha256\/([0-9a-f]{64})$/;

/** What `artifacts get` fetches: a blob by digest, or the pinned artifact of a version. */
export type ArtifactTarget =
  | { readonly sha256: string }
  | { readonly group: string; readonly version: number };

/** A digest, a blob URI, a version ARN or GROUP/N. */
export function artifactTarget(text: string | undefined, command: string): ArtifactTarget {
  if (text === undefined) {
    throw new UsageError(`modelry artifacts ${command} needs an ARN, an artifact URI or a sha256 digest.`);
  }
  const lower = text.toLowerCase();
  if (HEX.test(lower)) return { sha256: lower };
  const uri = BLOB_URI.exec(text);
  if (uri) return { sha256: uri[1]! };
  if (text.startsWith('arn:') || /^[^:/]+\/\d+$/.test(text)) {
    const [group, version] = versionRef(text);
    return { group, version };
  }
  throw new UsageError(
    `"${text}" is neither a sha256 digest, an artifact URI (modelry://artifacts/sha256/<hex>, s3://…/sha256/<hex>) nor a version ARN.`,
  );
}

/** A blob only: a digest or a blob URI (for stat). */
export function blobDigest(text: string | undefined, command: string): string {
  const target = artifactTarget(text, command);
  if (!('sha256' in target)) {
    throw new UsageError(
      `modelry artifacts ${command} takes a sha256 digest or an artifact URI, not a version.`,
    );
  }
  return target.sha256;
}

/** The version's artifact at `field`, or its first pinned one. */
export function pinnedArtifact(
  version: Version,
  field: string | undefined,
): PinnedArtifact & { sha256: string } {
  const artifacts = version.artifacts ?? [];
  const chosen =
    field === undefined
      ? artifacts.find((a) => a.sha256 !== undefined)
      : artifacts.find((a) => a.field === field);
  // Not usage errors: the command was right, the version does not hold what it asks for (exit 1).
  if (!chosen) {
    const fields = artifacts.map((a) => a.field).join(', ');
    throw new Error(
      field === undefined
        ? `Version ${version.arn} pins no artifact stored on this server${fields ? ` (its artifacts: ${fields})` : ''}.`
        : `Version ${version.arn} has no artifact at ${field}${fields ? `; it has: ${fields}` : ''}.`,
    );
  }
  if (chosen.sha256 === undefined) {
    throw new Error(
      `The artifact at ${chosen.field} of ${version.arn} is an external reference (${chosen.uri}) that this server does not store.`,
    );
  }
  return chosen as PinnedArtifact & { sha256: string };
}

/** Whether `uri` names the blob `sha256` itself (`…/sha256/<hex>`), rather than another object of the store. */
export function isBlobUri(uri: string, sha256: string): boolean {
  return BLOB_URI.exec(uri)?.[1] === sha256;
}

/**
 * Why a pinned artifact cannot be fetched from the server: it is an object of the store (say, put in the
 * bucket with `aws s3 cp`) outside the content-addressed area, which the server hashed when the version
 * was registered but serves only as blobs. Says where it is and what digest to check it against.
 */
export function notABlob(version: Version, pinned: PinnedArtifact & { sha256: string }): Error {
  const fetch = pinned.uri.startsWith('s3://')
    ? `fetch it with S3 tools (aws s3 cp ${pinned.uri} FILE) and check that it hashes to sha256 ${pinned.sha256} (sha256sum FILE)`
    : `fetch it from the store directly and check that it hashes to sha256 ${pinned.sha256}`;
  return new Error(
    `The artifact at ${pinned.field} of ${version.arn} is ${pinned.uri}, an object of the store outside its content-addressed area (not under sha256/): the server pinned its digest but does not serve it; ${fetch}.`,
  );
}

/** `--grace`: 0, or a duration of whole seconds (30m, 24h, 7d). */
export function graceSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === '0') return 0;
  return durationSeconds(text, '--grace');
}
