import type { EventHandler, EventSender, SenderFactory, TargetSpec } from '../../ports/event-target.js';
import { HandlerSender } from './handler-sender.js';
import { NatsConnections } from './nats-connections.js';
import { NatsSender } from './nats-sender.js';
import { WebhookSender } from './webhook-sender.js';

export interface SenderFactoryOptions {
  /** The server's version, sent as `User-Agent: modelry/<version>`. */
  readonly version: string;
  /** Where NATS targets publish when they name no URL of their own. */
  readonly natsUrl: string;
  readonly handlers: readonly EventHandler[];
}

export function createSenderFactory(options: SenderFactoryOptions): SenderFactory {
  const handlers = new Map<string, EventHandler>();
  for (const handler of options.handlers) {
    if (handlers.has(handler.name))
      throw new Error(`two in-process event handlers are named ${handler.name}`);
    handlers.set(handler.name, handler);
  }
  const userAgent = `modelry/${options.version}`;
  const connections = new NatsConnections();
  // NATS senders are kept per target spec so that a stream is looked up once, not once per event.
  const natsSenders = new Map<string, NatsSender>();

  return {
    senderFor(spec: TargetSpec): EventSender {
      switch (spec.kind) {
        case 'webhook':
          return new WebhookSender(spec, userAgent);
        case 'handler':
          return new HandlerSender(spec.handler, handlers.get(spec.handler));
        case 'nats': {
          const url = spec.url ?? options.natsUrl;
          const key = JSON.stringify([url, spec.subject, spec.stream ?? null]);
          let sender = natsSenders.get(key);
          if (!sender) {
            sender = new NatsSender(spec, url, connections);
            natsSenders.set(key, sender);
          }
          return sender;
        }
      }
    },
    close: () => connections.close(),
  };
}
