import type { RegistryEvent } from '../../domain/events.js';
import type { EventHandler } from '../../ports/event-target.js';

/** The part of a pino logger the handler needs. */
export interface InfoLogger {
  info(obj: object, msg: string): void;
}

/** The built-in `log` target: one log line per event, for trying rules out without a receiver. */
export function createLogHandler(logger: InfoLogger): EventHandler {
  return {
    name: 'log',
    async handle(event: RegistryEvent): Promise<void> {
      const changeTypes = event.detail.ChangeTypes;
      logger.info(
        {
          eventId: event.id,
          detailType: event['detail-type'],
          resources: event.resources,
          ...(Array.isArray(changeTypes) && { changeTypes }),
        },
        'registry event',
      );
    },
  };
}
