import { ApprovalRuleService } from './approval-rules.js';
import { ArtifactService } from './artifacts.js';
import { AuditService } from './audit.js';
import { Authenticator } from './authenticator.js';
import { Authorizer } from './authorizer.js';
import type { ServiceDeps } from './context.js';
import { EventDeliveryService } from './event-delivery.js';
import { EventLogService } from './event-log.js';
import { EventRelayService } from './event-relay.js';
import { EventRuleService } from './event-rules.js';
import type { EventSettings } from './event-settings.js';
import { EventTargetService } from './event-targets.js';
import { GroupService } from './groups.js';
import { IdentityService } from './identities.js';
import { PolicyService } from './policies.js';
import { RoleService } from './roles.js';
import { TagService } from './tags.js';
import { VersionQueryService } from './version-queries.js';
import { VersionUpdateService } from './version-updates.js';
import { VersionService } from './versions.js';

/** The use cases both API faces call. */
export interface Registry {
  readonly groups: GroupService;
  readonly versions: VersionService;
  readonly updates: VersionUpdateService;
  readonly queries: VersionQueryService;
  readonly tags: TagService;
  readonly policies: PolicyService;
  readonly audit: AuditService;
  readonly approvalRules: ApprovalRuleService;
  readonly artifacts: ArtifactService;
  readonly auth: {
    readonly identities: IdentityService;
    readonly roles: RoleService;
    readonly authenticator: Authenticator;
    readonly authorizer: Authorizer;
  };
  readonly events: {
    readonly targets: EventTargetService;
    readonly rules: EventRuleService;
    readonly log: EventLogService;
    readonly relay: EventRelayService;
    readonly delivery: EventDeliveryService;
  };
}

export function createRegistry(deps: ServiceDeps, events: EventSettings): Registry {
  const relay = new EventRelayService(deps);
  return {
    audit: new AuditService(deps),
    approvalRules: new ApprovalRuleService(deps),
    artifacts: new ArtifactService(deps),
    auth: {
      identities: new IdentityService(deps),
      roles: new RoleService(deps),
      authenticator: new Authenticator(deps),
      authorizer: new Authorizer(deps),
    },
    events: {
      targets: new EventTargetService(deps, events),
      rules: new EventRuleService(deps),
      log: new EventLogService(deps, relay),
      relay,
      delivery: new EventDeliveryService(deps, events),
    },
    groups: new GroupService(deps),
    versions: new VersionService(deps),
    updates: new VersionUpdateService(deps),
    queries: new VersionQueryService(deps),
    tags: new TagService(deps),
    policies: new PolicyService(deps),
  };
}
