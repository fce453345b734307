import type { Actor } from '../domain/model.js';
import type { Scope } from '../domain/names.js';
import type { ArtifactStore } from '../ports/artifact-store.js';
import type { Clock, MetadataStore } from '../ports/metadata-store.js';
import type { SecretBox } from '../ports/secret-box.js';

/** What every service needs: the store, a clock, and where this registry lives. */
export interface ServiceDeps {
  readonly store: MetadataStore;
  readonly clock: Clock;
  readonly partition: string;
  readonly region: string;
  /**
   * The server's own account (MODELRY_ACCOUNT_ID). Its administrators manage the users of every account,
   * as an organization's management account does; other accounts' administrators manage only their own.
   */
  readonly homeAccount: string;
  /** Encrypts the secrets the server must read back (webhook signing secrets, SigV4 keys) at rest. */
  readonly secrets: SecretBox;
  /**
   * Whether groups' approval rules (separation of duties first) bind. Off only under --insecure-dev, where
   * callers are not authenticated and "who registered" cannot be told from "who approves".
   */
  readonly enforceApprovalRules: boolean;
  /** Where artifact bytes live (a folder or an S3 bucket). */
  readonly artifacts: ArtifactStore;
  readonly artifactLimits: ArtifactLimits;
}

/** What uploads may be, and how long garbage collection spares an unreferenced blob. */
export interface ArtifactLimits {
  readonly maxBytes: number;
  /** Allowed upload media types (lower case, without parameters); empty allows any. */
  readonly contentTypes: readonly string[];
  readonly gcGraceSeconds: number;
}

export function scopeOf(deps: ServiceDeps, actor: Actor): Scope {
  return { partition: deps.partition, region: deps.region, account: actor.account };
}
