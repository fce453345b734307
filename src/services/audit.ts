import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type AuditEntry,
  type AuditRecord,
  type AuditState,
  approvalStatusAt,
  latestApprovedAt,
  redactSecrets,
} from '../domain/audit.js';
import type { OutboxEvent } from '../domain/events.js';
import type { JsonObject, JsonValue } from '../domain/model.js';
import { parseArn } from '../domain/names.js';
import type { AuditHead, AuditQuery } from '../ports/audit-store.js';
import type { StoreTx } from '../ports/metadata-store.js';
import type { ServiceDeps } from './context.js';

/** The call being audited: who, from where, what on which resource, with which parameters. */
export type AuditCall = Omit<AuditEntry, 'at' | 'outcome' | 'errorCode' | 'before' | 'after'>;

/** One request's audit state: its call, and whether its record was written already. */
export interface AuditScope {
  readonly call: AuditCall;
  recorded: boolean;
}

const scopes = new AsyncLocalStorage<AuditScope>();

/** Largest parameters recorded as such, in characters of JSON. */
const PARAMETERS_MAX = 64 * 1024;

/** Paging size when reading the whole trail. */
const TRAIL_PAGE = 500;

/**
 * The audit trail. A mutating call's record is written by the store at the end of the call's unit of work,
 * in the same transaction as the change (so a change never commits without its record); a call that
 * changed nothing, failed or was denied gets its record afterwards, in a transaction of its own.
 */
export class AuditService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Builds the call of a request: parameters lose their secrets here, once. Parameters too large or too
   * deeply nested to record (a hostile body) are replaced by a note saying so, never an error.
   */
  call(base: Omit<AuditCall, 'parameters' | 'resourceAccount'>, parameters: unknown): AuditCall {
    const params = parameters && typeof parameters === 'object' ? (parameters as JsonValue) : {};
    let recorded: JsonObject;
    try {
      recorded = redactSecrets(params) as JsonObject;
      const size = JSON.stringify(recorded).length;
      if (size > PARAMETERS_MAX)
        recorded = { omitted: `parameters of ${size} characters (over ${PARAMETERS_MAX})` };
    } catch {
      recorded = { omitted: 'parameters nested too deeply to record' };
    }
    // A call on another account's resource is that account's business too: its trail lists the record.
    const resourceAccount = parseArn(base.resource)?.account;
    return {
      ...base,
      ...(resourceAccount !== undefined && resourceAccount !== base.account && { resourceAccount }),
      parameters: recorded,
    };
  }

  /** Runs `work` with `scope` as the current request's audit scope (for the store's hook). */
  within<T>(scope: AuditScope, work: () => Promise<T>): Promise<T> {
    return scopes.run(scope, work);
  }

  /** Makes `scope` current for the rest of this request's asynchronous work (fastify hooks). */
  enter(scope: AuditScope): void {
    scopes.enterWith(scope);
  }

  /** The store's hook, part 1: taken when a unit of work is queued, in the caller's context. */
  capture(): AuditScope | undefined {
    return scopes.getStore();
  }

  /** The store's hook, part 2: at the end of a write unit, inside its transaction. */
  async endOfUnit(tx: StoreTx, events: readonly OutboxEvent[], scope: AuditScope | undefined): Promise<void> {
    if (!scope || scope.recorded || events.length === 0) return;
    const states = statesOf(events);
    await tx.appendAudit({
      ...scope.call,
      at: this.deps.clock.now(),
      outcome: 'allowed',
      ...(states.before && { before: states.before }),
      ...(states.after && { after: states.after }),
    });
    scope.recorded = true;
  }

  /** A request that ended without its record: a denied or failed attempt, or a call that changed nothing. */
  async finish(scope: AuditScope, outcome: AuditEntry['outcome'], errorCode?: string): Promise<void> {
    if (scope.recorded) return;
    scope.recorded = true;
    await this.deps.store.write((tx) =>
      tx.appendAudit({
        ...scope.call,
        at: this.deps.clock.now(),
        outcome,
        ...(errorCode !== undefined && { errorCode }),
      }),
    );
  }

  /** The last record of the whole trail, to save and later pass to `modelry audit verify --expect-head`. */
  head(): Promise<AuditHead | undefined> {
    return this.deps.store.read((tx) => tx.auditHead());
  }

  list(account: string, query: Omit<AuditQuery, 'account'>): Promise<AuditRecord[]> {
    return this.deps.store.read((tx) => tx.listAudit({ ...query, account }));
  }

  /** The approval status a version had at `at`, read from the trail. */
  async statusAt(account: string, versionArn: string, at: number): Promise<string | undefined> {
    return approvalStatusAt(await this.all(account, versionArn.replace(/\/\d+$/, '/')), versionArn, at);
  }

  /** The latest version of a group that was Approved at `at`, read from the trail. */
  async latestApprovedAt(account: string, groupArn: string, at: number) {
    const prefix = groupArn.replace(':model-package-group/', ':model-package/').toLowerCase();
    return latestApprovedAt(await this.all(account, `${prefix}/`), groupArn, at);
  }

  /** The account's records whose resource starts with `prefix`, in order. */
  private async all(account: string, prefix: string): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    let afterSeq = 0;
    for (;;) {
      const page = await this.deps.store.read((tx) => tx.listAudit({ account, limit: TRAIL_PAGE, afterSeq }));
      out.push(...page.filter((r) => r.resource.toLowerCase().startsWith(prefix.toLowerCase())));
      if (page.length < TRAIL_PAGE) return out;
      afterSeq = page.at(-1)!.seq;
    }
  }
}

/** Before/after approval and lifecycle, from the change the unit's events describe. */
function statesOf(events: readonly OutboxEvent[]): { before?: AuditState; after?: AuditState } {
  for (const { event } of events) {
    const detail = event.detail as {
      ModelApprovalStatus?: string;
      ModelLifeCycle?: { Stage?: string; StageStatus?: string };
      ChangeTypes?: string[];
      Changes?: Record<string, { Previous: unknown; Current: unknown }>;
    };
    if (detail.ModelApprovalStatus === undefined) continue;
    const changes = detail.Changes ?? {};
    const lifecycle = (v: unknown) =>
      v && typeof v === 'object' ? (v as { Stage?: string; StageStatus?: string }) : undefined;
    const state = (
      status: unknown,
      lc: { Stage?: string; StageStatus?: string } | undefined,
    ): AuditState => ({
      ...(typeof status === 'string' && { approvalStatus: status }),
      ...(lc?.Stage !== undefined && { stage: lc.Stage }),
      ...(lc?.StageStatus !== undefined && { stageStatus: lc.StageStatus }),
    });
    const after = state(detail.ModelApprovalStatus, detail.ModelLifeCycle);
    if (detail.ChangeTypes?.includes('Registered')) return { after };
    const before = state(
      changes.ModelApprovalStatus ? changes.ModelApprovalStatus.Previous : detail.ModelApprovalStatus,
      changes.ModelLifeCycle ? lifecycle(changes.ModelLifeCycle.Previous) : detail.ModelLifeCycle,
    );
    return { before, after };
  }
  return {};
}
