import { DomainError } from '../domain/errors.js';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
const PARAMETERS = ['Credential', 'Signature', 'SignedHeaders'] as const;
type Parameter = (typeof PARAMETERS)[number];

/** An HTTP field name (RFC 9110 token) in lower case, as SignedHeaders must list them. */
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

/** What the `Authorization` header says, before it is held against the request. */
export interface AuthorizationParts {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

export function incomplete(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('IncompleteSignature', message, details);
}

/**
 * Splits `AWS4-HMAC-SHA256 Credential=<key>/<scope>, SignedHeaders=a;b, Signature=<hex>` into its parts.
 * `missingDate` joins the list of what is missing, because AWS names every absent part in one message
 * and a client author fixes them all at once. The header value is never echoed: on this face a caller
 * may have sent a bearer token by mistake, and error bodies end up in logs.
 */
export function parseAuthorization(header: string, missingDate: boolean): AuthorizationParts {
  const value = header.trim();
  const space = value.indexOf(' ');
  const algorithm = space < 0 ? value : value.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    throw incomplete(
      `Unsupported Authorization scheme '${clip(algorithm)}': only '${SIGV4_ALGORITHM}' (AWS Signature Version 4) is accepted here.`,
    );
  }
  const found = parameters(space < 0 ? '' : value.slice(space + 1));
  const problems = PARAMETERS.filter((name) => !found.has(name)).map((name) => missing(name, found));
  if (missingDate) {
    problems.push(
      "Authorization header requires existence of an 'X-Amz-Date' header (a 'Date' header is not accepted here).",
    );
  }
  if (problems.length > 0) throw incomplete(problems.join(' '));
  return {
    ...credential(found.get('Credential')!),
    signedHeaders: signedHeaders(found.get('SignedHeaders')!),
    signature: found.get('Signature')!,
  };
}

/** `Name=value` pairs separated by commas (botocore and JS v3 add a space after each comma; both forms pass). */
function parameters(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (value === '') continue;
    if (found.has(name))
      throw incomplete(`Authorization header has the '${clip(name)}' parameter more than once.`);
    found.set(name, value);
  }
  return found;
}

function missing(name: Parameter, found: ReadonlyMap<string, string>): string {
  const lookalike = [...found.keys()].find((key) => key.toLowerCase() === name.toLowerCase());
  const hint =
    lookalike === undefined ? '' : ` (parameter names are case-sensitive; found '${clip(lookalike)}')`;
  return `Authorization header requires '${name}' parameter${hint}.`;
}

function credential(text: string): Omit<AuthorizationParts, 'signedHeaders' | 'signature'> {
  const parts = text.split('/');
  const [accessKeyId, date, region, service, terminator] = parts;
  if (
    parts.length !== 5 ||
    accessKeyId === undefined ||
    accessKeyId === '' ||
    date === undefined ||
    region === undefined ||
    service === undefined ||
    terminator === undefined
  ) {
    throw incomplete(
      `Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request", not '${clip(text)}'.`,
    );
  }
  if (terminator !== TERMINATOR) {
    throw incomplete(
      `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${clip(terminator)}'.`,
    );
  }
  if (region === '') throw incomplete(`Credential should be scoped to a valid region, not ''.`);
  return { accessKeyId, date, region, service };
}

function signedHeaders(text: string): string[] {
  const names = text.split(';');
  if (!names.every((name) => HEADER_NAME.test(name))) {
    throw incomplete(
      `SignedHeaders must list lower-case header names separated by ';', not '${clip(text)}'.`,
    );
  }
  return names;
}

/** Client-supplied text quoted in a message, cut so a hostile header cannot bloat the error body. */
export function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
