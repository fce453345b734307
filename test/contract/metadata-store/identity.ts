import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/domain/errors.js';
import type {
  NewPrincipal,
  Principal,
  StoredAccessKey,
  StoredToken,
} from '../../../src/ports/identity-store.js';
import type { MetadataStore } from '../../../src/ports/metadata-store.js';
import { newAccount, type OpenStore, storeFor, T0 } from './fixtures.js';

function principalRecord(account: string, name: string, o: Partial<NewPrincipal> = {}): NewPrincipal {
  return { account, name, kind: 'user', roles: ['viewer'], createdAt: T0, createdBy: 'contract', ...o };
}

function createPrincipal(
  store: MetadataStore,
  account: string,
  name: string,
  o: Partial<NewPrincipal> = {},
): Promise<Principal> {
  return store.write((tx) => tx.insertPrincipal(principalRecord(account, name, o)));
}

/** Credential ids are global, not per account: a random suffix keeps tests on one store apart. */
const uniqueId = (prefix: string): string => `${prefix}${randomUUID().replaceAll('-', '').slice(0, 16)}`;

function keyRecord(principalId: number, createdAt = T0, accessKeyId = uniqueId('AKIA')): StoredAccessKey {
  return { accessKeyId, principalId, sealedSecret: `sealed:${accessKeyId}`, status: 'Active', createdAt };
}

function tokenRecord(principalId: number, createdAt = T0, tokenId = uniqueId('mdl_')): StoredToken {
  return { tokenId, principalId, secretHash: 'ab'.repeat(32), createdAt };
}

const failsWith = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;

export function identityContract(open: OpenStore): void {
  describe('identity: principals', () => {
    const h = storeFor(open);

    it('inserts a principal and finds it by name in any case, and by id', async () => {
      const account = newAccount();
      const p = await createPrincipal(h.store, account, 'Alice', {
        kind: 'machine',
        roles: ['data-scientist', 'approver'],
        description: 'trains models',
        createdAt: T0 + 7,
      });
      assert.deepEqual(p, {
        id: p.id,
        account,
        name: 'Alice',
        kind: 'machine',
        roles: ['data-scientist', 'approver'],
        description: 'trains models',
        createdAt: T0 + 7,
        createdBy: 'contract',
      });
      await h.store.read(async (tx) => {
        assert.deepEqual(await tx.findPrincipal(account, 'alice'), p);
        assert.deepEqual(await tx.findPrincipal(account, 'ALICE'), p);
        assert.deepEqual(await tx.findPrincipalById(p.id), p);
        assert.equal(await tx.findPrincipal(account, 'bob'), undefined);
        assert.equal(await tx.findPrincipal(newAccount(), 'Alice'), undefined);
        assert.equal(await tx.findPrincipalById(p.id + 1_000_000), undefined);
      });
    });

    it('keeps no description or disabled time a principal was created without', async () => {
      const p = await createPrincipal(h.store, newAccount(), 'plain', { roles: [] });
      assert.equal('description' in p, false);
      assert.equal('disabledAt' in p, false);
      assert.deepEqual(p.roles, []);
    });

    it('refuses a second principal of the same name in any case, but not in another account', async () => {
      const account = newAccount();
      await createPrincipal(h.store, account, 'Carol');
      await assert.rejects(createPrincipal(h.store, account, 'CAROL'), (err: unknown) => {
        assert.ok(err instanceof DomainError);
        assert.equal(err.code, 'PrincipalAlreadyExists');
        assert.equal(err.message, `A principal named CAROL already exists in account ${account}.`);
        assert.deepEqual(err.details, { name: 'CAROL' });
        return true;
      });
      const elsewhere = await createPrincipal(h.store, newAccount(), 'Carol');
      assert.equal(elsewhere.name, 'Carol');
    });

    it('pages through 25 principals by name, ignoring case, without repeats or gaps', async () => {
      const account = newAccount();
      // Alternating case: ordering by the stored name instead of its lower-case key would put every
      // "User-" before every "user-".
      const names = Array.from(
        { length: 25 },
        (_, i) => `${i % 2 ? 'user' : 'User'}-${String(i).padStart(2, '0')}`,
      );
      for (const name of [...names].reverse()) await createPrincipal(h.store, account, name);
      await createPrincipal(h.store, newAccount(), 'user-005');
      const pages: string[][] = [];
      let after: string | undefined;
      for (;;) {
        const page = await h.store.read((tx) => tx.listPrincipals(account, 10, after));
        if (page.length === 0) break;
        assert.ok(pages.length < 3, 'more pages than principals');
        pages.push(page.map((p) => p.name));
        after = page.at(-1)!.name;
      }
      assert.deepEqual(
        pages.map((p) => p.length),
        [10, 10, 5],
      );
      assert.deepEqual(pages.flat(), names);
    });

    it('updates roles, description and disabled time, keeps what a change leaves out, and clears with null', async () => {
      const p = await createPrincipal(h.store, newAccount(), 'dave', { description: 'first' });
      const roles = await h.store.write((tx) => tx.updatePrincipal(p.id, { roles: ['admin'] }));
      assert.deepEqual(roles, { ...p, roles: ['admin'] });
      const disabled = await h.store.write((tx) =>
        tx.updatePrincipal(p.id, { description: 'second', disabledAt: T0 + 9 }),
      );
      assert.deepEqual(disabled, { ...p, roles: ['admin'], description: 'second', disabledAt: T0 + 9 });
      assert.deepEqual(await h.store.write((tx) => tx.updatePrincipal(p.id, {})), disabled);
      const cleared = await h.store.write((tx) =>
        tx.updatePrincipal(p.id, { description: null, disabledAt: null }),
      );
      const { description: _, ...withoutDescription } = p;
      assert.deepEqual(cleared, { ...withoutDescription, roles: ['admin'] });
      assert.deepEqual(await h.store.read((tx) => tx.findPrincipalById(p.id)), cleared);
    });

    it('reports PrincipalNotFound when updating a principal that does not exist', async () => {
      const p = await createPrincipal(h.store, newAccount(), 'gone');
      await h.store.write((tx) => tx.deletePrincipal(p.id));
      for (const change of [{ roles: ['admin'] }, {}]) {
        await assert.rejects(
          h.store.write((tx) => tx.updatePrincipal(p.id, change)),
          failsWith('PrincipalNotFound'),
        );
      }
    });

    it('deletes a principal with its policies, keys and tokens, and nobody else’s', async () => {
      const account = newAccount();
      const [doomed, kept] = [
        await createPrincipal(h.store, account, 'doomed'),
        await createPrincipal(h.store, account, 'kept'),
      ];
      const credentials = await h.store.write(async (tx) => {
        const made = [];
        for (const p of [doomed, kept]) {
          await tx.putPrincipalPolicy(p.id, { name: 'inline', document: '{"Statement":[]}' });
          const key = keyRecord(p.id);
          const token = tokenRecord(p.id);
          await tx.insertAccessKey(key);
          await tx.insertToken(token);
          made.push({ key, token });
        }
        return made;
      });
      await h.store.write((tx) => tx.deletePrincipal(doomed.id));
      await h.store.read(async (tx) => {
        assert.equal(await tx.findPrincipalById(doomed.id), undefined);
        assert.equal(await tx.findPrincipal(account, 'doomed'), undefined);
        assert.deepEqual(await tx.listPrincipalPolicies(doomed.id), []);
        assert.equal(await tx.findAccessKey(credentials[0]!.key.accessKeyId), undefined);
        assert.equal(await tx.findToken(credentials[0]!.token.tokenId), undefined);
        assert.deepEqual(await tx.listAccessKeys(doomed.id), []);
        assert.deepEqual(await tx.listTokens(doomed.id), []);
        assert.deepEqual(await tx.findPrincipalById(kept.id), kept);
        assert.equal((await tx.listPrincipalPolicies(kept.id)).length, 1);
        assert.deepEqual(await tx.findAccessKey(credentials[1]!.key.accessKeyId), credentials[1]!.key);
        assert.deepEqual(await tx.findToken(credentials[1]!.token.tokenId), credentials[1]!.token);
      });
      // The name is free again.
      assert.equal((await createPrincipal(h.store, account, 'Doomed')).name, 'Doomed');
    });

    it('rolls back a principal and its credentials with the unit of work', async () => {
      const account = newAccount();
      const boom = new Error('boom');
      const key = keyRecord(0);
      const token = tokenRecord(0);
      await assert.rejects(
        h.store.write(async (tx) => {
          const p = await tx.insertPrincipal(principalRecord(account, 'ghost'));
          await tx.putPrincipalPolicy(p.id, { name: 'inline', document: '{}' });
          await tx.insertAccessKey({ ...key, principalId: p.id });
          await tx.insertToken({ ...token, principalId: p.id });
          throw boom;
        }),
        (err) => err === boom,
      );
      await h.store.read(async (tx) => {
        assert.equal(await tx.findPrincipal(account, 'ghost'), undefined);
        assert.deepEqual(await tx.listPrincipals(account, 10), []);
        assert.equal(await tx.findAccessKey(key.accessKeyId), undefined);
        assert.equal(await tx.findToken(token.tokenId), undefined);
      });
    });
  });

  describe('identity: principal count', () => {
    const h = storeFor(open);

    it('counts principals across accounts, starting from 0 on a fresh store', async () => {
      assert.equal(await h.store.read((tx) => tx.countPrincipals()), 0);
      const first = await createPrincipal(h.store, newAccount(), 'admin');
      await createPrincipal(h.store, newAccount(), 'admin');
      assert.equal(await h.store.read((tx) => tx.countPrincipals()), 2);
      await h.store.write((tx) => tx.deletePrincipal(first.id));
      assert.equal(await h.store.read((tx) => tx.countPrincipals()), 1);
    });
  });

  describe('identity: policies and credentials', () => {
    const h = storeFor(open);

    it('upserts, lists by name and deletes a principal’s inline policies', async () => {
      const account = newAccount();
      const p = await createPrincipal(h.store, account, 'erin');
      const other = await createPrincipal(h.store, account, 'frank');
      await h.store.write(async (tx) => {
        await tx.putPrincipalPolicy(p.id, { name: 'write', document: '{"v":1}' });
        await tx.putPrincipalPolicy(p.id, { name: 'read', document: '{"v":1}' });
        await tx.putPrincipalPolicy(p.id, { name: 'write', document: '{"v":2}' });
        await tx.putPrincipalPolicy(other.id, { name: 'read', document: '{"other":true}' });
      });
      assert.deepEqual(await h.store.read((tx) => tx.listPrincipalPolicies(p.id)), [
        { name: 'read', document: '{"v":1}' },
        { name: 'write', document: '{"v":2}' },
      ]);
      assert.equal(await h.store.write((tx) => tx.deletePrincipalPolicy(p.id, 'read')), true);
      assert.equal(await h.store.write((tx) => tx.deletePrincipalPolicy(p.id, 'read')), false);
      assert.equal(await h.store.write((tx) => tx.deletePrincipalPolicy(p.id, 'never')), false);
      assert.deepEqual(await h.store.read((tx) => tx.listPrincipalPolicies(p.id)), [
        { name: 'write', document: '{"v":2}' },
      ]);
      assert.deepEqual(await h.store.read((tx) => tx.listPrincipalPolicies(other.id)), [
        { name: 'read', document: '{"other":true}' },
      ]);
    });

    it('stores access keys, lists them by creation time then id, revokes once and records use', async () => {
      const p = await createPrincipal(h.store, newAccount(), 'grace');
      const other = await createPrincipal(h.store, p.account, 'heidi');
      const late = keyRecord(p.id, T0 + 2, uniqueId('AKIA0LATE'));
      const tieB = keyRecord(p.id, T0 + 1, uniqueId('AKIA1TIEB'));
      const tieA = keyRecord(p.id, T0 + 1, uniqueId('AKIA0TIEA'));
      await h.store.write(async (tx) => {
        for (const k of [late, tieB, tieA]) await tx.insertAccessKey(k);
        await tx.insertAccessKey(keyRecord(other.id));
      });
      assert.deepEqual(await h.store.read((tx) => tx.findAccessKey(late.accessKeyId)), late);
      assert.equal(await h.store.read((tx) => tx.findAccessKey('AKIANOSUCHKEY')), undefined);
      assert.deepEqual(await h.store.read((tx) => tx.listAccessKeys(p.id)), [tieA, tieB, late]);

      assert.equal(await h.store.write((tx) => tx.revokeAccessKey(tieB.accessKeyId, T0 + 50)), true);
      assert.equal(await h.store.write((tx) => tx.revokeAccessKey(tieB.accessKeyId, T0 + 60)), false);
      assert.equal(await h.store.write((tx) => tx.revokeAccessKey('AKIANOSUCHKEY', T0 + 60)), false);
      const revoked = { ...tieB, status: 'Inactive', revokedAt: T0 + 50 };
      assert.deepEqual(await h.store.read((tx) => tx.findAccessKey(tieB.accessKeyId)), revoked);
      assert.deepEqual(await h.store.read((tx) => tx.listAccessKeys(p.id)), [tieA, revoked, late]);

      await h.store.write((tx) => tx.touchAccessKey(late.accessKeyId, T0 + 70));
      assert.equal((await h.store.read((tx) => tx.findAccessKey(late.accessKeyId)))?.lastUsedAt, T0 + 70);
      await h.store.write((tx) => tx.touchAccessKey(late.accessKeyId, T0 + 65));
      assert.equal(
        (await h.store.read((tx) => tx.findAccessKey(late.accessKeyId)))?.lastUsedAt,
        T0 + 70,
        'an older use does not overwrite a newer one',
      );
      assert.equal((await h.store.read((tx) => tx.findAccessKey(tieA.accessKeyId)))?.lastUsedAt, undefined);
    });

    it('stores tokens, lists them by creation time then id, revokes once and records use', async () => {
      const p = await createPrincipal(h.store, newAccount(), 'ivan', { kind: 'machine' });
      const other = await createPrincipal(h.store, p.account, 'judy');
      const late: StoredToken = {
        ...tokenRecord(p.id, T0 + 2, uniqueId('mdl_0late')),
        name: 'ci',
        expiresAt: T0 + 86_400_000,
      };
      const tieB = tokenRecord(p.id, T0 + 1, uniqueId('mdl_1tieb'));
      const tieA = tokenRecord(p.id, T0 + 1, uniqueId('mdl_0tiea'));
      await h.store.write(async (tx) => {
        for (const t of [late, tieB, tieA]) await tx.insertToken(t);
        await tx.insertToken(tokenRecord(other.id));
      });
      assert.deepEqual(await h.store.read((tx) => tx.findToken(late.tokenId)), late);
      assert.deepEqual(await h.store.read((tx) => tx.findToken(tieA.tokenId)), tieA);
      assert.equal(await h.store.read((tx) => tx.findToken('mdl_nosuchtoken')), undefined);
      assert.deepEqual(await h.store.read((tx) => tx.listTokens(p.id)), [tieA, tieB, late]);

      assert.equal(await h.store.write((tx) => tx.revokeToken(tieB.tokenId, T0 + 50)), true);
      assert.equal(await h.store.write((tx) => tx.revokeToken(tieB.tokenId, T0 + 60)), false);
      assert.equal(await h.store.write((tx) => tx.revokeToken('mdl_nosuchtoken', T0 + 60)), false);
      const revoked = { ...tieB, revokedAt: T0 + 50 };
      assert.deepEqual(await h.store.read((tx) => tx.findToken(tieB.tokenId)), revoked);
      assert.deepEqual(await h.store.read((tx) => tx.listTokens(p.id)), [tieA, revoked, late]);

      await h.store.write((tx) => tx.touchToken(late.tokenId, T0 + 70));
      assert.equal((await h.store.read((tx) => tx.findToken(late.tokenId)))?.lastUsedAt, T0 + 70);
      await h.store.write((tx) => tx.touchToken(late.tokenId, T0 + 65));
      assert.equal(
        (await h.store.read((tx) => tx.findToken(late.tokenId)))?.lastUsedAt,
        T0 + 70,
        'an older use does not overwrite a newer one',
      );
      assert.equal((await h.store.read((tx) => tx.findToken(tieA.tokenId)))?.lastUsedAt, undefined);
    });
  });
}
