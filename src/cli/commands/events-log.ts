import { parseArgs } from 'node:util';
import type {
  Delivery,
  DeliveryDetail,
  DeliveryStatus,
  EventItem,
  EventWithDeliveries,
  ModelryClient,
} from '../../sdk/client.js';
import { positiveInt, UsageError } from '../errors.js';
import { details, type Output, table } from '../output.js';
import { collect, eventArg, oneLine, patternArg, shortResource, timeArg } from './events-args.js';

/** The event log, deliveries, replay and pattern tests: `modelry events list|describe|deliveries|…`. */

const DEFAULT_LIMIT = 50;
const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'dead'];

/** `ChangeTypes` of the event's detail (Registered, ApprovalStatusChanged, …), comma-separated. */
export function changeTypes(item: EventItem): string {
  const types = item.event.detail.ChangeTypes;
  return Array.isArray(types) ? types.join(',') : '';
}

export function eventsTable(items: readonly EventItem[]): string {
  return table(
    ['SEQ', 'TIME', 'ID', 'DETAIL-TYPE', 'RESOURCE', 'CHANGES'],
    items.map((i) => [
      i.seq,
      i.event.time,
      i.event.id,
      i.event['detail-type'],
      shortResource(i.event.resources[0]),
      changeTypes(i),
    ]),
  );
}

const count = (n: number) => `${n} ${n === 1 ? 'delivery' : 'deliveries'}`;

/** The status code and error of the last attempt, in one cell. */
function lastResult(d: Delivery): string {
  return [d.lastStatusCode, d.lastError].filter((x) => x !== undefined).join(' ');
}

export function deliveriesTable(items: readonly Delivery[]): string {
  return table(
    ['ID', 'TARGET', 'STATUS', 'ATTEMPTS', 'SEQ', 'EVENT', 'CREATED', 'LAST RESULT'],
    items.map((d) => [
      d.id,
      d.target,
      d.status,
      d.attempts,
      d.seq,
      d.eventId,
      d.createdAt,
      oneLine(lastResult(d)),
    ]),
  );
}

export function eventWithDeliveries(e: EventWithDeliveries): string {
  const deliveries =
    e.deliveries.length > 0 ? deliveriesTable(e.deliveries) : 'No deliveries: no enabled rule matched it.';
  return `seq ${e.seq}\n${JSON.stringify(e.event, null, 2)}\n\n${deliveries}`;
}

export function deliveryDetail(d: DeliveryDetail): string {
  const head = details([
    ['id', d.id],
    ['event', `${d.eventId} (seq ${d.seq})`],
    ['target', d.target],
    ['status', d.status],
    ['attempts', d.attempts],
    ['created', d.createdAt],
    ['next attempt', d.nextAttemptAt],
    ['delivered', d.deliveredAt],
    ['dead', d.deadAt],
    ['expires', d.expiresAt],
    ['last result', lastResult(d)],
    ['replay of', d.replayOf],
  ]);
  const log =
    d.attemptLog.length > 0
      ? table(
          ['TIME', 'RESULT', 'STATUS', 'LATENCY', 'EXCERPT'],
          d.attemptLog.map((a) => [
            a.at,
            a.ok ? 'ok' : 'failed',
            a.statusCode,
            `${a.latencyMs}ms`,
            oneLine(a.excerpt),
          ]),
        )
      : 'No attempts yet.';
  return `${head}\n\n${log}`;
}

function deliveryStatus(text: string | undefined): DeliveryStatus | undefined {
  if (text === undefined || (STATUSES as readonly string[]).includes(text)) return text as DeliveryStatus;
  throw new UsageError(`--status must be one of ${STATUSES.join(', ')}; got "${text}".`);
}

/** Each command parses only its own options, so an option it does not take is refused, not ignored. */
function args<O extends Record<string, { type: 'string' | 'boolean' }>>(argv: string[], options: O) {
  return parseArgs({ args: argv, allowPositionals: true, options });
}

export async function listEvents(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const { values: v } = args(argv, {
    group: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    limit: { type: 'string' },
  });
  const filters = {
    ...(v.group !== undefined && { group: v.group }),
    ...(v.since !== undefined && { since: timeArg(v.since, '--since') }),
    ...(v.until !== undefined && { until: timeArg(v.until, '--until') }),
  };
  const items = await collect(positiveInt(v.limit, '--limit') ?? DEFAULT_LIMIT, (limit, pageToken) =>
    client.events.listEvents({ ...filters, limit, ...(pageToken && { pageToken }) }),
  );
  out.print(items, () => eventsTable(items));
  return 0;
}

export async function describeEvent(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const { positionals } = args(argv, {});
  if (!positionals[0]) throw new UsageError('modelry events describe needs an EVENT_ID.');
  const e = await client.events.getEvent(positionals[0]);
  out.print(e, () => eventWithDeliveries(e));
  return 0;
}

export async function listDeliveries(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const { values: v } = args(argv, {
    status: { type: 'string' },
    target: { type: 'string' },
    event: { type: 'string' },
    limit: { type: 'string' },
  });
  const status = deliveryStatus(v.status);
  const filters = {
    ...(status && { status }),
    ...(v.target !== undefined && { target: v.target }),
    ...(v.event !== undefined && { event: v.event }),
  };
  const items = await collect(positiveInt(v.limit, '--limit') ?? DEFAULT_LIMIT, (limit, pageToken) =>
    client.events.listDeliveries({ ...filters, limit, ...(pageToken && { pageToken }) }),
  );
  out.print(items, () => deliveriesTable(items));
  return 0;
}

export async function describeDelivery(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const { positionals } = args(argv, {});
  if (!positionals[0]) throw new UsageError('modelry events delivery needs a DELIVERY_ID.');
  const d = await client.events.getDelivery(positiveInt(positionals[0], 'DELIVERY_ID')!);
  out.print(d, () => deliveryDetail(d));
  return 0;
}

export async function replay(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const { values: v, positionals } = args(argv, {
    target: { type: 'string' },
    'dead-letters': { type: 'boolean' },
    since: { type: 'string' },
    until: { type: 'string' },
  });
  const eventId = positionals[0];
  const modes = [eventId !== undefined, v['dead-letters'] === true, v.since !== undefined];
  if (modes.filter(Boolean).length !== 1) {
    throw new UsageError(
      'modelry events replay needs exactly one of EVENT_ID, --dead-letters or --since TIME.',
    );
  }
  if (v.until !== undefined && v.since === undefined) throw new UsageError('--until goes with --since.');
  const target = v.target !== undefined ? { target: v.target } : {};
  const to = v.target !== undefined ? ` to ${v.target}` : '';
  if (eventId !== undefined) {
    const { deliveries } = await client.events.replayEvent(eventId, target);
    out.print({ deliveries }, () =>
      deliveries.length > 0
        ? `Queued ${count(deliveries.length)}${to}.\n${deliveriesTable(deliveries)}`
        : 'Nothing queued: no enabled rule matches the event (name a --target to send it anyway).',
    );
    return 0;
  }
  const range = v.since !== undefined && {
    since: timeArg(v.since, '--since'),
    until: v.until !== undefined ? timeArg(v.until, '--until') : new Date().toISOString(),
  };
  const result = await client.events.replay(
    range ? { ...range, ...target } : { deadLetters: true, ...target },
  );
  const what = range ? `events from ${range.since} to ${range.until}` : 'dead letters';
  out.print(result, () => `Queued ${count(result.replayed)} of ${what}${to}.`);
  return 0;
}

export async function testPattern(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const { values: v } = args(argv, { pattern: { type: 'string' }, event: { type: 'string' } });
  if (v.pattern === undefined || v.event === undefined) {
    throw new UsageError('modelry events test-pattern needs --pattern JSON and --event JSON.');
  }
  const event = eventArg(v.event, '--event');
  const result = await client.events.testPattern(patternArg(v.pattern, '--pattern'), event);
  out.print(result, () =>
    result.result ? 'The pattern matches the event.' : 'The pattern does not match the event.',
  );
  return 0;
}
