import { accessDenied, evaluate, type RequestContext } from '../access/policy-evaluate.js';
import type { Actor } from '../domain/model.js';
import { parseArn, resolveGroupRef, resolvePackageRef } from '../domain/names.js';
import type { StoreTx } from '../ports/metadata-store.js';
import type { Caller } from './authenticator.js';
import { type ServiceDeps, scopeOf } from './context.js';
import { parseGroupPolicy } from './policies.js';

export type ConditionKeys = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What a request asks to do: the action, the resource it is checked on, and the request's condition keys. */
export interface AccessRequest {
  readonly action: string;
  /** An ARN, or `*` for account-wide actions. */
  readonly resource: string;
  readonly keys?: ConditionKeys;
}

/**
 * Actions on a group's versions checked on the group, since the version is not known yet (registering) or
 * there are many (listing). A statement on the group's versions covers them too: SageMaker's cross-account
 * policy examples grant them on `…:model-package/<group>/*`.
 */
const VERSION_ACTIONS_ON_GROUP = new Set(['sagemaker:CreateModelPackage', 'sagemaker:ListModelPackages']);

/** `…:model-package/<group lower case>/*` for a group ARN, else undefined. */
function versionsOf(resource: string): string | undefined {
  const arn = parseArn(resource);
  if (arn?.service !== 'sagemaker' || arn.resourceType !== 'model-package-group') return undefined;
  return `arn:${arn.partition}:sagemaker:${arn.region}:${arn.account}:model-package/${arn.resource.toLowerCase()}/*`;
}

/**
 * Decides every request with the caller's identity policies and, for groups and their versions, the
 * group's resource policy; resource tags are read only when a policy asks for them. A denial is an
 * AccessDenied naming the principal, the action and the resource.
 */
export class Authorizer {
  constructor(private readonly deps: ServiceDeps) {}

  /** Where the caller's resources live: its account, this registry's partition and region. */
  scope(caller: Caller) {
    return scopeOf(this.deps, caller.actor);
  }

  scopeFor(actor: Actor) {
    return scopeOf(this.deps, actor);
  }

  async check(caller: Caller, request: AccessRequest, sourceIp?: string): Promise<void> {
    const resourceAccount = this.resourceAccount(caller, request.resource);
    const { resourcePolicy, tags } = await this.deps.store.read(async (tx) => {
      const policy = await this.groupPolicy(tx, caller, request.resource);
      const wantsTags = [...caller.policies, ...(policy ? [policy] : [])].some((p) =>
        JSON.stringify(p).includes('aws:ResourceTag'),
      );
      return {
        resourcePolicy: policy,
        tags: wantsTags ? await this.resourceTags(tx, caller, request.resource) : [],
      };
    });
    const keys: Record<string, string | readonly string[] | undefined> = {
      ...request.keys,
      'aws:CurrentTime': new Date(this.deps.clock.now()).toISOString(),
      ...(sourceIp !== undefined && { 'aws:SourceIp': sourceIp }),
    };
    for (const tag of tags) keys[`aws:ResourceTag/${tag.key}`] = tag.value;
    const versions = VERSION_ACTIONS_ON_GROUP.has(request.action) ? versionsOf(request.resource) : undefined;
    const ctx: RequestContext = {
      principalArn: caller.principalArn,
      principalAccount: caller.principal.account,
      action: request.action,
      resource: request.resource,
      ...(versions !== undefined && { resourceAliases: [versions] }),
      resourceAccount,
      keys,
    };
    const decision = evaluate(ctx, caller.policies, resourcePolicy);
    if (!decision.allowed) throw accessDenied(ctx, decision);
  }

  private async groupPolicy(tx: StoreTx, caller: Caller, resource: string) {
    const group = await this.groupOf(tx, caller, resource);
    const text = group && (await tx.getGroupPolicy(group.id));
    return text ? parseGroupPolicy(text) : undefined;
  }

  /**
   * The account a resource is in, as IAM compares it with the caller's: a group or version ARN may be
   * another account's (reached through the group's resource policy). The home account administers the
   * users of every account, so for its principals another account's user counts as their own: their
   * identity policies alone decide, as for an organization's management account.
   */
  private resourceAccount(caller: Caller, resource: string): string {
    const arn = parseArn(resource);
    const own = caller.principal.account;
    if (!arn || (arn.service === 'iam' && own === this.deps.homeAccount)) return own;
    return arn.account;
  }

  private async resourceTags(tx: StoreTx, caller: Caller, resource: string) {
    const scope = scopeOf(this.deps, caller.actor);
    const arn = parseArn(resource);
    if (arn?.resourceType === 'model-package') {
      const ref = resolvePackageRef(scope, resource);
      const pkg =
        ref && !ref.foreign
          ? ref.kind === 'version'
            ? await tx.findVersion(ref.account, ref.group, ref.version)
            : await tx.findUnversioned(ref.account, ref.name)
          : undefined;
      return pkg ? (await tx.listTags({ type: 'package', id: pkg.id }, { limit: 50 })).items : [];
    }
    const group = await this.groupOf(tx, caller, resource);
    return group ? (await tx.listTags({ type: 'group', id: group.id }, { limit: 50 })).items : [];
  }

  /** The group a group or version ARN belongs to, in the ARN's account, if it exists here. */
  private async groupOf(tx: StoreTx, caller: Caller, resource: string) {
    const arn = parseArn(resource);
    if (!arn) return undefined;
    const scope = scopeOf(this.deps, caller.actor);
    if (arn.resourceType === 'model-package-group') {
      const ref = resolveGroupRef(scope, resource);
      return ref && !ref.foreign ? tx.findGroup(ref.account, ref.name) : undefined;
    }
    const ref = arn.resourceType === 'model-package' ? resolvePackageRef(scope, resource) : undefined;
    return ref?.kind === 'version' && !ref.foreign ? tx.findGroup(ref.account, ref.group) : undefined;
  }
}
