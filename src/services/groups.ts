import { DomainError } from '../domain/errors.js';
import { groupEvent, type MemberChange } from '../domain/events.js';
import { LIMITS } from '../domain/limits.js';
import type { Actor, Group, JsonObject, Tag } from '../domain/model.js';
import { groupArn, isEntityName } from '../domain/names.js';
import type { Cursor } from '../domain/paging.js';
import type { Listed, SortOrder } from '../ports/metadata-store.js';
import { type ServiceDeps, scopeOf } from './context.js';
import { eventContext, noteChange } from './event-emit.js';
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
      const now = this.deps.clock.now();
      const group = await tx.insertGroup({
        account: scope.account,
        name: cmd.name,
        arn: groupArn(scope, cmd.name),
        ...(cmd.description !== undefined && { description: cmd.description }),
        createdAt: now,
        createdBy: actor,
        ...(cmd.managedConfiguration && { managedConfiguration: cmd.managedConfiguration }),
      });
      if (tags.length > 0) await tx.putTags({ type: 'group', id: group.id }, tags);
      await tx.appendEvent(groupEvent(eventContext(this.deps, actor, now), group, 'GroupCreated'), now);
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
      const found = await requireGroup(tx, scope, ref);
      await tx.lockGroup(found.id);
      // Read again by ARN: the group may be another account's (shared through its resource policy).
      const group = await requireGroup(tx, scope, found.arn);
      await tx.updateGroupDescription(group.id, description);
      const updated = await requireGroup(tx, scope, group.arn);
      const changes: Record<string, MemberChange> = {};
      if (noteChange(changes, 'ModelPackageGroupDescription', group.description, updated.description)) {
        const now = this.deps.clock.now();
        await tx.appendEvent(
          groupEvent(eventContext(this.deps, actor, now), updated, 'GroupUpdated', changes),
          now,
        );
      }
      return updated;
    });
  }

  /** Refuses while versions remain (reference e.6); the group's tags and policy go with it. */
  async delete(actor: Actor, ref: string): Promise<void> {
    const scope = scopeOf(this.deps, actor);
    await this.deps.store.write(async (tx) => {
      const group = await requireGroup(tx, scope, ref);
      await tx.lockGroup(group.id);
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
      const now = this.deps.clock.now();
      await tx.appendEvent(groupEvent(eventContext(this.deps, actor, now), group, 'GroupDeleted'), now);
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
