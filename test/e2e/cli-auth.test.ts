import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateModelPackageGroupCommand,
  ListModelPackageGroupsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type {
  AccessKey,
  ApiToken,
  CreatedAccessKey,
  CreatedToken,
  InlinePolicy,
  User,
} from '../../src/sdk/client.js';
import { backends } from '../helpers/backends.js';
import { assertFails, assertOk, modelry, type Run } from '../helpers/cli.js';
import { ADMIN, startServer, type TestServer } from '../helpers/server.js';

const json = <T>(run: Run): T => JSON.parse(assertOk(run)) as T;

/** A SageMaker client that signs with exactly the given pair (no retries, so a refusal shows at once). */
function sagemakerAs(url: string, accessKeyId: string, secretAccessKey: string): SageMakerClient {
  return new SageMakerClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
}

/** The error name (the AWS error type) the SDK rejects with. */
async function awsError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).name;
  }
  return 'no error';
}

const DENY_CREATE_GROUP = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'NoNewGroups', Effect: 'Deny', Action: 'sagemaker:CreateModelPackageGroup', Resource: '*' },
  ],
});

describe('modelry auth without a server', () => {
  const env = { MODELRY_ENDPOINT: 'http://127.0.0.1:9' };

  test('the main help lists auth; auth and each of its commands have --help', async () => {
    const cases: [string[], string[]][] = [
      [['--help'], ['auth', 'MODELRY_TOKEN']],
      [
        ['auth', '--help'],
        ['whoami', 'users create', 'attach-policy', 'keys rotate', 'tokens create', '--ttl'],
      ],
      [
        ['auth', 'users', '--help'],
        ['create', 'list', 'describe', 'update', 'delete', 'policies'],
      ],
      [
        ['auth', 'users', 'create', '--help'],
        ['--role', '--machine', '--description', 'data-scientist'],
      ],
      [
        ['auth', 'users', 'attach-policy', '--help'],
        ['--name POLICY', '--document', '@'],
      ],
      [
        ['auth', 'keys', 'create', '--help'],
        ['--user', 'accessKeyId', 'AWS_SECRET_ACCESS_KEY'],
      ],
      [
        ['auth', 'keys', 'revoke', '--help'],
        ['ACCESS_KEY_ID', '--user'],
      ],
      [
        ['auth', 'tokens', 'create', '--help'],
        ['--name', '--ttl', 'MODELRY_TOKEN'],
      ],
      [
        ['auth', 'tokens', 'rotate', '--help'],
        ['TOKEN_ID', 'revoke'],
      ],
      [['auth', 'whoami', '--help'], ['Usage: modelry auth whoami']],
    ];
    for (const [args, words] of cases) {
      const out = assertOk(await modelry(args, env));
      for (const word of words)
        assert.ok(out.includes(word), `modelry ${args.join(' ')} does not mention ${word}`);
    }
  });

  test('usage errors exit 2 with one line, before any request', async () => {
    assertFails(
      await modelry(['auth', 'users', 'create', 'alice', '--role', 'data scientist'], env),
      2,
      /^modelry: Invalid role name "data scientist": 1-64 letters, digits and \+=,\.@_- /,
    );
    assertFails(
      await modelry(['auth', 'users', 'create', 'alice'], env),
      2,
      /needs at least one --role ROLE/,
    );
    assertFails(
      await modelry(['auth', 'keys', 'create', '--usr', 'alice'], env),
      2,
      /Unknown option '--usr'/,
    );
    assertFails(await modelry(['auth', 'keys', 'revoke'], env), 2, /needs an ACCESS_KEY_ID/);
    assertFails(
      await modelry(['auth', 'tokens', 'create', '--ttl', 'a month'], env),
      2,
      /--ttl "a month" is not a duration/,
    );
    assertFails(
      await modelry(['auth', 'users', 'attach-policy', 'alice', '--name', 'p', '--document', '{'], env),
      2,
      /--document is not valid JSON/,
    );
    assertFails(await modelry(['auth'], env), 2, /^modelry: Usage: modelry auth <command>/);
    assertFails(await modelry(['auth', 'login'], env), 2, /Unknown command "auth login"/);
  });
});

for (const { backend, skip } of await backends()) {
  describe(`modelry auth against a server on ${backend} (authentication on)`, { skip }, () => {
    let server: TestServer;
    let admin: Record<string, string>;
    let dir: string;
    /** The environment of a CLI user holding `token`. */
    const as = (token: string) => ({ MODELRY_ENDPOINT: server.url, MODELRY_TOKEN: token });
    let alicePair: CreatedAccessKey;
    let aliceToken: CreatedToken;
    let victorToken: string;

    before(async () => {
      server = await startServer({ backend, auth: true });
      admin = as(ADMIN.token);
      dir = mkdtempSync(join(tmpdir(), 'modelry-cli-auth-'));
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      assert.equal(await server?.stop(), 0);
    });

    test('whoami as the first admin; no token at all is AuthenticationRequired', async () => {
      const me = assertOk(await modelry(['auth', 'whoami'], admin));
      assert.match(me, /^name +admin$/m);
      assert.match(me, /^roles +admin$/m);
      assert.match(me, /^signed in with +0123456789abcdef$/m);
      assertFails(
        await modelry(['auth', 'whoami'], { MODELRY_ENDPOINT: server.url }),
        1,
        /^modelry: AuthenticationRequired: /,
      );
      assertFails(
        await modelry(['groups', 'list'], { MODELRY_ENDPOINT: server.url }),
        1,
        /^modelry: AuthenticationRequired: /,
      );
    });

    test("an admin creates alice; her key pair works with the AWS SDK, a wrong secret doesn't", async () => {
      const created = assertOk(
        await modelry(['auth', 'users', 'create', 'alice', '--role', 'data-scientist'], admin),
      );
      assert.match(created, /^name +alice$/m);
      assert.match(created, /^roles +data-scientist$/m);

      alicePair = json<CreatedAccessKey>(
        await modelry(['auth', 'keys', 'create', '--user', 'alice', '--json'], admin),
      );
      assert.match(alicePair.accessKeyId, /^AKMD[A-Z2-7]{16}$/);
      assert.equal(alicePair.secretAccessKey.length, 40);

      const sm = sagemakerAs(server.url, alicePair.accessKeyId, alicePair.secretAccessKey);
      const group = `alice-${backend}`;
      const made = await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: group }));
      assert.match(made.ModelPackageGroupArn ?? '', new RegExp(`model-package-group/${group}$`));
      const listed = await sm.send(new ListModelPackageGroupsCommand({}));
      assert.ok(listed.ModelPackageGroupSummaryList?.some((g) => g.ModelPackageGroupName === group));

      // Change the last character to one it cannot already be.
      const last = alicePair.secretAccessKey.slice(-1) === 'X' ? 'Y' : 'X';
      const wrong = sagemakerAs(
        server.url,
        alicePair.accessKeyId,
        `${alicePair.secretAccessKey.slice(0, -1)}${last}`,
      );
      assert.equal(
        await awsError(wrong.send(new ListModelPackageGroupsCommand({}))),
        'InvalidSignatureException',
      );
    });

    test('keys create without --json: the secret once, and export lines that work as pasted', async () => {
      const text = assertOk(await modelry(['auth', 'keys', 'create', '--user', 'alice'], admin));
      assert.match(text, /shown only this once/);
      const id = /^export AWS_ACCESS_KEY_ID=(\S+)$/m.exec(text)?.[1];
      const secret = /^export AWS_SECRET_ACCESS_KEY=(\S+)$/m.exec(text)?.[1];
      assert.ok(id && secret, text);
      assert.ok(text.includes(`Access key id:      ${id}`) && text.includes(`Secret access key:  ${secret}`));
      const sm = sagemakerAs(server.url, id, secret);
      assert.ok((await sm.send(new ListModelPackageGroupsCommand({}))).ModelPackageGroupSummaryList);
    });

    test('a token for alice: whoami says alice, and she lists and revokes her own keys without --user', async () => {
      aliceToken = json<CreatedToken>(
        await modelry(
          ['auth', 'tokens', 'create', '--user', 'alice', '--name', 'laptop', '--ttl', '30d', '--json'],
          admin,
        ),
      );
      assert.match(aliceToken.token, /^mdl_[0-9a-f]{16}_/);
      const days = (Date.parse(aliceToken.expiresAt ?? '') - Date.parse(aliceToken.createdAt)) / 86_400_000;
      assert.equal(days, 30);
      assert.match(assertOk(await modelry(['auth', 'whoami'], as(aliceToken.token))), /^name +alice$/m);

      const keys = json<AccessKey[]>(await modelry(['auth', 'keys', 'list', '--json'], as(aliceToken.token)));
      assert.equal(keys.length, 2);
      assert.ok(keys.every((k) => k.user === 'alice' && k.status === 'Active' && !('secretAccessKey' in k)));

      const revoked = assertOk(
        await modelry(['auth', 'keys', 'revoke', alicePair.accessKeyId], as(aliceToken.token)),
      );
      assert.equal(revoked, `Revoked access key ${alicePair.accessKeyId} of user alice.\n`);
      const sm = sagemakerAs(server.url, alicePair.accessKeyId, alicePair.secretAccessKey);
      assert.equal(
        await awsError(sm.send(new ListModelPackageGroupsCommand({}))),
        'UnrecognizedClientException',
      );
      const keysNow = json<AccessKey[]>(
        await modelry(['auth', 'keys', 'list', '--user', 'alice', '--json'], admin),
      );
      assert.equal(keysNow.find((k) => k.accessKeyId === alicePair.accessKeyId)?.status, 'Inactive');
    });

    test('keys rotate: the new pair works, the old one is refused', async () => {
      const old = json<CreatedAccessKey>(
        await modelry(['auth', 'keys', 'create', '--json'], as(aliceToken.token)),
      );
      const rotated = json<CreatedAccessKey & { revoked: string }>(
        await modelry(['auth', 'keys', 'rotate', old.accessKeyId, '--user', 'alice', '--json'], admin),
      );
      assert.equal(rotated.revoked, old.accessKeyId);
      assert.notEqual(rotated.accessKeyId, old.accessKeyId);
      const list = new ListModelPackageGroupsCommand({});
      assert.ok(await sagemakerAs(server.url, rotated.accessKeyId, rotated.secretAccessKey).send(list));
      assert.equal(
        await awsError(sagemakerAs(server.url, old.accessKeyId, old.secretAccessKey).send(list)),
        'UnrecognizedClientException',
      );
    });

    test('tokens rotate: the old token is refused with 401 InvalidCredentials, the new one works', async () => {
      const rotatedText = assertOk(
        await modelry(['auth', 'tokens', 'rotate', aliceToken.tokenId], as(aliceToken.token)),
      );
      const fresh = /^export MODELRY_TOKEN=(\S+)$/m.exec(rotatedText)?.[1];
      assert.ok(fresh, rotatedText);
      assert.match(
        rotatedText,
        new RegExp(`Rotated token ${aliceToken.tokenId} of user alice: it is revoked`),
      );

      const res = await fetch(`${server.url}/api/v1/auth/whoami`, {
        headers: { authorization: `Bearer ${aliceToken.token}` },
      });
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'InvalidCredentials');
      assertFails(
        await modelry(['auth', 'whoami'], as(aliceToken.token)),
        1,
        /^modelry: InvalidCredentials: /,
      );
      assert.match(assertOk(await modelry(['auth', 'whoami'], as(fresh))), /^name +alice$/m);

      const tokens = json<ApiToken[]>(await modelry(['auth', 'tokens', 'list', '--json'], as(fresh)));
      const byId = new Map(tokens.map((t) => [t.tokenId, t]));
      assert.ok(byId.get(aliceToken.tokenId)?.revokedAt, 'the rotated token is listed as revoked');
      const table = assertOk(await modelry(['auth', 'tokens', 'list'], as(fresh)));
      assert.match(table, new RegExp(`^${aliceToken.tokenId} +laptop +revoked `, 'm'));
      aliceToken = { ...aliceToken, token: fresh };
    });

    test('a viewer can list groups but not create one', async () => {
      assertOk(await modelry(['auth', 'users', 'create', 'victor', '--role', 'viewer'], admin));
      const token = json<CreatedToken>(
        await modelry(['auth', 'tokens', 'create', '--user', 'victor', '--json'], admin),
      );
      victorToken = token.token;
      assertFails(
        await modelry(['groups', 'create', `victor-${backend}`], as(token.token)),
        1,
        /^modelry: AccessDenied: .*sagemaker:CreateModelPackageGroup/,
      );
      assert.match(
        assertOk(await modelry(['groups', 'list'], as(token.token))),
        new RegExp(`alice-${backend}`),
      );
      // Users are for admins; one's own tokens are not.
      assertFails(await modelry(['auth', 'users', 'list'], as(token.token)), 1, /^modelry: AccessDenied: /);
      assertFails(
        await modelry(['auth', 'tokens', 'list', '--user', 'alice'], as(token.token)),
        1,
        /^modelry: AccessDenied: /,
      );
      assert.ok(
        Array.isArray(json<ApiToken[]>(await modelry(['auth', 'tokens', 'list', '--json'], as(token.token)))),
      );
    });

    test('an inline Deny policy overrides the data-scientist role, until it is detached', async () => {
      const file = join(dir, 'deny-create-group.json');
      writeFileSync(file, DENY_CREATE_GROUP);
      const attached = assertOk(
        await modelry(
          ['auth', 'users', 'attach-policy', 'alice', '--name', 'no-new-groups', '--document', `@${file}`],
          admin,
        ),
      );
      assert.equal(attached, 'Attached policy no-new-groups to user alice.\n');
      const policies = json<InlinePolicy[]>(
        await modelry(['auth', 'users', 'policies', 'alice', '--json'], admin),
      );
      assert.deepEqual(policies, [{ name: 'no-new-groups', document: JSON.parse(DENY_CREATE_GROUP) }]);

      const group = `denied-${backend}`;
      assertFails(
        await modelry(['groups', 'create', group], as(aliceToken.token)),
        1,
        /^modelry: AccessDenied: .*sagemaker:CreateModelPackageGroup/,
      );
      const pair = json<CreatedAccessKey>(
        await modelry(['auth', 'keys', 'create', '--json'], as(aliceToken.token)),
      );
      const sm = sagemakerAs(server.url, pair.accessKeyId, pair.secretAccessKey);
      const create = new CreateModelPackageGroupCommand({ ModelPackageGroupName: group });
      assert.equal(await awsError(sm.send(create)), 'AccessDeniedException');

      assertOk(await modelry(['auth', 'users', 'detach-policy', 'alice', '--name', 'no-new-groups'], admin));
      assert.ok((await sm.send(create)).ModelPackageGroupArn);
    });

    test('users list, describe, update (disable, enable, roles) and delete', async () => {
      const users = json<User[]>(await modelry(['auth', 'users', 'list', '--json'], admin));
      assert.deepEqual(
        users.map((u) => u.name),
        ['admin', 'alice', 'victor'],
      );
      assert.match(
        assertOk(await modelry(['auth', 'users', 'list'], admin)),
        /^victor +user +viewer +enabled /m,
      );

      const disabled = json<User>(
        await modelry(['auth', 'users', 'update', 'alice', '--disable', '--json'], admin),
      );
      assert.equal(disabled.disabled, true);
      assertFails(
        await modelry(['auth', 'whoami'], as(aliceToken.token)),
        1,
        /^modelry: InvalidCredentials: /,
      );
      assertOk(await modelry(['auth', 'users', 'update', 'alice', '--enable'], admin));
      assert.match(assertOk(await modelry(['auth', 'whoami'], as(aliceToken.token))), /^name +alice$/m);

      const changed = json<User>(
        await modelry(
          [
            'auth',
            'users',
            'update',
            'victor',
            '--role',
            'viewer',
            '--role',
            'approver',
            '--description',
            'Reviews',
            '--json',
          ],
          admin,
        ),
      );
      assert.deepEqual(changed.roles, ['viewer', 'approver']);
      const described = assertOk(await modelry(['auth', 'users', 'describe', 'victor'], admin));
      assert.match(described, /^roles +viewer, approver$/m);
      assert.match(described, /^description +Reviews$/m);

      assertFails(
        await modelry(['auth', 'users', 'delete', 'admin'], admin),
        1,
        /^modelry: ValidationFailed: You cannot delete the principal you are signed in as\.$/,
      );
      assert.equal(
        assertOk(await modelry(['auth', 'users', 'delete', 'victor'], admin)),
        'Deleted user victor with its keys, tokens and policies.\n',
      );
      assertFails(await modelry(['auth', 'whoami'], as(victorToken)), 1, /^modelry: InvalidCredentials: /);
      assertFails(
        await modelry(['auth', 'users', 'describe', 'victor'], admin),
        1,
        /^modelry: PrincipalNotFound: User victor does not exist\.$/,
      );
    });
  });
}
