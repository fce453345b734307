import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';

/** Where artifact bytes live and the limits of uploads (issue 5). */
export interface ArtifactsConfig {
  readonly store: FsArtifactsConfig | S3ArtifactsConfig;
  /** Largest artifact accepted, in bytes; enforced while streaming. */
  readonly maxBytes: number;
  /** Allowed upload media types, lower case, without parameters; empty: any. */
  readonly contentTypes: readonly string[];
  /** Garbage collection spares blobs, sessions and staging files younger than this. */
  readonly gcGraceSeconds: number;
}

export interface FsArtifactsConfig {
  readonly kind: 'fs';
  readonly dir: string;
}

export interface S3ArtifactsConfig {
  readonly kind: 's3';
  readonly bucket: string;
  /** '' or ending in '/'. */
  readonly prefix: string;
  readonly endpoint?: string;
  readonly region: string;
  readonly forcePathStyle: boolean;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export const ARTIFACT_DEFAULTS = {
  artifactStore: 'fs',
  artifactMaxBytes: 107_374_182_400,
  artifactGcGraceSeconds: 86_400,
  s3ForcePathStyle: false,
} as const;

/** S3's largest object (5 TiB): no store can hold a larger artifact. */
const MAX_ARTIFACT_BYTES = 5 * 1024 ** 4;
const S3_SETTINGS = [
  'MODELRY_S3_BUCKET',
  'MODELRY_S3_PREFIX',
  'MODELRY_S3_ENDPOINT',
  'MODELRY_S3_REGION',
  'MODELRY_S3_FORCE_PATH_STYLE',
  'MODELRY_S3_ACCESS_KEY_ID',
  'MODELRY_S3_SECRET_ACCESS_KEY',
] as const;
const TOKEN = "[a-z0-9!#$&^_.+'*-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}$`);

type Env = (name: string) => string | undefined;

/** Reads the artifact and S3 settings; `env` answers undefined for unset or empty. */
export function loadArtifactsConfig(env: Env, dataDir: string, region: string): ArtifactsConfig {
  const kind = env('MODELRY_ARTIFACT_STORE') ?? ARTIFACT_DEFAULTS.artifactStore;
  if (kind !== 'fs' && kind !== 's3') {
    throw new ConfigError(`Invalid MODELRY_ARTIFACT_STORE "${kind}": expected fs or s3.`);
  }
  return Object.freeze({
    store: kind === 'fs' ? fsStore(env, dataDir) : s3Store(env, region),
    maxBytes: integer(
      env,
      'MODELRY_ARTIFACT_MAX_BYTES',
      ARTIFACT_DEFAULTS.artifactMaxBytes,
      1,
      MAX_ARTIFACT_BYTES,
    ),
    contentTypes: Object.freeze(contentTypes(env('MODELRY_ARTIFACT_CONTENT_TYPES'))),
    gcGraceSeconds: integer(
      env,
      'MODELRY_ARTIFACT_GC_GRACE_SECONDS',
      ARTIFACT_DEFAULTS.artifactGcGraceSeconds,
      0,
      31_536_000,
    ),
  });
}

function fsStore(env: Env, dataDir: string): FsArtifactsConfig {
  const stray = S3_SETTINGS.find((name) => env(name) !== undefined);
  if (stray) {
    throw new ConfigError(
      `${stray} is set but the artifact store is fs: set MODELRY_ARTIFACT_STORE=s3 to use S3, or unset ${stray}.`,
    );
  }
  return Object.freeze({
    kind: 'fs',
    dir: resolve(env('MODELRY_ARTIFACT_DIR') ?? resolve(dataDir, 'artifacts')),
  });
}

function s3Store(env: Env, defaultRegion: string): S3ArtifactsConfig {
  if (env('MODELRY_ARTIFACT_DIR') !== undefined) {
    throw new ConfigError(
      'MODELRY_ARTIFACT_DIR is set but the artifact store is s3: unset it, or set MODELRY_ARTIFACT_STORE=fs.',
    );
  }
  const bucket = env('MODELRY_S3_BUCKET');
  if (bucket === undefined) {
    throw new ConfigError('MODELRY_S3_BUCKET is required when MODELRY_ARTIFACT_STORE=s3.');
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
    throw new ConfigError(
      `Invalid MODELRY_S3_BUCKET "${bucket}": 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.`,
    );
  }
  const region = env('MODELRY_S3_REGION') ?? defaultRegion;
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(region)) {
    throw new ConfigError(
      `Invalid MODELRY_S3_REGION "${region}": lower-case letters, digits and hyphens, such as us-east-1.`,
    );
  }
  const endpoint = env('MODELRY_S3_ENDPOINT');
  if (endpoint !== undefined) checkEndpoint(endpoint);
  const pathStyle = env('MODELRY_S3_FORCE_PATH_STYLE') ?? String(ARTIFACT_DEFAULTS.s3ForcePathStyle);
  if (pathStyle !== 'true' && pathStyle !== 'false') {
    throw new ConfigError(`Invalid MODELRY_S3_FORCE_PATH_STYLE "${pathStyle}": expected true or false.`);
  }
  const credentials = s3Credentials(env);
  return Object.freeze({
    kind: 's3',
    bucket,
    prefix: prefix(env('MODELRY_S3_PREFIX')),
    ...(endpoint !== undefined && { endpoint }),
    region,
    forcePathStyle: pathStyle === 'true',
    ...(credentials && { credentials }),
  });
}

function prefix(text: string | undefined): string {
  if (text === undefined) return '';
  if (
    !/^[A-Za-z0-9!_.*'()/-]{1,512}$/.test(text) ||
    text.startsWith('/') ||
    /(^|\/)\.{1,2}(\/|$)|\/\//.test(text)
  ) {
    throw new ConfigError(
      `Invalid MODELRY_S3_PREFIX "${text}": up to 512 letters, digits and ! _ . * ' ( ) - /, not starting with /, without empty, . or .. segments.`,
    );
  }
  return text.endsWith('/') ? text : `${text}/`;
}

function checkEndpoint(endpoint: string): void {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.search ||
    url.hash ||
    url.username
  ) {
    throw new ConfigError(
      `Invalid MODELRY_S3_ENDPOINT "${endpoint}": expected an http:// or https:// URL such as http://127.0.0.1:9000.`,
    );
  }
}

function s3Credentials(env: Env): S3ArtifactsConfig['credentials'] {
  const accessKeyId = env('MODELRY_S3_ACCESS_KEY_ID');
  const secretAccessKey = env('MODELRY_S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError(
      'MODELRY_S3_ACCESS_KEY_ID and MODELRY_S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS SDK default credential chain.',
    );
  }
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  if (/\s/.test(accessKeyId) || accessKeyId.length > 128) {
    throw new ConfigError('Invalid MODELRY_S3_ACCESS_KEY_ID: up to 128 characters, no spaces.');
  }
  if (/\s/.test(secretAccessKey) || secretAccessKey.length > 256) {
    throw new ConfigError('Invalid MODELRY_S3_SECRET_ACCESS_KEY: up to 256 characters, no spaces.');
  }
  return Object.freeze({ accessKeyId, secretAccessKey });
}

function contentTypes(text: string | undefined): string[] {
  const types = (text ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  const bad = types.find((t) => !MEDIA_TYPE.test(t));
  if (bad !== undefined) {
    throw new ConfigError(
      `Invalid MODELRY_ARTIFACT_CONTENT_TYPES entry "${bad}": expected media types such as application/gzip, separated by commas, without parameters.`,
    );
  }
  return [...new Set(types)];
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = env(name) ?? String(fallback);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(`Invalid ${name} "${text}": expected an integer from ${min} to ${max}.`);
  }
  return value;
}
