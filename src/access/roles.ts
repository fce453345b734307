import type { PolicyDocument, Statement } from './policy.js';

/**
 * The built-in roles, written as the policy documents users read in the docs and can copy to build their
 * own. Roles hold only Allow statements, so they compose: a user holding data-scientist and approver can
 * both register and approve. (A Deny in data-scientist would override approver's Allow for such a user.)
 * "Register but not approve" is therefore said with conditions on sagemaker:ModelApprovalStatus, which
 * the request carries only when it sets or changes an approval status:
 * - data-scientist may UpdateModelPackage only when that key is absent (Null: true), and may
 *   CreateModelPackage only as PendingManualApproval (or without a status, which defaults to it);
 * - approver may UpdateModelPackage only when the key is present (Null: false): approval decisions.
 *
 * Left to admin on purpose: deleting groups and versions (registry history), resource policies and
 * approval rules (who may do what: an approver who could edit them could waive separation of duties for
 * themselves), users, event rules, targets and replays (targets send registry data to outside URLs, replays
 * can re-trigger deployments), the audit log (it records source addresses and credential changes of
 * every user; a viewer sees approval history through modelry:ListModelPackageApprovals), and verifying
 * and collecting artifacts (both read every stored byte; collection deletes).
 */

export type BuiltInRole = 'viewer' | 'data-scientist' | 'approver' | 'admin';

const APPROVAL = 'sagemaker:ModelApprovalStatus';

const READ_REGISTRY: Statement = {
  Sid: 'ReadRegistry',
  Effect: 'Allow',
  Action: [
    'sagemaker:Describe*',
    'sagemaker:List*',
    'sagemaker:Get*',
    'sagemaker:BatchDescribe*',
    'sagemaker:Search',
    'modelry:ListModelPackageApprovals',
    'modelry:GetApprovalRules',
    'modelry:GetArtifact',
    'modelry:ListArtifacts',
  ],
  Resource: '*',
};

const READ_EVENTS: Statement = {
  Sid: 'ReadEvents',
  Effect: 'Allow',
  Action: [
    'modelry:ListEvents',
    'modelry:DescribeEvent',
    'modelry:ListEventDeliveries',
    'modelry:DescribeEventDelivery',
    'modelry:ListEventRules',
    'modelry:DescribeEventRule',
    'modelry:ListEventTargets',
    'modelry:DescribeEventTarget',
    'modelry:TestEventPattern',
  ],
  Resource: '*',
};

/** Everyone may manage their own credentials: the resource of these actions is the user they belong to. */
const OWN_CREDENTIALS: Statement = {
  Sid: 'ManageOwnCredentials',
  Effect: 'Allow',
  Action: ['modelry:ManageKeys', 'modelry:ManageTokens'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, substituted at evaluation
  Resource: 'arn:*:iam::${aws:PrincipalAccount}:user/${aws:username}',
};

const VIEWER = [READ_REGISTRY, READ_EVENTS, OWN_CREDENTIALS];

const role = (...statements: Statement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements,
});

export const BUILT_IN_ROLES: Readonly<Record<BuiltInRole, PolicyDocument>> = {
  viewer: role(...VIEWER),
  'data-scientist': role(
    ...VIEWER,
    {
      Sid: 'CreateGroupsAndTag',
      Effect: 'Allow',
      Action: [
        'sagemaker:CreateModelPackageGroup',
        'modelry:UpdateModelPackageGroup',
        'sagemaker:AddTags',
        'sagemaker:DeleteTags',
      ],
      Resource: '*',
    },
    {
      Sid: 'UploadArtifacts',
      Effect: 'Allow',
      Action: 'modelry:PutArtifact',
      Resource: '*',
    },
    {
      Sid: 'RegisterPendingApproval',
      Effect: 'Allow',
      Action: 'sagemaker:CreateModelPackage',
      Resource: '*',
      Condition: { StringEqualsIfExists: { [APPROVAL]: 'PendingManualApproval' } },
    },
    {
      Sid: 'UpdateWithoutApproving',
      Effect: 'Allow',
      Action: 'sagemaker:UpdateModelPackage',
      Resource: '*',
      Condition: { Null: { [APPROVAL]: 'true' } },
    },
  ),
  approver: role(...VIEWER, {
    Sid: 'DecideApproval',
    Effect: 'Allow',
    Action: 'sagemaker:UpdateModelPackage',
    Resource: '*',
    Condition: { Null: { [APPROVAL]: 'false' } },
  }),
  admin: role({ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }),
};
