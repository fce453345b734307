import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';

/** The events slice of the server's configuration. */
export interface EventSettings {
  /** Retry window of a target created without maxAgeSeconds. */
  readonly defaultMaxAgeMs: number;
  /** First retry delay; each further one doubles, up to retryMaxMs, with jitter. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Names of the in-process handlers a `handler` target may name. */
  readonly handlerNames: readonly string[];
}

const NAME = /^[A-Za-z0-9._-]+$/;

export function invalid(message: string, field: string): DomainError {
  return new DomainError('ValidationFailed', message, { field });
}

export function assertEventName(name: string, what: 'rule' | 'target', max: number): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > max || !NAME.test(name)) {
    throw invalid(
      `Invalid ${what} name ${JSON.stringify(name)}: 1-${max} letters, digits, '.', '-' and '_'.`,
      'name',
    );
  }
}

export function eventDescription(text: string): string {
  if ([...text].length > LIMITS.descriptionMax) {
    throw invalid(`Description is longer than ${LIMITS.descriptionMax} characters.`, 'description');
  }
  return text;
}
