import type { ErrorCode } from '../../domain/errors.js';

/** HTTP status of each catalogue code on the native API; the body is `{"error": {code, message, details}}`. */
export const REST_STATUS: Readonly<Record<ErrorCode, number>> = {
  ValidationFailed: 400,
  MalformedRequest: 400,
  PayloadTooLarge: 413,
  UnknownOperation: 400,
  RouteNotFound: 404,
  GroupNotFound: 404,
  GroupAlreadyExists: 409,
  GroupNotEmpty: 409,
  PackageNotFound: 404,
  PackageAlreadyExists: 409,
  PolicyNotFound: 404,
  InvalidPackageKind: 400,
  IdempotencyConflict: 409,
  TagLimitExceeded: 400,
  InvalidPageToken: 400,
  InvalidFilter: 400,
  NotReady: 503,
  InternalError: 500,
};
