import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authed } from '../helpers/authed.js';
import { backends } from '../helpers/backends.js';
import { assertOk, modelry } from '../helpers/cli.js';
import { ADMIN, startServer, type TestServer } from '../helpers/server.js';

/** A is the server's own account, B and C others. */
const A = '000000000000';
const B = '111122223333';
const C = '444455556666';

interface Answer {
  token?: string;
  items?: { name: string; account: string }[];
  error?: { code: string; message: string };
}

/** How a home admin finds and names the users of other accounts. */
for (const { backend, skip } of await backends()) {
  describe(`other accounts' users (${backend})`, { skip }, () => {
    let server: TestServer;
    let bAdmin: string;
    const call = (token: string, method: string, path: string, body?: unknown) =>
      authed<Answer>(server.url, token, method, path, body);

    before(async () => {
      server = await startServer({ backend, auth: true });
      for (const [name, account, role] of [
        ['erin', B, 'viewer'],
        ['b-admin', B, 'admin'],
        ['zed', C, 'viewer'],
      ] as const) {
        const created = await call(ADMIN.token, 'POST', '/auth/users', { name, account, roles: [role] });
        assert.equal(created.status, 201, JSON.stringify(created.json));
      }
      const ref = encodeURIComponent(`arn:aws:iam::${B}:user/b-admin`);
      bAdmin = (await call(ADMIN.token, 'POST', `/auth/users/${ref}/tokens`, {})).json.token!;
    });
    after(async () => {
      await server?.stop();
    });

    it("a bare name of another account's user is refused with the account and the ARN to use", async () => {
      const env = { MODELRY_ENDPOINT: server.url, MODELRY_TOKEN: ADMIN.token };
      const run = await modelry(['auth', 'keys', 'create', '--user', 'erin'], env);
      assert.notEqual(run.code, 0);
      assert.match(
        run.stderr,
        new RegExp(
          `PrincipalNotFound: User erin does not exist in account ${A}; it lives in account ${B}: name it by ARN arn:aws:iam::${B}:user/erin`,
        ),
      );
      assertOk(await modelry(['auth', 'keys', 'create', '--user', `arn:aws:iam::${B}:user/erin`], env));
      // Another account's admin is told nothing of the accounts it does not administer.
      const hidden = await call(bAdmin, 'POST', '/auth/users/zed/keys');
      assert.equal(hidden.status, 404);
      assert.equal(hidden.json.error?.message, 'User zed does not exist.');
    });

    it("the home account's admins list another account's users; other accounts' admins only their own", async () => {
      const env = { MODELRY_ENDPOINT: server.url, MODELRY_TOKEN: ADMIN.token };
      const listed = JSON.parse(
        assertOk(await modelry(['auth', 'users', 'list', '--account', B, '--json'], env)),
      ) as { name: string; account: string }[];
      assert.deepEqual(
        listed.map((u) => [u.name, u.account]),
        [
          ['b-admin', B],
          ['erin', B],
        ],
      );
      const native = await call(ADMIN.token, 'GET', `/auth/users?account=${C}`);
      assert.equal(native.status, 200, JSON.stringify(native.json));
      assert.deepEqual(
        native.json.items?.map((u) => u.name),
        ['zed'],
      );
      const own = await call(bAdmin, 'GET', `/auth/users?account=${B}`);
      assert.deepEqual(
        own.json.items?.map((u) => u.name),
        ['b-admin', 'erin'],
      );
      const other = await call(bAdmin, 'GET', `/auth/users?account=${A}`);
      assert.equal(other.status, 403);
      assert.equal(other.json.error?.code, 'AccessDenied');
    });
  });
}
