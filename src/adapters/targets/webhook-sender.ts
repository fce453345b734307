import { signatureHeader } from '../../domain/event-signature.js';
import { LIMITS } from '../../domain/limits.js';
import type { AttemptResult, DeliveryRequest, EventSender, TargetSpec } from '../../ports/event-target.js';
import { excerptOf } from './excerpt.js';
import { describeNetworkError } from './network-error.js';

export type WebhookSpec = Extract<TargetSpec, { kind: 'webhook' }>;

/** UTF-8 takes at most 4 bytes a character, so this many bytes always hold a whole excerpt. */
const EXCERPT_BYTES = LIMITS.deliveryExcerptMax * 4;

/** One signed POST of the event to the target's URL (the contract's "Webhook POST"). */
export class WebhookSender implements EventSender {
  constructor(
    private readonly spec: WebhookSpec,
    private readonly userAgent: string,
  ) {}

  async deliver({ event, body }: DeliveryRequest): Promise<AttemptResult> {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    // One deadline for connecting, sending and reading the excerpt: a slow body cannot stretch the attempt.
    const signal = AbortSignal.timeout(this.spec.timeoutMs);
    try {
      const headers = new Headers({
        'Content-Type': 'application/json',
        'Modelry-Event-Id': event.id,
        'Modelry-Signature': signatureHeader(this.spec.secret, body, Math.floor(Date.now() / 1000)),
        'User-Agent': this.userAgent,
      });
      // Target validation refuses custom Content-Type and Modelry-* headers; a custom User-Agent may win.
      for (const [name, value] of Object.entries(this.spec.headers)) headers.set(name, value);
      // A redirect is not followed: the signed request would land on a host the target's owner did not name.
      const response = await fetch(this.spec.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal,
      });
      const { status } = response;
      const excerpt = status >= 300 && status < 400 ? redirectExcerpt(response) : await readExcerpt(response);
      return { ok: status >= 200 && status < 300, statusCode: status, latencyMs: latencyMs(), excerpt };
    } catch (err) {
      const why = signal.aborted ? `timeout after ${this.spec.timeoutMs} ms` : describeNetworkError(err);
      return { ok: false, latencyMs: latencyMs(), excerpt: excerptOf(why) };
    }
  }
}

function redirectExcerpt(response: Response): string {
  void response.body?.cancel().catch(() => undefined);
  const location = response.headers.get('location');
  return excerptOf(
    location === null
      ? `redirect (${response.status}) without a Location header; redirects are not followed`
      : `redirect (${response.status}) to ${location}; redirects are not followed`,
  );
}

/** The start of the response body; the rest is never read (a receiver may answer with megabytes). */
async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    while (bytes < EXCERPT_BYTES && text.length < LIMITS.deliveryExcerptMax) {
      const { done, value } = await reader.read();
      if (done) return excerptOf(text + decoder.decode());
      const chunk = value.subarray(0, EXCERPT_BYTES - bytes);
      bytes += chunk.length;
      text += decoder.decode(chunk, { stream: true });
    }
    return excerptOf(text);
  } catch {
    // The deadline or the receiver cut the body short: what arrived is still the best excerpt.
    return excerptOf(text);
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}
