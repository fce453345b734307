// biome-ignore-all lint/suspicious/noTemplateCurlyInString: resource forms use AWS's ${Name} notation, not JS templates

/** The building blocks of the action catalogue (actions.ts): entry type, resource forms, condition keys. */

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

export const GROUP =
  'arn:${Partition}:sagemaker:${Region}:${Account}:model-package-group/${ModelPackageGroupName}';
export const VERSION =
  'arn:${Partition}:sagemaker:${Region}:${Account}:model-package/${GroupNameLowerCase}/${Version}';
export const UNVERSIONED =
  'arn:${Partition}:sagemaker:${Region}:${Account}:model-package/${ModelPackageNameLowerCase}';
export const USER = 'arn:${Partition}:iam::${Account}:user/${UserName}';
export const ROLE = 'arn:${Partition}:iam::${Account}:role/${RoleName}';
export const EVENT_RULE = 'arn:${Partition}:modelry:${Region}:${Account}:event-rule/${RuleName}';
export const EVENT_TARGET = 'arn:${Partition}:modelry:${Region}:${Account}:event-target/${TargetName}';
export const ARTIFACT = 'arn:${Partition}:sagemaker:${Region}:${Account}:modelry-artifact/${Sha256}';
export const ALL_ARTIFACTS = 'arn:${Partition}:sagemaker:${Region}:${Account}:modelry-artifact/*';
export const ALL = '*';

export const RESOURCE_TAGS = ['aws:ResourceTag/${TagKey}'];
export const REQUEST_TAGS = ['aws:RequestTag/${TagKey}', 'aws:TagKeys'];
export const APPROVAL = 'sagemaker:ModelApprovalStatus';
export const LIFECYCLE = ['sagemaker:ModelLifeCycle:stage', 'sagemaker:ModelLifeCycle:stageStatus'];

export const API = '/api/v1';

export function action(
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

export const native = (route: string) => route.replace(' /', ` ${API}/`);
