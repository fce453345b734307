import { DomainError } from '../domain/errors.js';
import { checkOperand, readOperator, takesVariables } from './policy-conditions.js';
import { parseTemplate } from './policy-variables.js';

/**
 * IAM-style policy documents: identity policies (attached to users and roles) and group resource
 * policies (PutModelPackageGroupPolicy). parsePolicy refuses, with the statement and member at fault,
 * what IAM would refuse, so that a stored policy always evaluates.
 */

export type StringOrList = string | readonly string[];
export type ConditionValue = string | readonly string[] | boolean | number;
/** Operator → condition key → value(s). */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, ConditionValue>>>>;
export type PolicyPrincipal = '*' | { readonly AWS: StringOrList };

export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: StringOrList;
  readonly NotAction?: StringOrList;
  readonly Resource?: StringOrList;
  readonly NotResource?: StringOrList;
  /** Resource policies only. */
  readonly Principal?: PolicyPrincipal;
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17' | '2008-10-17';
  readonly Id?: string;
  readonly Statement: readonly Statement[];
}

export type PolicyKind = 'identity' | 'resource';

const VERSIONS = ['2012-10-17', '2008-10-17'] as const;
const DOCUMENT_MEMBERS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_MEMBERS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+$/;
const ACCOUNT = /^\d{12}$/;
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|user\/\S+|role\/\S+)$/;
const CONDITION_KEY = /^[A-Za-z0-9-]+:.+$/;

function invalid(message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError('ValidationFailed', `Invalid policy: ${message}`, details);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses JSON text or an already parsed object. Version defaults to 2008-10-17 when absent, as in IAM. */
export function parsePolicy(input: unknown, kind: PolicyKind): PolicyDocument {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      invalid(`the document is not valid JSON (${(err as Error).message})`);
    }
  }
  if (!isObject(doc)) invalid('the document must be a JSON object');
  for (const member of Object.keys(doc))
    if (!DOCUMENT_MEMBERS.has(member)) invalid(`unknown top-level member "${member}"`, { member });
  const version = doc.Version ?? '2008-10-17';
  if (!VERSIONS.includes(version as PolicyDocument['Version']))
    invalid(`Version must be "2012-10-17" or "2008-10-17", not ${JSON.stringify(version)}`, {
      member: 'Version',
    });
  if (doc.Id !== undefined && typeof doc.Id !== 'string') invalid('Id must be a string', { member: 'Id' });
  const raw = Array.isArray(doc.Statement)
    ? doc.Statement
    : doc.Statement === undefined
      ? []
      : [doc.Statement];
  if (raw.length === 0) invalid('Statement must hold at least one statement', { member: 'Statement' });
  const variables = version === '2012-10-17';
  const statements = raw.map((s, i) => parseStatement(s, i, kind, variables));
  const sids = new Set<string>();
  statements.forEach((s, i) => {
    if (s.Sid === undefined) return;
    if (sids.has(s.Sid))
      invalid(`Statement[${i}].Sid "${s.Sid}" is used by an earlier statement`, at(i, 'Sid'));
    sids.add(s.Sid);
  });
  return {
    Version: version as PolicyDocument['Version'],
    ...(typeof doc.Id === 'string' && { Id: doc.Id }),
    Statement: statements,
  };
}

export const listOf = (value: StringOrList): readonly string[] =>
  typeof value === 'string' ? [value] : value;

const at = (statement: number, member: string) => ({ statement, member });

function parseStatement(raw: unknown, i: number, kind: PolicyKind, variables: boolean): Statement {
  const where = `Statement[${i}]`;
  if (!isObject(raw)) invalid(`${where} must be an object`, at(i, 'Statement'));
  for (const member of Object.keys(raw))
    if (!STATEMENT_MEMBERS.has(member)) invalid(`${where} has an unknown member "${member}"`, at(i, member));
  const { Sid, Effect } = raw;
  if (Sid !== undefined) {
    if (typeof Sid !== 'string') invalid(`${where}.Sid must be a string`, at(i, 'Sid'));
    if (kind === 'identity' && !/^[A-Za-z0-9]*$/.test(Sid))
      invalid(`${where}.Sid "${Sid}" may hold only letters and digits`, at(i, 'Sid'));
  }
  if (Effect !== 'Allow' && Effect !== 'Deny')
    invalid(`${where}.Effect must be "Allow" or "Deny", not ${JSON.stringify(Effect)}`, at(i, 'Effect'));
  if (raw.NotPrincipal !== undefined)
    invalid(
      `${where}.NotPrincipal is not supported; name the principals in Principal`,
      at(i, 'NotPrincipal'),
    );
  const principal = raw.Principal;
  if (kind === 'identity' && principal !== undefined)
    invalid(`${where}.Principal is only allowed in a resource policy`, at(i, 'Principal'));
  if (kind === 'resource' && principal === undefined)
    invalid(`${where} must name a Principal (a resource policy says whom it grants)`, at(i, 'Principal'));
  const [actionKey, actions] = either(raw, i, 'Action', 'NotAction');
  for (const a of listOf(actions))
    if (a !== '*' && !ACTION.test(a))
      invalid(
        `${where}.${actionKey} "${a}" is not "*" or "service:Action" (e.g. sagemaker:DescribeModelPackage)`,
        at(i, actionKey),
      );
  const [resourceKey, resources] = either(raw, i, 'Resource', 'NotResource');
  for (const r of listOf(resources))
    checkResource(r, `${where}.${resourceKey}`, variables, at(i, resourceKey));
  return {
    ...(Sid !== undefined && { Sid }),
    Effect,
    [actionKey]: actions,
    [resourceKey]: resources,
    ...(principal !== undefined && { Principal: parsePrincipal(principal, where, i) }),
    ...(raw.Condition !== undefined && { Condition: parseCondition(raw.Condition, where, i, variables) }),
  } as Statement;
}

/** Exactly one of the pair, a string or a non-empty list of strings. */
function either(raw: Record<string, unknown>, i: number, yes: string, not: string): [string, StringOrList] {
  const where = `Statement[${i}]`;
  if (raw[yes] !== undefined && raw[not] !== undefined)
    invalid(`${where} has both ${yes} and ${not}; use one`, at(i, not));
  const key = raw[yes] !== undefined ? yes : not;
  const value = raw[key];
  if (value === undefined) invalid(`${where} must have ${yes} or ${not}`, at(i, yes));
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === 'string'))
    invalid(`${where}.${key} must be a string or a non-empty list of strings`, at(i, key));
  return [key, typeof value === 'string' ? value : [...(list as string[])]];
}

function checkResource(r: string, where: string, variables: boolean, details: Record<string, unknown>): void {
  if (r === '*') return;
  let text = r;
  if (variables) {
    try {
      text = parseTemplate(r)
        .map((p) => ('text' in p ? p.text : 'x'))
        .join('');
    } catch (err) {
      invalid(`${where}: ${(err as Error).message}`, details);
    }
  }
  const segments = text.split(':');
  if (segments[0] !== 'arn' || segments.length < 6)
    invalid(`${where} "${r}" must be "*" or an ARN (arn:partition:service:region:account:resource)`, details);
  if (/[*?]/.test(segments[2]!) || segments[2] === '')
    invalid(`${where} "${r}" must name its service without wildcards`, details);
}

function parsePrincipal(raw: unknown, where: string, i: number): PolicyPrincipal {
  if (raw === '*') return '*';
  const details = at(i, 'Principal');
  if (!isObject(raw)) invalid(`${where}.Principal must be "*" or {"AWS": ...}`, details);
  for (const type of Object.keys(raw))
    if (type !== 'AWS') invalid(`${where}.Principal type "${type}" is not supported; use "AWS"`, details);
  const value = raw.AWS;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0)
    invalid(`${where}.Principal.AWS must be a string or a non-empty list of strings`, details);
  for (const p of list)
    if (typeof p !== 'string' || (p !== '*' && !ACCOUNT.test(p) && !PRINCIPAL_ARN.test(p)))
      invalid(
        `${where}.Principal.AWS ${JSON.stringify(p)} is not "*", a 12-digit account id, or an IAM root, user or role ARN`,
        details,
      );
  return { AWS: typeof value === 'string' ? value : [...(list as string[])] };
}

function parseCondition(raw: unknown, where: string, i: number, variables: boolean): ConditionBlock {
  const details = at(i, 'Condition');
  if (!isObject(raw)) invalid(`${where}.Condition must be an object of operators`, details);
  const out: Record<string, Record<string, ConditionValue>> = {};
  for (const [name, block] of Object.entries(raw)) {
    let operator: ReturnType<typeof readOperator>;
    try {
      operator = readOperator(name);
    } catch (err) {
      invalid(`${where}.Condition: ${(err as Error).message}`, details);
    }
    if (!isObject(block)) invalid(`${where}.Condition.${name} must map condition keys to values`, details);
    out[name] = {};
    for (const [key, value] of Object.entries(block)) {
      const path = `${where}.Condition.${name}["${key}"]`;
      if (!CONDITION_KEY.test(key))
        invalid(`${path}: a condition key is "service:name" (e.g. aws:SourceIp)`, details);
      const list = Array.isArray(value) ? value : [value];
      if (list.length === 0) invalid(`${path} must name at least one value`, details);
      for (const v of list) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
          invalid(`${path} values must be strings, numbers or booleans`, details);
        const why = checkOperand(operator, String(v));
        if (why !== undefined) invalid(`${path}: ${JSON.stringify(v)} ${why}`, details);
        if (variables && takesVariables(operator)) {
          try {
            parseTemplate(String(v));
          } catch (err) {
            invalid(`${path}: ${(err as Error).message}`, details);
          }
        }
      }
      out[name][key] = Array.isArray(value) ? value.map(String) : (value as ConditionValue);
    }
  }
  return out;
}
