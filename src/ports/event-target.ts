import type { RegistryEvent } from '../domain/events.js';

/** Where a rule sends matching events. Stored per account; secrets never leave the server once set. */
export type TargetSpec =
  | {
      readonly kind: 'webhook';
      readonly url: string;
      /** HMAC-SHA256 key of the Modelry-Signature header. */
      readonly secret: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly timeoutMs: number;
    }
  | {
      readonly kind: 'nats';
      /** JetStream subject the event is published to. */
      readonly subject: string;
      /** A stream to create (capturing the subject) when none exists yet; optional. */
      readonly stream?: string;
      /** nats://host:port; the server's configured NATS URL when absent. */
      readonly url?: string;
    }
  | {
      readonly kind: 'handler';
      /** Name of an in-process EventHandler registered at start (e.g. `log`). */
      readonly handler: string;
    };

/** What one attempt did, for the delivery log. */
export interface AttemptResult {
  readonly ok: boolean;
  /** HTTP status for webhooks; absent when no response came back. */
  readonly statusCode?: number;
  readonly latencyMs: number;
  /** The start of the target's answer (or the error), at most LIMITS.deliveryExcerptMax characters. */
  readonly excerpt?: string;
}

export interface DeliveryRequest {
  readonly event: RegistryEvent;
  /** The exact bytes to send: the event JSON as stored. Signatures are computed over these. */
  readonly body: string;
}

/** One way of sending an event. `deliver` never throws: every failure is an AttemptResult with ok false. */
export interface EventSender {
  deliver(request: DeliveryRequest): Promise<AttemptResult>;
}

/** Builds senders for stored targets; owns their connections (NATS) and closes them at shutdown. */
export interface SenderFactory {
  senderFor(spec: TargetSpec): EventSender;
  close(): Promise<void>;
}

/** An in-process consumer of events (the deployment controller, the built-in `log` handler). */
export interface EventHandler {
  readonly name: string;
  /** Resolves when the event is handled; a rejection counts as a failed attempt and is retried. */
  handle(event: RegistryEvent): Promise<void>;
}
