import { randomUUID } from 'node:crypto';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  LogController,
} from 'fastify';
import { DomainError, isDomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import type { Signal } from '../services/event-signal.js';
import type { Registry } from '../services/registry.js';
import { awsJsonHandler, isAwsRequest, sendAwsError } from './awsjson/face.js';
import { eventMetrics } from './event-metrics.js';
import { HttpMetrics } from './metrics.js';
import { REST_STATUS } from './rest/errors.js';
import type { EventStreams } from './rest/event-stream-route.js';
import { NATIVE_PREFIX, nativeApi } from './rest/plugin.js';

export interface HttpOptions {
  readonly registry: Registry;
  readonly account: string;
  readonly version: string;
  readonly logger: FastifyBaseLogger;
  /** Resolves when the metadata store answers; rejects otherwise. */
  readonly checkReady: () => Promise<void>;
  /** Raised when events are published; live event streams read on it. */
  readonly published: Signal;
  readonly pollMs: number;
  /** --insecure-dev: no authentication and no authorization (the server says so in /readyz). */
  readonly insecureDev: boolean;
}

/** How many schema violations a native error names; the rest are counted. */
const SHOWN_ERRORS = 10;

/** Turns anything thrown while handling a request into the catalogue's terms. */
function toDomainError(err: unknown): DomainError | undefined {
  if (isDomainError(err)) return err;
  const e = err as FastifyError;
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new DomainError(
      'PayloadTooLarge',
      `The request body exceeds the limit of ${LIMITS.bodyBytesMax} bytes.`,
      {
        limit: LIMITS.bodyBytesMax,
      },
    );
  }
  if (e.validation) {
    // Capped: a body with thousands of bad members must not produce an answer bigger than itself.
    return new DomainError('ValidationFailed', e.message, {
      errors: e.validation.slice(0, SHOWN_ERRORS),
      ...(e.validation.length > SHOWN_ERRORS && { omitted: e.validation.length - SHOWN_ERRORS }),
    });
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new DomainError('MalformedRequest', e.message);
  }
  return undefined;
}

function sendNativeError(reply: FastifyReply, err: DomainError): FastifyReply {
  return reply
    .status(REST_STATUS[err.code])
    .send({ error: { code: err.code, message: err.message, details: err.details } });
}

export function buildHttpServer(options: HttpOptions): { app: FastifyInstance; setDraining: () => void } {
  const metrics = new HttpMetrics();
  const debugLog = options.logger.level === 'debug' || options.logger.level === 'trace';
  let draining = false;
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: LIMITS.bodyBytesMax,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    forceCloseConnections: 'idle',
    // While draining, a request that still reaches us is served (with Connection: close), not shed with
    // a 503 outside the caller's error envelope.
    return503OnClosing: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
    schemaErrorFormatter: (errors, dataVar) => {
      const shown = errors.slice(0, SHOWN_ERRORS).map((e) => `${dataVar}${e.instancePath} ${e.message}`);
      const more = errors.length - shown.length;
      return new Error(`${shown.join(', ')}${more > 0 ? ` (and ${more} more)` : ''}`);
    },
  });

  app.removeAllContentTypeParsers();
  // On the SageMaker face the body stays raw bytes whatever its type: SigV4 hashes it exactly as sent.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, raw, done) => {
    if (!req.url.startsWith('/api/')) return done(null, raw);
    // Kept for SigV4, which the native API accepts too (signed over the bytes as sent).
    req.rawBody = raw as Buffer;
    const body = (raw as Buffer).toString('utf8');
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body));
    } catch (err) {
      done(
        new DomainError('MalformedRequest', `The request body is not valid JSON: ${(err as Error).message}`),
        undefined,
      );
    }
  });
  // AWS JSON 1.1 bodies (and anything else) reach the handlers as raw bytes: SigV4 hashes them as sent.
  // The native API reads JSON only: anything else would reach its schemas as a Buffer, checked byte by byte.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    if (req.url.startsWith('/api/') && (body as Buffer).length > 0) {
      const type = (req.headers['content-type'] ?? 'none').slice(0, 100);
      return done(
        new DomainError(
          'MalformedRequest',
          `The request body must be JSON (Content-Type: application/json), not ${type}.`,
        ),
        undefined,
      );
    }
    done(null, body);
  });

  // While draining, every answer closes its connection: a keep-alive socket left idle after a request
  // that was in flight at SIGTERM would otherwise hold the shutdown until the grace period ends.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (draining) reply.header('connection', 'close');
    return payload;
  });

  app.addHook('onResponse', async (req, reply) => {
    const face = req.url.startsWith(NATIVE_PREFIX) ? 'native' : isAwsRequest(req) ? 'sagemaker' : 'other';
    metrics.observe(face, reply.statusCode, reply.elapsedTime / 1000);
    // One structured line per request at debug level (MODELRY_LOG_LEVEL=debug); a no-op check otherwise.
    if (debugLog) {
      const target = req.headers['x-amz-target'];
      req.log.debug(
        {
          reqId: req.id,
          method: req.method,
          url: req.url,
          ...(typeof target === 'string' && { target }),
          status: reply.statusCode,
          ms: Number(reply.elapsedTime.toFixed(2)),
        },
        'request',
      );
    }
  });

  app.setErrorHandler((err, req, reply) => {
    const domain = toDomainError(err);
    if (!domain) {
      req.log.error({ err, reqId: req.id, url: req.url }, 'request failed');
    }
    const shown =
      domain ??
      new DomainError('InternalError', `Internal error; request id ${req.id}.`, { requestId: req.id });
    if (isAwsRequest(req)) {
      reply.header('x-amzn-requestid', req.id);
      return sendAwsError(reply, shown);
    }
    return sendNativeError(reply, shown);
  });

  app.setNotFoundHandler((req, reply) =>
    sendNativeError(
      reply,
      new DomainError(
        'RouteNotFound',
        `No route for ${req.method} ${req.url.split('?')[0]}. See ${NATIVE_PREFIX}/docs.`,
      ),
    ),
  );

  const aws = awsJsonHandler({
    registry: options.registry,
    account: options.account,
    insecureDev: options.insecureDev,
  });
  app.post('/', aws);
  app.post('/*', async (req, reply) => {
    if (req.url.startsWith('/api/')) {
      return sendNativeError(
        reply,
        new DomainError('RouteNotFound', `No route for POST ${req.url.split('?')[0]}.`),
      );
    }
    return aws(req, reply);
  });

  app.get('/', async () => ({
    name: 'modelry',
    version: options.version,
    sagemaker: 'POST / with X-Amz-Target: SageMaker.<Operation>',
    api: `${NATIVE_PREFIX}/docs`,
  }));
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    if (draining) return reply.status(503).send({ status: 'draining' });
    try {
      await options.checkReady();
      return options.insecureDev
        ? { status: 'ready', auth: 'DISABLED (--insecure-dev): anyone can read and change everything' }
        : { status: 'ready' };
    } catch (err) {
      return reply.status(503).send({ status: 'unavailable', reason: (err as Error).message });
    }
  });
  app.get('/metrics', async (_req, reply) => {
    const mem = process.memoryUsage();
    const families = await eventMetrics(options.registry).catch(() => []);
    return reply
      .type('text/plain; version=0.0.4')
      .send(
        metrics.render(
          { process_resident_memory_bytes: mem.rss, nodejs_heap_used_bytes: mem.heapUsed },
          families,
        ),
      );
  });

  app.register(nativeApi, {
    prefix: NATIVE_PREFIX,
    registry: options.registry,
    account: options.account,
    version: options.version,
    published: options.published,
    pollMs: options.pollMs,
    insecureDev: options.insecureDev,
    onStreams: (s: EventStreams) => {
      streams = s;
    },
  });
  let streams: EventStreams | undefined;
  return {
    app,
    setDraining: () => {
      draining = true;
      // Live tails would hold their connections open through the whole grace period.
      streams?.endAll();
    },
  };
}
