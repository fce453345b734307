import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type DeliveryDetail, type EventItem, ModelryClient } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { createOutput } from '../output.js';
import { EVENTS_HELP, eventsCommand, eventsHelp } from './events.js';
import {
  collect,
  durationMs,
  durationSeconds,
  eventArg,
  formatDuration,
  headerArgs,
  oneLine,
  patternArg,
  seqArg,
  shortResource,
  timeArg,
} from './events-args.js';
import { deliveryDetail, eventsTable, eventWithDeliveries } from './events-log.js';
import { ruleDetails } from './events-rules.js';
import { tailLine } from './events-tail.js';
import { destination, targetDetails } from './events-targets.js';

const ARN = 'arn:aws:sagemaker:us-east-1:000000000000:model-package/churn/2';
const ITEM: EventItem = {
  seq: 42,
  event: {
    version: '0',
    id: '5b1c7a4e-0c51-4a39-9d55-2f6f4b1f0e11',
    'detail-type': 'SageMaker Model Package State Change',
    source: 'aws.sagemaker',
    account: '000000000000',
    time: '2026-11-27T09:04:50Z',
    region: 'us-east-1',
    resources: [ARN],
    detail: { ModelApprovalStatus: 'Approved', ChangeTypes: ['ApprovalStatusChanged', 'LifecycleChanged'] },
  },
};
const TIMES = { createdAt: '2026-11-27T09:00:00.000Z', createdBy: 'alice' };

describe('durations', () => {
  test('a whole number and one of ms, s, m, h, d', () => {
    const cases: [string, number][] = [
      ['500ms', 500],
      ['5s', 5000],
      ['15m', 900_000],
      ['2h', 7_200_000],
      ['7d', 604_800_000],
      ['0s', 0],
    ];
    for (const [text, ms] of cases) assert.equal(durationMs(text, '--timeout'), ms, text);
    assert.equal(durationSeconds('24h', '--max-age'), 86_400);
  });

  test('anything else is a usage error naming the flag, the value and the units', () => {
    for (const bad of ['5', '5 s', '5sec', '1.5h', '-5s', 's', '5S', '2w', '', ' 5s', '1h30m']) {
      assert.throws(
        () => durationMs(bad, '--timeout'),
        (err: unknown) =>
          err instanceof UsageError &&
          err.message ===
            `--timeout "${bad}" is not a duration: write a whole number and a unit: ms, s, m, h or d (500ms, 5s, 15m, 2h, 7d).`,
        bad,
      );
    }
    assert.throws(() => durationMs('99999999999999999d', '--max-age'), /too long/);
    assert.throws(() => durationSeconds('1500ms', '--max-age'), /--max-age "1500ms" must be whole seconds/);
  });

  test('formatDuration picks the largest exact unit', () => {
    const cases: [number, string][] = [
      [86_400_000, '1d'],
      [5_400_000, '90m'],
      [5000, '5s'],
      [1500, '1500ms'],
      [0, '0ms'],
    ];
    for (const [ms, text] of cases) assert.equal(formatDuration(ms), text);
  });
});

describe('timeArg', () => {
  const now = Date.parse('2026-11-27T12:00:00.000Z');

  test('a duration means that long before now', () => {
    assert.equal(timeArg('15m', '--since', now), '2026-11-27T11:45:00.000Z');
    assert.equal(timeArg('7d', '--since', now), '2026-11-20T12:00:00.000Z');
  });

  test('ISO-8601 times come back in UTC', () => {
    assert.equal(timeArg('2026-11-27T09:00:00Z', '--since', now), '2026-11-27T09:00:00.000Z');
    assert.equal(timeArg('2026-11-27T10:00:00+01:00', '--until', now), '2026-11-27T09:00:00.000Z');
    assert.equal(timeArg('2026-11-27', '--since', now), '2026-11-27T00:00:00.000Z');
    assert.equal(timeArg('2026-11-27T09:00:00.123Z', '--since', now), '2026-11-27T09:00:00.123Z');
  });

  test('anything else is a usage error', () => {
    for (const bad of ['yesterday', '2026-02-30', '2026-13-01', '27/11/2026', '2026-11-27 09:00', '15', '']) {
      assert.throws(() => timeArg(bad, '--since', now), /--since ".*" is neither an ISO-8601 time/, bad);
    }
  });
});

describe('other arguments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelry-events-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('seqArg takes 0 and up', () => {
    assert.equal(seqArg(undefined, '--after'), undefined);
    assert.equal(seqArg('0', '--after'), 0);
    assert.equal(seqArg('42', '--after'), 42);
    for (const bad of ['-1', '01', '1.5', 'x', ''])
      assert.throws(() => seqArg(bad, '--after'), UsageError, bad);
  });

  test('headerArgs splits at the first colon and trims', () => {
    assert.deepEqual(headerArgs(['X-Team: risk', 'Authorization:Bearer a:b', 'X-Empty:'], '--header'), {
      'X-Team': 'risk',
      Authorization: 'Bearer a:b',
      'X-Empty': '',
    });
    for (const bad of ['X-Team risk', ': v', 'X Team: v', 'X-Team=risk']) {
      assert.throws(() => headerArgs([bad], '--header'), /--header expects 'Name: value'/, bad);
    }
    assert.throws(() => headerArgs(['A: 1', 'a: 2'], '--header'), /--header a is given twice/);
  });

  test('patternArg sends an object when the text is one, and the text otherwise for the server to judge', () => {
    assert.deepEqual(patternArg('{"source":["aws.sagemaker"]}', '--pattern'), { source: ['aws.sagemaker'] });
    assert.equal(patternArg('{"source":', '--pattern'), '{"source":');
    assert.equal(patternArg('["x"]', '--pattern'), '["x"]');
    const file = join(dir, 'pattern.json');
    writeFileSync(file, '{"detail-type":["SageMaker Model Package State Change"]}');
    assert.deepEqual(patternArg(`@${file}`, '--pattern'), {
      'detail-type': ['SageMaker Model Package State Change'],
    });
    assert.throws(
      () => patternArg(`@${join(dir, 'missing.json')}`, '--pattern'),
      /cannot read the file \(ENOENT\)/,
    );
  });

  test('eventArg wants a JSON object', () => {
    assert.deepEqual(eventArg('{"source":"aws.sagemaker"}', '--event'), { source: 'aws.sagemaker' });
    assert.throws(() => eventArg('{"source":', '--event'), /--event is not valid JSON/);
    assert.throws(() => eventArg('[1]', '--event'), /--event must be a JSON object/);
    assert.throws(
      () => eventArg('@/nonexistent/e.json', '--event'),
      /--event @\/nonexistent\/e.json: cannot read/,
    );
  });

  test('shortResource and oneLine', () => {
    assert.equal(shortResource(ARN), 'model-package/churn/2');
    assert.equal(shortResource('not-an-arn'), 'not-an-arn');
    assert.equal(shortResource(undefined), '');
    assert.equal(oneLine(' a\n  b\tc '), 'a b c');
    assert.equal(oneLine('x'.repeat(70), 10), `${'x'.repeat(9)}…`);
  });

  test('collect fetches pages of at most 100 until the limit or the last page', async () => {
    const asked: [number, string | undefined][] = [];
    const pages = async (limit: number, token: string | undefined) => {
      asked.push([limit, token]);
      const start = Number(token ?? 0);
      const items = Array.from({ length: Math.min(limit, 250 - start) }, (_, i) => start + i);
      const next = start + items.length;
      return { items, ...(next < 250 && { nextPageToken: String(next) }) };
    };
    assert.equal((await collect(150, pages)).length, 150);
    assert.deepEqual(asked, [
      [100, undefined],
      [50, '100'],
    ]);
    asked.length = 0;
    assert.equal((await collect(undefined, pages)).length, 250);
    assert.deepEqual(
      asked.map(([limit]) => limit),
      [100, 100, 100],
    );
  });
});

describe('formatting', () => {
  test('a tail line: seq, time, detail-type, short resource, change types', () => {
    assert.equal(
      tailLine(ITEM),
      '42  2026-11-27T09:04:50Z  SageMaker Model Package State Change  model-package/churn/2  ApprovalStatusChanged,LifecycleChanged',
    );
    const bare = { ...ITEM, event: { ...ITEM.event, detail: {} } };
    assert.equal(
      tailLine(bare),
      '42  2026-11-27T09:04:50Z  SageMaker Model Package State Change  model-package/churn/2',
    );
  });

  test('the events table', () => {
    const [header, row] = eventsTable([ITEM]).split('\n');
    assert.match(header!, /^SEQ\s+TIME\s+ID\s+DETAIL-TYPE\s+RESOURCE\s+CHANGES$/);
    assert.match(
      row!,
      /^42\s+2026-11-27T09:04:50Z\s+5b1c7a4e-\S+\s+SageMaker Model Package State Change\s+model-package\/churn\/2\s+ApprovalStatusChanged,LifecycleChanged$/,
    );
  });

  test('an event with no deliveries says so under its JSON', () => {
    const text = eventWithDeliveries({ ...ITEM, deliveries: [] });
    assert.ok(text.startsWith('seq 42\n{\n  "version": "0",'));
    assert.deepEqual(JSON.parse(text.slice('seq 42\n'.length, text.lastIndexOf('}') + 1)), ITEM.event);
    assert.ok(text.endsWith('\n\nNo deliveries: no enabled rule matched it.'));
  });

  test('a delivery with its attempt log', () => {
    const d: DeliveryDetail = {
      id: 7,
      eventId: ITEM.event.id,
      seq: 42,
      target: 'ci-hook',
      status: 'pending',
      attempts: 2,
      createdAt: '2026-11-27T09:04:51.000Z',
      nextAttemptAt: '2026-11-27T09:05:10.000Z',
      expiresAt: '2026-11-28T09:04:51.000Z',
      lastStatusCode: 503,
      lastError: 'Service Unavailable',
      attemptLog: [
        {
          at: '2026-11-27T09:04:51.100Z',
          ok: false,
          statusCode: 503,
          latencyMs: 12,
          excerpt: 'busy\nretry later',
        },
        { at: '2026-11-27T09:04:53.000Z', ok: false, latencyMs: 5000, excerpt: 'timeout after 5000 ms' },
      ],
    };
    const text = deliveryDetail(d);
    assert.match(text, /^last result\s+503 Service Unavailable$/m);
    assert.match(text, /^event\s+5b1c7a4e-\S+ \(seq 42\)$/m);
    assert.doesNotMatch(text, /^delivered/m);
    const log = text.slice(text.indexOf('\n\n') + 2).split('\n');
    assert.match(log[0]!, /^TIME\s+RESULT\s+STATUS\s+LATENCY\s+EXCERPT$/);
    assert.match(log[1]!, /^2026-11-27T09:04:51\.100Z\s+failed\s+503\s+12ms\s+busy retry later$/);
    assert.match(log[2]!, /^2026-11-27T09:04:53\.000Z\s+failed\s+5000ms\s+timeout after 5000 ms$/);
    assert.ok(deliveryDetail({ ...d, attemptLog: [] }).endsWith('\n\nNo attempts yet.'));
  });

  test('targets: details per type, the generated secret, the destination cell', () => {
    const hook = {
      ...TIMES,
      name: 'ci-hook',
      type: 'webhook' as const,
      url: 'https://ci.example/hook',
      headers: { 'X-Team': 'risk', 'X-Env': 'prod' },
      timeoutMs: 5000,
      maxAgeSeconds: 86_400,
    };
    const text = targetDetails(hook);
    assert.match(text, /^headers\s+X-Team: risk; X-Env: prod$/m);
    assert.match(text, /^timeout\s+5s$/m);
    assert.match(text, /^max age\s+1d$/m);
    assert.match(text, /^created\s+2026-11-27T09:00:00.000Z by alice$/m);
    assert.doesNotMatch(text, /secret/);
    assert.match(targetDetails({ ...hook, generatedSecret: 's3cr3t' }), /^secret\s+s3cr3t$/m);
    const bus = {
      ...TIMES,
      name: 'bus',
      type: 'nats' as const,
      subject: 'modelry.events',
      maxAgeSeconds: 60,
    };
    assert.equal(destination(bus), 'modelry.events');
    assert.equal(destination({ ...bus, stream: 'MODELRY' }), 'modelry.events (stream MODELRY)');
    assert.match(targetDetails(bus), /^subject\s+modelry.events$/m);
    assert.equal(
      destination({ ...TIMES, name: 'l', type: 'handler', handler: 'log', maxAgeSeconds: 60 }),
      'log',
    );
  });

  test('a rule shows its state, targets and pattern', () => {
    const text = ruleDetails({
      ...TIMES,
      name: 'approved',
      pattern: { source: ['aws.sagemaker'] },
      targets: ['ci-hook', 'bus'],
      enabled: false,
    });
    assert.match(text, /^state\s+disabled$/m);
    assert.match(text, /^targets\s+ci-hook, bus$/m);
    assert.match(text, /^pattern\s+\{"source":\["aws.sagemaker"\]\}$/m);
  });
});

describe('help', () => {
  test('picks the most specific text', () => {
    assert.equal(eventsHelp([]), EVENTS_HELP);
    assert.match(eventsHelp(['targets', 'create', 'webhook']), /^Usage: modelry events targets create/);
    assert.match(eventsHelp(['targets', 'list']), /^Usage: modelry events targets <command>/);
    assert.match(eventsHelp(['rules', 'create']), /--disabled/);
    assert.match(eventsHelp(['tail']), /^Usage: modelry events tail/);
    assert.equal(eventsHelp(['frobnicate']), EVENTS_HELP);
  });

  test('the overview names every command', () => {
    for (const word of [
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
      '--dead-letters',
      'tail',
      'test-pattern',
      '--max-age',
      '--timeout',
      '--header',
    ]) {
      assert.ok(EVENTS_HELP.includes(word), word);
    }
  });
});

describe('eventsCommand usage errors (raised before any request)', () => {
  // Nothing listens here: a usage error must be reported before the client is used.
  const client = new ModelryClient({ endpoint: 'http://127.0.0.1:9' });
  const out = createOutput(false, () => assert.fail('nothing should be printed'));
  const run = (...argv: string[]) => eventsCommand(client, out, argv);

  test('targets create checks the type, the required options and the values', async () => {
    await assert.rejects(
      run('targets', 'create', '--name', 'h'),
      /needs a type: webhook, nats or handler\.$/,
    );
    await assert.rejects(
      run('targets', 'create', 'sqs', '--name', 'h'),
      /webhook, nats or handler, not "sqs"/,
    );
    await assert.rejects(run('targets', 'create', 'webhook', '--url', 'https://x'), /needs --name NAME/);
    await assert.rejects(run('targets', 'create', 'webhook', '--name', 'h'), /webhook needs --url/);
    await assert.rejects(run('targets', 'create', 'nats', '--name', 'b'), /nats needs --subject/);
    await assert.rejects(run('targets', 'create', 'handler', '--name', 'l'), /handler needs --handler/);
    const hook = ['targets', 'create', 'webhook', '--name', 'h', '--url', 'https://x'];
    await assert.rejects(run(...hook, '--timeout', '5'), /--timeout "5" is not a duration/);
    await assert.rejects(run(...hook, '--max-age', '1day'), /--max-age "1day" is not a duration/);
    await assert.rejects(run(...hook, '--max-age', '90500ms'), /whole seconds/);
    await assert.rejects(run(...hook, '--header', 'X-Team'), /'Name: value'/);
    await assert.rejects(
      run(...hook, '--subject', 's'),
      /--subject is for nats targets, not webhook targets/,
    );
    await assert.rejects(
      run('targets', 'create', 'handler', '--name', 'l', '--handler', 'log', '--secret', 'x'.repeat(16)),
      /--secret is for webhook targets/,
    );
  });

  test('targets describe, update and delete need a NAME; update needs a change', async () => {
    await assert.rejects(run('targets', 'describe'), /needs a target NAME/);
    await assert.rejects(run('targets', 'delete'), /needs a target NAME/);
    await assert.rejects(run('targets', 'update', 'h'), /needs a setting to change/);
    await assert.rejects(run('targets', 'update', 'h', '--name', 'g'), /cannot be renamed/);
    await assert.rejects(run('targets', 'update', 'h', '--timeout', 'soon'), /--timeout "soon"/);
    await assert.rejects(run('targets', 'launch'), /Unknown command "events targets launch"/);
    await assert.rejects(run('targets'), /events targets <command>/);
  });

  test('rules check their arguments', async () => {
    await assert.rejects(run('rules', 'create', '--pattern', '{}', '--target', 'h'), /needs --name/);
    await assert.rejects(run('rules', 'create', '--name', 'r', '--target', 'h'), /needs --pattern/);
    await assert.rejects(run('rules', 'create', '--name', 'r', '--pattern', '{}'), /at least one --target/);
    await assert.rejects(
      run('rules', 'create', '--name', 'r', '--pattern', '@/nonexistent.json', '--target', 'h'),
      /cannot read/,
    );
    await assert.rejects(run('rules', 'update', 'r'), /needs --pattern, --target or --description/);
    await assert.rejects(run('rules', 'update', 'r', '--disabled'), /use rules disable NAME/);
    await assert.rejects(run('rules', 'enable'), /needs a rule NAME/);
    await assert.rejects(run('rules', 'promote', 'r'), /Unknown command "events rules promote"/);
  });

  test('the log commands check their arguments', async () => {
    await assert.rejects(run('list', '--since', 'yesterday'), /--since "yesterday" is neither/);
    await assert.rejects(run('list', '--limit', '0'), /--limit/);
    await assert.rejects(run('list', '--status', 'dead'), /status/);
    await assert.rejects(run('describe'), /needs an EVENT_ID/);
    await assert.rejects(
      run('deliveries', '--status', 'failed'),
      /--status must be one of pending, delivered, dead; got "failed"/,
    );
    await assert.rejects(run('delivery'), /needs a DELIVERY_ID/);
    await assert.rejects(run('delivery', 'abc'), /DELIVERY_ID expects a positive integer/);
    await assert.rejects(run('replay'), /exactly one of EVENT_ID, --dead-letters or --since/);
    await assert.rejects(run('replay', 'e1', '--dead-letters'), /exactly one of/);
    await assert.rejects(run('replay', '--dead-letters', '--until', '1h'), /--until goes with --since/);
    await assert.rejects(run('replay', '--since', '2h', '--until', 'now'), /--until "now" is neither/);
    await assert.rejects(run('test-pattern', '--pattern', '{}'), /needs --pattern JSON and --event JSON/);
    await assert.rejects(
      run('test-pattern', '--pattern', '{}', '--event', 'nope'),
      /--event is not valid JSON/,
    );
    await assert.rejects(run('tail', '--after=-1'), /--after expects a non-negative integer/);
    await assert.rejects(run('tail', '--pattern', '@/nonexistent.json'), /cannot read/);
    await assert.rejects(run('watch'), /Unknown command "events watch"/);
    await assert.rejects(run(), (err: unknown) => err instanceof UsageError && err.message === EVENTS_HELP);
  });
});
