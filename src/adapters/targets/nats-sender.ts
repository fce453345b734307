import {
  JetStreamApiError,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  type PubAck,
  StorageType,
} from '@nats-io/jetstream';
import { errors, headers, type NatsConnection } from '@nats-io/transport-node';
import type { AttemptResult, DeliveryRequest, EventSender, TargetSpec } from '../../ports/event-target.js';
import { excerptOf } from './excerpt.js';
import { NATS_TIMEOUT_MS, type NatsConnections } from './nats-connections.js';

export type NatsSpec = Extract<TargetSpec, { kind: 'nats' }>;

/** JetStream API error codes the sender tells apart (nats-server's errors.json). */
const STREAM_NOT_FOUND = 10059;
const STREAM_NAME_IN_USE = 10058;
const SUBJECTS_OVERLAP = 10065;

/**
 * Publishes events to a JetStream subject. `Nats-Msg-Id` carries the event id, so a retry inside the
 * stream's duplicate window is stored once (the PubAck says `duplicate`); consumers dedupe beyond it.
 */
export class NatsSender implements EventSender {
  /** Set once the target's stream is known to exist; cleared when a publish finds no stream, to look again. */
  private streamReady: Promise<void> | undefined;

  constructor(
    private readonly spec: NatsSpec,
    private readonly url: string,
    private readonly connections: NatsConnections,
    private readonly timeoutMs = NATS_TIMEOUT_MS,
  ) {}

  async deliver({ event, body }: DeliveryRequest): Promise<AttemptResult> {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    try {
      const nc = await this.connections.get(this.url);
      if (this.spec.stream !== undefined) await this.ensureStream(nc, this.spec.stream);
      const ack = await this.publish(nc, event.id, body);
      const excerpt = ack.duplicate
        ? `duplicate: already stored as message ${ack.seq} of stream ${ack.stream}`
        : `stored as message ${ack.seq} of stream ${ack.stream}`;
      return { ok: true, latencyMs: latencyMs(), excerpt };
    } catch (err) {
      return { ok: false, latencyMs: latencyMs(), excerpt: excerptOf(messageOf(err)) };
    }
  }

  private async publish(nc: NatsConnection, eventId: string, body: string): Promise<PubAck> {
    const h = headers();
    h.set('Modelry-Event-Id', eventId);
    try {
      return await jetstream(nc).publish(this.spec.subject, body, {
        msgID: eventId,
        headers: h,
        timeout: this.timeoutMs,
      });
    } catch (err) {
      throw new Error(await this.publishFailure(nc, err), { cause: err });
    }
  }

  private async publishFailure(nc: NatsConnection, err: unknown): Promise<string> {
    const { subject } = this.spec;
    if (err instanceof errors.TimeoutError) {
      return `no PubAck from JetStream within ${this.timeoutMs} ms for subject ${subject} (NATS at ${this.url})`;
    }
    if (err instanceof JetStreamApiError)
      return `JetStream refused the message: ${err.message} (${err.code})`;
    // Nothing answered the publish: no stream captures the subject, or JetStream is off altogether.
    if (err instanceof Error && err.name === 'JetStreamNotEnabled') {
      this.streamReady = undefined;
      return this.noStreamFailure(nc);
    }
    return `publishing to ${subject} failed: ${messageOf(err)}`;
  }

  private async noStreamFailure(nc: NatsConnection): Promise<string> {
    const { subject, stream } = this.spec;
    let jsm: JetStreamManager;
    try {
      jsm = await jetstreamManager(nc, { timeout: this.timeoutMs });
    } catch (err) {
      return err instanceof Error && err.name === 'JetStreamNotEnabled'
        ? `JetStream is not enabled on the NATS server at ${this.url}`
        : `no JetStream stream answered for subject ${subject}: ${messageOf(err)}`;
    }
    if (stream === undefined) {
      return `no JetStream stream captures subject ${subject}; create one or set the target's stream`;
    }
    const exists = await jsm.streams.info(stream).then(
      () => true,
      () => false,
    );
    return exists
      ? `no JetStream stream captures subject ${subject}: stream ${stream} exists but its subjects do not include it`
      : `no JetStream stream captures subject ${subject}: stream ${stream} was deleted; the next attempt creates it again`;
  }

  /** Once per sender (and again after a publish found no stream): creating streams is not a per-event cost. */
  private ensureStream(nc: NatsConnection, stream: string): Promise<void> {
    this.streamReady ??= this.createStreamIfMissing(nc, stream).catch((err: unknown) => {
      this.streamReady = undefined;
      const why =
        err instanceof errors.TimeoutError ? `no answer within ${this.timeoutMs} ms` : messageOf(err);
      throw new Error(`cannot look up or create JetStream stream ${stream}: ${why}`, { cause: err });
    });
    return this.streamReady;
  }

  private async createStreamIfMissing(nc: NatsConnection, stream: string): Promise<void> {
    const jsm = await jetstreamManager(nc, { timeout: this.timeoutMs });
    try {
      await jsm.streams.info(stream);
      return;
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === STREAM_NOT_FOUND)) throw err;
    }
    try {
      await jsm.streams.add({ name: stream, subjects: [this.spec.subject], storage: StorageType.File });
    } catch (err) {
      // Another server process created it first, or another stream already captures the subject:
      // either way the publish has somewhere to go.
      const benign =
        err instanceof JetStreamApiError && [STREAM_NAME_IN_USE, SUBJECTS_OVERLAP].includes(err.code);
      if (!benign) throw err;
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
