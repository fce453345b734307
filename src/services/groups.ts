import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import type { Actor, Group, JsonObject, Tag } from '../domain/model.js';
import { groupArn, isEntityName } from '../domain/names.js';
import type { Cursor } from '../domain/paging.js';
import type { Listed, SortOrder } from '../ports/metadata-store.js';
import { type ServiceDeps, scopeOf } from './context.js';
import { requireGroup } from './lookups.js';
import { assertTags } from './tag-rules.js';

export interface CreateGroupCommand {
  readonly name: string;
  readonly description?: string;
  readonly tags?: readonly Tag[];
  readonly managedConfiguration?: JsonObject;
}

export interface ListGroupsCommand {
  readonly nameContains?: string;
  readonly createdAfter?: number;
  readonly createdBefore?: number;
  readonly sortBy?: 'Name' | 'CreationTime';
  readonly sortOrder?: SortOrder;
  readonly limit: number;
  readonly after?: Cursor;
}

export class GroupService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(actor: Actor, cmd: CreateGroupCommand): Promise<Group> {
    if (!isEntityName(cmd.name)) {
      throw new DomainError(
        'ValidationFailed',
        `Invalid group name "${cmd.name}": 1-${LIMITS.groupNameMax} letters, digits and inner hyphens.`,
        { field: 'name' },
      );
    }
    assertDescription(cmd.description);
    const tags = cmd.tags ?? [];
    assertTags(tags);
    const scope = scopeOf(this.deps, actor);
    return this.deps.store.write(async (tx) => {
      const group = await tx.insertGroup({
        account: scope.account,
        name: cmd.name,
        arn: groupArn(scope, cmd.name),
        ...(cmd.description !== undefined && { description: cmd.description }),
        createdAt: this.deps.clock.now(),
        createdBy: actor,
        ...(cmd.managedConfiguration && { managedConfiguration: cmd.managedConfiguration }),
      });
      if (tags.length > 0) await tx.putTags({ type: 'group', id: group.id }, tags);
      return group;
    });
  }

  describe(actor: Actor, ref: string): Promise<Group> {
    return this.deps.store.read((tx) => requireGroup(tx, scopeOf(this.deps, actor), ref));
  }

  list(actor: Actor, cmd: ListGroupsCommand): Promise<Listed<Group>> {
    return this.deps.store.read((tx) =>
      tx.listGroups({
        account: actor.account,
        ...(cmd.nameContains !== undefined && { nameContains: cmd.nameContains }),
        ...(cmd.createdAfter !== undefined && { createdAfter: cmd.createdAfter }),
        ...(cmd.createdBefore !== undefined && { createdBefore: cmd.createdBefore }),
        sortBy: cmd.sortBy ?? 'CreationTime',
        sortOrder: cmd.sortOrder ?? 'Ascending',
        limit: cmd.limit,
        ...(cmd.after && { after: cmd.after }),
      }),
    );
  }

  async updateDescription(actor: Actor, ref: string, description: string | null): Promise<Group> {
    if (description !== null) assertDescription(description);
    const scope = scopeOf(this.deps, actor);
    return this.deps.store.write(async (tx) => {
      const group = await requireGroup(tx, scope, ref);
      await tx.updateGroupDescription(group.id, description);
      return requireGroup(tx, scope, group.name);
    });
  }

  /** Refuses while versions remain (reference e.6); the group's tags and policy go with it. */
  async delete(actor: Actor, ref: string): Promise<void> {
    const scope = scopeOf(this.deps, actor);
    await this.deps.store.write(async (tx) => {
      const group = await requireGroup(tx, scope, ref);
      const versions = await tx.countVersions(group.id);
      if (versions > 0) {
        throw new DomainError(
          'GroupNotEmpty',
          `Cannot delete model package group ${group.arn}: it still has ${versions} model package version(s). Delete them first.`,
          { arn: group.arn, versions },
        );
      }
      await tx.deleteAllTags({ type: 'group', id: group.id });
      await tx.deleteGroup(group.id);
    });
  }
}

export function assertDescription(description: string | undefined): void {
  if (description !== undefined && [...description].length > LIMITS.descriptionMax) {
    throw new DomainError(
      'ValidationFailed',
      `Description is longer than ${LIMITS.descriptionMax} characters.`,
      { field: 'description' },
    );
  }
}
