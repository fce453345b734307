import { type ApprovalRules, DEFAULT_APPROVAL_RULES, parseApprovalRules } from '../domain/approval-rules.js';
import type { Actor } from '../domain/model.js';
import type { RecordedApproval } from '../ports/approval-store.js';
import { type ServiceDeps, scopeOf } from './context.js';
import { requireGroup, requirePackage } from './lookups.js';

/** A group's approval rules, and the approvals a version has collected toward them. */
export class ApprovalRuleService {
  constructor(private readonly deps: ServiceDeps) {}

  get(actor: Actor, groupRef: string): Promise<ApprovalRules> {
    return this.deps.store.read(async (tx) => {
      const group = await requireGroup(tx, scopeOf(this.deps, actor), groupRef);
      return (await tx.getApprovalRules(group.id)) ?? DEFAULT_APPROVAL_RULES;
    });
  }

  /** Changes the members given; the others keep their values. */
  put(
    actor: Actor,
    groupRef: string,
    input: Partial<Record<keyof ApprovalRules, unknown>>,
  ): Promise<ApprovalRules> {
    return this.deps.store.write(async (tx) => {
      const group = await requireGroup(tx, scopeOf(this.deps, actor), groupRef);
      const rules = parseApprovalRules(
        input,
        (await tx.getApprovalRules(group.id)) ?? DEFAULT_APPROVAL_RULES,
      );
      await tx.putApprovalRules(group.id, rules, this.deps.clock.now(), actor.principal);
      return rules;
    });
  }

  /** The approvals a version has collected (partial ones included), with what its group requires. */
  approvals(actor: Actor, ref: string): Promise<{ approvals: RecordedApproval[]; required: number }> {
    return this.deps.store.read(async (tx) => {
      const pkg = await requirePackage(tx, scopeOf(this.deps, actor), ref);
      const rules = pkg.groupId !== undefined ? await tx.getApprovalRules(pkg.groupId) : undefined;
      return {
        approvals: await tx.listApprovals(pkg.id),
        required: (rules ?? DEFAULT_APPROVAL_RULES).requiredApprovals,
      };
    });
  }
}
