import { parseArgs } from 'node:util';
import type { ModelryClient, Rule, UpdateRuleInput } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { details, type Output, table } from '../output.js';
import { collect, patternArg } from './events-args.js';

const OPTIONS = {
  name: { type: 'string' },
  pattern: { type: 'string' },
  target: { type: 'string', multiple: true },
  description: { type: 'string' },
  disabled: { type: 'boolean' },
} as const;

export function ruleDetails(r: Rule): string {
  return details([
    ['name', r.name],
    ['description', r.description],
    ['state', r.enabled ? 'enabled' : 'disabled'],
    ['targets', r.targets.join(', ')],
    ['pattern', r.pattern],
    ['created', `${r.createdAt} by ${r.createdBy}`],
    ['updated', r.updatedAt && `${r.updatedAt}${r.updatedBy ? ` by ${r.updatedBy}` : ''}`],
  ]);
}

export async function rulesCommand(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values: v, positionals } = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS });
  const name = () => {
    const n = positionals[0];
    if (!n) throw new UsageError(`modelry events rules ${sub} needs a rule NAME.`);
    return n;
  };
  const show = (r: Rule) => out.print(r, () => ruleDetails(r));
  // Options that only create takes: elsewhere they would be ignored, which would mislead.
  if (sub !== 'create' && v.disabled)
    throw new UsageError('--disabled is for rules create; use rules disable NAME.');
  if (sub !== 'create' && v.name !== undefined)
    throw new UsageError('A rule cannot be renamed: create a new one.');
  switch (sub) {
    case 'create': {
      if (!v.name) throw new UsageError('modelry events rules create needs --name NAME.');
      if (v.pattern === undefined) throw new UsageError('modelry events rules create needs --pattern JSON.');
      if (!v.target) throw new UsageError('modelry events rules create needs at least one --target NAME.');
      show(
        await client.events.createRule({
          name: v.name,
          pattern: patternArg(v.pattern, '--pattern'),
          targets: v.target,
          ...(v.description !== undefined && { description: v.description }),
          ...(v.disabled && { enabled: false }),
        }),
      );
      return 0;
    }
    case 'list': {
      const items = await collect(undefined, (limit, pageToken) =>
        client.events.listRules({ limit, ...(pageToken && { pageToken }) }),
      );
      out.print(items, () =>
        table(
          ['NAME', 'STATE', 'TARGETS', 'PATTERN', 'DESCRIPTION'],
          items.map((r) => [
            r.name,
            r.enabled ? 'enabled' : 'disabled',
            r.targets.join(','),
            JSON.stringify(r.pattern),
            r.description,
          ]),
        ),
      );
      return 0;
    }
    case 'describe':
      show(await client.events.getRule(name()));
      return 0;
    case 'update': {
      const rule = name();
      const input: UpdateRuleInput = {
        ...(v.pattern !== undefined && { pattern: patternArg(v.pattern, '--pattern') }),
        ...(v.target !== undefined && { targets: v.target }),
        ...(v.description !== undefined && { description: v.description }),
      };
      if (Object.keys(input).length === 0) {
        throw new UsageError('modelry events rules update needs --pattern, --target or --description.');
      }
      show(await client.events.updateRule(rule, input));
      return 0;
    }
    case 'enable':
    case 'disable':
      show(await client.events.updateRule(name(), { enabled: sub === 'enable' }));
      return 0;
    case 'delete': {
      const rule = name();
      await client.events.deleteRule(rule);
      out.print({ deleted: rule }, () => `Deleted rule ${rule}.`);
      return 0;
    }
    default:
      throw new UsageError(
        sub
          ? `Unknown command "events rules ${sub}". See modelry events rules --help.`
          : 'Usage: modelry events rules <command>; see modelry events rules --help.',
      );
  }
}
