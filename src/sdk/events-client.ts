import { ModelryApiError } from './errors.js';
import type {
  CreatedTarget,
  CreateRuleInput,
  CreateTargetInput,
  Delivery,
  DeliveryDetail,
  EventItem,
  EventPattern,
  EventWithDeliveries,
  ListDeliveriesInput,
  ListEventsInput,
  PageInput,
  RegistryEvent,
  ReplayInput,
  Rule,
  StreamOptions,
  Target,
  UpdateRuleInput,
  UpdateTargetInput,
} from './events.js';
import type { Page } from './types.js';

export type Query = Record<string, string | number | undefined>;

/** What EventsApi borrows from ModelryClient: its requests, with the same headers and error mapping. */
export interface Transport {
  readonly endpoint: string;
  request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T>;
  /** A GET answered 2xx whose body is left unread (for streams); error statuses throw as request does. */
  open(path: string, query: Query, accept: string, signal?: AbortSignal): Promise<Response>;
}

const enc = encodeURIComponent;

/** Event targets, rules, the event log, deliveries and the live stream: `client.events`. */
export class EventsApi {
  constructor(private readonly transport: Transport) {}

  createTarget(input: CreateTargetInput): Promise<CreatedTarget> {
    return this.transport.request('POST', '/events/targets', input);
  }

  listTargets(input: PageInput = {}): Promise<Page<Target>> {
    return this.transport.request('GET', '/events/targets', undefined, { ...input });
  }

  getTarget(name: string): Promise<Target> {
    return this.transport.request('GET', `/events/targets/${enc(name)}`);
  }

  updateTarget(name: string, input: UpdateTargetInput): Promise<Target> {
    return this.transport.request('PATCH', `/events/targets/${enc(name)}`, input);
  }

  /** Refused with TargetInUse (details.rules) while a rule names the target. */
  deleteTarget(name: string): Promise<void> {
    return this.transport.request('DELETE', `/events/targets/${enc(name)}`);
  }

  createRule(input: CreateRuleInput): Promise<Rule> {
    return this.transport.request('POST', '/events/rules', input);
  }

  listRules(input: PageInput = {}): Promise<Page<Rule>> {
    return this.transport.request('GET', '/events/rules', undefined, { ...input });
  }

  getRule(name: string): Promise<Rule> {
    return this.transport.request('GET', `/events/rules/${enc(name)}`);
  }

  updateRule(name: string, input: UpdateRuleInput): Promise<Rule> {
    return this.transport.request('PATCH', `/events/rules/${enc(name)}`, input);
  }

  deleteRule(name: string): Promise<void> {
    return this.transport.request('DELETE', `/events/rules/${enc(name)}`);
  }

  /** Newest first unless `order: 'asc'`. */
  listEvents(input: ListEventsInput = {}): Promise<Page<EventItem>> {
    return this.transport.request('GET', '/events', undefined, { ...input });
  }

  /** An event by its `id` (UUID), with its deliveries. */
  getEvent(id: string): Promise<EventWithDeliveries> {
    return this.transport.request('GET', `/events/${enc(id)}`);
  }

  /**
   * Matches the event again against the enabled rules and queues a new delivery per target; with `target`,
   * sends it to that target only, whether or not a rule matches.
   */
  replayEvent(id: string, input: { target?: string } = {}): Promise<{ deliveries: Delivery[] }> {
    return this.transport.request('POST', `/events/${enc(id)}/replay`, input);
  }

  /** Queues the dead letters, or the events of a time range, again; answers how many deliveries. */
  replay(input: ReplayInput): Promise<{ replayed: number }> {
    return this.transport.request('POST', '/events/replay', input);
  }

  testPattern(pattern: EventPattern | string, event: Record<string, unknown>): Promise<{ result: boolean }> {
    return this.transport.request('POST', '/events/test-pattern', { pattern, event });
  }

  /** Newest first. */
  listDeliveries(input: ListDeliveriesInput = {}): Promise<Page<Delivery>> {
    return this.transport.request('GET', '/events/deliveries', undefined, { ...input });
  }

  /** A delivery with its attempt log. */
  getDelivery(id: number): Promise<DeliveryDetail> {
    return this.transport.request('GET', `/events/deliveries/${id}`);
  }

  /**
   * Live events matching `pattern`, read from the server-sent events stream until the server closes it
   * or `signal` aborts (either ends the iteration without an error). It does not reconnect: resume with
   * `after` set to the last seq seen.
   */
  async *stream(options: StreamOptions = {}): AsyncGenerator<EventItem> {
    const { pattern, after, signal } = options;
    if (signal?.aborted) return;
    try {
      const res = await this.transport.open(
        '/events/stream',
        { pattern: typeof pattern === 'object' ? JSON.stringify(pattern) : pattern, after },
        'text/event-stream',
        signal,
      );
      if (!res.body) return;
      for await (const message of sseMessages(decode(res.body))) {
        yield { seq: Number(message.id), event: parseEvent(message.data) };
      }
    } catch (err) {
      if (signal?.aborted) return;
      if (err instanceof ModelryApiError) throw err;
      const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
      throw new ModelryApiError(
        0,
        'ConnectionFailed',
        `Lost the event stream of ${this.transport.endpoint} (${cause}).`,
      );
    }
  }
}

function parseEvent(data: string): RegistryEvent {
  try {
    return JSON.parse(data) as RegistryEvent;
  } catch {
    throw new ModelryApiError(0, 'InvalidResponse', `The event stream sent data that is not JSON: ${data}`);
  }
}

/** The body as text; a portable reader loop, since browsers do not all iterate ReadableStreams. */
async function* decode(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield decoder.decode(value, { stream: true });
    }
  } finally {
    // Ending early (a break in the caller's loop) must close the connection, not leave it streaming.
    await reader.cancel().catch(() => {});
  }
}

export interface SseMessage {
  /** The last `id:` seen, as the HTML spec's "last event ID". */
  readonly id: string;
  readonly data: string;
}

/**
 * Parses `text/event-stream` (HTML Living Standard, "server-sent events"): lines end in CRLF, LF or CR;
 * `:` starts a comment (keep-alives); `data:` lines accumulate until a blank line dispatches them;
 * a message without data is not dispatched, nor is an unterminated one at the end of the stream.
 */
export async function* sseMessages(chunks: AsyncIterable<string>): AsyncGenerator<SseMessage> {
  let buffer = '';
  let id = '';
  let data: string[] = [];
  const line = (text: string): SseMessage | undefined => {
    if (text === '') {
      const message = data.length > 0 ? { id, data: data.join('\n') } : undefined;
      data = [];
      return message;
    }
    if (text.startsWith(':')) return undefined;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    const value = colon === -1 ? '' : text.slice(colon + (text[colon + 1] === ' ' ? 2 : 1));
    if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) id = value;
    return undefined;
  };
  for await (const chunk of chunks) {
    buffer += chunk;
    for (let m = /\r\n|\r|\n/.exec(buffer); m; m = /\r\n|\r|\n/.exec(buffer)) {
      // A CR ending the buffer may be the first half of a CRLF split across chunks: wait for the next.
      if (m[0] === '\r' && m.index === buffer.length - 1) break;
      const message = line(buffer.slice(0, m.index));
      buffer = buffer.slice(m.index + m[0].length);
      if (message) yield message;
    }
  }
  if (buffer.endsWith('\r')) {
    const message = line(buffer.slice(0, -1));
    if (message) yield message;
  }
}
