import { randomBytes } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import type { Actor } from '../domain/model.js';
import type { StoredTarget } from '../ports/event-store.js';
import type { TargetSpec } from '../ports/event-target.js';
import type { SecretBox } from '../ports/secret-box.js';
import type { ServiceDeps } from './context.js';
import { assertEventName, type EventSettings, eventDescription, invalid } from './event-settings.js';

/** A target as a caller describes it; the members that do not apply to its type are refused. */
export interface TargetInput {
  readonly type?: string;
  readonly description?: string;
  readonly maxAgeSeconds?: number;
  readonly url?: string;
  readonly secret?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly subject?: string;
  readonly stream?: string;
  readonly natsUrl?: string;
  readonly handler?: string;
}

const TYPES = ['webhook', 'nats', 'handler'] as const;
const MEMBERS: Record<(typeof TYPES)[number], readonly string[]> = {
  webhook: ['url', 'secret', 'headers', 'timeoutMs'],
  nats: ['subject', 'stream', 'natsUrl'],
  handler: ['handler'],
};
/** Headers a webhook sets itself; a target may not override them. */
const RESERVED_HEADERS = [
  'content-type',
  'content-length',
  'host',
  'transfer-encoding',
  'modelry-signature',
  'modelry-event-id',
];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const SUBJECT = /^[^\s.*>]+(\.[^\s.*>]+)*$/;
const STREAM = /^[A-Za-z0-9_-]{1,64}$/;
const DEFAULT_TIMEOUT_MS = 5000;
const MAX_AGE_SECONDS = { min: 1, max: 14 * 24 * 3600 };

export class EventTargetService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly settings: EventSettings,
  ) {}

  /** Creates a target; a webhook created without a secret gets a generated one, returned this once. */
  async create(
    actor: Actor,
    name: string,
    input: TargetInput,
  ): Promise<{ target: StoredTarget; generatedSecret?: string }> {
    assertEventName(name, 'target', LIMITS.eventTargetNameMax);
    const type = input.type;
    if (!TYPES.includes(type as (typeof TYPES)[number])) {
      throw invalid(
        `Target type must be one of ${TYPES.join(', ')}; got ${JSON.stringify(type ?? null)}.`,
        'type',
      );
    }
    const generatedSecret =
      type === 'webhook' && input.secret === undefined ? randomBytes(24).toString('base64url') : undefined;
    const spec = this.spec(type as TargetSpec['kind'], {
      ...input,
      ...(generatedSecret && { secret: generatedSecret }),
    });
    const maxAgeMs = maxAge(input.maxAgeSeconds, this.settings.defaultMaxAgeMs);
    const now = this.deps.clock.now();
    const target = await this.deps.store.write((tx) =>
      tx.insertTarget({
        account: actor.account,
        name,
        ...(input.description !== undefined && { description: eventDescription(input.description) }),
        spec: sealSpec(spec, this.deps.secrets),
        maxAgeMs,
        leaseMs: leaseOf(spec),
        createdAt: now,
        createdBy: actor.principal,
      }),
    );
    return { target, ...(generatedSecret && { generatedSecret }) };
  }

  /** Changes the members given; the type is fixed at creation. */
  async update(actor: Actor, name: string, input: TargetInput): Promise<StoredTarget> {
    return this.deps.store.write(async (tx) => {
      const current = await requireTarget(tx, actor.account, name);
      if (input.type !== undefined && input.type !== current.spec.kind) {
        throw invalid(
          `A target's type cannot change (${current.name} is a ${current.spec.kind} target).`,
          'type',
        );
      }
      const stored = openSpec(current.spec, this.deps.secrets);
      const spec = this.spec(current.spec.kind, { ...inputOf(stored), ...input });
      const description =
        input.description !== undefined ? eventDescription(input.description) : current.description;
      return tx.updateTarget(current.id, {
        ...(description !== undefined && description !== '' && { description }),
        spec: sealSpec(spec, this.deps.secrets),
        maxAgeMs: input.maxAgeSeconds !== undefined ? maxAge(input.maxAgeSeconds, 0) : current.maxAgeMs,
        leaseMs: leaseOf(spec),
        updatedAt: this.deps.clock.now(),
        updatedBy: actor.principal,
      });
    });
  }

  get(actor: Actor, name: string): Promise<StoredTarget> {
    return this.deps.store.read((tx) => requireTarget(tx, actor.account, name));
  }

  /** One page of targets by name; `after` is the last name of the previous page. */
  list(actor: Actor, limit: number, after?: string): Promise<StoredTarget[]> {
    return this.deps.store.read((tx) => tx.listTargets(actor.account, limit, after));
  }

  async delete(actor: Actor, name: string): Promise<void> {
    await this.deps.store.write(async (tx) => {
      const target = await requireTarget(tx, actor.account, name);
      const rules = await tx.rulesNamingTarget(target.id);
      if (rules.length > 0) {
        throw new DomainError(
          'TargetInUse',
          `Event target ${target.name} is named by rule(s) ${rules.join(', ')}; remove it from them first.`,
          { target: target.name, rules },
        );
      }
      await tx.deleteTarget(target.id);
    });
  }

  private spec(kind: TargetSpec['kind'], input: TargetInput): TargetSpec {
    for (const member of Object.values(MEMBERS).flat()) {
      if (!MEMBERS[kind].includes(member) && input[member as keyof TargetInput] !== undefined) {
        throw invalid(`${member} does not apply to a ${kind} target.`, member);
      }
    }
    if (kind === 'webhook') return webhookSpec(input);
    if (kind === 'nats') return natsSpec(input);
    const handler = input.handler;
    if (handler === undefined || !this.settings.handlerNames.includes(handler)) {
      throw invalid(
        `A handler target needs handler set to one of the in-process handlers: ${this.settings.handlerNames.join(', ')}.`,
        'handler',
      );
    }
    return { kind, handler };
  }
}

export async function requireTarget(
  tx: { findTarget(account: string, name: string): Promise<StoredTarget | undefined> },
  account: string,
  name: string,
): Promise<StoredTarget> {
  const target = await tx.findTarget(account, name);
  if (!target)
    throw new DomainError('TargetNotFound', `Event target ${name} does not exist.`, { target: name });
  return target;
}

/** A webhook's signing secret is stored sealed (encrypted with the server's master key). */
function sealSpec(spec: TargetSpec, secrets: SecretBox): TargetSpec {
  return spec.kind === 'webhook' ? { ...spec, secret: secrets.seal(spec.secret) } : spec;
}

export function openSpec(spec: TargetSpec, secrets: SecretBox): TargetSpec {
  return spec.kind === 'webhook' ? { ...spec, secret: secrets.open(spec.secret) } : spec;
}

/** A stored spec in the members a caller uses, so an update can change some and keep the rest. */
function inputOf(spec: TargetSpec): TargetInput {
  if (spec.kind === 'webhook') {
    return { url: spec.url, secret: spec.secret, headers: spec.headers, timeoutMs: spec.timeoutMs };
  }
  if (spec.kind === 'nats') {
    return {
      subject: spec.subject,
      ...(spec.stream !== undefined && { stream: spec.stream }),
      ...(spec.url !== undefined && { natsUrl: spec.url }),
    };
  }
  return { handler: spec.handler };
}

function webhookSpec(input: TargetInput): TargetSpec {
  let url: URL;
  try {
    url = new URL(input.url ?? '');
  } catch {
    throw invalid(
      `A webhook target needs url, an absolute http(s) URL; got ${JSON.stringify(input.url ?? null)}.`,
      'url',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`Webhook url must use http or https, not ${url.protocol.slice(0, -1)}.`, 'url');
  }
  const secret = input.secret ?? '';
  if (secret.length < LIMITS.webhookSecretMin || secret.length > LIMITS.webhookSecretMax) {
    throw invalid(
      `Webhook secret must be ${LIMITS.webhookSecretMin}-${LIMITS.webhookSecretMax} characters; got ${secret.length}.`,
      'secret',
    );
  }
  const headers = input.headers ?? {};
  const names = Object.keys(headers);
  if (names.length > LIMITS.webhookHeadersMax) {
    throw invalid(`A webhook target carries at most ${LIMITS.webhookHeadersMax} custom headers.`, 'headers');
  }
  for (const name of names) {
    const value = headers[name];
    if (!HEADER_NAME.test(name)) throw invalid(`Invalid header name ${JSON.stringify(name)}.`, 'headers');
    if (RESERVED_HEADERS.includes(name.toLowerCase())) {
      throw invalid(`Header ${name} is set by Modelry and cannot be overridden.`, 'headers');
    }
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw invalid(`Header ${name} must have a single-line string value.`, 'headers');
    }
  }
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > LIMITS.webhookTimeoutMsMax) {
    throw invalid(`timeoutMs must be an integer from 100 to ${LIMITS.webhookTimeoutMsMax}.`, 'timeoutMs');
  }
  return { kind: 'webhook', url: url.toString(), secret, headers: { ...headers }, timeoutMs };
}

function natsSpec(input: TargetInput): TargetSpec {
  const subject = input.subject ?? '';
  if (!SUBJECT.test(subject) || subject.length > 255) {
    throw invalid(
      `A NATS target needs subject, dot-separated tokens without spaces or wildcards; got ${JSON.stringify(input.subject ?? null)}.`,
      'subject',
    );
  }
  if (input.stream !== undefined && !STREAM.test(input.stream)) {
    throw invalid('stream must be 1-64 letters, digits, - and _.', 'stream');
  }
  if (input.natsUrl !== undefined && !/^(nats|tls):\/\/[^\s/]+$/.test(input.natsUrl)) {
    throw invalid(
      `natsUrl must look like nats://host:port; got ${JSON.stringify(input.natsUrl)}.`,
      'natsUrl',
    );
  }
  return {
    kind: 'nats',
    subject,
    ...(input.stream !== undefined && { stream: input.stream }),
    ...(input.natsUrl !== undefined && { url: input.natsUrl }),
  };
}

function maxAge(seconds: number | undefined, fallbackMs: number): number {
  if (seconds === undefined) return fallbackMs;
  if (!Number.isInteger(seconds) || seconds < MAX_AGE_SECONDS.min || seconds > MAX_AGE_SECONDS.max) {
    throw invalid(
      `maxAgeSeconds must be an integer from ${MAX_AGE_SECONDS.min} to ${MAX_AGE_SECONDS.max} (14 days).`,
      'maxAgeSeconds',
    );
  }
  return seconds * 1000;
}

/** A node that dies mid-attempt leaves its lease; another takes the delivery over once the attempt would have timed out. */
function leaseOf(spec: TargetSpec): number {
  return (spec.kind === 'webhook' ? spec.timeoutMs : 10_000) + 5_000;
}
