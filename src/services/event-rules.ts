import { DomainError } from '../domain/errors.js';
import { parseEventPattern } from '../domain/event-pattern.js';
import { LIMITS } from '../domain/limits.js';
import type { Actor } from '../domain/model.js';
import type { StoredRule } from '../ports/event-store.js';
import type { StoreTx } from '../ports/metadata-store.js';
import type { ServiceDeps } from './context.js';
import { assertEventName, eventDescription, invalid } from './event-settings.js';
import { requireTarget } from './event-targets.js';

export interface RuleInput {
  readonly description?: string;
  /** EventBridge pattern syntax, as JSON text or as a parsed object. */
  readonly pattern?: unknown;
  readonly targets?: readonly string[];
  readonly enabled?: boolean;
}

export class EventRuleService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(actor: Actor, name: string, input: RuleInput): Promise<StoredRule> {
    assertEventName(name, 'rule', LIMITS.eventRuleNameMax);
    if (input.pattern === undefined) throw invalid('A rule needs a pattern.', 'pattern');
    const pattern = parseEventPattern(input.pattern).text;
    return this.deps.store.write(async (tx) => {
      if ((await tx.countRules(actor.account)) >= LIMITS.eventRulesPerAccount) {
        throw invalid(`An account holds at most ${LIMITS.eventRulesPerAccount} event rules.`, 'name');
      }
      const targetIds = await targetIdsOf(tx, actor.account, input.targets);
      return tx.insertRule({
        account: actor.account,
        name,
        ...(input.description !== undefined && { description: eventDescription(input.description) }),
        pattern,
        enabled: input.enabled ?? true,
        targetIds,
        createdAt: this.deps.clock.now(),
        createdBy: actor.principal,
      });
    });
  }

  async update(actor: Actor, name: string, input: RuleInput): Promise<StoredRule> {
    const pattern = input.pattern !== undefined ? parseEventPattern(input.pattern).text : undefined;
    return this.deps.store.write(async (tx) => {
      const rule = await requireRule(tx, actor.account, name);
      const targetIds =
        input.targets !== undefined ? await targetIdsOf(tx, actor.account, input.targets) : rule.targetIds;
      const description =
        input.description !== undefined ? eventDescription(input.description) : rule.description;
      return tx.updateRule(rule.id, {
        ...(description !== undefined && description !== '' && { description }),
        pattern: pattern ?? rule.pattern,
        enabled: input.enabled ?? rule.enabled,
        targetIds,
        updatedAt: this.deps.clock.now(),
        updatedBy: actor.principal,
      });
    });
  }

  get(actor: Actor, name: string): Promise<StoredRule> {
    return this.deps.store.read((tx) => requireRule(tx, actor.account, name));
  }

  list(actor: Actor, limit: number, after?: string): Promise<StoredRule[]> {
    return this.deps.store.read((tx) => tx.listRules(actor.account, limit, after));
  }

  async delete(actor: Actor, name: string): Promise<void> {
    await this.deps.store.write(async (tx) => tx.deleteRule((await requireRule(tx, actor.account, name)).id));
  }
}

async function requireRule(tx: StoreTx, account: string, name: string): Promise<StoredRule> {
  const rule = await tx.findRule(account, name);
  if (!rule) throw new DomainError('RuleNotFound', `Event rule ${name} does not exist.`, { rule: name });
  return rule;
}

async function targetIdsOf(
  tx: StoreTx,
  account: string,
  names: readonly string[] | undefined,
): Promise<number[]> {
  if (!Array.isArray(names) || names.length === 0 || names.length > LIMITS.targetsPerRule) {
    throw invalid(`A rule names 1-${LIMITS.targetsPerRule} targets.`, 'targets');
  }
  const ids: number[] = [];
  for (const name of names) {
    if (typeof name !== 'string') throw invalid('Target names must be strings.', 'targets');
    const id = (await requireTarget(tx, account, name)).id;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}
