import type { ServiceDeps } from './context.js';
import { GroupService } from './groups.js';
import { PolicyService } from './policies.js';
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
}

export function createRegistry(deps: ServiceDeps): Registry {
  return {
    groups: new GroupService(deps),
    versions: new VersionService(deps),
    updates: new VersionUpdateService(deps),
    queries: new VersionQueryService(deps),
    tags: new TagService(deps),
    policies: new PolicyService(deps),
  };
}
