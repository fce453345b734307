import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_ROLES } from '../access/roles.js';
import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import type { Actor } from '../domain/model.js';
import type { MetadataStore, StoreTx } from '../ports/metadata-store.js';
import type { CustomRole, NewRole, RoleChange } from '../ports/role-store.js';
import type { ServiceDeps } from './context.js';
import { RoleService, resolveRoles, roleDocuments } from './roles.js';

/** The role part of a store, in memory; principals are given as name → roles. */
class FakeRoles {
  readonly roles = new Map<string, CustomRole>();
  readonly holders = new Map<string, string[]>();
  private nextId = 1;

  insertRole(r: NewRole): Promise<CustomRole> {
    const key = `${r.account}/${r.name.toLowerCase()}`;
    if (this.roles.has(key)) return Promise.reject(new DomainError('RoleAlreadyExists', r.name));
    const role = { ...r, id: this.nextId++ };
    this.roles.set(key, role);
    return Promise.resolve(role);
  }
  async findRoles(account: string, names: readonly string[]): Promise<CustomRole[]> {
    const keys = new Set(names.map((n) => `${account}/${n.toLowerCase()}`));
    return [...this.roles].filter(([k]) => keys.has(k)).map(([, r]) => r);
  }
  async listRoles(account: string, limit: number, after = ''): Promise<CustomRole[]> {
    return [...this.roles.values()]
      .filter((r) => r.account === account && r.name.toLowerCase() > after.toLowerCase())
      .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))
      .slice(0, limit);
  }
  async updateRole(id: number, c: RoleChange): Promise<CustomRole> {
    const [key, role] = [...this.roles].find(([, r]) => r.id === id)!;
    const { description, ...rest } = role;
    const next: CustomRole = {
      ...rest,
      ...(c.description === undefined && description !== undefined && { description }),
      ...(typeof c.description === 'string' && { description: c.description }),
      ...(c.document !== undefined && { document: c.document }),
      updatedAt: c.updatedAt,
      updatedBy: c.updatedBy,
    };
    this.roles.set(key, next);
    return next;
  }
  async deleteRole(id: number): Promise<void> {
    for (const [k, r] of this.roles) if (r.id === id) this.roles.delete(k);
  }
  async roleHolders(_account: string, role: string, limit: number): Promise<string[]> {
    return [...this.holders]
      .filter(([, roles]) => roles.some((r) => r.toLowerCase() === role.toLowerCase()))
      .map(([name]) => name)
      .slice(0, limit);
  }
}

function setup() {
  const fake = new FakeRoles();
  const tx = fake as unknown as StoreTx;
  const store = { read: (work) => work(tx), write: (work) => work(tx) } as Pick<
    MetadataStore,
    'read' | 'write'
  > as MetadataStore;
  const deps = { store, clock: { now: () => 1_000 } } as unknown as ServiceDeps;
  return { fake, tx, service: new RoleService(deps) };
}

const ADMIN: Actor = { principal: 'admin', account: '111111111111', source: 'native' };
const DOC = {
  Version: '2012-10-17',
  Statement: { Effect: 'Allow', Action: 'sagemaker:List*', Resource: '*' },
};
const fails = (code: string, pattern?: RegExp) => (err: unknown) =>
  err instanceof DomainError && err.code === code && (!pattern || pattern.test(err.message));

describe('RoleService', () => {
  it('creates a role with its document in canonical form, and describes it', async () => {
    const { service } = setup();
    const created = await service.create(ADMIN, { name: 'Release-Manager', document: DOC, description: 'd' });
    assert.deepEqual(created, {
      name: 'Release-Manager',
      builtIn: false,
      description: 'd',
      document: { Version: '2012-10-17', Statement: [DOC.Statement] },
      createdAt: 1_000,
      createdBy: 'admin',
    });
    assert.deepEqual(await service.get(ADMIN, 'release-manager'), created);
    await assert.rejects(service.get(ADMIN, 'nope'), fails('RoleNotFound', /Role nope does not exist/));
  });

  it('refuses a built-in name in any case, a duplicate, a bad name, a bad or oversized document', async () => {
    const { service } = setup();
    await assert.rejects(service.create(ADMIN, { name: 'Admin', document: DOC }), fails('RoleAlreadyExists'));
    await service.create(ADMIN, { name: 'ops', document: DOC });
    await assert.rejects(service.create(ADMIN, { name: 'OPS', document: DOC }), fails('RoleAlreadyExists'));
    for (const name of ['', 'a b', 'x'.repeat(LIMITS.roleNameMax + 1), 'é']) {
      await assert.rejects(
        service.create(ADMIN, { name, document: DOC }),
        fails('ValidationFailed', /role name/),
      );
    }
    await assert.rejects(
      service.create(ADMIN, { name: 'p', document: { Version: '2012-10-17', Statement: [] } }),
      fails('ValidationFailed', /Invalid policy/),
    );
    const big = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sagemaker:List*',
          Resource: `arn:aws:sagemaker:*:*:model-package-group/${'x'.repeat(LIMITS.rolePolicyMax)}`,
        },
      ],
    };
    await assert.rejects(
      service.create(ADMIN, { name: 'p', document: big }),
      fails('ValidationFailed', /at most/),
    );
    await assert.rejects(
      service.create(ADMIN, { name: 'p', document: DOC, description: 'x'.repeat(LIMITS.descriptionMax + 1) }),
      fails('ValidationFailed', /description/),
    );
  });

  it('describes built-in roles with their documents, but neither changes nor deletes them', async () => {
    const { service } = setup();
    const viewer = await service.get(ADMIN, 'Viewer');
    assert.equal(viewer.builtIn, true);
    assert.equal(viewer.name, 'viewer');
    assert.deepEqual(viewer.document, BUILT_IN_ROLES.viewer);
    await assert.rejects(
      service.update(ADMIN, 'viewer', { description: 'x' }),
      fails('ValidationFailed', /built-in/),
    );
    await assert.rejects(service.delete(ADMIN, 'ADMIN'), fails('ValidationFailed', /built-in/));
  });

  it('lists built-in and custom roles merged by name, page by page', async () => {
    const { service } = setup();
    for (const name of ['zeta', 'Auditor', 'beta', 'data-steward'])
      await service.create(ADMIN, { name, document: DOC });
    const names: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await service.list(ADMIN, 3, after);
      names.push(...page.items.map((r) => r.name));
      if (!page.more) break;
      after = page.items.at(-1)!.name.toLowerCase();
    }
    assert.deepEqual(names, [
      'admin',
      'approver',
      'Auditor',
      'beta',
      'data-scientist',
      'data-steward',
      'viewer',
      'zeta',
    ]);
  });

  it('updates the document or the description and keeps the rest', async () => {
    const { service } = setup();
    await service.create(ADMIN, { name: 'ops', document: DOC, description: 'keep' });
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };
    const changed = await service.update(ADMIN, 'OPS', { document: doc });
    assert.deepEqual(changed.document, doc);
    assert.equal(changed.description, 'keep');
    assert.equal(changed.updatedBy, 'admin');
    const cleared = await service.update(ADMIN, 'ops', { description: null });
    assert.equal(cleared.description, undefined);
    assert.deepEqual(cleared.document, doc);
    await assert.rejects(service.update(ADMIN, 'nope', { description: 'x' }), fails('RoleNotFound'));
  });

  it('deletes a role nobody holds, and refuses one held, naming the holders', async () => {
    const { service, fake } = setup();
    await service.create(ADMIN, { name: 'ops', document: DOC });
    fake.holders.set('alice', ['viewer', 'ops']);
    await assert.rejects(service.delete(ADMIN, 'Ops'), fails('RoleInUse', /held by alice/));
    fake.holders.clear();
    await service.delete(ADMIN, 'ops');
    await assert.rejects(service.delete(ADMIN, 'ops'), fails('RoleNotFound'));
  });
});

describe('resolveRoles and roleDocuments', () => {
  it('gives the stored names of built-in and custom roles, once each', async () => {
    const { service, tx } = setup();
    await service.create(ADMIN, { name: 'Release-Manager', document: DOC });
    assert.deepEqual(
      await resolveRoles(tx, ADMIN.account, ['VIEWER', 'release-manager', 'viewer', 'Release-Manager']),
      ['viewer', 'Release-Manager'],
    );
    assert.deepEqual(await resolveRoles(tx, ADMIN.account, []), []);
  });

  it('refuses unknown roles (and roles of another account), naming the roles that exist', async () => {
    const { service, tx } = setup();
    await service.create(ADMIN, { name: 'ops', document: DOC });
    await assert.rejects(
      resolveRoles(tx, ADMIN.account, ['viewer', 'nope']),
      fails(
        'RoleNotFound',
        /^Unknown role\(s\) nope: the roles are viewer, data-scientist, approver, admin, ops\.$/,
      ),
    );
    await assert.rejects(resolveRoles(tx, '222222222222', ['ops']), fails('RoleNotFound'));
    await assert.rejects(
      resolveRoles(
        tx,
        ADMIN.account,
        Array.from({ length: LIMITS.rolesPerPrincipal + 1 }, (_, i) => `r${i}`),
      ),
      fails('ValidationFailed', /at most/),
    );
  });

  it('reads the documents of the roles held, as stored now', async () => {
    const { service, tx } = setup();
    await service.create(ADMIN, { name: 'ops', document: DOC });
    const docs = await roleDocuments(tx, ADMIN.account, ['approver', 'ops', 'gone']);
    assert.deepEqual(docs, [BUILT_IN_ROLES.approver, { Version: '2012-10-17', Statement: [DOC.Statement] }]);
    const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };
    await service.update(ADMIN, 'ops', { document: deny });
    assert.deepEqual(await roleDocuments(tx, ADMIN.account, ['ops']), [deny]);
  });
});
