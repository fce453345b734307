import { describe } from 'node:test';
import { blobContract } from './artifact-store/blobs.js';
import type { OpenStore } from './artifact-store/streams.js';
import { uploadContract } from './artifact-store/uploads.js';

export type { OpenedStore, OpenStore } from './artifact-store/streams.js';

/**
 * The ArtifactStore contract, asserted the same way against each adapter. `open` returns a fresh,
 * empty store (and a way to see every file or object it keeps); each test opens its own.
 */
export function artifactStoreContract(name: string, open: OpenStore, skip: string | false = false): void {
  describe(`ArtifactStore contract: ${name}`, { skip }, () => {
    blobContract(open);
    uploadContract(open);
  });
}
