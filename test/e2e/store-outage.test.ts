import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { rawAws } from '../helpers/aws.js';
import { ADMIN_URL, skipWithoutPostgres } from '../helpers/postgres.js';
import { startServer, type TestServer, waitFor } from '../helpers/server.js';

const skip = await skipWithoutPostgres();

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Ends every session the server holds on its database, as a PostgreSQL restart or failover would. */
function killConnections(name: string): Promise<number> {
  return admin(async (c) => {
    const res = await c.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    return res.rowCount ?? 0;
  });
}

/** Makes the database refuse (or accept again) new sessions, as while it is down for maintenance. */
function allowConnections(name: string, allow: boolean): Promise<void> {
  return admin(async (c) => {
    await c.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS ${allow}`);
  });
}

const describeGroup = (url: string) =>
  rawAws(url, 'SageMaker.DescribeModelPackageGroup', '{"ModelPackageGroupName":"outage"}');
const register = (url: string) =>
  rawAws(url, 'SageMaker.CreateModelPackage', '{"ModelPackageGroupName":"outage"}');

describe('PostgreSQL connections dropped under the server', { skip }, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ backend: 'postgres' });
    const created = await rawAws(
      server.url,
      'SageMaker.CreateModelPackageGroup',
      '{"ModelPackageGroupName":"outage"}',
    );
    assert.equal(created.status, 200);
  });
  after(async () => {
    assert.equal(await server?.stop(), 0);
  });

  test('while the database refuses sessions: 503 ServiceUnavailable (retryable), then service resumes', async () => {
    const name = new URL(server.databaseUrl!).pathname.slice(1);
    await allowConnections(name, false);
    try {
      await killConnections(name);
      for (const res of await Promise.all([describeGroup(server.url), register(server.url)])) {
        assert.equal(res.status, 503, res.text);
        assert.equal(res.headers.get('x-amzn-errortype'), 'ServiceUnavailable');
        assert.equal(res.json?.__type, 'ServiceUnavailable');
        assert.match(String(res.json?.Message), /metadata store is unavailable/);
      }
      const native = await fetch(`${server.url}/api/v1/groups/outage`);
      assert.equal(native.status, 503);
      assert.equal(((await native.json()) as { error: { code: string } }).error.code, 'NotReady');
      assert.equal((await fetch(`${server.url}/readyz`)).status, 503);
    } finally {
      await allowConnections(name, true);
    }
    const res = await waitFor(async () => {
      const r = await describeGroup(server.url);
      return r.status === 200 && r;
    });
    assert.equal(res.json?.ModelPackageGroupName, 'outage');
  });

  test('sessions killed under it: 200 or a retryable 503, never a 500, and it recovers by itself', async () => {
    const killed = await killConnections(new URL(server.databaseUrl!).pathname.slice(1));
    assert.ok(killed > 0, 'the server held at least one connection');
    const statuses: number[] = [];
    await waitFor(async () => {
      const [read, write] = await Promise.all([describeGroup(server.url), register(server.url)]);
      for (const r of [read, write]) {
        statuses.push(r.status);
        if (r.status === 503) {
          assert.equal(r.json?.__type, 'ServiceUnavailable');
          assert.match(String(r.json?.Message), /metadata store is unavailable/);
        }
      }
      return read.status === 200 && write.status === 200;
    });
    assert.deepEqual(
      statuses.filter((s) => s !== 200 && s !== 503),
      [],
      `only 200s and 503s: ${statuses.join(',')}`,
    );
    const health = await fetch(`${server.url}/readyz`);
    assert.equal(health.status, 200);
  });
});
