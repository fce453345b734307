import { parseArgs } from 'node:util';
import type {
  CreatedTarget,
  CreateTargetInput,
  ModelryClient,
  Target,
  TargetType,
  UpdateTargetInput,
} from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { details, type Output, table } from '../output.js';
import { collect, durationMs, durationSeconds, formatDuration, headerArgs } from './events-args.js';

const OPTIONS = {
  name: { type: 'string' },
  description: { type: 'string' },
  'max-age': { type: 'string' },
  url: { type: 'string' },
  secret: { type: 'string' },
  header: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  subject: { type: 'string' },
  stream: { type: 'string' },
  'nats-url': { type: 'string' },
  handler: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** The options that only one type of target takes, and the one it requires. */
const TYPE_OPTIONS: Record<TargetType, { required: keyof Values; only: readonly (keyof Values)[] }> = {
  webhook: { required: 'url', only: ['url', 'secret', 'header', 'timeout'] },
  nats: { required: 'subject', only: ['subject', 'stream', 'nats-url'] },
  handler: { required: 'handler', only: ['handler'] },
};

function isType(text: string | undefined): text is TargetType {
  return text !== undefined && Object.hasOwn(TYPE_OPTIONS, text);
}

/** The settings given on the command line, in the API's names. */
function settings(v: Values): UpdateTargetInput {
  return {
    ...(v.description !== undefined && { description: v.description }),
    ...(v['max-age'] !== undefined && { maxAgeSeconds: durationSeconds(v['max-age'], '--max-age') }),
    ...(v.url !== undefined && { url: v.url }),
    ...(v.secret !== undefined && { secret: v.secret }),
    ...(v.header !== undefined && { headers: headerArgs(v.header, '--header') }),
    ...(v.timeout !== undefined && { timeoutMs: durationMs(v.timeout, '--timeout') }),
    ...(v.subject !== undefined && { subject: v.subject }),
    ...(v.stream !== undefined && { stream: v.stream }),
    ...(v['nats-url'] !== undefined && { natsUrl: v['nats-url'] }),
    ...(v.handler !== undefined && { handler: v.handler }),
  };
}

function createInput(type: string | undefined, v: Values): CreateTargetInput {
  if (!isType(type)) {
    throw new UsageError(
      `modelry events targets create needs a type: webhook, nats or handler${type ? `, not "${type}"` : ''}.`,
    );
  }
  if (!v.name) throw new UsageError(`modelry events targets create ${type} needs --name NAME.`);
  const { required } = TYPE_OPTIONS[type];
  if (v[required] === undefined) {
    throw new UsageError(`modelry events targets create ${type} needs --${required}.`);
  }
  for (const [other, { only }] of Object.entries(TYPE_OPTIONS)) {
    const stray = other === type ? undefined : only.find((o) => v[o] !== undefined);
    if (stray) throw new UsageError(`--${stray} is for ${other} targets, not ${type} targets.`);
  }
  return { name: v.name, type, ...settings(v) } as CreateTargetInput;
}

/** Where a target sends events, in one cell. */
export function destination(t: Target): string {
  if (t.type === 'webhook') return t.url;
  if (t.type === 'nats') return `${t.subject}${t.stream ? ` (stream ${t.stream})` : ''}`;
  return t.handler;
}

/** A target's settings; the secret only when the server generated it on create. */
export function targetDetails(t: CreatedTarget): string {
  const own: [string, unknown][] =
    t.type === 'webhook'
      ? [
          ['url', t.url],
          [
            'headers',
            Object.entries(t.headers ?? {})
              .map(([k, v]) => `${k}: ${v}`)
              .join('; '),
          ],
          ['timeout', formatDuration(t.timeoutMs)],
        ]
      : t.type === 'nats'
        ? [
            ['subject', t.subject],
            ['stream', t.stream],
            ['nats url', t.natsUrl],
          ]
        : [['handler', t.handler]];
  return details([
    ['name', t.name],
    ['type', t.type],
    ['description', t.description],
    ...own,
    ['max age', formatDuration(t.maxAgeSeconds * 1000)],
    ['created', `${t.createdAt} by ${t.createdBy}`],
    ['updated', t.updatedAt && `${t.updatedAt}${t.updatedBy ? ` by ${t.updatedBy}` : ''}`],
    ['secret', t.generatedSecret],
  ]);
}

function createdTarget(t: CreatedTarget): string {
  if (t.generatedSecret === undefined) return targetDetails(t);
  return `${targetDetails(t)}

Store this secret now: it is shown only this once. Receivers verify Modelry-Signature with it.`;
}

export async function targetsCommand(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values: v, positionals } = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS });
  const name = () => {
    const n = positionals[0];
    if (!n) throw new UsageError(`modelry events targets ${sub} needs a target NAME.`);
    return n;
  };
  const show = (t: Target) => out.print(t, () => targetDetails(t));
  switch (sub) {
    case 'create': {
      const created = await client.events.createTarget(createInput(positionals[0], v));
      out.print(created, () => createdTarget(created));
      return 0;
    }
    case 'list': {
      const items = await collect(undefined, (limit, pageToken) =>
        client.events.listTargets({ limit, ...(pageToken && { pageToken }) }),
      );
      out.print(items, () =>
        table(
          ['NAME', 'TYPE', 'DESTINATION', 'MAX AGE', 'DESCRIPTION'],
          items.map((t) => [
            t.name,
            t.type,
            destination(t),
            formatDuration(t.maxAgeSeconds * 1000),
            t.description,
          ]),
        ),
      );
      return 0;
    }
    case 'describe':
      show(await client.events.getTarget(name()));
      return 0;
    case 'update': {
      const target = name();
      const input = settings(v);
      if (v.name !== undefined) throw new UsageError('A target cannot be renamed: create a new one.');
      if (Object.keys(input).length === 0) {
        throw new UsageError('modelry events targets update needs a setting to change; see --help.');
      }
      show(await client.events.updateTarget(target, input));
      return 0;
    }
    case 'delete': {
      const target = name();
      await client.events.deleteTarget(target);
      out.print({ deleted: target }, () => `Deleted target ${target}.`);
      return 0;
    }
    default:
      throw new UsageError(
        sub
          ? `Unknown command "events targets ${sub}". See modelry events targets --help.`
          : 'Usage: modelry events targets <command>; see modelry events targets --help.',
      );
  }
}
