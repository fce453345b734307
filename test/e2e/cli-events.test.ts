import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type {
  Delivery,
  DeliveryDetail,
  EventItem,
  EventWithDeliveries,
  Rule,
  Target,
} from '../../src/sdk/client.js';
import { backends } from '../helpers/backends.js';
import { assertFails, assertOk, BASE_ENV, modelry, type Run } from '../helpers/cli.js';
import { BIN, startServer, type TestServer, waitFor } from '../helpers/server.js';

const json = <T>(run: Run): T => JSON.parse(assertOk(run)) as T;

/** A long-running `modelry ARGS` (events tail), its stdout read as lines while it runs. */
function background(args: readonly string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...BASE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    /** Complete lines so far. */
    lines: () => stdout.split('\n').slice(0, -1),
    stderr: () => stderr,
    /** Ctrl-C, then the exit code. */
    interrupt: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
    kill: () => child.exitCode === null && child.kill('SIGKILL'),
  };
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on a loopback port: records each POST and answers 200 "thanks". */
async function receiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d.toString();
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

const SECRET = 'cli-events-secret-0123456789';
const GROUP = 'cli-ev';
const APPROVED_PATTERN = JSON.stringify({
  source: ['aws.sagemaker'],
  'detail-type': ['SageMaker Model Package State Change'],
  detail: { ModelPackageGroupName: [GROUP], ModelApprovalStatus: ['Approved'] },
});
const changeTypesOf = (item: EventItem) => item.event.detail.ChangeTypes as string[];
const isApprovalOf = (version: number) => (item: EventItem) =>
  item.event.resources[0]?.endsWith(`/${GROUP}/${version}`) === true &&
  changeTypesOf(item).includes('ApprovalStatusChanged');

describe('modelry events without a server', () => {
  const env = { MODELRY_ENDPOINT: 'http://127.0.0.1:9' };

  test('--help of events and of each command', async () => {
    const cases: [string[], string[]][] = [
      [['--help'], ['events']],
      [
        ['events', '--help'],
        [
          'targets create webhook',
          'targets create nats',
          'targets create handler',
          'rules create',
          'enable',
          'disable',
          'list',
          'describe',
          'deliveries',
          'delivery',
          'replay',
          'tail',
          'test-pattern',
        ],
      ],
      [
        ['events', 'targets', 'create', 'webhook', '--help'],
        ['--url', '--secret', '--header', '--timeout', '--max-age', '--subject', '--handler'],
      ],
      [
        ['events', 'targets', '--help'],
        ['list', 'describe', 'update', 'delete'],
      ],
      [
        ['events', 'rules', 'create', '--help'],
        ['--pattern', '--target', '--disabled'],
      ],
      [
        ['events', 'tail', '--help'],
        ['--pattern', '--after', 'Ctrl-C'],
      ],
      [
        ['events', 'replay', '--help'],
        ['--dead-letters', '--since', '--until', '--target'],
      ],
    ];
    for (const [args, words] of cases) {
      const out = assertOk(await modelry(args, env));
      for (const word of words)
        assert.ok(out.includes(word), `modelry ${args.join(' ')} does not mention ${word}`);
    }
  });

  test('bad usage exits 2 before any request', async () => {
    const hook = [
      'events',
      'targets',
      'create',
      'webhook',
      '--name',
      'h',
      '--url',
      'https://ci.example/hook',
    ];
    assertFails(
      await modelry([...hook, '--timeout', '5sec'], env),
      2,
      /^modelry: --timeout "5sec" is not a duration: write a whole number and a unit: ms, s, m, h or d \(500ms, 5s, 15m, 2h, 7d\)\.$/,
    );
    assertFails(
      await modelry([...hook, '--max-age', '1500ms'], env),
      2,
      /--max-age "1500ms" must be whole seconds/,
    );
    assertFails(
      await modelry(['events', 'list', '--since', 'last week'], env),
      2,
      /--since "last week" is neither/,
    );
    assertFails(
      await modelry(['events', 'deliveries', '--status', 'failed'], env),
      2,
      /--status must be one of/,
    );
    assertFails(await modelry(['events', 'replay'], env), 2, /exactly one of EVENT_ID/);
    assertFails(await modelry(['events'], env), 2, /^modelry: Usage: modelry events/);
    assertFails(await modelry(['events', 'teleport'], env), 2, /Unknown command "events teleport"/);
  });
});

for (const { backend, skip } of await backends()) {
  describe(`modelry events against a server on ${backend}`, { skip }, () => {
    let server: TestServer;
    let hook: Awaited<ReturnType<typeof receiver>>;
    let env: Record<string, string>;
    let dir: string;

    before(async () => {
      server = await startServer({ backend });
      hook = await receiver();
      env = { MODELRY_ENDPOINT: server.url, MODELRY_PRINCIPAL: 'ci-bot' };
      dir = mkdtempSync(join(tmpdir(), 'modelry-cli-events-'));
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      hook?.server.closeAllConnections();
      hook?.server.close();
      assert.equal(await server?.stop(), 0);
    });

    test('targets and rules: create, list, describe, update, enable, disable, delete', async () => {
      const created = assertOk(
        await modelry(
          [
            'events',
            'targets',
            'create',
            'webhook',
            '--name',
            'ci-hook',
            '--url',
            hook.url,
            '--secret',
            SECRET,
            '--header',
            'X-Team: risk',
            '--timeout',
            '5s',
            '--max-age',
            '24h',
            '--description',
            'CI trigger',
          ],
          env,
        ),
      );
      assert.match(created, /^name\s+ci-hook$/m);
      assert.match(created, new RegExp(`^url\\s+${hook.url}$`, 'm'));
      assert.match(created, /^headers\s+X-Team: risk$/m);
      assert.match(created, /^timeout\s+5s$/m);
      assert.match(created, /^max age\s+1d$/m);
      assert.match(created, /^created\s+\S+ by ci-bot$/m);
      assert.doesNotMatch(created, /secret|cli-events-secret/i);

      const generated = assertOk(
        await modelry(
          ['events', 'targets', 'create', 'webhook', '--name', 'spare-hook', '--url', hook.url],
          env,
        ),
      );
      const secret = /^secret\s+(\S+)$/m.exec(generated)?.[1];
      assert.ok(secret && secret.length >= 16, `no generated secret in:\n${generated}`);
      assert.match(generated, /Store this secret now/);
      assertOk(
        await modelry(
          [
            'events',
            'targets',
            'create',
            'nats',
            '--name',
            'bus',
            '--subject',
            'modelry.events',
            '--stream',
            'MODELRY',
            '--max-age',
            '1h',
          ],
          env,
        ),
      );
      assertOk(
        await modelry(
          ['events', 'targets', 'create', 'handler', '--name', 'logger', '--handler', 'log'],
          env,
        ),
      );
      assertFails(
        await modelry(
          ['events', 'targets', 'create', 'handler', '--name', 'logger', '--handler', 'log'],
          env,
        ),
        1,
        /^modelry: TargetAlreadyExists: /,
      );

      const targets = assertOk(await modelry(['events', 'targets', 'list'], env))
        .trimEnd()
        .split('\n');
      assert.match(targets[0]!, /^NAME\s+TYPE\s+DESTINATION\s+MAX AGE\s+DESCRIPTION$/);
      assert.deepEqual(
        targets.slice(1).map((l) => l.split(/\s+/).slice(0, 2)),
        [
          ['bus', 'nats'],
          ['ci-hook', 'webhook'],
          ['logger', 'handler'],
          ['spare-hook', 'webhook'],
        ],
      );
      assert.match(targets[1]!, /modelry\.events \(stream MODELRY\)\s+1h$/);
      const described = json<Target>(
        await modelry(['events', 'targets', 'describe', 'ci-hook', '--json'], env),
      );
      assert.deepEqual(
        described.type === 'webhook' && [
          described.url,
          described.headers,
          described.timeoutMs,
          described.maxAgeSeconds,
        ],
        [hook.url, { 'X-Team': 'risk' }, 5000, 86_400],
      );
      assert.ok(!('secret' in described) && !('generatedSecret' in described));
      assert.match(
        assertOk(await modelry(['events', 'targets', 'update', 'spare-hook', '--timeout', '1500ms'], env)),
        /^timeout\s+1500ms$/m,
      );

      const rule = assertOk(
        await modelry(
          [
            'events',
            'rules',
            'create',
            '--name',
            'approved',
            '--pattern',
            APPROVED_PATTERN,
            '--target',
            'ci-hook',
            '--description',
            'approved versions of cli-ev',
          ],
          env,
        ),
      );
      assert.match(rule, /^state\s+enabled$/m);
      assert.match(rule, /^targets\s+ci-hook$/m);
      const patternFile = join(dir, 'pattern.json');
      writeFileSync(patternFile, '{"source":["aws.sagemaker"]}');
      const parked = json<Rule>(
        await modelry(
          [
            'events',
            'rules',
            'create',
            '--name',
            'parked',
            '--pattern',
            `@${patternFile}`,
            '--target',
            'spare-hook',
            '--target',
            'logger',
            '--disabled',
            '--json',
          ],
          env,
        ),
      );
      assert.deepEqual(
        [parked.enabled, parked.targets, parked.pattern],
        [
          false,
          ['spare-hook', 'logger'],
          {
            source: ['aws.sagemaker'],
          },
        ],
      );

      const rules = assertOk(await modelry(['events', 'rules', 'list'], env))
        .trimEnd()
        .split('\n');
      assert.match(rules[0]!, /^NAME\s+STATE\s+TARGETS\s+PATTERN\s+DESCRIPTION$/);
      assert.match(rules[1]!, /^approved\s+enabled\s+ci-hook\s+\{.*\}\s+approved versions of cli-ev$/);
      assert.match(rules[2]!, /^parked\s+disabled\s+spare-hook,logger\s+\{"source":\["aws.sagemaker"\]\}$/);
      const approved = json<Rule>(await modelry(['events', 'rules', 'describe', 'approved', '--json'], env));
      assert.deepEqual([approved.pattern, approved.createdBy], [JSON.parse(APPROVED_PATTERN), 'ci-bot']);
      assert.match(
        assertOk(await modelry(['events', 'rules', 'enable', 'parked'], env)),
        /^state\s+enabled$/m,
      );
      assert.match(
        assertOk(await modelry(['events', 'rules', 'disable', 'parked'], env)),
        /^state\s+disabled$/m,
      );
      assert.match(
        assertOk(await modelry(['events', 'rules', 'update', 'parked', '--target', 'logger'], env)),
        /^targets\s+logger$/m,
      );

      assertFails(
        await modelry(
          [
            'events',
            'rules',
            'create',
            '--name',
            'bad',
            '--pattern',
            '{"source":"aws.sagemaker"}',
            '--target',
            'ci-hook',
          ],
          env,
        ),
        1,
        /^modelry: InvalidEventPattern: Event pattern is not valid\. Reason: /,
      );
      assertFails(
        await modelry(
          ['events', 'rules', 'create', '--name', 'bad', '--pattern', '{"source":', '--target', 'ci-hook'],
          env,
        ),
        1,
        /^modelry: InvalidEventPattern: /,
      );
      assertFails(
        await modelry(['events', 'targets', 'delete', 'logger'], env),
        1,
        /^modelry: TargetInUse: /,
      );
      assert.match(
        assertOk(await modelry(['events', 'rules', 'delete', 'parked'], env)),
        /Deleted rule parked/,
      );
      assert.match(
        assertOk(await modelry(['events', 'targets', 'delete', 'logger'], env)),
        /Deleted target logger/,
      );
      assertFails(
        await modelry(['events', 'targets', 'describe', 'logger'], env),
        1,
        /^modelry: TargetNotFound: /,
      );
      assertFails(
        await modelry(['events', 'rules', 'describe', 'parked'], env),
        1,
        /^modelry: RuleNotFound: /,
      );
    });

    test('events list, describe, deliveries, delivery and replay after an approval', async () => {
      assertOk(await modelry(['groups', 'create', GROUP], env));
      assertOk(await modelry(['versions', 'register', '--group', GROUP, '--metric', 'auc=0.9'], env));
      assertOk(await modelry(['versions', 'approve', `${GROUP}/1`], env));
      const approval = await waitFor(async () =>
        json<EventItem[]>(await modelry(['events', 'list', '--group', GROUP, '--json'], env)).find(
          isApprovalOf(1),
        ),
      );
      const id = approval.event.id;
      assert.equal(approval.event.detail.ModelApprovalStatus, 'Approved');

      const table = assertOk(await modelry(['events', 'list', '--group', GROUP], env))
        .trimEnd()
        .split('\n');
      assert.match(table[0]!, /^SEQ\s+TIME\s+ID\s+DETAIL-TYPE\s+RESOURCE\s+CHANGES$/);
      assert.ok(
        table.some((l) => l.includes(id) && /model-package\/cli-ev\/1\s+ApprovalStatusChanged/.test(l)),
        table.join('\n'),
      );
      assert.equal(
        json<EventItem[]>(await modelry(['events', 'list', '--since', '1h', '--limit', '1', '--json'], env))
          .length,
        1,
      );
      assert.deepEqual(
        json<EventItem[]>(await modelry(['events', 'list', '--until', '1d', '--json'], env)),
        [],
      );

      const delivered = await waitFor(async () => {
        const [d] = json<Delivery[]>(await modelry(['events', 'deliveries', '--event', id, '--json'], env));
        return d?.status === 'delivered' && d;
      }, 20_000);
      assert.equal(delivered.target, 'ci-hook');
      const post = hook.received.find((r) => r.headers['modelry-event-id'] === id);
      assert.ok(post, 'the receiver got no POST for the event');
      assert.equal(post.headers['x-team'], 'risk');
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(post.headers['modelry-signature'])) ?? [];
      assert.equal(
        v1,
        createHmac('sha256', SECRET).update(`${t}.${post.body}`).digest('hex'),
        'signed with --secret',
      );

      const described = assertOk(await modelry(['events', 'describe', id], env));
      assert.match(described, new RegExp(`^seq ${approval.seq}$`, 'm'));
      assert.match(described, new RegExp(`"id": "${id}"`));
      assert.match(described, new RegExp(`^${delivered.id}\\s+ci-hook\\s+delivered\\s+1\\s+`, 'm'));
      const asJson = json<EventWithDeliveries>(await modelry(['events', 'describe', id, '--json'], env));
      assert.deepEqual([asJson.event, asJson.deliveries.map((d) => d.id)], [approval.event, [delivered.id]]);
      assertFails(
        await modelry(['events', 'describe', '00000000-0000-4000-8000-000000000000'], env),
        1,
        /^modelry: EventNotFound: /,
      );

      const deliveries = assertOk(
        await modelry(['events', 'deliveries', '--target', 'ci-hook', '--status', 'delivered'], env),
      )
        .trimEnd()
        .split('\n');
      assert.match(deliveries[0]!, /^ID\s+TARGET\s+STATUS\s+ATTEMPTS\s+SEQ\s+EVENT\s+CREATED\s+LAST RESULT$/);
      assert.ok(
        deliveries.some((l) => l.startsWith(`${delivered.id} `) && l.includes(id)),
        deliveries.join('\n'),
      );
      const one = assertOk(await modelry(['events', 'delivery', String(delivered.id)], env));
      assert.match(one, /^status\s+delivered$/m);
      assert.match(one, /^TIME\s+RESULT\s+STATUS\s+LATENCY\s+EXCERPT$/m);
      assert.match(one, /^\S+Z\s+ok\s+200\s+\d+ms\s+thanks$/m);
      const detail = json<DeliveryDetail>(
        await modelry(['events', 'delivery', String(delivered.id), '--json'], env),
      );
      assert.deepEqual(
        detail.attemptLog.map((a) => [a.ok, a.statusCode]),
        [[true, 200]],
      );
      assertFails(await modelry(['events', 'delivery', '999999'], env), 1, /^modelry: DeliveryNotFound: /);

      const replayed = json<{ deliveries: Delivery[] }>(
        await modelry(['events', 'replay', id, '--target', 'ci-hook', '--json'], env),
      );
      assert.deepEqual(
        replayed.deliveries.map((d) => [d.eventId, d.target]),
        [[id, 'ci-hook']],
      );
      await waitFor(
        async () => hook.received.filter((r) => r.headers['modelry-event-id'] === id).length >= 2,
      );
      assert.match(assertOk(await modelry(['events', 'replay', id], env)), /^Queued 1 delivery\.$/m);
      assert.equal(
        assertOk(await modelry(['events', 'replay', '--dead-letters', '--target', 'ci-hook'], env)),
        'Queued 0 deliveries of dead letters to ci-hook.\n',
      );
      const range = json<{ replayed: number }>(
        await modelry(['events', 'replay', '--since', '1h', '--target', 'ci-hook', '--json'], env),
      );
      assert.ok(range.replayed >= 1, `replayed ${range.replayed}`);
    });

    test('test-pattern answers true and false; a bad pattern is InvalidEventPattern', async () => {
      const event = JSON.stringify({
        version: '0',
        id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
        'detail-type': 'SageMaker Model Package State Change',
        source: 'aws.sagemaker',
        account: '000000000000',
        time: '2026-11-27T09:00:00Z',
        region: 'us-east-1',
        resources: ['arn:aws:sagemaker:us-east-1:000000000000:model-package/cli-ev/1'],
        detail: { ModelPackageGroupName: GROUP, ModelApprovalStatus: 'Approved' },
      });
      const eventFile = join(dir, 'event.json');
      writeFileSync(eventFile, event);
      assert.equal(
        assertOk(
          await modelry(
            ['events', 'test-pattern', '--pattern', APPROVED_PATTERN, '--event', `@${eventFile}`],
            env,
          ),
        ),
        'The pattern matches the event.\n',
      );
      assert.deepEqual(
        json(
          await modelry(
            ['events', 'test-pattern', '--pattern', APPROVED_PATTERN, '--event', event, '--json'],
            env,
          ),
        ),
        { result: true },
      );
      const other = event.replace('"Approved"', '"Rejected"');
      assert.equal(
        assertOk(
          await modelry(['events', 'test-pattern', '--pattern', APPROVED_PATTERN, '--event', other], env),
        ),
        'The pattern does not match the event.\n',
      );
      assert.deepEqual(
        json(
          await modelry(
            ['events', 'test-pattern', '--pattern', APPROVED_PATTERN, '--event', other, '--json'],
            env,
          ),
        ),
        { result: false },
      );
      assertFails(
        await modelry(
          ['events', 'test-pattern', '--pattern', '{"detail":{"x":[{"numeric":[">"]}]}}', '--event', event],
          env,
        ),
        1,
        /^modelry: InvalidEventPattern: Event pattern is not valid\. Reason: /,
      );
    });

    test('events tail prints the events published while it runs, and stops on Ctrl-C', async () => {
      assertOk(await modelry(['versions', 'register', '--group', GROUP], env));
      const registered = await waitFor(async () =>
        json<EventItem[]>(await modelry(['events', 'list', '--group', GROUP, '--json'], env)).find(
          (i) => i.event.resources[0]?.endsWith(`/${GROUP}/2`) && changeTypesOf(i).includes('Registered'),
        ),
      );
      // --after makes the run independent of when the stream connects: nothing after that seq is missed.
      const pattern = JSON.stringify({ detail: { ModelPackageGroupName: [GROUP] } });
      const machine = background(
        ['events', 'tail', '--json', '--after', String(registered.seq), '--pattern', pattern],
        env,
      );
      try {
        assertOk(await modelry(['versions', 'approve', `${GROUP}/2`], env));
        const line = await waitFor(
          async () => machine.lines().find((l) => isApprovalOf(2)(JSON.parse(l))),
          20_000,
        );
        const item = JSON.parse(line) as EventItem;
        assert.ok(item.seq > registered.seq);
        for (const l of machine.lines()) assert.ok((JSON.parse(l) as EventItem).seq > registered.seq, l);
        assert.equal(await machine.interrupt(), 0);
        assert.equal(machine.stderr(), '');

        const human = background(['events', 'tail', '--after', String(registered.seq)], env);
        try {
          const first = await waitFor(async () => human.lines()[0], 20_000);
          assert.match(
            first,
            new RegExp(
              `^${item.seq}  \\S+Z  SageMaker Model Package State Change  model-package/${GROUP}/2  ApprovalStatusChanged`,
            ),
          );
          assert.equal(await human.interrupt(), 0);
        } finally {
          human.kill();
        }
      } finally {
        machine.kill();
      }
    });
  });
}
