import { NON_EMPTY_LINE, TAG_KEY_OR_VALUE } from './patterns.js';
import type { StructShape } from './shape.js';
import { enumOf, lazy, list, str, struct } from './shape.js';
import { CROSS_ACCOUNT_FILTER_OPTION, MAX_RESULTS_1_100, NEXT_TOKEN } from './shapes-common.js';

/** Input of Search (reference b.5). */

/** `ResourcePropertyName`: len 1..255, `.+`. */
const RESOURCE_PROPERTY_NAME = str({ min: 1, max: 255, pattern: NON_EMPTY_LINE });

export const Filter = struct(
  {
    Name: RESOURCE_PROPERTY_NAME,
    Operator: enumOf([
      'Equals',
      'NotEquals',
      'GreaterThan',
      'GreaterThanOrEqualTo',
      'LessThan',
      'LessThanOrEqualTo',
      'Contains',
      'Exists',
      'NotExists',
      'In',
    ]),
    Value: str({ min: 1, max: 1024, pattern: NON_EMPTY_LINE }),
  },
  ['Name'],
);

/** `FilterList`: items 1..20. */
const FILTER_LIST = list(Filter, { min: 1, max: 20 });

export const NestedFilters = struct(
  {
    NestedPropertyName: RESOURCE_PROPERTY_NAME,
    Filters: FILTER_LIST,
  },
  ['NestedPropertyName', 'Filters'],
);

/** `SearchExpression`: recursive through `SubExpressions`. */
export const SearchExpression: StructShape = struct({
  Filters: FILTER_LIST,
  NestedFilters: list(NestedFilters, { min: 1, max: 20 }),
  SubExpressions: list(
    lazy(() => SearchExpression),
    { min: 1, max: 20 },
  ),
  Operator: enumOf(['And', 'Or']),
});

export const VisibilityConditions = struct({
  Key: str({ min: 1, max: 128, pattern: TAG_KEY_OR_VALUE }),
  Value: str({ min: 0, max: 256, pattern: TAG_KEY_OR_VALUE }),
});

/** `ResourceType` (18 values). */
export const RESOURCE_TYPE = enumOf([
  'TrainingJob',
  'Experiment',
  'ExperimentTrial',
  'ExperimentTrialComponent',
  'Endpoint',
  'Model',
  'ModelPackage',
  'ModelPackageGroup',
  'Pipeline',
  'PipelineExecution',
  'FeatureGroup',
  'FeatureMetadata',
  'Image',
  'ImageVersion',
  'Project',
  'HyperParameterTuningJob',
  'ModelCard',
  'PipelineVersion',
]);

export const SearchRequest = struct(
  {
    Resource: RESOURCE_TYPE,
    SearchExpression,
    SortBy: RESOURCE_PROPERTY_NAME,
    SortOrder: enumOf(['Ascending', 'Descending']),
    NextToken: NEXT_TOKEN,
    MaxResults: MAX_RESULTS_1_100,
    CrossAccountFilterOption: CROSS_ACCOUNT_FILTER_OPTION,
    VisibilityConditions: list(VisibilityConditions, { min: 1, max: 5 }),
  },
  ['Resource'],
);
