import type {
  AttemptRecord,
  Delivery,
  PublishedEvent,
  StoredRule,
  StoredTarget,
} from '../../ports/event-store.js';
import { iso } from './representation.js';

/** Event configuration and logs → native JSON. A webhook's secret never leaves the server. */

export function targetJson(t: StoredTarget): Record<string, unknown> {
  const spec = t.spec;
  const members =
    spec.kind === 'webhook'
      ? { url: spec.url, headers: spec.headers, timeoutMs: spec.timeoutMs }
      : spec.kind === 'nats'
        ? {
            subject: spec.subject,
            ...(spec.stream !== undefined && { stream: spec.stream }),
            ...(spec.url !== undefined && { natsUrl: spec.url }),
          }
        : { handler: spec.handler };
  return {
    name: t.name,
    type: spec.kind,
    ...(t.description !== undefined && { description: t.description }),
    ...members,
    maxAgeSeconds: Math.round(t.maxAgeMs / 1000),
    createdAt: iso(t.createdAt),
    createdBy: t.createdBy,
    ...(t.updatedAt !== undefined && { updatedAt: iso(t.updatedAt) }),
    ...(t.updatedBy !== undefined && { updatedBy: t.updatedBy }),
  };
}

export function ruleJson(r: StoredRule): Record<string, unknown> {
  return {
    name: r.name,
    ...(r.description !== undefined && { description: r.description }),
    pattern: JSON.parse(r.pattern),
    targets: r.targets,
    enabled: r.enabled,
    createdAt: iso(r.createdAt),
    createdBy: r.createdBy,
    ...(r.updatedAt !== undefined && { updatedAt: iso(r.updatedAt) }),
    ...(r.updatedBy !== undefined && { updatedBy: r.updatedBy }),
  };
}

export function eventJson(e: PublishedEvent): Record<string, unknown> {
  return { seq: e.seq, event: e.event };
}

export function deliveryJson(d: Delivery): Record<string, unknown> {
  const time = (ms: number | undefined) => (ms === undefined ? undefined : iso(ms));
  const out: Record<string, unknown> = {
    id: d.id,
    eventId: d.eventId,
    seq: d.seq,
    target: d.target,
    status: d.status,
    attempts: d.attempts,
    createdAt: iso(d.createdAt),
    nextAttemptAt: time(d.nextAttemptAt),
    deliveredAt: time(d.deliveredAt),
    deadAt: time(d.deadAt),
    expiresAt: iso(d.expiresAt),
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    replayOf: d.replayOf,
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

export function attemptJson(a: AttemptRecord): Record<string, unknown> {
  return {
    at: iso(a.at),
    ok: a.ok,
    ...(a.statusCode !== undefined && { statusCode: a.statusCode }),
    latencyMs: a.latencyMs,
    ...(a.excerpt !== undefined && { excerpt: a.excerpt }),
  };
}
