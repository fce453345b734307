/**
 * The error catalogue. Every failure a caller can see has one stable code here; each API face maps a
 * code to its own envelope exactly once (http/awsjson/errors.ts, http/rest/errors.ts). docs/errors.md
 * lists the same codes, and a test keeps the two in sync.
 */
export const ERROR_CODES = {
  ValidationFailed: 'The request breaks an input constraint (length, pattern, range, enum, required member).',
  MalformedRequest: 'The request body is not valid JSON, or a member has the wrong type.',
  PayloadTooLarge: 'The request body is larger than the documented limit.',
  UnknownOperation: 'The SageMaker operation named in X-Amz-Target is not served here.',
  RouteNotFound: 'No native API route matches the method and path.',
  GroupNotFound: 'The model package group does not exist.',
  GroupAlreadyExists: 'A model package group with that name already exists.',
  GroupNotEmpty: 'The group still holds versions; delete them first.',
  PackageNotFound: 'The model package (version or unversioned package) does not exist.',
  PackageAlreadyExists: 'An unversioned model package with that name already exists.',
  PolicyNotFound: 'The group has no resource policy.',
  InvalidPackageKind: 'The operation does not apply to this kind of package (versioned or unversioned).',
  IdempotencyConflict: 'The client token was already used with different parameters.',
  TagLimitExceeded: 'The resource would carry more tags than allowed.',
  InvalidPageToken: 'The page token is malformed, or was issued for different list arguments.',
  InvalidFilter: 'A native list filter or sort expression cannot be parsed.',
  InvalidEventPattern:
    'An event rule pattern is not valid EventBridge pattern syntax; the reason says where.',
  RuleNotFound: 'The event rule does not exist.',
  RuleAlreadyExists: 'An event rule with that name already exists.',
  TargetNotFound: 'The event target does not exist.',
  TargetAlreadyExists: 'An event target with that name already exists.',
  TargetInUse: 'The event target is still named by a rule; remove it from the rules first.',
  EventNotFound: 'No published event has that id.',
  DeliveryNotFound: 'The delivery does not exist.',
  PrincipalNotFound: 'The user or machine principal does not exist.',
  PrincipalAlreadyExists: 'A user or machine principal with that name already exists in the account.',
  CredentialNotFound: 'The access key or token does not exist.',
  RoleNotFound: 'The role (built-in or custom) does not exist.',
  RoleAlreadyExists: 'A role with that name already exists in the account (or is a built-in role).',
  RoleInUse: 'The custom role is still held by principals; take it from them first.',
  ArtifactNotFound: 'No stored artifact has that digest, or the artifact URI points at nothing.',
  ArtifactTooLarge: 'The artifact is larger than the configured maximum artifact size.',
  ArtifactContentTypeNotAllowed: 'The upload content type is not among the configured allowed types.',
  DigestMismatch: 'The bytes received do not hash to the sha256 the caller declared.',
  ArtifactCorrupt: 'The stored bytes no longer hash to their digest; the artifact is not served.',
  UploadNotFound: 'The resumable upload session does not exist (completed, aborted or expired).',
  UploadOffsetMismatch: 'The chunk does not start at the offset the upload session has reached.',
  InvalidRange: 'The Range header cannot be satisfied for the artifact.',
  AuthenticationRequired:
    'The request carries no credentials (no SigV4 Authorization header, no bearer token).',
  InvalidCredentials: 'The access key id or token is unknown, revoked or expired.',
  IncompleteSignature: 'The SigV4 Authorization header is malformed or misses a required part.',
  SignatureMismatch:
    'The SigV4 signature does not match the request (wrong secret, or the request changed in transit).',
  RequestExpired: 'The SigV4 request date is more than 15 minutes away from the server time.',
  AccessDenied:
    'The caller is authenticated but no policy allows the action on the resource (or one denies it).',
  ApprovalRuleViolation:
    "The approval breaks one of the group's approval rules (separation of duties, approvers, gates).",
  NotReady: 'The server is not ready to serve (database unreachable or shutting down).',
  InternalError: 'An unexpected server fault. The request id in the response locates it in the logs.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
