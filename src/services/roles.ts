import { type PolicyDocument, parsePolicy } from '../access/policy.js';
import { BUILT_IN_ROLES, type BuiltInRole } from '../access/roles.js';
import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import type { Actor } from '../domain/model.js';
import type { StoreTx } from '../ports/metadata-store.js';
import type { CustomRole } from '../ports/role-store.js';
import type { ServiceDeps } from './context.js';
import { invalid } from './event-settings.js';

/** IAM's role names: letters, digits and +=,.@_-, unique per account ignoring case. */
export const ROLE_NAME = new RegExp(`^[\\w+=,.@-]{1,${LIMITS.roleNameMax}}$`);

const BUILT_IN_DESCRIPTIONS: Readonly<Record<BuiltInRole, string>> = {
  viewer: 'Read the registry and the event configuration; manage its own keys and tokens.',
  'data-scientist':
    'What a viewer can, and create groups, tag, register versions as PendingManualApproval and edit them without approving.',
  approver: 'What a viewer can, and change the approval status of versions.',
  admin: 'Everything.',
};

/** A role as callers see it: one of the built-in roles, or a custom role of their account. */
export interface RoleView {
  readonly name: string;
  readonly builtIn: boolean;
  readonly description?: string;
  readonly document: PolicyDocument;
  readonly createdAt?: number;
  readonly createdBy?: string;
  readonly updatedAt?: number;
  readonly updatedBy?: string;
}

export interface NewRoleInput {
  readonly name: string;
  readonly description?: string;
  readonly document: unknown;
}

export interface RoleUpdate {
  readonly document?: unknown;
  /** `null` removes the description. */
  readonly description?: string | null;
}

/** Custom roles: named IAM-style policy documents an admin defines and gives to principals, beside the built-ins. */
export class RoleService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Built-in and custom roles by name (ignoring case); `more` when roles follow the page. */
  async list(actor: Actor, limit: number, after?: string): Promise<{ items: RoleView[]; more: boolean }> {
    const key = after?.toLowerCase() ?? '';
    // The built-ins merge into the custom roles' order: the first `limit` of both are the page.
    const custom = await this.deps.store.read((tx) => tx.listRoles(actor.account, limit + 1, after));
    const all = [...builtInViews().filter((r) => r.name.toLowerCase() > key), ...custom.map(customView)].sort(
      (a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()),
    );
    return { items: all.slice(0, limit), more: all.length > limit };
  }

  async get(actor: Actor, name: string): Promise<RoleView> {
    const builtIn = builtInRole(name);
    if (builtIn) return builtInView(builtIn);
    return customView(await this.deps.store.read((tx) => requireRole(tx, actor.account, name)));
  }

  async create(actor: Actor, input: NewRoleInput): Promise<RoleView> {
    assertRoleName(input.name);
    if (builtInRole(input.name)) {
      throw new DomainError(
        'RoleAlreadyExists',
        `${input.name} is a built-in role; built-in roles cannot be redefined. Choose another name.`,
        { role: input.name },
      );
    }
    const document = roleDocument(input.document);
    assertDescription(input.description);
    const role = await this.deps.store.write((tx) =>
      tx.insertRole({
        account: actor.account,
        name: input.name,
        ...(input.description !== undefined && { description: input.description }),
        document,
        createdAt: this.deps.clock.now(),
        createdBy: actor.principal,
      }),
    );
    return customView(role);
  }

  /** Holders of the role get the new document with their next request. */
  async update(actor: Actor, name: string, change: RoleUpdate): Promise<RoleView> {
    refuseBuiltIn(name, 'changed');
    const document = change.document !== undefined ? roleDocument(change.document) : undefined;
    if (change.description !== null) assertDescription(change.description);
    const role = await this.deps.store.write(async (tx) => {
      const found = await requireRole(tx, actor.account, name);
      return tx.updateRole(found.id, {
        ...(document !== undefined && { document }),
        ...(change.description !== undefined && { description: change.description }),
        updatedAt: this.deps.clock.now(),
        updatedBy: actor.principal,
      });
    });
    return customView(role);
  }

  async delete(actor: Actor, name: string): Promise<void> {
    refuseBuiltIn(name, 'deleted');
    await this.deps.store.write(async (tx) => {
      // Locked for update: a principal being given the role meanwhile either commits first (and is
      // counted below) or finds the role gone.
      const role = await requireRole(tx, actor.account, name, 'update');
      const holders = await tx.roleHolders(actor.account, role.name, 11);
      if (holders.length > 0) {
        const shown = holders.slice(0, 10).join(', ') + (holders.length > 10 ? ', ...' : '');
        throw new DomainError(
          'RoleInUse',
          `Role ${role.name} is held by ${shown}; take it from them (modelry auth users update NAME --role ...) before deleting it.`,
          { role: role.name, holders: holders.slice(0, 10) },
        );
      }
      await tx.deleteRole(role.id);
    });
  }
}

/**
 * The roles to give a principal, as stored: built-in names, and custom roles of the account under the
 * name they were created with. Unknown names are RoleNotFound, naming the roles that exist.
 */
export async function resolveRoles(
  tx: StoreTx,
  account: string,
  names: readonly string[],
): Promise<string[]> {
  if (names.length > LIMITS.rolesPerPrincipal) {
    throw invalid(`A principal holds at most ${LIMITS.rolesPerPrincipal} roles.`, 'roles');
  }
  const custom = names.filter((n) => !builtInRole(n));
  const found = new Map(
    (await tx.findRoles(account, custom, 'share')).map((r) => [r.name.toLowerCase(), r.name]),
  );
  const unknown = custom.filter((n) => !found.has(n.toLowerCase()));
  if (unknown.length > 0) {
    const existing = await tx.listRoles(account, 21);
    const names = [...Object.keys(BUILT_IN_ROLES), ...existing.slice(0, 20).map((r) => r.name)];
    throw new DomainError(
      'RoleNotFound',
      `Unknown role(s) ${unknown.join(', ')}: the roles are ${names.join(', ')}${existing.length > 20 ? ', ...' : ''}.`,
      { roles: unknown },
    );
  }
  return [...new Set(names.map((n) => builtInRole(n) ?? found.get(n.toLowerCase())!))];
}

/** The policy documents of the roles a principal holds, as stored now (a changed role binds at once). */
export async function roleDocuments(
  tx: StoreTx,
  account: string,
  names: readonly string[],
): Promise<PolicyDocument[]> {
  const builtIn = names.map(builtInRole).filter((r) => r !== undefined);
  const custom = await tx.findRoles(
    account,
    names.filter((n) => !builtInRole(n)),
  );
  return [
    ...builtIn.map((r) => BUILT_IN_ROLES[r]),
    ...custom.map((r) => parsePolicy(r.document, 'identity')),
  ];
}

/** The built-in role of that name, in any case. */
export function builtInRole(name: string): BuiltInRole | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(BUILT_IN_ROLES, key) ? (key as BuiltInRole) : undefined;
}

async function requireRole(tx: StoreTx, account: string, name: string, lock?: 'update'): Promise<CustomRole> {
  const [role] = await tx.findRoles(account, [name], lock);
  if (!role) {
    throw new DomainError('RoleNotFound', `Role ${name} does not exist in account ${account}.`, {
      role: name,
    });
  }
  return role;
}

function refuseBuiltIn(name: string, what: 'changed' | 'deleted'): void {
  const builtIn = builtInRole(name);
  if (builtIn) {
    throw invalid(
      `${builtIn} is a built-in role and cannot be ${what}; create a custom role from its document instead.`,
      'name',
    );
  }
}

/** The document checked as an identity policy and stored as its canonical JSON. */
function roleDocument(input: unknown): string {
  const document = JSON.stringify(parsePolicy(input, 'identity'));
  if (document.length > LIMITS.rolePolicyMax) {
    throw invalid(
      `A role's policy document holds at most ${LIMITS.rolePolicyMax} characters of JSON; this one has ${document.length}.`,
      'document',
    );
  }
  return document;
}

function assertRoleName(name: string): void {
  if (typeof name !== 'string' || !ROLE_NAME.test(name)) {
    throw invalid(
      `Invalid role name ${JSON.stringify(name)}: 1-${LIMITS.roleNameMax} letters, digits and +=,.@_-.`,
      'name',
    );
  }
}

function assertDescription(description: string | undefined): void {
  if (description !== undefined && description.length > LIMITS.descriptionMax) {
    throw invalid(`A role's description holds at most ${LIMITS.descriptionMax} characters.`, 'description');
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function builtInViews(): RoleView[] {
  return (Object.keys(BUILT_IN_ROLES) as BuiltInRole[]).map(builtInView);
}

function builtInView(role: BuiltInRole): RoleView {
  return {
    name: role,
    builtIn: true,
    description: BUILT_IN_DESCRIPTIONS[role],
    document: BUILT_IN_ROLES[role],
  };
}

function customView(r: CustomRole): RoleView {
  return {
    name: r.name,
    builtIn: false,
    ...(r.description !== undefined && { description: r.description }),
    document: JSON.parse(r.document) as PolicyDocument,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    ...(r.updatedAt !== undefined && { updatedAt: r.updatedAt }),
    ...(r.updatedBy !== undefined && { updatedBy: r.updatedBy }),
  };
}
