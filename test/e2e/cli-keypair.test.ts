import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListModelPackageGroupsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { assertFails, assertOk, modelry } from '../helpers/cli.js';
import { ADMIN, startServer, type TestServer } from '../helpers/server.js';

/**
 * The CLI authenticated by an access key pair instead of a token (it signs the native API with SigV4),
 * from each of the variable families it reads.
 */
describe('modelry with the admin key pair in the environment', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ auth: true });
  });
  after(async () => {
    await server?.stop();
  });

  it('creates a user and a key pair with AWS_* variables, and the pair works with the AWS SDK', async () => {
    const env = {
      MODELRY_ENDPOINT: server.url,
      AWS_ACCESS_KEY_ID: ADMIN.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    };
    assertOk(await modelry(['auth', 'users', 'create', 'bob', '--role', 'viewer'], env));
    const key = JSON.parse(
      assertOk(await modelry(['auth', 'keys', 'create', '--user', 'bob', '--json'], env)),
    ) as {
      accessKeyId: string;
      secretAccessKey: string;
    };
    assert.match(key.accessKeyId, /^AKMD/);
    const sm = new SageMakerClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: key,
      maxAttempts: 1,
    });
    await sm.send(new ListModelPackageGroupsCommand({}));
    // bob, signing with his own pair through MODELRY_* variables, is who whoami says.
    const whoami = assertOk(
      await modelry(['auth', 'whoami', '--json'], {
        MODELRY_ENDPOINT: server.url,
        MODELRY_ACCESS_KEY_ID: key.accessKeyId,
        MODELRY_SECRET_ACCESS_KEY: key.secretAccessKey,
      }),
    );
    assert.equal((JSON.parse(whoami) as { name: string }).name, 'bob');
  });

  it('works with the MODELRY_ADMIN_* pair the server was started with, and refuses a wrong secret', async () => {
    const env = {
      MODELRY_ENDPOINT: server.url,
      MODELRY_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      MODELRY_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    };
    assertOk(
      await modelry(
        ['groups', 'create', 'signed-group', '--description', 'a body the signature covers'],
        env,
      ),
    );
    assertFails(
      await modelry(['groups', 'list'], { ...env, MODELRY_ADMIN_SECRET_ACCESS_KEY: 'x'.repeat(40) }),
      1,
      /SignatureMismatch/,
    );
  });
});
