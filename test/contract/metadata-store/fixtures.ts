import { randomInt } from 'node:crypto';
import { after, before } from 'node:test';
import type { Actor, ApprovalStatus, Group, Lifecycle, ModelPackage } from '../../../src/domain/model.js';
import type { Cursor } from '../../../src/domain/paging.js';
import type { Listed, MetadataStore, NewPackage, StoreTx } from '../../../src/ports/metadata-store.js';

/** What a contract run gets from the adapter under test: a fresh, migrated store. */
export interface OpenedStore {
  readonly store: MetadataStore;
  close(): Promise<void>;
}
export type OpenStore = () => Promise<OpenedStore>;

export const ACTOR: Actor = { principal: 'AKIDCONTRACT', account: '000000000000', source: 'system' };
export const T0 = 1_700_000_000_000;

/** A fresh account id per test keeps tests on one shared store apart. */
export function newAccount(): string {
  return String(randomInt(100_000_000_000, 999_999_999_999));
}

/** Opens one store for the enclosing describe() and closes it after; read `.store` inside tests. */
export function storeFor(open: OpenStore): { readonly store: MetadataStore } {
  let opened: OpenedStore | undefined;
  before(async () => {
    opened = await open();
  });
  after(async () => {
    await opened?.close();
  });
  return {
    get store(): MetadataStore {
      if (!opened) throw new Error('store not open');
      return opened.store;
    },
  };
}

export function groupArn(account: string, name: string): string {
  return `arn:aws:sagemaker:us-east-1:${account}:model-package-group/${name}`;
}

export async function createGroup(
  store: MetadataStore,
  account: string,
  name: string,
  createdAt = T0,
): Promise<Group> {
  return store.write((tx) =>
    tx.insertGroup({ account, name, arn: groupArn(account, name), createdAt, createdBy: ACTOR }),
  );
}

export interface VersionOptions {
  readonly approvalStatus?: ApprovalStatus;
  readonly lifecycle?: Lifecycle;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly createdAt?: number;
  readonly clientToken?: string;
  readonly requestHash?: string;
  readonly description?: string;
}

export function versionRecord(group: Group, version: number, o: VersionOptions = {}): NewPackage {
  return {
    account: group.account,
    arn: `arn:aws:sagemaker:us-east-1:${group.account}:model-package/${group.name.toLowerCase()}/${version}`,
    groupId: group.id,
    groupName: group.name,
    version,
    status: 'Completed',
    approvalStatus: o.approvalStatus ?? 'PendingManualApproval',
    ...(o.lifecycle && { lifecycle: o.lifecycle }),
    ...(o.description !== undefined && { description: o.description }),
    metrics: o.metrics ?? {},
    spec: { InferenceSpecification: { Containers: [{ Image: `img:${version}` }] } },
    ...(o.clientToken !== undefined && { clientToken: o.clientToken }),
    ...(o.requestHash !== undefined && { requestHash: o.requestHash }),
    createdAt: o.createdAt ?? T0 + version,
    createdBy: ACTOR,
  };
}

/** Registers a version the way the service does: lock the group, take the next number, insert. */
export async function registerIn(tx: StoreTx, group: Group, o: VersionOptions = {}): Promise<ModelPackage> {
  await tx.lockGroup(group.id);
  const version = await tx.nextVersionNumber(group.id);
  return tx.insertPackage(versionRecord(group, version, o));
}

export function register(store: MetadataStore, group: Group, o: VersionOptions = {}): Promise<ModelPackage> {
  return store.write((tx) => registerIn(tx, group, o));
}

export function unversionedRecord(account: string, name: string, createdAt = T0): NewPackage {
  return {
    account,
    arn: `arn:aws:sagemaker:us-east-1:${account}:model-package/${name.toLowerCase()}`,
    name,
    status: 'Completed',
    metrics: {},
    spec: { SourceUri: `s3://bucket/${name}` },
    createdAt,
    createdBy: ACTOR,
  };
}

/**
 * Follows `next` cursors to the end, failing on a page that is too long, a cursor without progress or a
 * runaway walk, and returns every item in the order the pages gave them.
 */
export async function walk<T>(
  limit: number,
  page: (after: Cursor | undefined) => Promise<Listed<T>>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let after: Cursor | undefined;
  for (let pages = 1; pages <= 10_000; pages++) {
    const result = await page(after);
    if (result.items.length > limit) throw new Error(`page ${pages} has ${result.items.length} > ${limit}`);
    items.push(...result.items);
    if (!result.next) return { items, pages };
    if (result.items.length === 0) throw new Error(`page ${pages} is empty but has a next cursor`);
    after = result.next;
  }
  throw new Error('paging did not end');
}

export function ids(items: readonly { readonly id: number }[]): number[] {
  return items.map((i) => i.id);
}

/** Sorts by the given keys in order, ascending; reverse the result for descending. */
export function sortedBy<T>(items: readonly T[], ...keys: ((item: T) => string | number)[]): T[] {
  return [...items].sort((a, b) => {
    for (const key of keys) {
      const x = key(a);
      const y = key(b);
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  });
}
