import { parseArgs } from 'node:util';
import type { ModelryClient, Role, UpdateRoleInput } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { details, type Output, table } from '../output.js';
import { noPositionals, policyArg, roleArgs, single } from './auth-args.js';
import { collect } from './events-args.js';

const NAME = 'a role NAME';

export function roleDetails(r: Role): string {
  const dates = [
    ['created', r.createdAt && `${r.createdAt} by ${r.createdBy}`],
    ['updated', r.updatedAt && `${r.updatedAt} by ${r.updatedBy}`],
  ] as const;
  return `${details([
    ['name', r.name],
    ['arn', r.arn],
    ['kind', r.builtIn ? 'built-in' : 'custom'],
    ['description', r.description],
    ...dates,
  ])}\n\n${JSON.stringify(r.document, null, 2)}`;
}

export function rolesTable(roles: readonly Role[]): string {
  return table(
    ['NAME', 'KIND', 'STATEMENTS', 'UPDATED', 'DESCRIPTION'],
    roles.map((r) => [
      r.name,
      r.builtIn ? 'built-in' : 'custom',
      Array.isArray(r.document.Statement) ? r.document.Statement.length : 1,
      r.updatedAt ?? r.createdAt,
      r.description,
    ]),
  );
}

/** `--policy-file F`: a policy document read from a file (the server checks it). */
const policyFile = (path: string) => policyArg(`@${path}`, '--policy-file');

/** `modelry auth roles …`: the built-in roles, and the account's custom roles. */
export async function rolesCommand(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const [sub, ...args] = argv;
  const show = (r: Role) => out.print(r, () => roleDetails(r));
  const options = { 'policy-file': { type: 'string' }, description: { type: 'string' } } as const;
  switch (sub) {
    case 'list': {
      noPositionals(parseArgs({ args, allowPositionals: true, options: {} }).positionals, 'roles list');
      const roles = await collect(undefined, (limit, pageToken) =>
        client.auth.roles.list({ limit, ...(pageToken && { pageToken }) }),
      );
      out.print(roles, () => rolesTable(roles));
      return 0;
    }
    case 'describe': {
      const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
      show(await client.auth.roles.get(roleName(single(positionals, 'roles describe', NAME))));
      return 0;
    }
    case 'create': {
      const { values: v, positionals } = parseArgs({ args, allowPositionals: true, options });
      const name = roleName(single(positionals, 'roles create', NAME));
      const file = v['policy-file'];
      if (file === undefined) throw new UsageError('modelry auth roles create needs --policy-file FILE.');
      show(
        await client.auth.roles.create({
          name,
          document: policyFile(file),
          ...(v.description !== undefined && { description: v.description }),
        }),
      );
      return 0;
    }
    case 'update': {
      const { values: v, positionals } = parseArgs({ args, allowPositionals: true, options });
      const name = roleName(single(positionals, 'roles update', NAME));
      const file = v['policy-file'];
      const change: UpdateRoleInput = {
        ...(file !== undefined && { document: policyFile(file) }),
        // An empty description removes it: there is no other way to say "none" on a command line.
        ...(v.description !== undefined && { description: v.description === '' ? null : v.description }),
      };
      if (Object.keys(change).length === 0) {
        throw new UsageError('modelry auth roles update needs --policy-file or --description.');
      }
      show(await client.auth.roles.update(name, change));
      return 0;
    }
    case 'delete': {
      const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
      const name = roleName(single(positionals, 'roles delete', NAME));
      await client.auth.roles.delete(name);
      out.print({ deleted: name }, () => `Deleted role ${name}.`);
      return 0;
    }
    default:
      throw new UsageError(
        sub
          ? `Unknown command "auth roles ${sub}". See modelry auth roles --help.`
          : 'Usage: modelry auth roles <command>; see modelry auth roles --help.',
      );
  }
}

/** One role name, checked as `--role` values are. */
const roleName = (name: string): string => roleArgs([name])[0]!;
