import type { AttemptResult, DeliveryRequest, EventHandler, EventSender } from '../../ports/event-target.js';
import { excerptOf } from './excerpt.js';

/** Hands the event to an in-process EventHandler; an unknown name or a rejection is a failed attempt. */
export class HandlerSender implements EventSender {
  constructor(
    private readonly name: string,
    private readonly handler: EventHandler | undefined,
  ) {}

  async deliver({ event }: DeliveryRequest): Promise<AttemptResult> {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    if (!this.handler) {
      return {
        ok: false,
        latencyMs: latencyMs(),
        excerpt: excerptOf(`no in-process handler named ${this.name}`),
      };
    }
    try {
      await this.handler.handle(event);
      return { ok: true, latencyMs: latencyMs() };
    } catch (err) {
      const message = err instanceof Error ? err.message || err.name : String(err);
      return { ok: false, latencyMs: latencyMs(), excerpt: excerptOf(message) };
    }
  }
}
