// biome-ignore-all lint/suspicious/noTemplateCurlyInString: resource forms use AWS's ${Name} notation, not JS templates
import { type ActionInfo, ALL, action, GROUP, RESOURCE_TAGS, ROLE, USER } from './action-info.js';

/** Governance: approval rules, audit, users, roles, keys and tokens. */
export const GOVERNANCE_ACTIONS: readonly ActionInfo[] = [
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
];
