import { parseArgs } from 'node:util';
import type { ModelryClient, Whoami } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { details, type Output } from '../output.js';
import { noPositionals } from './auth-args.js';
import { AUTH_HELP } from './auth-help.js';
import { keysCommand } from './auth-keys.js';
import { rolesCommand } from './auth-roles.js';
import { tokensCommand } from './auth-tokens.js';
import { usersCommand } from './auth-users.js';

export { AUTH_HELP, authHelp } from './auth-help.js';

export function whoamiText(w: Whoami): string {
  if (w.insecureDev) {
    return details([
      ['name', w.name],
      ['authentication', 'OFF: the server runs with --insecure-dev and takes the name you send'],
    ]);
  }
  return details([
    ['name', w.name],
    ['arn', w.arn],
    ['account', w.account],
    ['kind', w.kind],
    ['roles', w.roles.join(', ') || '(none)'],
    ['description', w.description],
    ['signed in with', w.credential],
  ]);
}

/** `modelry auth …`: who you are; users, their policies, access keys and API tokens; roles. */
export async function authCommand(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'whoami': {
      noPositionals(parseArgs({ args: rest, allowPositionals: true, options: {} }).positionals, 'whoami');
      const me = await client.auth.whoami();
      out.print(me, () => whoamiText(me));
      return 0;
    }
    case 'users':
      return usersCommand(client, out, rest);
    case 'keys':
      return keysCommand(client, out, rest);
    case 'tokens':
      return tokensCommand(client, out, rest);
    case 'roles':
      return rolesCommand(client, out, rest);
    default:
      throw new UsageError(sub ? `Unknown command "auth ${sub}". See modelry auth --help.` : AUTH_HELP);
  }
}
