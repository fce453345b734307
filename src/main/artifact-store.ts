import { FsArtifactStore } from '../adapters/artifacts/fs-artifact-store.js';
import type { Config } from '../config/config.js';
import type { ArtifactStore } from '../ports/artifact-store.js';

/**
 * The artifact store the configuration names. Opening touches nothing: call `check()` at boot to fail
 * fast on an unreachable bucket or an unwritable folder. The S3 adapter (and the AWS SDK, some 30 MB of
 * resident memory) is loaded only when the configuration asks for it.
 */
export async function openArtifactStore(config: Config): Promise<ArtifactStore> {
  const store = config.artifacts.store;
  if (store.kind === 'fs') return new FsArtifactStore({ root: store.dir });
  const { S3ArtifactStore } = await import('../adapters/artifacts/s3-artifact-store.js');
  return new S3ArtifactStore({
    bucket: store.bucket,
    prefix: store.prefix,
    region: store.region,
    forcePathStyle: store.forcePathStyle,
    ...(store.endpoint !== undefined && { endpoint: store.endpoint }),
    // A copy: the configuration is frozen, and the AWS SDK writes to the credentials object it is given.
    ...(store.credentials !== undefined && { credentials: { ...store.credentials } }),
  });
}
