import { parseArgs } from 'node:util';
import type { InlinePolicy, ModelryClient, UpdateUserInput, User } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { details, type Output, table } from '../output.js';
import { noPositionals, policyArg, roleArgs, single } from './auth-args.js';
import { collect } from './events-args.js';

const NAME = 'a user NAME';

export function userDetails(u: User): string {
  return details([
    ['name', u.name],
    ['arn', u.arn],
    ['account', u.account],
    ['kind', u.kind],
    ['roles', u.roles.join(', ') || '(none)'],
    ['description', u.description],
    ['state', u.disabled ? 'disabled' : 'enabled'],
    ['created', `${u.createdAt} by ${u.createdBy}`],
  ]);
}

export function usersTable(users: readonly User[]): string {
  return table(
    ['NAME', 'KIND', 'ROLES', 'STATE', 'CREATED', 'DESCRIPTION'],
    users.map((u) => [
      u.name,
      u.kind,
      u.roles.join(','),
      u.disabled ? 'disabled' : 'enabled',
      u.createdAt,
      u.description,
    ]),
  );
}

export function policiesText(user: string, policies: readonly InlinePolicy[]): string {
  if (policies.length === 0) return `User ${user} has no inline policies.`;
  return policies.map((p) => `${p.name}\n${JSON.stringify(p.document, null, 2)}`).join('\n\n');
}

/** `modelry auth users …`: users and machine principals, their roles and inline policies. */
export async function usersCommand(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const [sub, ...args] = argv;
  const show = (u: User) => out.print(u, () => userDetails(u));
  switch (sub) {
    case 'create': {
      const { values: v, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          role: { type: 'string', multiple: true },
          machine: { type: 'boolean' },
          description: { type: 'string' },
          account: { type: 'string' },
        },
      });
      const name = single(positionals, 'users create', NAME);
      if (v.account !== undefined && !/^[0-9]{12}$/.test(v.account))
        throw new UsageError(`--account takes a 12-digit account id, not "${v.account}".`);
      if (!v.role) throw new UsageError('modelry auth users create needs at least one --role ROLE.');
      show(
        await client.auth.createUser({
          name,
          roles: roleArgs(v.role),
          ...(v.account !== undefined && { account: v.account }),
          ...(v.machine && { kind: 'machine' }),
          ...(v.description !== undefined && { description: v.description }),
        }),
      );
      return 0;
    }
    case 'list': {
      const { values: v, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { account: { type: 'string' } },
      });
      noPositionals(positionals, 'users list');
      if (v.account !== undefined && !/^[0-9]{12}$/.test(v.account))
        throw new UsageError(`--account takes a 12-digit account id, not "${v.account}".`);
      const account = v.account;
      const users = await collect(undefined, (limit, pageToken) =>
        client.auth.listUsers({ limit, ...(pageToken && { pageToken }), ...(account && { account }) }),
      );
      out.print(users, () => usersTable(users));
      return 0;
    }
    case 'describe': {
      const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
      show(await client.auth.getUser(single(positionals, 'users describe', NAME)));
      return 0;
    }
    case 'update': {
      const { values: v, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          role: { type: 'string', multiple: true },
          description: { type: 'string' },
          disable: { type: 'boolean' },
          enable: { type: 'boolean' },
        },
      });
      const name = single(positionals, 'users update', NAME);
      if (v.disable && v.enable) throw new UsageError('--disable and --enable contradict each other.');
      const change: UpdateUserInput = {
        ...(v.role !== undefined && { roles: roleArgs(v.role) }),
        // An empty description removes it: there is no other way to say "none" on a command line.
        ...(v.description !== undefined && { description: v.description === '' ? null : v.description }),
        ...((v.disable || v.enable) && { disabled: v.disable === true }),
      };
      if (Object.keys(change).length === 0) {
        throw new UsageError('modelry auth users update needs --role, --description, --disable or --enable.');
      }
      show(await client.auth.updateUser(name, change));
      return 0;
    }
    case 'delete': {
      const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
      const name = single(positionals, 'users delete', NAME);
      await client.auth.deleteUser(name);
      out.print({ deleted: name }, () => `Deleted user ${name} with its keys, tokens and policies.`);
      return 0;
    }
    case 'policies': {
      const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
      const name = single(positionals, 'users policies', NAME);
      const { items } = await client.auth.listPolicies(name);
      out.print(items, () => policiesText(name, items));
      return 0;
    }
    case 'attach-policy': {
      const { values: v, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { name: { type: 'string' }, document: { type: 'string' } },
      });
      const name = single(positionals, 'users attach-policy', NAME);
      if (!v.name || v.document === undefined) {
        throw new UsageError('modelry auth users attach-policy needs --name POLICY and --document JSON.');
      }
      const policy = await client.auth.putPolicy(name, v.name, policyArg(v.document, '--document'));
      out.print(policy, () => `Attached policy ${policy.name} to user ${name}.`);
      return 0;
    }
    case 'detach-policy': {
      const { values: v, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { name: { type: 'string' } },
      });
      const name = single(positionals, 'users detach-policy', NAME);
      if (!v.name) throw new UsageError('modelry auth users detach-policy needs --name POLICY.');
      await client.auth.deletePolicy(name, v.name);
      out.print({ detached: v.name, user: name }, () => `Detached policy ${v.name} from user ${name}.`);
      return 0;
    }
    default:
      throw new UsageError(
        sub
          ? `Unknown command "auth users ${sub}". See modelry auth users --help.`
          : 'Usage: modelry auth users <command>; see modelry auth users --help.',
      );
  }
}
