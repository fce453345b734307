import { describe } from 'node:test';
import type { MetadataStore } from '../../src/ports/metadata-store.js';
import { artifactContract } from './metadata-store/artifacts.js';
import { eventContract } from './metadata-store/events.js';
import { groupContract } from './metadata-store/groups.js';
import { identityContract } from './metadata-store/identity.js';
import { packageContract } from './metadata-store/packages.js';
import { roleContract } from './metadata-store/roles.js';
import { tagContract } from './metadata-store/tags.js';
import { transactionContract } from './metadata-store/transactions.js';
import { versionContract } from './metadata-store/versions.js';

/**
 * The MetadataStore contract: every StoreTx method, paging, transactions and concurrency, asserted the
 * same way against each adapter. `open` returns a fresh, migrated, empty store; each area below opens its
 * own and closes it afterwards, and every test works in an account or group of its own.
 */
export function metadataStoreContract(
  name: string,
  open: () => Promise<{ store: MetadataStore; close(): Promise<void> }>,
): void {
  describe(`MetadataStore contract: ${name}`, () => {
    groupContract(open);
    packageContract(open);
    versionContract(open);
    tagContract(open);
    transactionContract(open);
    eventContract(open);
    identityContract(open);
    roleContract(open);
    artifactContract(open);
  });
}
