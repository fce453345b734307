import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import Database from 'better-sqlite3';
import pg from 'pg';
import { authed } from '../helpers/authed.js';
import { backends } from '../helpers/backends.js';
import { modelry } from '../helpers/cli.js';
import { ADMIN, startServer, type TestServer } from '../helpers/server.js';

/** The members these tests read from the audit routes' answers. */
interface AuditAnswer {
  items?: unknown[];
  accessKeyId?: string;
  secretAccessKey?: string;
  approvalStatus?: string | null;
  latestApproved?: { version: number } | null;
}

interface AuditItem {
  seq: number;
  principal: string;
  action: string;
  resource: string;
  outcome: string;
  errorCode?: string;
  sourceIp?: string;
  before?: { approvalStatus?: string };
  after?: { approvalStatus?: string };
  parameters: Record<string, unknown>;
}

const call = (base: string, token: string, method: string, path: string, body?: unknown) =>
  authed<AuditAnswer>(base, token, method, path, body);

const container = {
  Containers: [{ Image: 'registry.example/m:1' }],
  SupportedContentTypes: ['text/csv'],
  SupportedResponseMIMETypes: ['text/csv'],
};

/** Runs SQL against the server's store directly, as an attacker with database access would. */
async function tamper(server: TestServer, sql: string): Promise<void> {
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(join(server.dataDir, 'modelry.db'));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

for (const { backend, skip } of await backends()) {
  describe(`audit trail (${backend})`, { skip }, () => {
    let server: TestServer;
    let arn: string;
    const verify = () =>
      modelry([
        'audit',
        'verify',
        ...(server.databaseUrl ? ['--database-url', server.databaseUrl] : ['--data-dir', server.dataDir]),
      ]);

    before(async () => {
      server = await startServer({ backend, auth: true });
      const admin = new SageMakerClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: ADMIN,
        maxAttempts: 1,
      });
      await call(server.url, ADMIN.token, 'POST', '/auth/users', { name: 'ann', roles: ['approver'] });
      const key = (await call(server.url, ADMIN.token, 'POST', '/auth/users/ann/keys', {})).json;
      const ann = new SageMakerClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: { accessKeyId: key.accessKeyId!, secretAccessKey: key.secretAccessKey! },
        maxAttempts: 1,
      });
      await admin.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'audited' }));
      arn = (
        await admin.send(
          new CreateModelPackageCommand({
            ModelPackageGroupName: 'audited',
            InferenceSpecification: container,
          }),
        )
      ).ModelPackageArn!;
      await ann.send(
        new UpdateModelPackageCommand({
          ModelPackageArn: arn,
          ModelApprovalStatus: 'Approved',
          ApprovalDescription: 'ok',
        }),
      );
      // A denied attempt: ann may not create groups.
      await assert.rejects(ann.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'nope' })));
      await call(server.url, ADMIN.token, 'POST', '/groups/audited/versions/1/approval', {
        status: 'Rejected',
        comment: 'regression',
      });
    });
    after(async () => {
      await server?.stop();
    });

    it('records every change and every denied attempt, on both faces, with before and after', async () => {
      const { json } = await call(server.url, ADMIN.token, 'GET', '/audit?limit=1000');
      const items = json.items as AuditItem[];
      const brief = items.map((r) => `${r.principal} ${r.action} ${r.outcome}`);
      for (const line of [
        'admin sagemaker:CreateModelPackageGroup allowed',
        'admin sagemaker:CreateModelPackage allowed',
        'ann sagemaker:UpdateModelPackage allowed',
        'ann sagemaker:CreateModelPackageGroup denied',
        'admin sagemaker:UpdateModelPackage allowed',
        'admin modelry:ManageUsers allowed',
        'admin modelry:ManageKeys allowed',
      ]) {
        assert.ok(brief.includes(line), `missing "${line}" in:\n${brief.join('\n')}`);
      }
      const approval = items.find(
        (r) => r.principal === 'ann' && r.action === 'sagemaker:UpdateModelPackage',
      )!;
      assert.equal(approval.resource, arn);
      assert.deepEqual(approval.before, { approvalStatus: 'PendingManualApproval' });
      assert.deepEqual(approval.after, { approvalStatus: 'Approved' });
      assert.equal(approval.parameters.ApprovalDescription, 'ok');
      assert.ok(approval.sourceIp);
      const denied = items.find((r) => r.outcome === 'denied')!;
      assert.equal(denied.errorCode, 'AccessDenied');
      // Secrets never reach the trail: the key pair created for ann is not in it.
      assert.doesNotMatch(JSON.stringify(items), /secretAccessKey":"[^[]/);
      const filtered = await call(server.url, ADMIN.token, 'GET', `/audit?principal=ann`);
      assert.ok((filtered.json.items as AuditItem[]).every((r) => r.principal === 'ann'));
    });

    it('answers what the approval status was at a time, from the trail', async () => {
      const { json } = await call(server.url, ADMIN.token, 'GET', '/audit?limit=1000');
      const items = json.items as (AuditItem & { at: string })[];
      const approvedAt = items.find((r) => r.after?.approvalStatus === 'Approved')!.at;
      const atApproval = await call(
        server.url,
        ADMIN.token,
        'GET',
        `/audit/status?arn=${encodeURIComponent(arn)}&at=${approvedAt}`,
      );
      assert.equal(atApproval.json.approvalStatus, 'Approved');
      const now = await call(server.url, ADMIN.token, 'GET', `/audit/status?arn=${encodeURIComponent(arn)}`);
      assert.equal(now.json.approvalStatus, 'Rejected');
      const latest = await call(
        server.url,
        ADMIN.token,
        'GET',
        `/audit/status?group=audited&at=${approvedAt}`,
      );
      assert.equal(latest.json.latestApproved?.version, 1);
    });

    it('modelry audit list and status read the trail through the API', async () => {
      const env = { MODELRY_ENDPOINT: server.url, MODELRY_TOKEN: ADMIN.token };
      const list = await modelry(['audit', 'list', '--principal', 'ann', '--json'], env);
      assert.equal(list.code, 0, list.stderr);
      const items = (JSON.parse(list.stdout) as { items: AuditItem[] }).items;
      assert.ok(items.length >= 2);
      assert.ok(items.every((r) => r.principal === 'ann'));
      const table = await modelry(
        ['audit', 'list', '--action', 'sagemaker:UpdateModelPackage', '--since', '1h'],
        env,
      );
      assert.match(table.stdout, /^SEQ +TIME +PRINCIPAL +ACTION/);
      assert.match(
        table.stdout,
        /ann +sagemaker:UpdateModelPackage .* allowed +PendingManualApproval +Approved/,
      );
      const status = await modelry(['audit', 'status', arn], env);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /was Rejected at /);
      const denied = await modelry(['audit', 'list'], { MODELRY_ENDPOINT: server.url });
      assert.equal(denied.code, 1);
      assert.match(denied.stderr, /AuthenticationRequired/);
    });

    it('modelry audit verify passes on the intact trail and names the first bad record after any edit', async () => {
      const ok = await verify();
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /^Audit trail intact: \d+ record\(s\)/);
      await tamper(
        server,
        `UPDATE audit_records SET entry = replace(entry, '"outcome":"allowed"', '"outcome":"failed"'), outcome = 'failed' WHERE seq = 3`,
      );
      const edited = await verify();
      assert.equal(edited.code, 1);
      assert.match(edited.stderr, /audit trail broken at record \d+: /);
    });
  });
}

describe('audit verify detects deletions, insertions and reordering', () => {
  for (const [what, sql, pattern] of [
    ['a deleted record', 'DELETE FROM audit_records WHERE seq = 3', /record 3|record 4/],
    ['a changed column', "UPDATE audit_records SET principal = 'mallory' WHERE seq = 2", /record 2/],
    [
      'swapped records',
      'UPDATE audit_records SET seq = -2 WHERE seq = 2; UPDATE audit_records SET seq = 2 WHERE seq = 3; UPDATE audit_records SET seq = 3 WHERE seq = -2',
      /record 2/,
    ],
  ] as const) {
    it(`on SQLite: ${what}`, async () => {
      const server = await startServer({ auth: true });
      try {
        for (const name of ['a', 'b', 'c', 'd'])
          await call(server.url, ADMIN.token, 'POST', '/groups', { name });
        const db = new Database(join(server.dataDir, 'modelry.db'));
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
        const run = await modelry(['audit', 'verify', '--data-dir', server.dataDir]);
        assert.equal(run.code, 1, run.stdout);
        assert.match(run.stderr, pattern);
      } finally {
        await server.stop();
      }
    });
  }
});

/** The chain cannot see its own end cut off; a head saved earlier (an anchor) can. */
for (const { backend, skip } of await backends()) {
  describe(`audit verify against a saved head (${backend})`, { skip }, () => {
    let server: TestServer;
    const verify = (...args: string[]) =>
      modelry([
        'audit',
        'verify',
        ...(server.databaseUrl ? ['--database-url', server.databaseUrl] : ['--data-dir', server.dataDir]),
        ...args,
      ]);

    before(async () => {
      server = await startServer({ backend, auth: true });
      for (const name of ['a', 'b', 'c'])
        assert.equal((await call(server.url, ADMIN.token, 'POST', '/groups', { name })).status, 201);
    });
    after(async () => {
      await server?.stop();
    });

    it('detects the last record deleted, and a record that is not the saved one', async () => {
      const saved = await verify('--json');
      assert.equal(saved.code, 0, saved.stderr);
      const { head } = JSON.parse(saved.stdout) as { head: { seq: number; hash: string } };
      const anchor = `${head.seq}:${head.hash}`;
      // The same head over the API (what a cron job without database access saves).
      const api = await modelry(['audit', 'head'], {
        MODELRY_ENDPOINT: server.url,
        MODELRY_TOKEN: ADMIN.token,
      });
      assert.equal(api.code, 0, api.stderr);
      assert.equal(api.stdout.trim(), anchor);
      assert.equal((await verify('--expect-head', anchor)).code, 0);
      const dir = mkdtempSync(join(tmpdir(), 'modelry-head-'));
      const textFile = join(dir, 'head.txt');
      const jsonFile = join(dir, 'head.json');
      writeFileSync(textFile, api.stdout);
      writeFileSync(jsonFile, saved.stdout);
      assert.equal((await verify('--head-file', textFile)).code, 0);
      assert.equal((await verify('--head-file', jsonFile)).code, 0);

      await tamper(server, `DELETE FROM audit_records WHERE seq = ${head.seq}`);
      // By itself the shortened chain is consistent...
      assert.equal((await verify()).code, 0);
      // ... but not against the head saved before.
      for (const run of [await verify('--expect-head', anchor), await verify('--head-file', jsonFile)]) {
        assert.equal(run.code, 1, run.stdout);
        assert.match(
          run.stderr,
          new RegExp(`^modelry: audit trail broken at record ${head.seq}: record ${head.seq} .*missing`),
        );
      }
      const other = await verify('--expect-head', `${head.seq - 1}:${head.hash}`);
      assert.equal(other.code, 1);
      assert.match(other.stderr, new RegExp(`record ${head.seq - 1}: hash does not match the anchor`));
      const bad = await verify('--expect-head', 'latest');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--expect-head expects SEQ:HASH/);
    });
  });
}
