import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import type { Actor, Tag } from '../domain/model.js';
import { parseArn } from '../domain/names.js';
import type { Listed, StoreTx, TaggedResource } from '../ports/metadata-store.js';
import { type ServiceDeps, scopeOf } from './context.js';
import { requireGroup, requirePackage } from './lookups.js';
import { assertTags } from './tag-rules.js';

export class TagService {
  constructor(private readonly deps: ServiceDeps) {}

  private async resolve(tx: StoreTx, actor: Actor, arn: string): Promise<TaggedResource> {
    const scope = scopeOf(this.deps, actor);
    const parsed = parseArn(arn);
    if (parsed?.resourceType === 'model-package-group') {
      return { type: 'group', id: (await requireGroup(tx, scope, arn)).id };
    }
    if (parsed?.resourceType === 'model-package') {
      return { type: 'package', id: (await requirePackage(tx, scope, arn)).id };
    }
    throw new DomainError(
      'ValidationFailed',
      `Resource ${arn} cannot be tagged here: only model package groups and model packages are served.`,
      { resourceArn: arn },
    );
  }

  /** Adds or overwrites tags; a resource carries at most 50. Returns the resource's tags afterwards. */
  async add(actor: Actor, arn: string, tags: readonly Tag[]): Promise<Tag[]> {
    assertTags(tags);
    return this.deps.store.write(async (tx) => {
      const resource = await this.resolve(tx, actor, arn);
      await tx.putTags(resource, tags);
      const count = await tx.countTags(resource);
      if (count > LIMITS.tagsPerResource) {
        throw new DomainError(
          'TagLimitExceeded',
          `Resource ${arn} would have ${count} tags; at most ${LIMITS.tagsPerResource} are allowed.`,
          { resourceArn: arn, limit: LIMITS.tagsPerResource },
        );
      }
      return [...(await tx.listTags(resource, { limit: LIMITS.tagsPerResource })).items];
    });
  }

  list(actor: Actor, arn: string, limit: number, afterKey?: string): Promise<Listed<Tag>> {
    return this.deps.store.read(async (tx) =>
      tx.listTags(await this.resolve(tx, actor, arn), { limit, ...(afterKey !== undefined && { afterKey }) }),
    );
  }

  async delete(actor: Actor, arn: string, keys: readonly string[]): Promise<void> {
    await this.deps.store.write(async (tx) => tx.deleteTags(await this.resolve(tx, actor, arn), keys));
  }
}
