import { parseArgs } from 'node:util';
import type { ApiToken, CreatedToken, ModelryClient } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { type Output, table } from '../output.js';
import { noPositionals, shellWord, single, userOrCaller } from './auth-args.js';
import { durationSeconds } from './events-args.js';

const USER = { user: { type: 'string' } } as const;
const TOKEN_ID = 'a TOKEN_ID';

/** A new token as a person needs it: that this is the only time, and a line to paste. */
export function createdTokenText(t: CreatedToken, rotated?: string): string {
  const label = `${t.tokenId}${t.name !== undefined ? ` (${t.name})` : ''}`;
  return [
    rotated === undefined
      ? `Created token ${label} for user ${t.user}.`
      : `Rotated token ${rotated} of user ${t.user}: it is revoked, and ${label} replaces it.`,
    t.expiresAt !== undefined ? `It expires at ${t.expiresAt}.` : 'It does not expire.',
    'The token is shown only this once: store it now, it cannot be retrieved later.',
    '',
    `export MODELRY_TOKEN=${shellWord(t.token)}`,
  ].join('\n');
}

/** active, revoked or expired, as the server would judge the token at `now`. */
export function tokenState(t: ApiToken, now = Date.now()): string {
  if (t.revokedAt !== undefined) return 'revoked';
  if (t.expiresAt !== undefined && Date.parse(t.expiresAt) <= now) return 'expired';
  return 'active';
}

export function tokensTable(tokens: readonly ApiToken[], now = Date.now()): string {
  return table(
    ['TOKEN ID', 'NAME', 'STATE', 'CREATED', 'EXPIRES', 'LAST USED'],
    tokens.map((t) => [t.tokenId, t.name, tokenState(t, now), t.createdAt, t.expiresAt, t.lastUsedAt]),
  );
}

/** `modelry auth tokens …`: bearer tokens, for the native API and this CLI. */
export async function tokensCommand(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const [sub, ...args] = argv;
  switch (sub) {
    case 'create': {
      const { values: v, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { ...USER, name: { type: 'string' }, ttl: { type: 'string' } },
      });
      noPositionals(positionals, 'tokens create');
      const ttlSeconds = v.ttl !== undefined ? durationSeconds(v.ttl, '--ttl') : undefined;
      const token = await client.auth.createToken(await userOrCaller(client, v.user), {
        ...(v.name !== undefined && { name: v.name }),
        ...(ttlSeconds !== undefined && { ttlSeconds }),
      });
      out.print(token, () => createdTokenText(token));
      return 0;
    }
    case 'list': {
      const { values: v, positionals } = parseArgs({ args, allowPositionals: true, options: USER });
      noPositionals(positionals, 'tokens list');
      const { items } = await client.auth.listTokens(await userOrCaller(client, v.user));
      out.print(items, () => tokensTable(items));
      return 0;
    }
    case 'revoke': {
      const { values: v, positionals } = parseArgs({ args, allowPositionals: true, options: USER });
      const id = single(positionals, 'tokens revoke', TOKEN_ID);
      const user = await userOrCaller(client, v.user);
      await client.auth.revokeToken(user, id);
      out.print({ revoked: id, user }, () => `Revoked token ${id} of user ${user}.`);
      return 0;
    }
    case 'rotate': {
      const { values: v, positionals } = parseArgs({ args, allowPositionals: true, options: USER });
      const id = single(positionals, 'tokens rotate', TOKEN_ID);
      const token = await client.auth.rotateToken(await userOrCaller(client, v.user), id);
      out.print({ ...token, revoked: id }, () => createdTokenText(token, id));
      return 0;
    }
    default:
      throw new UsageError(
        sub
          ? `Unknown command "auth tokens ${sub}". See modelry auth tokens --help.`
          : 'Usage: modelry auth tokens <command>; see modelry auth tokens --help.',
      );
  }
}
