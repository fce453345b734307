import { DomainError } from './errors.js';

/**
 * Refuses a pattern the way EventBridge does: the reason is event-ruler's exception text (the library the
 * service is built on), which is what AWS puts after "Reason:". AWS appends a Jackson location line; we do not.
 */
export function invalidPattern(reason: string): never {
  throw new DomainError('InvalidEventPattern', `Event pattern is not valid. Reason: ${reason}`, { reason });
}
