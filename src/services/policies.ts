import { type PolicyDocument, parsePolicy } from '../access/policy.js';
import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import type { Actor, Group } from '../domain/model.js';
import { type ServiceDeps, scopeOf } from './context.js';
import { requireGroup } from './lookups.js';

/**
 * A group's resource policy as the authorizer evaluates it, or undefined for one without statements (it
 * grants nothing). A document the authorizer would not evaluate exactly is refused (ValidationFailed).
 */
export function parseGroupPolicy(text: string): PolicyDocument | undefined {
  const doc = JSON.parse(text) as { Statement?: unknown };
  if (Array.isArray(doc?.Statement) && doc.Statement.length === 0) return undefined;
  return parsePolicy(doc, 'resource');
}

/**
 * Group resource policies: the authorizer evaluates them with the caller's own policies (IAM's
 * cross-account rules); a group ARN may name another account's group where the policy allows it.
 */
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
      // Refused here rather than stored: the authorizer evaluates it on every request on the group.
      parseGroupPolicy(policy);
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
