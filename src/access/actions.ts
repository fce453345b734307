// biome-ignore-all lint/suspicious/noTemplateCurlyInString: resource forms use AWS's ${Name} notation, not JS templates
import type { Scope } from '../domain/names.js';

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

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Tagging' | 'Permissions management';

export interface ActionInfo {
  readonly name: string;
  readonly access: AccessLevel;
  readonly description: string;
  /** ARN forms of the resource checked; `*` when the action is account-wide. */
  readonly resources: readonly string[];
  /** Condition keys the request context carries for this action (when the request has them). */
  readonly conditionKeys: readonly string[];
  /** `SageMaker.<Op>` for the SageMaker face, `METHOD /api/v1/...` for native routes. */
  readonly routes: readonly string[];
}

const GROUP = 'arn:${Partition}:sagemaker:${Region}:${Account}:model-package-group/${ModelPackageGroupName}';
const VERSION =
  'arn:${Partition}:sagemaker:${Region}:${Account}:model-package/${GroupNameLowerCase}/${Version}';
const UNVERSIONED =
  'arn:${Partition}:sagemaker:${Region}:${Account}:model-package/${ModelPackageNameLowerCase}';
const USER = 'arn:${Partition}:iam::${Account}:user/${UserName}';
const ROLE = 'arn:${Partition}:iam::${Account}:role/${RoleName}';
const EVENT_RULE = 'arn:${Partition}:modelry:${Region}:${Account}:event-rule/${RuleName}';
const EVENT_TARGET = 'arn:${Partition}:modelry:${Region}:${Account}:event-target/${TargetName}';
const ARTIFACT = 'arn:${Partition}:sagemaker:${Region}:${Account}:modelry-artifact/${Sha256}';
const ALL_ARTIFACTS = 'arn:${Partition}:sagemaker:${Region}:${Account}:modelry-artifact/*';
const ALL = '*';

const RESOURCE_TAGS = ['aws:ResourceTag/${TagKey}'];
const REQUEST_TAGS = ['aws:RequestTag/${TagKey}', 'aws:TagKeys'];
const APPROVAL = 'sagemaker:ModelApprovalStatus';
const LIFECYCLE = ['sagemaker:ModelLifeCycle:stage', 'sagemaker:ModelLifeCycle:stageStatus'];

const API = '/api/v1';

function action(
  name: string,
  access: AccessLevel,
  description: string,
  resources: readonly string[],
  conditionKeys: readonly string[],
  routes: readonly string[],
): ActionInfo {
  const sageMaker = name.startsWith('sagemaker:') ? [`SageMaker.${name.slice('sagemaker:'.length)}`] : [];
  return {
    name,
    access,
    description,
    resources,
    conditionKeys,
    routes: [...sageMaker, ...routes.map(native)],
  };
}

const native = (route: string) => route.replace(' /', ` ${API}/`);

function eventConfig(noun: 'Rule' | 'Target', arn: string, path: string): ActionInfo[] {
  const word = noun.toLowerCase();
  return [
    action(`modelry:CreateEvent${noun}`, 'Write', `Create an event ${word}.`, [arn], [], [`POST ${path}`]),
    action(
      `modelry:DescribeEvent${noun}`,
      'Read',
      `Describe an event ${word}.`,
      [arn],
      [],
      [`GET ${path}/:name`],
    ),
    action(`modelry:ListEvent${noun}s`, 'List', `List event ${word}s.`, [ALL], [], [`GET ${path}`]),
    action(
      `modelry:UpdateEvent${noun}`,
      'Write',
      `Change an event ${word}.`,
      [arn],
      [],
      [`PATCH ${path}/:name`],
    ),
    action(
      `modelry:DeleteEvent${noun}`,
      'Write',
      `Delete an event ${word}.`,
      [arn],
      [],
      [`DELETE ${path}/:name`],
    ),
  ];
}

export const ACTIONS: readonly ActionInfo[] = [
  // SageMaker face: the operations of src/http/awsjson/operations/index.ts.
  action(
    'sagemaker:CreateModelPackageGroup',
    'Write',
    'Create a model package group.',
    [GROUP],
    REQUEST_TAGS,
    ['POST /groups'],
  ),
  action('sagemaker:DescribeModelPackageGroup', 'Read', 'Describe a group.', [GROUP], RESOURCE_TAGS, [
    'GET /groups/:group',
  ]),
  action(
    'sagemaker:ListModelPackageGroups',
    'List',
    'List the groups of the account.',
    [ALL],
    [],
    ['GET /groups'],
  ),
  action('sagemaker:DeleteModelPackageGroup', 'Write', 'Delete an empty group.', [GROUP], RESOURCE_TAGS, [
    'DELETE /groups/:group',
  ]),
  action(
    'sagemaker:PutModelPackageGroupPolicy',
    'Permissions management',
    "Set a group's resource policy (cross-account sharing).",
    [GROUP],
    RESOURCE_TAGS,
    [],
  ),
  action(
    'sagemaker:GetModelPackageGroupPolicy',
    'Read',
    "Read a group's resource policy.",
    [GROUP],
    RESOURCE_TAGS,
    [],
  ),
  action(
    'sagemaker:DeleteModelPackageGroupPolicy',
    'Permissions management',
    "Remove a group's resource policy.",
    [GROUP],
    RESOURCE_TAGS,
    [],
  ),
  action(
    'sagemaker:CreateModelPackage',
    'Write',
    'Register a version (checked on its group, as the version number is not known yet; a statement on the versions of the group, `model-package/<group>/*`, covers it too) or an unversioned package. sagemaker:ModelApprovalStatus is present only when the request sets a status.',
    [GROUP, UNVERSIONED],
    [APPROVAL, ...LIFECYCLE, ...REQUEST_TAGS, ...RESOURCE_TAGS],
    ['POST /groups/:group/versions'],
  ),
  action(
    'sagemaker:DescribeModelPackage',
    'Read',
    'Describe a version or unversioned package.',
    [VERSION, UNVERSIONED],
    RESOURCE_TAGS,
    ['GET /groups/:group/versions/:version'],
  ),
  action(
    'sagemaker:ListModelPackages',
    'List',
    'List packages: checked on the group when the request names one (so a group resource policy can share it; a statement on the versions of the group, `model-package/<group>/*`, covers it too), else on `*`.',
    [GROUP, ALL],
    RESOURCE_TAGS,
    ['GET /groups/:group/versions', 'GET /groups/:group/versions/latest'],
  ),
  action(
    'sagemaker:UpdateModelPackage',
    'Write',
    "Change a package's mutable members. sagemaker:ModelApprovalStatus is present only when the request changes the approval status, and the lifecycle keys only when it sets ModelLifeCycle: that is how a policy tells approving from editing.",
    [VERSION, UNVERSIONED],
    [APPROVAL, ...LIFECYCLE, ...RESOURCE_TAGS],
    ['PATCH /groups/:group/versions/:version', 'POST /groups/:group/versions/:version/approval'],
  ),
  action(
    'sagemaker:DeleteModelPackage',
    'Write',
    'Delete a version or unversioned package.',
    [VERSION, UNVERSIONED],
    RESOURCE_TAGS,
    ['DELETE /groups/:group/versions/:version'],
  ),
  action(
    'sagemaker:BatchDescribeModelPackage',
    'Read',
    'Describe several packages: checked once per ARN; denied ones land in the error map.',
    [VERSION, UNVERSIONED],
    RESOURCE_TAGS,
    [],
  ),
  action(
    'sagemaker:AddTags',
    'Tagging',
    'Add or overwrite tags of a group or package.',
    [GROUP, VERSION, UNVERSIONED],
    [...REQUEST_TAGS, ...RESOURCE_TAGS],
    [],
  ),
  action(
    'sagemaker:ListTags',
    'Read',
    'List the tags of a group or package.',
    [GROUP, VERSION, UNVERSIONED],
    RESOURCE_TAGS,
    [],
  ),
  action(
    'sagemaker:DeleteTags',
    'Tagging',
    'Remove tags from a group or package.',
    [GROUP, VERSION, UNVERSIONED],
    ['aws:TagKeys', ...RESOURCE_TAGS],
    [],
  ),

  // Native registry routes with no SageMaker operation.
  action(
    'modelry:UpdateModelPackageGroup',
    'Write',
    "Change a group's description.",
    [GROUP],
    RESOURCE_TAGS,
    ['PATCH /groups/:group'],
  ),
  action(
    'modelry:ListModelPackageApprovals',
    'Read',
    'Read who changed the approval status of a version, when and why.',
    [VERSION],
    RESOURCE_TAGS,
    ['GET /groups/:group/versions/:version/approvals'],
  ),

  // Governance.
  action('modelry:GetApprovalRules', 'Read', "Read a group's approval rules.", [GROUP], RESOURCE_TAGS, [
    'GET /groups/:group/approval-rules',
  ]),
  action(
    'modelry:PutApprovalRules',
    'Permissions management',
    "Set a group's approval rules (approvers, gates).",
    [GROUP],
    RESOURCE_TAGS,
    ['PUT /groups/:group/approval-rules'],
  ),
  action(
    'modelry:SetSeparationOfDuties',
    'Permissions management',
    'Require that the approver of a version is not its registrant.',
    [GROUP],
    RESOURCE_TAGS,
    [],
  ),
  action(
    'modelry:ReadAudit',
    'Read',
    'Read and verify the audit log of the account.',
    [ALL],
    [],
    ['GET /audit', 'GET /audit/status', 'GET /audit/head'],
  ),

  // Identity: checked on the user concerned, so `user/${aws:username}` grants self-service.
  action(
    'modelry:ManageUsers',
    'Permissions management',
    'Create, describe, change and delete users and what policies and roles they hold (`*` to list users).',
    [USER, ALL],
    [],
    [
      'POST /auth/users',
      'GET /auth/users',
      'GET /auth/users/:name',
      'PATCH /auth/users/:name',
      'DELETE /auth/users/:name',
      'GET /auth/users/:name/policies',
      'PUT /auth/users/:name/policies/:policy',
      'DELETE /auth/users/:name/policies/:policy',
    ],
  ),
  action(
    'modelry:ManageKeys',
    'Permissions management',
    "Create, list and revoke a user's SigV4 access keys.",
    [USER],
    [],
    [
      'POST /auth/users/:user/keys',
      'GET /auth/users/:user/keys',
      'DELETE /auth/users/:user/keys/:id',
      'POST /auth/users/:user/keys/:id/rotate',
    ],
  ),
  action(
    'modelry:ManageTokens',
    'Permissions management',
    "Create, list and revoke a user's bearer tokens.",
    [USER],
    [],
    [
      'POST /auth/users/:user/tokens',
      'GET /auth/users/:user/tokens',
      'DELETE /auth/users/:user/tokens/:id',
      'POST /auth/users/:user/tokens/:id/rotate',
    ],
  ),
  action(
    'modelry:ListRoles',
    'List',
    'List the built-in and custom roles with their policy documents.',
    [ALL],
    [],
    ['GET /auth/roles'],
  ),
  action(
    'modelry:GetRole',
    'Read',
    'Describe a built-in or custom role.',
    [ROLE],
    [],
    ['GET /auth/roles/:name'],
  ),
  action(
    'modelry:CreateRole',
    'Permissions management',
    'Create a custom role (checked on the ARN of the role to be created).',
    [ROLE],
    [],
    ['POST /auth/roles'],
  ),
  action(
    'modelry:UpdateRole',
    'Permissions management',
    "Change a custom role's policy document or description; its holders get the change with their next request.",
    [ROLE],
    [],
    ['PUT /auth/roles/:name'],
  ),
  action(
    'modelry:DeleteRole',
    'Permissions management',
    'Delete a custom role that no principal holds.',
    [ROLE],
    [],
    ['DELETE /auth/roles/:name'],
  ),

  // Artifacts: content-addressed blobs, shared by every account that knows their digest.
  action(
    'modelry:PutArtifact',
    'Write',
    'Upload an artifact, whole or through a resumable upload session (checked on all artifacts: the digest is known only once the bytes are in).',
    [ALL_ARTIFACTS],
    [],
    [
      'POST /artifacts',
      'POST /artifacts/uploads',
      'GET /artifacts/uploads/:id',
      'PATCH /artifacts/uploads/:id',
      'POST /artifacts/uploads/:id/complete',
      'DELETE /artifacts/uploads/:id',
    ],
  ),
  action(
    'modelry:GetArtifact',
    'Read',
    'Download an artifact, or read its size and digest (HEAD).',
    [ARTIFACT],
    [],
    ['GET /artifacts/:sha256', 'HEAD /artifacts/:sha256'],
  ),
  action(
    'modelry:ListArtifacts',
    'List',
    'List the stored artifacts.',
    [ALL_ARTIFACTS],
    [],
    ['GET /artifacts'],
  ),
  action(
    'modelry:VerifyArtifacts',
    'Read',
    'Re-read every stored artifact and report those whose bytes no longer match their digest.',
    [ALL_ARTIFACTS],
    [],
    ['POST /artifacts/verify'],
  ),
  action(
    'modelry:CollectArtifactGarbage',
    'Write',
    'Delete the artifacts no package references (after a grace period) and abandoned upload sessions.',
    [ALL_ARTIFACTS],
    [],
    ['POST /artifacts/gc'],
  ),

  // Events.
  ...eventConfig('Target', EVENT_TARGET, '/events/targets'),
  ...eventConfig('Rule', EVENT_RULE, '/events/rules'),
  action(
    'modelry:ListEvents',
    'List',
    'List and stream published events.',
    [ALL],
    [],
    ['GET /events', 'GET /events/stream'],
  ),
  action(
    'modelry:DescribeEvent',
    'Read',
    'Describe an event with its deliveries.',
    [ALL],
    [],
    ['GET /events/:id'],
  ),
  action(
    'modelry:ListEventDeliveries',
    'List',
    'List deliveries of events to targets.',
    [ALL],
    [],
    ['GET /events/deliveries'],
  ),
  action(
    'modelry:DescribeEventDelivery',
    'Read',
    'Describe a delivery with its attempts.',
    [ALL],
    [],
    ['GET /events/deliveries/:id'],
  ),
  action(
    'modelry:ReplayEvents',
    'Write',
    'Send published events again, to their rules or to one target.',
    [ALL],
    [],
    ['POST /events/replay', 'POST /events/:id/replay'],
  ),
  action(
    'modelry:TestEventPattern',
    'Read',
    'Test an event pattern against an event (no stored data is read).',
    [ALL],
    [],
    ['POST /events/test-pattern'],
  ),
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
