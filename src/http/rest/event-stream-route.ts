import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { parseEventPattern } from '../../domain/event-pattern.js';
import type { Signal } from '../../services/event-signal.js';
import type { Registry } from '../../services/registry.js';
import { nativeActor } from './context.js';
import { ErrorSchema } from './schemas.js';

const KEEP_ALIVE_MS = 15_000;
const READ_BATCH = 100;

export interface EventStreams {
  /** Ends every open stream (at shutdown, so that draining does not wait for tails). */
  endAll(): void;
}

/**
 * GET /events/stream: Server-Sent Events, one `id: <seq>` + `data: <event JSON>` per published event of
 * the caller's account. Resumes after Last-Event-ID (or ?after=); else starts at the newest event.
 * Woken by this node's relay, and polls for events other nodes published.
 */
export function eventStreamRoute(
  app: FastifyInstance,
  registry: Registry,
  account: string,
  published: Signal,
  pollMs: number,
): EventStreams {
  const open = new Set<() => void>();
  app.get<{ Querystring: { pattern?: string; after?: string } }>(
    '/events/stream',
    {
      schema: {
        summary: 'Stream live events (text/event-stream)',
        tags: ['events'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            pattern: { type: 'string', description: 'Only events matching this EventBridge pattern (JSON).' },
            after: { type: 'string', pattern: '^[0-9]{1,15}$', description: 'Start after this seq.' },
          },
        },
        responses: { 200: { type: 'string', description: 'text/event-stream' }, 400: ErrorSchema },
      },
    },
    async (req, reply) => {
      const actor = nativeActor(req, account);
      const pattern = req.query.pattern !== undefined ? parseEventPattern(req.query.pattern) : undefined;
      const resume = req.headers['last-event-id'] ?? req.query.after;
      if (resume !== undefined && !/^[0-9]{1,15}$/.test(String(resume))) {
        throw new DomainError('ValidationFailed', 'Last-Event-ID must be the seq of an event.', {
          field: 'Last-Event-ID',
        });
      }
      let position = resume !== undefined ? Number(resume) : await registry.events.log.lastSeq();
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      out.write(': modelry event stream\n\n');
      let closed = false;
      let reading = false;
      let again = false;
      const pump = async () => {
        if (reading) {
          again = true;
          return;
        }
        reading = true;
        try {
          do {
            again = false;
            const { events, last } = await registry.events.log.eventsAfter(actor, position, READ_BATCH);
            for (const e of events) {
              if (closed) return;
              if (!pattern || pattern.matches(e.event)) out.write(`id: ${e.seq}\ndata: ${e.body}\n\n`);
            }
            if (last > position) again = true;
            position = last;
          } while (again && !closed);
        } catch (err) {
          req.log.warn({ err }, 'event stream read failed; retrying on the next poll');
        } finally {
          reading = false;
        }
      };
      const stopListening = published.listen(() => void pump());
      const poll = setInterval(() => void pump(), pollMs);
      const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
      const end = () => {
        if (closed) return;
        closed = true;
        stopListening();
        clearInterval(poll);
        clearInterval(keepAlive);
        open.delete(end);
        out.end();
      };
      open.add(end);
      out.on('close', end);
      void pump();
    },
  );
  return {
    endAll: () => {
      for (const end of [...open]) end();
    },
  };
}
