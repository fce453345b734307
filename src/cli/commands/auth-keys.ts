import { parseArgs } from 'node:util';
import type { AccessKey, CreatedAccessKey, ModelryClient } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { type Output, table } from '../output.js';
import { noPositionals, shellWord, single, userOrCaller } from './auth-args.js';

const USER = { user: { type: 'string' } } as const;
const KEY_ID = 'an ACCESS_KEY_ID';

/** A new key pair as a person needs it: both values, that this is the only time, and lines to paste. */
export function createdKeyText(k: CreatedAccessKey, rotated?: string): string {
  return [
    rotated === undefined
      ? `Created access key ${k.accessKeyId} for user ${k.user}.`
      : `Rotated access key ${rotated} of user ${k.user}: it is revoked, and ${k.accessKeyId} replaces it.`,
    'The secret access key is shown only this once: store it now, it cannot be retrieved later.',
    '',
    `  Access key id:      ${k.accessKeyId}`,
    `  Secret access key:  ${k.secretAccessKey}`,
    '',
    'For the AWS CLI, boto3 and the AWS SDKs (with the endpoint URL set to this server):',
    `export AWS_ACCESS_KEY_ID=${shellWord(k.accessKeyId)}`,
    `export AWS_SECRET_ACCESS_KEY=${shellWord(k.secretAccessKey)}`,
  ].join('\n');
}

export function keysTable(keys: readonly AccessKey[]): string {
  return table(
    ['ACCESS KEY ID', 'STATUS', 'CREATED', 'LAST USED', 'REVOKED'],
    keys.map((k) => [k.accessKeyId, k.status, k.createdAt, k.lastUsedAt, k.revokedAt]),
  );
}

/** `modelry auth keys …`: SigV4 access key pairs, for the SageMaker face. */
export async function keysCommand(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const [sub, ...args] = argv;
  switch (sub) {
    case 'create': {
      const { values: v, positionals } = parseArgs({ args, allowPositionals: true, options: USER });
      noPositionals(positionals, 'keys create');
      const key = await client.auth.createKey(await userOrCaller(client, v.user));
      out.print(key, () => createdKeyText(key));
      return 0;
    }
    case 'list': {
      const { values: v, positionals } = parseArgs({ args, allowPositionals: true, options: USER });
      noPositionals(positionals, 'keys list');
      const { items } = await client.auth.listKeys(await userOrCaller(client, v.user));
      out.print(items, () => keysTable(items));
      return 0;
    }
    case 'revoke': {
      const { values: v, positionals } = parseArgs({ args, allowPositionals: true, options: USER });
      const id = single(positionals, 'keys revoke', KEY_ID);
      const user = await userOrCaller(client, v.user);
      await client.auth.revokeKey(user, id);
      out.print({ revoked: id, user }, () => `Revoked access key ${id} of user ${user}.`);
      return 0;
    }
    case 'rotate': {
      const { values: v, positionals } = parseArgs({ args, allowPositionals: true, options: USER });
      const id = single(positionals, 'keys rotate', KEY_ID);
      const key = await client.auth.rotateKey(await userOrCaller(client, v.user), id);
      out.print({ ...key, revoked: id }, () => createdKeyText(key, id));
      return 0;
    }
    default:
      throw new UsageError(
        sub
          ? `Unknown command "auth keys ${sub}". See modelry auth keys --help.`
          : 'Usage: modelry auth keys <command>; see modelry auth keys --help.',
      );
  }
}
