import { randomUUID } from 'node:crypto';
import type { EventContext, MemberChange } from '../domain/events.js';
import type { Actor, JsonValue } from '../domain/model.js';
import type { ServiceDeps } from './context.js';

/** Who, when and where of an event written in the same transaction as its change. */
export function eventContext(deps: ServiceDeps, actor: Actor, at: number): EventContext {
  return { id: randomUUID(), region: deps.region, at, actor };
}

/** Adds `name` to `changes` when its value differs (compared as JSON); absent values count as null. */
export function noteChange(
  changes: Record<string, MemberChange>,
  name: string,
  previous: unknown,
  current: unknown,
): boolean {
  const before = (previous ?? null) as JsonValue;
  const after = (current ?? null) as JsonValue;
  if (JSON.stringify(before) === JSON.stringify(after)) return false;
  changes[name] = { Previous: before, Current: after };
  return true;
}
