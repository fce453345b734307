import type { Scope } from '../domain/names.js';
import { type ActionInfo, native } from './action-info.js';
import { ARTIFACT_ACTIONS } from './actions-artifacts.js';
import { EVENT_ACTIONS } from './actions-events.js';
import { GOVERNANCE_ACTIONS } from './actions-governance.js';
import { REGISTRY_ACTIONS } from './actions-registry.js';

export type { AccessLevel, ActionInfo } from './action-info.js';

/**
 * The action catalogue: every action a Modelry policy can allow or deny, the resource each is checked
 * against (what RequestContext.resource holds) and the condition keys the request supplies beyond the
 * principal's own (aws:PrincipalArn, aws:PrincipalAccount, aws:username) and the request's (aws:SourceIp,
 * aws:CurrentTime). SageMaker-face operations are `sagemaker:<Operation>`; what only the native API
 * does is `modelry:<Action>`. Native routes that do what a SageMaker operation does share its action, so
 * one policy governs both faces.
 *
 * Resource forms follow AWS's service reference notation. Package ARNs carry the group name in lower
 * case (ADR 0002), so policies must write `model-package/churn/*` for group `Churn`: resource matching is
 * case-sensitive, as in IAM.
 */
export const ACTIONS: readonly ActionInfo[] = [
  ...REGISTRY_ACTIONS,
  ...GOVERNANCE_ACTIONS,
  ...ARTIFACT_ACTIONS,
  ...EVENT_ACTIONS,
];

/**
 * Native routes any authenticated caller may use whatever its policies, as AWS's GetCallerIdentity:
 * they only tell the caller about itself.
 */
export const SELF_ROUTES: readonly string[] = ['GET /auth/whoami'].map(native);

const BY_NAME = new Map(ACTIONS.map((a) => [a.name.toLowerCase(), a]));

/** The catalogue entry of an action, by name (case-insensitive, as IAM reads actions). */
export function findAction(name: string): ActionInfo | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Resource types of the native face, under the `modelry` service. */
export type NativeResourceType = 'event-rule' | 'event-target';

export function nativeResourceArn(scope: Scope, type: NativeResourceType, name: string): string {
  return `arn:${scope.partition}:modelry:${scope.region}:${scope.account}:${type}/${name}`;
}

/** The ARN of a role (built-in or custom): the resource of the role actions. */
export function roleArn(partition: string, account: string, name: string): string {
  return `arn:${partition}:iam::${account}:role/${name}`;
}

/** The ARN of an artifact (`*`: every artifact), the resource of the artifact actions. */
export function artifactArn(scope: Scope, sha256: string): string {
  return `arn:${scope.partition}:sagemaker:${scope.region}:${scope.account}:modelry-artifact/${sha256}`;
}

/** The ARN of a Modelry user: the principal in RequestContext, and the resource of ManageKeys/ManageTokens/ManageUsers. */
export function userArn(partition: string, account: string, name: string): string {
  return `arn:${partition}:iam::${account}:user/${name}`;
}
