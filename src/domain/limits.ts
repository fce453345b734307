/** Every limit the registry enforces, in one place. docs/configuration.md and docs/errors.md cite these. */
export const LIMITS = {
  groupNameMax: 63,
  packageNameMax: 63,
  descriptionMax: 1024,
  approvalDescriptionMax: 1024,
  tagsPerResource: 50,
  tagKeyMax: 128,
  tagValueMax: 256,
  customerMetadataEntries: 50,
  customerMetadataKeyMax: 128,
  customerMetadataValueMax: 256,
  additionalInferenceSpecifications: 15,
  metricsPerVersion: 100,
  metricNameMax: 64,
  pageSizeMax: 100,
  /** Page size of the SageMaker list operations when MaxResults is left out (the maximum, as ADR 0005 says). */
  pageSizeDefault: 100,
  nativePageSizeDefault: 50,
  listTagsPageSizeMin: 50,
  batchDescribeMax: 100,
  resourcePolicyMax: 20480,
  /** Custom role names: 1-64 letters, digits and +=,.@_- (IAM's role names), unique per account ignoring case. */
  roleNameMax: 64,
  /** A custom role's policy document, in characters of its JSON. */
  rolePolicyMax: 10240,
  /** Roles one principal holds. */
  rolesPerPrincipal: 20,
  pageTokenMax: 8192,
  /** Event rule patterns, in characters (EventBridge's EventPattern member allows 4,096). */
  eventPatternMax: 4096,
  eventRuleNameMax: 64,
  eventTargetNameMax: 64,
  eventRulesPerAccount: 300,
  targetsPerRule: 5,
  webhookHeadersMax: 20,
  webhookTimeoutMsMax: 30_000,
  webhookSecretMin: 16,
  webhookSecretMax: 256,
  /** Characters of a target's response kept in the delivery log. */
  deliveryExcerptMax: 512,
  /** Largest accepted HTTP request body, in bytes (a model card may hold 100,000 characters). */
  bodyBytesMax: 1024 * 1024,
} as const;
