import {
  ANY_LINE,
  ARN_OR_NAME,
  CUSTOMER_METADATA_KEY,
  CUSTOMER_METADATA_VALUE,
  ENTITY_DESCRIPTION,
  ENTITY_NAME,
  NAME_CONTAINS,
} from './patterns.js';
import { enumOf, int, map, str } from './shape.js';

/**
 * Scalar shapes shared by several operations. Naming follows the model's shape names where the
 * reference gives them.
 */

/** `EntityName`: len 1..63. */
export const ENTITY_NAME_1_63 = str({ min: 1, max: 63, pattern: ENTITY_NAME });

/** `EntityName` as used where the model allows 0..63 (container host names, hub content names). */
export const ENTITY_NAME_0_63 = str({ min: 0, max: 63, pattern: ENTITY_NAME });

/** `ArnOrName`: len 1..170. */
export const ARN_OR_NAME_1_170 = str({ min: 1, max: 170, pattern: ARN_OR_NAME });

/** `EntityDescription`: len 0..1024. */
export const ENTITY_DESCRIPTION_0_1024 = str({ min: 0, max: 1024, pattern: ENTITY_DESCRIPTION });

/** `NextToken`: len 0..8192, pattern `.*`. */
export const NEXT_TOKEN = str({ min: 0, max: 8192, pattern: ANY_LINE });

/** `MaxResults` of ListModelPackageGroups, ListModelPackages and Search: 1..100. */
export const MAX_RESULTS_1_100 = int({ min: 1, max: 100 });

/** `NameContains`: len 0..63, pattern `[a-zA-Z0-9\-]+`. */
export const NAME_CONTAINS_SHAPE = str({ min: 0, max: 63, pattern: NAME_CONTAINS });

export const SORT_ORDER = enumOf(['Ascending', 'Descending']);

export const CROSS_ACCOUNT_FILTER_OPTION = enumOf(['SameAccount', 'CrossAccount']);

/**
 * `ModelApprovalStatus`. The model lists Approved, Rejected, PendingManualApproval, but AWS's message
 * prints `[PendingManualApproval, Approved, Rejected]` (reference a.3 and wire sample 16), so the
 * values are kept in that order here.
 */
export const MODEL_APPROVAL_STATUS = enumOf(['PendingManualApproval', 'Approved', 'Rejected']);

export const MODEL_PACKAGE_REGISTRATION_TYPE = enumOf(['Logged', 'Registered']);

export const MANAGED_STORAGE_TYPE = enumOf(['Restricted']);

export const SKIP_MODEL_VALIDATION = enumOf(['All', 'None']);

/** `CustomerMetadataKey`: len 1..128 (also the items of `CustomerMetadataPropertiesToRemove`). */
export const CUSTOMER_METADATA_KEY_SHAPE = str({ min: 1, max: 128, pattern: CUSTOMER_METADATA_KEY });

/** `CustomerMetadataMap`: entries 1..50; values len 1..256. */
export const CUSTOMER_METADATA_MAP = map(
  CUSTOMER_METADATA_KEY_SHAPE,
  str({ min: 1, max: 256, pattern: CUSTOMER_METADATA_VALUE }),
  { min: 1, max: 50 },
);
