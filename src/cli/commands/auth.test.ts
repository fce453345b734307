import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type ApiToken, ModelryClient } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { createOutput } from '../output.js';
import { AUTH_HELP, authCommand, authHelp } from './auth.js';
import { shellWord } from './auth-args.js';
import { createdKeyText } from './auth-keys.js';
import { createdTokenText, tokenState } from './auth-tokens.js';

/** A usage error (exit 2) whose whole message matches. */
const usage = (pattern: RegExp) => (err: unknown) => err instanceof UsageError && pattern.test(err.message);

describe('modelry auth usage errors (raised before any request)', () => {
  // Nothing listens here: a usage error must be reported before the client is used.
  const client = new ModelryClient({ endpoint: 'http://127.0.0.1:9' });
  const out = createOutput(false, () => assert.fail('nothing should be printed'));
  const run = (...argv: string[]) => authCommand(client, out, argv);
  const dir = mkdtempSync(join(tmpdir(), 'modelry-auth-args-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('users create needs one NAME and at least one well-formed --role', async () => {
    await assert.rejects(
      run('users', 'create', '--role', 'viewer'),
      usage(/users create needs a user NAME\.$/),
    );
    await assert.rejects(
      run('users', 'create', 'alice', 'bob', '--role', 'viewer'),
      usage(/takes one user NAME; "bob" is extra/),
    );
    await assert.rejects(run('users', 'create', 'alice'), usage(/needs at least one --role ROLE/));
    await assert.rejects(
      run('users', 'create', 'alice', '--role', 'data scientist'),
      usage(
        /^Invalid role name "data scientist": 1-64 letters, digits and \+=,\.@_- \(modelry auth roles list/,
      ),
    );
    await assert.rejects(run('users', 'create', 'alice', '--roles', 'viewer'), {
      code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    });
    await assert.rejects(run('users', 'create', 'alice', '--role'), {
      code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
    });
  });

  test('users update needs a change, and not both --disable and --enable', async () => {
    await assert.rejects(
      run('users', 'update', 'alice'),
      usage(/needs --role, --description, --disable or --enable/),
    );
    await assert.rejects(run('users', 'update', 'alice', '--disable', '--enable'), usage(/contradict/));
    await assert.rejects(run('users', 'update', '--disable'), usage(/users update needs a user NAME/));
    await assert.rejects(
      run('users', 'update', 'alice', '--role', 'ro/ot'),
      usage(/Invalid role name "ro\/ot"/),
    );
    await assert.rejects(run('users', 'update', 'alice', '--machine'), {
      code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    });
  });

  test('describe, delete and policies take exactly one NAME; list takes none', async () => {
    for (const sub of ['describe', 'delete', 'policies']) {
      await assert.rejects(run('users', sub), usage(new RegExp(`users ${sub} needs a user NAME`)));
      await assert.rejects(run('users', sub, 'a', 'b'), usage(/"b" is extra/));
    }
    await assert.rejects(run('users', 'list', 'alice'), usage(/users list takes no argument "alice"/));
  });

  test('attach-policy needs --name and a --document that is a JSON object', async () => {
    const doc = '{"Version":"2012-10-17","Statement":[]}';
    await assert.rejects(
      run('users', 'attach-policy', 'alice', '--document', doc),
      usage(/needs --name POLICY and --document JSON/),
    );
    await assert.rejects(
      run('users', 'attach-policy', 'alice', '--name', 'p'),
      usage(/needs --name POLICY and --document JSON/),
    );
    await assert.rejects(
      run('users', 'attach-policy', 'alice', '--name', 'p', '--document', '{"Version":'),
      usage(/^--document is not valid JSON: /),
    );
    await assert.rejects(
      run('users', 'attach-policy', 'alice', '--name', 'p', '--document', '[]'),
      usage(/--document must be a JSON object/),
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '"just a string"');
    await assert.rejects(
      run('users', 'attach-policy', 'alice', '--name', 'p', '--document', `@${bad}`),
      usage(/--document must be a JSON object/),
    );
    await assert.rejects(
      run('users', 'attach-policy', 'alice', '--name', 'p', '--document', `@${join(dir, 'missing.json')}`),
      usage(/--document @.*missing\.json: cannot read the file \(ENOENT\)/),
    );
    await assert.rejects(run('users', 'detach-policy', 'alice'), usage(/detach-policy needs --name POLICY/));
  });

  test('keys and tokens check their ids, options and durations', async () => {
    await assert.rejects(run('keys', 'revoke'), usage(/keys revoke needs an ACCESS_KEY_ID/));
    await assert.rejects(
      run('keys', 'rotate', 'AKMDA', 'AKMDB'),
      usage(/takes one ACCESS_KEY_ID; "AKMDB" is extra/),
    );
    await assert.rejects(run('keys', 'create', 'alice'), usage(/keys create takes no argument "alice"/));
    await assert.rejects(run('keys', 'create', '--name', 'x'), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
    await assert.rejects(run('tokens', 'revoke'), usage(/tokens revoke needs a TOKEN_ID/));
    await assert.rejects(run('tokens', 'rotate', '--user', 'alice'), usage(/tokens rotate needs a TOKEN_ID/));
    await assert.rejects(
      run('tokens', 'create', '--ttl', '30days'),
      usage(/--ttl "30days" is not a duration/),
    );
    await assert.rejects(
      run('tokens', 'create', '--ttl', '1500ms'),
      usage(/--ttl "1500ms" must be whole seconds/),
    );
    await assert.rejects(run('tokens', 'list', 'extra'), usage(/tokens list takes no argument "extra"/));
    await assert.rejects(run('whoami', 'alice'), usage(/whoami takes no argument "alice"/));
  });

  test('unknown commands name themselves; a bare group shows its usage', async () => {
    await assert.rejects(
      run('users', 'promote'),
      usage(/Unknown command "auth users promote"\. See modelry auth users --help\./),
    );
    await assert.rejects(run('keys', 'show'), usage(/Unknown command "auth keys show"/));
    await assert.rejects(run('tokens', 'renew'), usage(/Unknown command "auth tokens renew"/));
    await assert.rejects(run('login'), usage(/Unknown command "auth login"/));
    await assert.rejects(run('keys'), usage(/Usage: modelry auth keys <command>/));
    await assert.rejects(run(), (err: unknown) => err instanceof UsageError && err.message === AUTH_HELP);
  });
});

interface Sent {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
}

/**
 * A fetch that records what the client sends and answers like the server would for these routes: what is
 * under test is how the CLI turns arguments into requests, not the server.
 */
function recorder(me = 'alice') {
  const sent: Sent[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const method = init?.method ?? 'GET';
    sent.push({ method, path: url.pathname, body, authorization: headers.get('authorization') });
    const json = (value: unknown, status = 200) =>
      new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
    if (url.pathname.endsWith('/auth/whoami')) return json({ name: me, credential: 'abc' });
    if (method === 'DELETE') return new Response(null, { status: 204 });
    if (url.pathname.endsWith('/keys') && method === 'POST') {
      return json({ accessKeyId: 'AKMDTEST', secretAccessKey: 's/e+c', user: me, status: 'Active' }, 201);
    }
    if (url.pathname.endsWith('/tokens') && method === 'POST') {
      return json({ token: 'mdl_0123456789abcdef_x', tokenId: '0123456789abcdef', user: me }, 201);
    }
    if (url.pathname.endsWith('/policies')) return json({ items: [] });
    return json(body ?? { items: [] });
  };
  const printed: string[] = [];
  const client = new ModelryClient({ endpoint: 'http://modelry.test', token: 'mdl_t', fetch });
  const run = (...argv: string[]) =>
    authCommand(
      client,
      createOutput(true, (t) => printed.push(t)),
      argv,
    );
  return { sent, printed, run };
}

describe('modelry auth arguments become requests', () => {
  test('users create: roles once each, --machine as kind, the description', async () => {
    const { sent, run } = recorder();
    await run(
      'users',
      'create',
      'ci-bot',
      '--role',
      'data-scientist',
      '--role',
      'viewer',
      '--role',
      'viewer',
      '--machine',
      '--description',
      'CI',
    );
    assert.deepEqual(sent, [
      {
        method: 'POST',
        path: '/api/v1/auth/users',
        body: { name: 'ci-bot', roles: ['data-scientist', 'viewer'], kind: 'machine', description: 'CI' },
        authorization: 'Bearer mdl_t',
      },
    ]);
  });

  test("users update: --role replaces the roles, '' removes the description, --enable/--disable", async () => {
    const { sent, run } = recorder();
    await run('users', 'update', 'bob', '--description', '', '--enable');
    await run('users', 'update', 'bob', '--role', 'approver', '--disable');
    assert.deepEqual(
      sent.map((s) => [s.method, s.path, s.body]),
      [
        ['PATCH', '/api/v1/auth/users/bob', { description: null, disabled: false }],
        ['PATCH', '/api/v1/auth/users/bob', { roles: ['approver'], disabled: true }],
      ],
    );
  });

  test('attach-policy sends the document from a file; names are path-encoded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelry-auth-policy-'));
    try {
      const document = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };
      writeFileSync(join(dir, 'p.json'), JSON.stringify(document));
      const { sent, run } = recorder();
      await run(
        'users',
        'attach-policy',
        'a@b.c',
        '--name',
        'deny=all',
        '--document',
        `@${join(dir, 'p.json')}`,
      );
      await run('users', 'detach-policy', 'a@b.c', '--name', 'deny=all');
      assert.deepEqual(
        sent.map((s) => [s.method, s.path, s.body]),
        [
          ['PUT', '/api/v1/auth/users/a%40b.c/policies/deny%3Dall', { document }],
          ['DELETE', '/api/v1/auth/users/a%40b.c/policies/deny%3Dall', undefined],
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without --user, keys and tokens commands act on the caller (whoami first)', async () => {
    const { sent, run } = recorder('carol');
    await run('keys', 'create');
    await run('keys', 'revoke', 'AKMDOLD');
    await run('tokens', 'rotate', '0123456789abcdef');
    assert.deepEqual(
      sent.map((s) => `${s.method} ${s.path}`),
      [
        'GET /api/v1/auth/whoami',
        'POST /api/v1/auth/users/carol/keys',
        'GET /api/v1/auth/whoami',
        'DELETE /api/v1/auth/users/carol/keys/AKMDOLD',
        'GET /api/v1/auth/whoami',
        'POST /api/v1/auth/users/carol/tokens/0123456789abcdef/rotate',
      ],
    );
  });

  test('with --user, no whoami; tokens create sends --name and --ttl in seconds', async () => {
    const { sent, printed, run } = recorder();
    await run('tokens', 'create', '--user', 'dave', '--name', 'ci', '--ttl', '30d');
    await run('keys', 'list', '--user', 'dave');
    assert.deepEqual(
      sent.map((s) => [s.method, s.path, s.body]),
      [
        ['POST', '/api/v1/auth/users/dave/tokens', { name: 'ci', ttlSeconds: 30 * 86_400 }],
        ['GET', '/api/v1/auth/users/dave/keys', undefined],
      ],
    );
    assert.equal(JSON.parse(printed[0]!).token, 'mdl_0123456789abcdef_x');
  });

  test('keys create --json prints the pair as the server answered it', async () => {
    const { printed, run } = recorder();
    await run('keys', 'create', '--user', 'alice');
    const pair = JSON.parse(printed[0]!);
    assert.equal(pair.accessKeyId, 'AKMDTEST');
    assert.equal(pair.secretAccessKey, 's/e+c');
  });
});

describe('modelry auth output and help', () => {
  test('a new key pair: both values, once-only warning, export lines that paste', () => {
    const text = createdKeyText({
      accessKeyId: 'AKMDEXAMPLE',
      secretAccessKey: "it's/se+cret",
      user: 'alice',
      status: 'Active',
      createdAt: '2026-11-27T09:00:00.000Z',
    });
    assert.match(text, /^Created access key AKMDEXAMPLE for user alice\.$/m);
    assert.match(text, /shown only this once/);
    assert.match(text, /^export AWS_ACCESS_KEY_ID=AKMDEXAMPLE$/m);
    assert.match(text, /^export AWS_SECRET_ACCESS_KEY='it'\\''s\/se\+cret'$/m);
  });

  test('a rotated token names the revoked one and its expiry', () => {
    const text = createdTokenText(
      {
        token: 'mdl_1111111111111111_s',
        tokenId: '1111111111111111',
        user: 'bob',
        createdAt: '2026-11-27T09:00:00.000Z',
        expiresAt: '2026-12-27T09:00:00.000Z',
      },
      '0000000000000000',
    );
    assert.match(
      text,
      /Rotated token 0000000000000000 of user bob: it is revoked, and 1111111111111111 replaces it\./,
    );
    assert.match(text, /expires at 2026-12-27T09:00:00.000Z/);
    assert.match(text, /^export MODELRY_TOKEN=mdl_1111111111111111_s$/m);
  });

  test('shell words: safe characters bare, anything else single-quoted', () => {
    assert.equal(shellWord('wJalr/K7+bPx='), 'wJalr/K7+bPx=');
    assert.equal(shellWord('a b'), "'a b'");
    assert.equal(shellWord('$HOME'), "'$HOME'");
    assert.equal(shellWord("it's"), "'it'\\''s'");
  });

  test('token state: revoked wins, then expired, else active', () => {
    const base: ApiToken = { tokenId: 't', user: 'u', createdAt: '2026-01-01T00:00:00Z' };
    const now = Date.parse('2026-06-01T00:00:00Z');
    assert.equal(tokenState(base, now), 'active');
    assert.equal(tokenState({ ...base, expiresAt: '2026-05-31T23:59:59Z' }, now), 'expired');
    assert.equal(tokenState({ ...base, expiresAt: '2027-01-01T00:00:00Z' }, now), 'active');
    assert.equal(
      tokenState({ ...base, expiresAt: '2026-05-01T00:00:00Z', revokedAt: '2026-04-01T00:00:00Z' }, now),
      'revoked',
    );
  });

  test('every command has its own help, with its usage line', () => {
    const commands = [
      'whoami',
      'users create',
      'users list',
      'users describe',
      'users update',
      'users delete',
      'users policies',
      'users attach-policy',
      'users detach-policy',
      'keys create',
      'keys list',
      'keys revoke',
      'keys rotate',
      'tokens create',
      'tokens list',
      'tokens revoke',
      'tokens rotate',
    ];
    for (const command of commands) {
      const help = authHelp(command.split(' '));
      assert.match(help, new RegExp(`^Usage: modelry auth ${command}\\b`), command);
      assert.ok(
        AUTH_HELP.includes(`  ${help.split('\n')[0]!.slice('Usage: modelry auth '.length)}`),
        command,
      );
    }
    assert.match(authHelp(['keys']), /^Usage: modelry auth keys <command>/);
    assert.match(authHelp(['keys', 'create', '--user']), /--user NAME/);
    assert.equal(authHelp([]), AUTH_HELP);
  });
});
