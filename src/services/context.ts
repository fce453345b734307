import type { Actor } from '../domain/model.js';
import type { Scope } from '../domain/names.js';
import type { Clock, MetadataStore } from '../ports/metadata-store.js';

/** What every service needs: the store, a clock, and where this registry lives. */
export interface ServiceDeps {
  readonly store: MetadataStore;
  readonly clock: Clock;
  readonly partition: string;
  readonly region: string;
}

export function scopeOf(deps: ServiceDeps, actor: Actor): Scope {
  return { partition: deps.partition, region: deps.region, account: actor.account };
}
