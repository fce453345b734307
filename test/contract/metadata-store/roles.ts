import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/domain/errors.js';
import type { MetadataStore } from '../../../src/ports/metadata-store.js';
import type { CustomRole, NewRole } from '../../../src/ports/role-store.js';
import { newAccount, type OpenStore, storeFor, T0 } from './fixtures.js';

const DOC =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sagemaker:List*","Resource":"*"}]}';

function createRole(
  store: MetadataStore,
  account: string,
  name: string,
  o: Partial<NewRole> = {},
): Promise<CustomRole> {
  return store.write((tx) =>
    tx.insertRole({ account, name, document: DOC, createdAt: T0, createdBy: 'contract', ...o }),
  );
}

function createPrincipal(store: MetadataStore, account: string, name: string, roles: string[]) {
  return store.write((tx) =>
    tx.insertPrincipal({ account, name, kind: 'user', roles, createdAt: T0, createdBy: 'contract' }),
  );
}

const failsWith = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;

export function roleContract(open: OpenStore): void {
  describe('custom roles', () => {
    const h = storeFor(open);

    it('inserts a role and finds it by name in any case, only in its account', async () => {
      const account = newAccount();
      const role = await createRole(h.store, account, 'Release-Manager', {
        description: 'approves releases',
        createdAt: T0 + 5,
      });
      assert.deepEqual(role, {
        id: role.id,
        account,
        name: 'Release-Manager',
        description: 'approves releases',
        document: DOC,
        createdAt: T0 + 5,
        createdBy: 'contract',
      });
      await h.store.read(async (tx) => {
        assert.deepEqual(await tx.findRoles(account, ['release-manager']), [role]);
        assert.deepEqual(await tx.findRoles(account, ['RELEASE-MANAGER', 'Release-Manager', 'nope']), [role]);
        assert.deepEqual(await tx.findRoles(account, []), []);
        assert.deepEqual(await tx.findRoles(newAccount(), ['Release-Manager']), []);
      });
    });

    it('keeps no description or update a role was created without', async () => {
      const role = await createRole(h.store, newAccount(), 'plain');
      assert.equal('description' in role, false);
      assert.equal('updatedAt' in role, false);
      assert.equal('updatedBy' in role, false);
    });

    it('refuses a second role of the same name in any case, but not in another account', async () => {
      const account = newAccount();
      await createRole(h.store, account, 'auditor');
      await assert.rejects(createRole(h.store, account, 'AUDITOR'), failsWith('RoleAlreadyExists'));
      await createRole(h.store, newAccount(), 'auditor');
      await h.store.read(async (tx) => assert.equal((await tx.findRoles(account, ['auditor'])).length, 1));
    });

    it('finds several roles at once, and under a lock inside a write', async () => {
      const account = newAccount();
      await createRole(h.store, account, 'a');
      await createRole(h.store, account, 'b');
      await createRole(h.store, account, 'c');
      const names = (roles: CustomRole[]) => roles.map((r) => r.name).sort();
      await h.store.write(async (tx) => {
        assert.deepEqual(names(await tx.findRoles(account, ['c', 'A', 'x'], 'share')), ['a', 'c']);
        assert.deepEqual(names(await tx.findRoles(account, ['b'], 'update')), ['b']);
      });
    });

    it('lists the roles of an account by name ignoring case, page by page', async () => {
      const account = newAccount();
      for (const name of ['delta', 'Alpha', 'charlie', 'Bravo', 'echo_1'])
        await createRole(h.store, account, name);
      await createRole(h.store, newAccount(), 'aardvark');
      const all: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await h.store.read((tx) => tx.listRoles(account, 2, after));
        all.push(...page.map((r) => r.name));
        if (page.length < 2) break;
        after = page.at(-1)!.name;
      }
      assert.deepEqual(all, ['Alpha', 'Bravo', 'charlie', 'delta', 'echo_1']);
      const upper = await h.store.read((tx) => tx.listRoles(account, 10, 'CHARLIE'));
      assert.deepEqual(
        upper.map((r) => r.name),
        ['delta', 'echo_1'],
      );
    });

    it('updates the document and the description, and records who and when', async () => {
      const account = newAccount();
      const role = await createRole(h.store, account, 'editor', { description: 'first' });
      const doc = DOC.replace('List*', 'Describe*');
      const changed = await h.store.write((tx) =>
        tx.updateRole(role.id, { document: doc, updatedAt: T0 + 9, updatedBy: 'admin' }),
      );
      assert.deepEqual(changed, { ...role, document: doc, updatedAt: T0 + 9, updatedBy: 'admin' });
      const cleared = await h.store.write((tx) =>
        tx.updateRole(role.id, { description: null, updatedAt: T0 + 10, updatedBy: 'root' }),
      );
      assert.equal('description' in cleared, false);
      assert.equal(cleared.document, doc);
      assert.equal(cleared.updatedBy, 'root');
      const described = await h.store.write((tx) =>
        tx.updateRole(role.id, { description: 'second', updatedAt: T0 + 11, updatedBy: 'root' }),
      );
      assert.equal(described.description, 'second');
      await h.store.read(async (tx) =>
        assert.deepEqual(await tx.findRoles(account, ['editor']), [described]),
      );
      await assert.rejects(
        h.store.write((tx) => tx.updateRole(role.id + 1_000_000, { updatedAt: T0, updatedBy: 'x' })),
        failsWith('RoleNotFound'),
      );
    });

    it('deletes a role; its name can be taken again', async () => {
      const account = newAccount();
      const role = await createRole(h.store, account, 'gone');
      await h.store.write((tx) => tx.deleteRole(role.id));
      await h.store.read(async (tx) => assert.deepEqual(await tx.findRoles(account, ['gone']), []));
      const again = await createRole(h.store, account, 'GONE');
      assert.notEqual(again.id, role.id);
    });

    it('names the principals of the account that hold a role, in any case, by name', async () => {
      const account = newAccount();
      await createPrincipal(h.store, account, 'zoe', ['viewer', 'Release_Manager']);
      await createPrincipal(h.store, account, 'Adam', ['release_manager']);
      await createPrincipal(h.store, account, 'bob', ['viewer']);
      // `_` is a LIKE wildcard: it must match only itself.
      await createPrincipal(h.store, account, 'carl', ['releasexmanager']);
      // A longer name that contains the role's is another role.
      await createPrincipal(h.store, account, 'dora', ['release_manager-2']);
      await createPrincipal(h.store, newAccount(), 'eve', ['release_manager']);
      await h.store.read(async (tx) => {
        assert.deepEqual(await tx.roleHolders(account, 'Release_Manager', 10), ['Adam', 'zoe']);
        assert.deepEqual(await tx.roleHolders(account, 'release_manager', 1), ['Adam']);
        assert.deepEqual(await tx.roleHolders(account, 'nobody', 10), []);
        assert.deepEqual(await tx.roleHolders(account, 'release%', 10), []);
      });
    });
  });
}
