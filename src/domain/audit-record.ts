import { createHash } from 'node:crypto';
import type { JsonObject } from './model.js';

/** Approval and lifecycle of one version, as an audit record shows it before and after a change. */
export interface AuditState {
  readonly approvalStatus?: string;
  readonly stage?: string;
  readonly stageStatus?: string;
}

/** What a caller records: one mutating call or one denied attempt, on either face or by the system. */
export interface AuditEntry {
  /** Milliseconds since the epoch. */
  readonly at: number;
  /** User name or access key owner. */
  readonly principal: string;
  readonly account: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly requestId?: string;
  readonly face: 'sagemaker' | 'native' | 'system';
  /** `sagemaker:UpdateModelPackage`, `modelry:CreateUser`... */
  readonly action: string;
  /** The ARN acted on, or `*`. */
  readonly resource: string;
  /**
   * The account the resource belongs to, present only when it is not the caller's `account`: a call on
   * another account's group or version (shared through its resource policy), or on its users (by the home
   * account's admins). That account's trail lists the record too.
   */
  readonly resourceAccount?: string;
  /** The call's parameters, already passed through redactSecrets(). */
  readonly parameters: JsonObject;
  readonly outcome: 'allowed' | 'denied' | 'failed';
  /** The error catalogue code when denied or failed. */
  readonly errorCode?: string;
  readonly before?: AuditState;
  readonly after?: AuditState;
}

/** An entry as the trail holds it: numbered 1, 2, 3... without gaps, and chained to its predecessor. */
export interface AuditRecord extends AuditEntry {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The prevHash of record 1. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The text a record's hash covers: the entry with seq and prevHash, as JSON with keys sorted by UTF-16
 * code units at every level, no whitespace, absent members omitted, and strings and numbers written as
 * JSON.stringify writes them (RFC 8785 for JSON values). Only the members of AuditEntry are read, so a
 * stored record with extra columns (its hash, a row id) hashes the same as the entry it came from. A
 * before/after without any member set counts as absent, so a store may keep each as nullable columns.
 * Throws TypeError for a value with no exact JSON form (NaN, undefined in an array, a Date...).
 */
export function canonicalAuditText(entry: AuditEntry, seq: number, prevHash: string): string {
  // Every member is listed: adding one to AuditEntry without hashing it is a type error here.
  const members: { readonly [K in keyof AuditEntry]-?: AuditEntry[K] | undefined } = {
    at: entry.at,
    principal: entry.principal,
    account: entry.account,
    sourceIp: entry.sourceIp,
    userAgent: entry.userAgent,
    requestId: entry.requestId,
    face: entry.face,
    action: entry.action,
    resource: entry.resource,
    resourceAccount: entry.resourceAccount,
    parameters: entry.parameters,
    outcome: entry.outcome,
    errorCode: entry.errorCode,
    before: stateOf(entry.before),
    after: stateOf(entry.after),
  };
  return canonicalJson({ ...members, seq, prevHash }, '$');
}

/** Numbers the entry and chains it to its predecessor's hash (GENESIS_HASH for record 1). */
export function chainRecord(entry: AuditEntry, seq: number, prevHash: string): AuditRecord {
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new RangeError(`audit seq must be a whole number from 1, got ${seq}`);
  }
  if (!SHA256_HEX.test(prevHash)) {
    throw new RangeError(`audit prevHash must be 64 lowercase hex digits, got ${JSON.stringify(prevHash)}`);
  }
  return { ...entry, seq, prevHash, hash: auditHash(entry, seq, prevHash) };
}

/** sha256 hex of canonicalAuditText over UTF-8. */
export function auditHash(entry: AuditEntry, seq: number, prevHash: string): string {
  return createHash('sha256')
    .update(canonicalAuditText(entry, seq, prevHash), 'utf8')
    .digest('hex');
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function stateOf(state: AuditState | undefined): AuditState | undefined {
  if (state === undefined) return undefined;
  const { approvalStatus, stage, stageStatus } = state;
  if (approvalStatus === undefined && stage === undefined && stageStatus === undefined) return undefined;
  // Projected so that extra members of the caller's object (a stageDescription) are not hashed.
  return { approvalStatus, stage, stageStatus } as AuditState;
}

function canonicalJson(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // JSON.stringify would write NaN and Infinity as null, and two records must not hash alike.
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        const items = value.map((item, i) => {
          if (item === undefined) throw new TypeError(`${path}[${i}]: undefined has no JSON form`);
          return canonicalJson(item, `${path}[${i}]`);
        });
        return `[${items.join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`${path}: ${proto?.constructor?.name ?? 'object'} is not a plain JSON object`);
      }
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key], `${path}.${key}`)}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`${path}: ${typeof value} has no JSON form`);
  }
}
