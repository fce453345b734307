import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import type { Actor, Group } from '../domain/model.js';
import { type ServiceDeps, scopeOf } from './context.js';
import { requireGroup } from './lookups.js';

/** Group resource policies: stored and returned now; evaluated when governance lands. */
export class PolicyService {
  constructor(private readonly deps: ServiceDeps) {}

  async put(actor: Actor, groupRef: string, policy: string): Promise<Group> {
    if (policy.length < 1 || policy.length > LIMITS.resourcePolicyMax) {
      throw new DomainError(
        'ValidationFailed',
        `ResourcePolicy must be 1-${LIMITS.resourcePolicyMax} characters.`,
        {
          field: 'ResourcePolicy',
        },
      );
    }
    try {
      JSON.parse(policy);
    } catch {
      throw new DomainError('ValidationFailed', 'ResourcePolicy is not a valid JSON policy document.', {
        field: 'ResourcePolicy',
      });
    }
    const scope = scopeOf(this.deps, actor);
    return this.deps.store.write(async (tx) => {
      const group = await requireGroup(tx, scope, groupRef);
      await tx.setGroupPolicy(group.id, policy);
      return group;
    });
  }

  get(actor: Actor, groupRef: string): Promise<string> {
    const scope = scopeOf(this.deps, actor);
    return this.deps.store.read(async (tx) => {
      const group = await requireGroup(tx, scope, groupRef);
      const policy = await tx.getGroupPolicy(group.id);
      if (policy === undefined) {
        throw new DomainError('PolicyNotFound', `Cannot find a resource policy for ${group.arn}.`, {
          arn: group.arn,
        });
      }
      return policy;
    });
  }

  async delete(actor: Actor, groupRef: string): Promise<void> {
    const scope = scopeOf(this.deps, actor);
    await this.deps.store.write(async (tx) => {
      const group = await requireGroup(tx, scope, groupRef);
      if ((await tx.getGroupPolicy(group.id)) === undefined) {
        throw new DomainError('PolicyNotFound', `Cannot find a resource policy for ${group.arn}.`, {
          arn: group.arn,
        });
      }
      await tx.setGroupPolicy(group.id, null);
    });
  }
}
