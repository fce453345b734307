import {
  type ModelryClient,
  type PolicyDocument,
  ROLE_NAME_PATTERN,
  type RoleName,
} from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { jsonText } from './events-args.js';

/** Argument checks shared by the `modelry auth` commands. */

/** The one NAME or ID a command takes: none, or more than one, is a usage error naming the command. */
export function single(positionals: readonly string[], command: string, what: string): string {
  const [first, second] = positionals;
  if (first === undefined) throw new UsageError(`modelry auth ${command} needs ${what}.`);
  if (second !== undefined) {
    throw new UsageError(
      `modelry auth ${command} takes one ${what.replace(/^an? /, '')}; "${second}" is extra.`,
    );
  }
  return first;
}

export function noPositionals(positionals: readonly string[], command: string): void {
  if (positionals[0] !== undefined) {
    throw new UsageError(`modelry auth ${command} takes no argument "${positionals[0]}"; see --help.`);
  }
}

/**
 * `--role` values: built-in or custom roles. Only their form is checked here; the server knows the
 * account's custom roles and answers RoleNotFound, listing them, for a name it does not know.
 */
export function roleArgs(items: readonly string[]): RoleName[] {
  for (const item of items) {
    if (!ROLE_NAME_PATTERN.test(item)) {
      throw new UsageError(
        `Invalid role name "${item}": 1-64 letters, digits and +=,.@_- (modelry auth roles list shows the roles).`,
      );
    }
  }
  return [...new Set(items)];
}

/** A policy document given inline or as @file: it must be a JSON object; the server checks the rest. */
export function policyArg(text: string, flag: string): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText(text, flag));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${flag} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${flag} must be a JSON object: {"Version": "2012-10-17", "Statement": [...]}.`);
  }
  return parsed as PolicyDocument;
}

/** `--user`, or the caller's own name: everyone manages their own credentials without naming themselves. */
export async function userOrCaller(client: ModelryClient, given: string | undefined): Promise<string> {
  return given ?? (await client.auth.whoami()).name;
}

/** The value as one shell word: bare when it is plainly safe, else single-quoted. */
export function shellWord(value: string): string {
  return /^[\w+/=.,:@%-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
