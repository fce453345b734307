import { parseArgs } from 'node:util';
import type { Group, ModelryClient } from '../../sdk/client.js';
import { keyValues, positiveInt, UsageError } from '../errors.js';
import { details, type Output, table } from '../output.js';

export const GROUPS_HELP = `Usage: modelry groups <command> [options]

Commands:
  create NAME [--description TEXT] [--tag key=value ...]   create a model package group
  list [--name-contains TEXT] [--sort name|-name|createdAt|-createdAt] [--limit N] [--all]
  describe NAME                                             show a group and its tags
  delete NAME                                               delete an empty group

Common options: --endpoint URL (or MODELRY_ENDPOINT), --json`;

function groupDetails(g: Group): string {
  return details([
    ['name', g.name],
    ['arn', g.arn],
    ['description', g.description],
    ['status', g.status],
    ['created', `${g.createdAt} by ${g.createdBy}`],
    ['tags', g.tags && Object.keys(g.tags).length > 0 ? g.tags : undefined],
  ]);
}

export async function groupsCommand(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      description: { type: 'string' },
      tag: { type: 'string', multiple: true },
      'name-contains': { type: 'string' },
      sort: { type: 'string' },
      limit: { type: 'string' },
      all: { type: 'boolean' },
    },
  });
  const name = positionals[0];
  const needName = () => {
    if (!name) throw new UsageError(`modelry groups ${sub} needs a group NAME.`);
    return name;
  };
  switch (sub) {
    case 'create': {
      const g = await client.createGroup({
        name: needName(),
        ...(values.description !== undefined && { description: values.description }),
        tags: keyValues(values.tag, '--tag'),
      });
      out.print(g, () => groupDetails(g));
      return 0;
    }
    case 'list': {
      const limit = positiveInt(values.limit, '--limit');
      const items: Group[] = [];
      let pageToken: string | undefined;
      do {
        const page = await client.listGroups({
          ...(values['name-contains'] !== undefined && { nameContains: values['name-contains'] }),
          ...(values.sort !== undefined && { sort: values.sort }),
          ...(limit !== undefined && { limit }),
          ...(pageToken && { pageToken }),
        });
        items.push(...page.items);
        pageToken = values.all ? page.nextPageToken : undefined;
      } while (pageToken);
      out.print(items, () =>
        table(
          ['NAME', 'CREATED', 'DESCRIPTION'],
          items.map((g) => [g.name, g.createdAt, g.description]),
        ),
      );
      return 0;
    }
    case 'describe': {
      const g = await client.getGroup(needName());
      out.print(g, () => groupDetails(g));
      return 0;
    }
    case 'delete': {
      await client.deleteGroup(needName());
      out.print({ deleted: name }, () => `Deleted group ${name}.`);
      return 0;
    }
    default:
      throw new UsageError(sub ? `Unknown command "groups ${sub}". See modelry groups --help.` : GROUPS_HELP);
  }
}
