import { DomainError } from '../domain/errors.js';
import {
  type ConditionBlock,
  listOf,
  type PolicyDocument,
  type PolicyPrincipal,
  type Statement,
} from './policy.js';
import { keyHolds, readOperator } from './policy-conditions.js';
import { type KeyLookup, resolveTemplate } from './policy-variables.js';
import { patternMatches } from './policy-wildcard.js';

/** What is asked: who, what action, on which resource, and the condition keys of the request. */
export interface RequestContext {
  /** `arn:aws:iam::<account>:user/<name>` (or a role ARN). */
  readonly principalArn: string;
  readonly principalAccount: string;
  /** `sagemaker:UpdateModelPackage`, `modelry:ReadAudit`: see actions.ts. */
  readonly action: string;
  /** The ARN the action is on, or `*` for account-wide actions (actions.ts says which). */
  readonly resource: string;
  /**
   * Further ARNs a statement's Resource may name to cover this request. An action on a group's versions
   * that is checked on the group (registering one, listing them) also answers to the group's versions,
   * `…:model-package/<group>/*`, as SageMaker's cross-account policy examples write them.
   */
  readonly resourceAliases?: readonly string[];
  readonly resourceAccount: string;
  /**
   * Condition keys (names are case-insensitive, as in IAM): `sagemaker:ModelApprovalStatus`,
   * `sagemaker:ModelLifeCycle:stage`, `sagemaker:ModelLifeCycle:stageStatus`, `aws:ResourceTag/<key>`,
   * `aws:RequestTag/<key>`, `aws:TagKeys`, `aws:SourceIp`, `aws:CurrentTime`, ... `aws:PrincipalArn`,
   * `aws:PrincipalAccount` and `aws:username` are filled in from the principal.
   */
  readonly keys: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export interface Decision {
  readonly allowed: boolean;
  readonly reason: 'explicit-deny' | 'allowed' | 'implicit-deny';
  /** AWS's sentence: `User: <arn> is not authorized to perform: <action> on resource: <arn> because ...`. */
  readonly message: string;
  /** The deciding statement: its Sid, else `identity-policy[p].Statement[s]` / `resource-policy.Statement[s]`. */
  readonly statement?: string;
}

/**
 * IAM's evaluation, for identity policies and one resource policy:
 * 1. an applicable Deny in any policy denies;
 * 2. same account: an Allow in an identity policy, or in the resource policy for this principal, allows.
 *    A resource policy Allow that names only the whole account delegates to the account, so it still
 *    needs an identity policy Allow (IAM does the same);
 * 3. another account: both the resource policy and the caller's own identity policies must allow.
 * Anything else is denied implicitly.
 */
export function evaluate(
  ctx: RequestContext,
  identityPolicies: readonly PolicyDocument[],
  resourcePolicy?: PolicyDocument,
): Decision {
  const lookup = keyLookup(ctx);
  let identityAllow: string | undefined;
  for (const [p, policy] of identityPolicies.entries()) {
    for (const [s, statement] of policy.Statement.entries()) {
      if (!applies(statement, policy, ctx, lookup)) continue;
      const ref = statement.Sid ?? `identity-policy[${p}].Statement[${s}]`;
      if (statement.Effect === 'Deny')
        return denied(ctx, 'with an explicit deny in an identity-based policy', ref);
      identityAllow ??= ref;
    }
  }
  let resourceAllow: { ref: string; delegated: boolean } | undefined;
  for (const [s, statement] of (resourcePolicy?.Statement ?? []).entries()) {
    const grant = principalGrant(statement.Principal, ctx);
    if (grant === undefined || !applies(statement, resourcePolicy!, ctx, lookup)) continue;
    const ref = statement.Sid ?? `resource-policy.Statement[${s}]`;
    if (statement.Effect === 'Deny')
      return denied(ctx, 'with an explicit deny in a resource-based policy', ref);
    if (resourceAllow === undefined || (resourceAllow.delegated && grant === 'principal'))
      resourceAllow = { ref, delegated: grant === 'account' };
  }
  const noIdentity = `because no identity-based policy allows the ${ctx.action} action`;
  if (ctx.principalAccount === ctx.resourceAccount) {
    if (identityAllow !== undefined) return allowed(ctx, identityAllow);
    if (resourceAllow !== undefined && !resourceAllow.delegated) return allowed(ctx, resourceAllow.ref);
    return denied(ctx, noIdentity);
  }
  if (resourceAllow === undefined)
    return denied(ctx, `because no resource-based policy allows the ${ctx.action} action`);
  if (identityAllow === undefined) return denied(ctx, noIdentity);
  return allowed(ctx, resourceAllow.ref);
}

/** The AccessDenied error for a denial: which action on which resource, for whom, and why. */
export function accessDenied(ctx: RequestContext, decision: Decision): DomainError {
  return new DomainError('AccessDenied', decision.message, {
    principal: ctx.principalArn,
    action: ctx.action,
    resource: ctx.resource,
    reason: decision.reason,
    ...(decision.statement !== undefined && { statement: decision.statement }),
  });
}

function subject(ctx: RequestContext): string {
  return `User: ${ctx.principalArn}`;
}

function allowed(ctx: RequestContext, statement: string): Decision {
  const message = `${subject(ctx)} is authorized to perform: ${ctx.action} on resource: ${ctx.resource}`;
  return { allowed: true, reason: 'allowed', message, statement };
}

function denied(ctx: RequestContext, why: string, statement?: string): Decision {
  const message = `${subject(ctx)} is not authorized to perform: ${ctx.action} on resource: ${ctx.resource} ${why}`;
  return statement === undefined
    ? { allowed: false, reason: 'implicit-deny', message }
    : { allowed: false, reason: 'explicit-deny', message, statement };
}

function keyLookup(ctx: RequestContext): KeyLookup {
  const keys = new Map<string, string | readonly string[]>();
  for (const [name, value] of Object.entries(ctx.keys))
    if (value !== undefined) keys.set(name.toLowerCase(), value);
  // The principal's identity comes from authentication, never from request-supplied keys.
  const user = /:user\/(?:.*\/)?([^/]+)$/.exec(ctx.principalArn)?.[1];
  if (user !== undefined) keys.set('aws:username', user);
  keys.set('aws:principalarn', ctx.principalArn);
  keys.set('aws:principalaccount', ctx.principalAccount);
  return (key) => keys.get(key.toLowerCase());
}

function applies(
  statement: Statement,
  policy: PolicyDocument,
  ctx: RequestContext,
  lookup: KeyLookup,
): boolean {
  const variables = policy.Version === '2012-10-17';
  const actionHit = (patterns: readonly string[]) =>
    patterns.some((p) => patternMatches([{ text: p, literal: false }], ctx.action, 'ignore-case'));
  const resources = [ctx.resource, ...(ctx.resourceAliases ?? [])];
  const resourceHit = (patterns: readonly string[]) =>
    patterns.some((p) => {
      if (p === '*') return true;
      const parts = resolveTemplate(p, variables, lookup);
      return parts !== undefined && resources.some((r) => patternMatches(parts, r, 'arn'));
    });
  const actionOk =
    statement.Action !== undefined
      ? actionHit(listOf(statement.Action))
      : !actionHit(listOf(statement.NotAction!));
  if (!actionOk) return false;
  const resourceOk =
    statement.Resource !== undefined
      ? resourceHit(listOf(statement.Resource))
      : !resourceHit(listOf(statement.NotResource!));
  return (
    resourceOk &&
    (statement.Condition === undefined || conditionHolds(statement.Condition, variables, lookup))
  );
}

/** Every key of every operator must hold (AND). */
function conditionHolds(condition: ConditionBlock, variables: boolean, lookup: KeyLookup): boolean {
  for (const [name, block] of Object.entries(condition)) {
    const operator = readOperator(name);
    for (const [key, value] of Object.entries(block)) {
      const values = Array.isArray(value) ? (value as readonly string[]) : [String(value)];
      if (!keyHolds(operator, lookup(key), values, variables, lookup)) return false;
    }
  }
  return true;
}

/**
 * Whether a resource policy statement names the caller: 'principal' for `*` or the caller's own ARN,
 * 'account' for its account (`123456789012` or `arn:aws:iam::123456789012:root`), else undefined.
 */
function principalGrant(
  principal: PolicyPrincipal | undefined,
  ctx: RequestContext,
): 'principal' | 'account' | undefined {
  if (principal === undefined) return undefined;
  if (principal === '*') return 'principal';
  let grant: 'account' | undefined;
  for (const p of listOf(principal.AWS)) {
    if (p === '*' || p === ctx.principalArn) return 'principal';
    if (
      p === ctx.principalAccount ||
      /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(p)?.[1] === ctx.principalAccount
    )
      grant = 'account';
  }
  return grant;
}
