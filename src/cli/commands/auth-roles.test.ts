import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ModelryClient, type Role } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { createOutput } from '../output.js';
import { authCommand, authHelp } from './auth.js';
import { roleDetails, rolesTable } from './auth-roles.js';

const usage = (pattern: RegExp) => (err: unknown) => err instanceof UsageError && pattern.test(err.message);
const DOC = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sagemaker:List*', Resource: '*' }],
};

const dir = mkdtempSync(join(tmpdir(), 'modelry-auth-roles-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const policyFile = join(dir, 'policy.json');
writeFileSync(policyFile, JSON.stringify(DOC));

describe('modelry auth roles usage errors (raised before any request)', () => {
  const client = new ModelryClient({ endpoint: 'http://127.0.0.1:9' });
  const out = createOutput(false, () => assert.fail('nothing should be printed'));
  const run = (...argv: string[]) => authCommand(client, out, ['roles', ...argv]);

  test('create needs one well-formed NAME and a readable --policy-file holding a JSON object', async () => {
    await assert.rejects(
      run('create', '--policy-file', policyFile),
      usage(/roles create needs a role NAME\.$/),
    );
    await assert.rejects(run('create', 'a', 'b', '--policy-file', policyFile), usage(/"b" is extra/));
    await assert.rejects(run('create', 'ops'), usage(/roles create needs --policy-file FILE/));
    await assert.rejects(run('create', 'o p', '--policy-file', policyFile), usage(/Invalid role name "o p"/));
    await assert.rejects(
      run('create', 'ops', '--policy-file', join(dir, 'missing.json')),
      usage(/--policy-file @.*missing\.json: cannot read the file \(ENOENT\)/),
    );
    const list = join(dir, 'list.json');
    writeFileSync(list, '[]');
    await assert.rejects(run('create', 'ops', '--policy-file', list), usage(/must be a JSON object/));
    await assert.rejects(run('create', 'ops', '--document', '{}'), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
  });

  test('update needs a change; describe and delete one NAME; list none', async () => {
    await assert.rejects(run('update', 'ops'), usage(/roles update needs --policy-file or --description/));
    for (const sub of ['describe', 'delete', 'update']) {
      await assert.rejects(run(sub), usage(new RegExp(`roles ${sub} needs a role NAME`)));
    }
    await assert.rejects(run('list', 'ops'), usage(/roles list takes no argument "ops"/));
    await assert.rejects(run('grant'), usage(/Unknown command "auth roles grant"/));
    await assert.rejects(run(), usage(/Usage: modelry auth roles <command>/));
  });
});

describe('modelry auth roles arguments become requests', () => {
  function recorder() {
    const sent: { method: string; path: string; body: unknown }[] = [];
    const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const url = new URL(String(input));
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      const method = init?.method ?? 'GET';
      sent.push({ method, path: `${url.pathname}${url.search}`, body });
      if (method === 'DELETE') return new Response(null, { status: 204 });
      const answer =
        method === 'GET' && url.pathname.endsWith('/roles') ? { items: [] } : { ...body, document: DOC };
      return new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } });
    };
    const client = new ModelryClient({ endpoint: 'http://modelry.test', token: 'mdl_t', fetch });
    const run = (...argv: string[]) =>
      authCommand(
        client,
        createOutput(true, () => undefined),
        argv,
      );
    return { sent, run };
  }

  test('create, update, describe, delete and list call the role routes', async () => {
    const { sent, run } = recorder();
    await run('roles', 'create', 'release-manager', '--policy-file', policyFile, '--description', 'approves');
    await run('roles', 'update', 'release-manager', '--policy-file', policyFile);
    await run('roles', 'update', 'release-manager', '--description', '');
    await run('roles', 'describe', 'viewer');
    await run('roles', 'delete', 'release-manager');
    await run('roles', 'list');
    assert.deepEqual(sent, [
      {
        method: 'POST',
        path: '/api/v1/auth/roles',
        body: { name: 'release-manager', document: DOC, description: 'approves' },
      },
      { method: 'PUT', path: '/api/v1/auth/roles/release-manager', body: { document: DOC } },
      { method: 'PUT', path: '/api/v1/auth/roles/release-manager', body: { description: null } },
      { method: 'GET', path: '/api/v1/auth/roles/viewer', body: undefined },
      { method: 'DELETE', path: '/api/v1/auth/roles/release-manager', body: undefined },
      { method: 'GET', path: '/api/v1/auth/roles?limit=100', body: undefined },
    ]);
  });

  test('users create and update take custom role names as they are', async () => {
    const { sent, run } = recorder();
    await run('users', 'update', 'alice', '--role', 'Release-Manager', '--role', 'viewer');
    await run('users', 'create', 'bob', '--role', 'team.fraud@approver');
    assert.deepEqual(
      sent.map((s) => s.body),
      [{ roles: ['Release-Manager', 'viewer'] }, { name: 'bob', roles: ['team.fraud@approver'] }],
    );
  });
});

describe('modelry auth roles output and help', () => {
  const custom: Role = {
    name: 'release-manager',
    arn: 'arn:aws:iam::000000000000:role/release-manager',
    builtIn: false,
    description: 'approves releases',
    document: DOC,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'admin',
    updatedAt: '2026-01-02T00:00:00.000Z',
    updatedBy: 'root',
  };

  test('describe shows the kind, who changed it, and the document', () => {
    const text = roleDetails(custom);
    assert.match(text, /^name +release-manager$/m);
    assert.match(text, /^kind +custom$/m);
    assert.match(text, /^updated +2026-01-02T00:00:00\.000Z by root$/m);
    assert.ok(text.endsWith(JSON.stringify(DOC, null, 2)));
    const builtIn = roleDetails({ name: 'viewer', arn: 'a', builtIn: true, document: DOC });
    assert.match(builtIn, /^kind +built-in$/m);
    assert.doesNotMatch(builtIn, /created|updated/);
  });

  test('list shows one row per role', () => {
    const lines = rolesTable([{ name: 'viewer', arn: 'a', builtIn: true, document: DOC }, custom]).split(
      '\n',
    );
    assert.match(lines[0]!, /^NAME +KIND +STATEMENTS +UPDATED +DESCRIPTION$/);
    assert.match(lines[1]!, /^viewer +built-in +1$/);
    assert.match(lines[2]!, /^release-manager +custom +1 +2026-01-02T00:00:00\.000Z +approves releases$/);
  });

  test('help covers every roles command', () => {
    for (const sub of ['list', 'describe', 'create', 'update', 'delete']) {
      assert.match(authHelp(['roles', sub]), new RegExp(`^Usage: modelry auth roles ${sub}`));
      assert.ok(authHelp(['roles']).includes(`roles ${sub}`), sub);
    }
    assert.match(authHelp(['roles', 'create']), /--policy-file FILE/);
    assert.match(authHelp([]), /custom roles/);
  });
});
