import type { ErrorCode } from '../../domain/errors.js';

/** How each catalogue code appears on the SageMaker face: HTTP status and `__type` (reference a.3, e.6). */
export const AWS_ERRORS: Readonly<Record<ErrorCode, { status: number; type: string }>> = {
  ValidationFailed: { status: 400, type: 'ValidationException' },
  MalformedRequest: { status: 400, type: 'SerializationException' },
  PayloadTooLarge: { status: 413, type: 'ValidationException' },
  UnknownOperation: { status: 400, type: 'UnknownOperationException' },
  RouteNotFound: { status: 404, type: 'UnknownOperationException' },
  GroupNotFound: { status: 400, type: 'ValidationException' },
  GroupAlreadyExists: { status: 400, type: 'ValidationException' },
  GroupNotEmpty: { status: 400, type: 'ConflictException' },
  PackageNotFound: { status: 400, type: 'ValidationException' },
  PackageAlreadyExists: { status: 400, type: 'ValidationException' },
  PolicyNotFound: { status: 400, type: 'ValidationException' },
  InvalidPackageKind: { status: 400, type: 'ValidationException' },
  IdempotencyConflict: { status: 400, type: 'ConflictException' },
  TagLimitExceeded: { status: 400, type: 'ValidationException' },
  InvalidPageToken: { status: 400, type: 'ValidationException' },
  InvalidFilter: { status: 400, type: 'ValidationException' },
  InvalidEventPattern: { status: 400, type: 'InvalidEventPatternException' },
  RuleNotFound: { status: 400, type: 'ResourceNotFoundException' },
  RuleAlreadyExists: { status: 400, type: 'ResourceAlreadyExistsException' },
  TargetNotFound: { status: 400, type: 'ResourceNotFoundException' },
  TargetAlreadyExists: { status: 400, type: 'ResourceAlreadyExistsException' },
  TargetInUse: { status: 400, type: 'ConflictException' },
  EventNotFound: { status: 400, type: 'ResourceNotFoundException' },
  DeliveryNotFound: { status: 400, type: 'ResourceNotFoundException' },
  PrincipalNotFound: { status: 400, type: 'ResourceNotFoundException' },
  PrincipalAlreadyExists: { status: 400, type: 'ResourceAlreadyExistsException' },
  CredentialNotFound: { status: 400, type: 'ResourceNotFoundException' },
  RoleNotFound: { status: 400, type: 'ResourceNotFoundException' },
  RoleAlreadyExists: { status: 400, type: 'ResourceAlreadyExistsException' },
  RoleInUse: { status: 400, type: 'ConflictException' },
  ArtifactNotFound: { status: 400, type: 'ValidationException' },
  ArtifactTooLarge: { status: 413, type: 'ValidationException' },
  ArtifactContentTypeNotAllowed: { status: 400, type: 'ValidationException' },
  DigestMismatch: { status: 400, type: 'ValidationException' },
  ArtifactCorrupt: { status: 500, type: 'InternalFailure' },
  UploadNotFound: { status: 400, type: 'ResourceNotFoundException' },
  UploadOffsetMismatch: { status: 400, type: 'ConflictException' },
  InvalidRange: { status: 400, type: 'ValidationException' },
  AuthenticationRequired: { status: 403, type: 'MissingAuthenticationTokenException' },
  InvalidCredentials: { status: 403, type: 'UnrecognizedClientException' },
  IncompleteSignature: { status: 400, type: 'IncompleteSignatureException' },
  SignatureMismatch: { status: 403, type: 'InvalidSignatureException' },
  RequestExpired: { status: 400, type: 'InvalidSignatureException' },
  AccessDenied: { status: 400, type: 'AccessDeniedException' },
  ApprovalRuleViolation: { status: 400, type: 'ValidationException' },
  NotReady: { status: 503, type: 'ServiceUnavailable' },
  InternalError: { status: 500, type: 'InternalFailure' },
};

export const AWS_CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface AwsErrorBody {
  readonly __type: string;
  readonly Message: string;
}
