/** Help of `modelry auth` and of each of its commands (`modelry auth keys create --help`). */

const COMMON = `Common options: --endpoint URL (or MODELRY_ENDPOINT), --json
Authenticate with MODELRY_TOKEN=mdl_… (the first admin's is printed at the server's first start).`;
const ROLES = `Roles: the built-in viewer, data-scientist, approver, admin (docs/security.md shows what each allows),
and the account's custom roles (modelry auth roles list).`;
const USER_DEFAULT = '--user NAME   whose credentials (default: yours, as modelry auth whoami says)';

interface Leaf {
  /** After `modelry auth `. */
  readonly usage: string;
  readonly about: string;
  readonly more?: string;
}

const LEAVES: Record<string, Leaf> = {
  whoami: {
    usage: 'whoami',
    about: 'Who your credentials (MODELRY_TOKEN) belong to: name, ARN, roles and the token id used.',
  },
  'users create': {
    usage: 'users create NAME --role ROLE [--role ROLE ...] [--machine] [--description TEXT] [--account ID]',
    about: 'Create a user (a person) or, with --machine, a machine principal (a pipeline, a service).',
    more: `  NAME              1-64 letters, digits and +=,.@_-
  --role ROLE       a built-in or custom role; repeat for several (they add up)
  --machine         a machine principal rather than a person
  --description TEXT
  --account ID      create it in another 12-digit account (admins of the server's own account only);
                    then name it by ARN: --user arn:aws:iam::ID:user/NAME
Then give it credentials: modelry auth keys create --user NAME, modelry auth tokens create --user NAME.
${ROLES}`,
  },
  'users list': {
    usage: 'users list [--account ID]',
    about: 'Every user and machine principal, by name.',
    more: `  --account ID      another 12-digit account's users (admins of the server's own account only)`,
  },
  'users describe': { usage: 'users describe NAME', about: 'One user: ARN, kind, roles, state.' },
  'users update': {
    usage: 'users update NAME [--role ROLE ...] [--description TEXT] [--disable|--enable]',
    about: 'Change what is given and keep the rest.',
    more: `  --role ROLE       replaces every role of the user; repeat for several
  --description ''  removes the description
  --disable         refuse the user's keys and tokens (they are kept) until --enable
${ROLES}`,
  },
  'users delete': {
    usage: 'users delete NAME',
    about: 'Delete a user with its access keys, tokens and inline policies. You cannot delete yourself.',
  },
  'users policies': { usage: 'users policies NAME', about: "A user's inline policies with their documents." },
  'users attach-policy': {
    usage: 'users attach-policy NAME --name POLICY --document JSON|@file',
    about: 'Attach an IAM-style identity policy to the user, replacing one of the same name.',
    more: `  --name POLICY     1-128 letters, digits and +=,.@_-
  --document JSON   the policy document, inline or @path/to/policy.json, e.g.
    '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sagemaker:DeleteModelPackage","Resource":"*"}]}'
A Deny in any policy wins over every Allow. Actions and resources: docs/security.md.`,
  },
  'users detach-policy': {
    usage: 'users detach-policy NAME --name POLICY',
    about: 'Remove an inline policy from the user.',
  },
  'roles list': {
    usage: 'roles list',
    about: 'The built-in roles and the custom roles of your account, by name.',
  },
  'roles describe': {
    usage: 'roles describe NAME',
    about: 'One role with its policy document (built-in roles too: copy one to start your own).',
  },
  'roles create': {
    usage: 'roles create NAME --policy-file FILE [--description TEXT]',
    about: 'Create a custom role: a named IAM-style policy document that users can be given (--role NAME).',
    more: `  NAME                1-64 letters, digits and +=,.@_-; not a built-in role's name
  --policy-file FILE  the policy document, e.g.
    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sagemaker:Describe*","Resource":"*"}]}
  --description TEXT
Give it to a user with modelry auth users update NAME --role ROLE. Actions and resources: docs/security.md.`,
  },
  'roles update': {
    usage: 'roles update NAME [--policy-file FILE] [--description TEXT]',
    about:
      "Change a custom role's policy document or description; its holders get the change with their next request.",
    more: "  --description ''  removes the description",
  },
  'roles delete': {
    usage: 'roles delete NAME',
    about:
      'Delete a custom role. Refused while a user holds it: take it from them first (users update --role).',
  },
  'keys create': {
    usage: 'keys create [--user NAME]',
    about: `Create a SigV4 access key pair for the SageMaker face (AWS CLI, boto3, AWS SDKs). The secret is
printed this once, with export lines for AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; with --json,
{"accessKeyId": …, "secretAccessKey": …, …}.`,
    more: USER_DEFAULT,
  },
  'keys list': {
    usage: 'keys list [--user NAME]',
    about: 'Access keys with their status and last use (never their secrets).',
    more: USER_DEFAULT,
  },
  'keys revoke': {
    usage: 'keys revoke ACCESS_KEY_ID [--user NAME]',
    about: 'Revoke an access key: requests signed with it are refused from now on.',
    more: USER_DEFAULT,
  },
  'keys rotate': {
    usage: 'keys rotate ACCESS_KEY_ID [--user NAME]',
    about: 'Create a new pair for the same user and revoke the old key, in one step.',
    more: USER_DEFAULT,
  },
  'tokens create': {
    usage: 'tokens create [--user NAME] [--name TEXT] [--ttl 30d]',
    about: 'Create an API token for the native API and this CLI (MODELRY_TOKEN). It is printed this once.',
    more: `${USER_DEFAULT}
  --name TEXT   what the token is for, shown in tokens list
  --ttl DURATION   lifetime, 60s to 366d (1h, 30d, 90d); without it the token does not expire`,
  },
  'tokens list': {
    usage: 'tokens list [--user NAME]',
    about: 'Tokens with their state, expiry and last use (never the tokens themselves).',
    more: USER_DEFAULT,
  },
  'tokens revoke': {
    usage: 'tokens revoke TOKEN_ID [--user NAME]',
    about: 'Revoke a token: requests that carry it are refused from now on.',
    more: `${USER_DEFAULT}\nTOKEN_ID is the part after mdl_ and before the next _, as tokens list shows it.`,
  },
  'tokens rotate': {
    usage: 'tokens rotate TOKEN_ID [--user NAME]',
    about: 'Create a new token with the same name and lifetime, and revoke the old one, in one step.',
    more: USER_DEFAULT,
  },
};

const leafHelp = (leaf: Leaf) =>
  `Usage: modelry auth ${leaf.usage}\n\n${leaf.about}${leaf.more ? `\n\n${leaf.more}` : ''}\n\n${COMMON}`;

/** The usage lines of the leaves under `prefix` ('' for all). */
const usages = (prefix: string) =>
  Object.entries(LEAVES)
    .filter(([key]) => key.startsWith(prefix))
    .map(([, leaf]) => `  ${leaf.usage}`)
    .join('\n');

const groupHelp = (group: string, about: string) =>
  `Usage: modelry auth ${group} <command> [options]\n\n${about}\n\n${usages(`${group} `)}\n\nHelp on one command: modelry auth ${group} <command> --help\n${COMMON}`;

export const AUTH_HELP = `Usage: modelry auth <command> [options]

Users and their roles, inline policies, access keys (SigV4, for the SageMaker face) and API tokens
(Bearer, for the native API and this CLI); custom roles. Secrets are printed once, when created or rotated.

${usages('')}

${ROLES}
--user defaults to you. Help on one command: modelry auth keys create --help
${COMMON}`;

const HELPS: Record<string, string> = {
  users: groupHelp('users', 'Users and machine principals, their roles and inline policies.'),
  keys: groupHelp('keys', 'SigV4 access key pairs for the SageMaker face.'),
  tokens: groupHelp('tokens', 'API tokens for the native API and the modelry CLI.'),
  roles: groupHelp('roles', 'The built-in roles, and custom roles: named policy documents an admin defines.'),
  ...Object.fromEntries(Object.entries(LEAVES).map(([key, leaf]) => [key, leafHelp(leaf)])),
};

/** The most specific help for the words after `auth`: `keys create` → its own, `keys` → the keys group. */
export function authHelp(args: readonly string[]): string {
  const [first = '', second = ''] = args;
  return HELPS[`${first} ${second}`] ?? HELPS[first] ?? AUTH_HELP;
}
