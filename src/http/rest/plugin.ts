import type { FastifyInstance } from 'fastify';
import type { Signal } from '../../services/event-signal.js';
import type { Registry } from '../../services/registry.js';
import { docsPage } from './docs-page.js';
import { eventConfigRoutes } from './event-config-routes.js';
import { eventLogRoutes } from './event-log-routes.js';
import { type EventStreams, eventStreamRoute } from './event-stream-route.js';
import { groupRoutes } from './group-routes.js';
import { OpenApiCollector } from './openapi.js';
import { versionRoutes } from './version-routes.js';

export const NATIVE_PREFIX = '/api/v1';

export interface NativeOptions {
  readonly registry: Registry;
  readonly account: string;
  readonly version: string;
  readonly published: Signal;
  readonly pollMs: number;
  /** Receives the handle that ends live event streams at shutdown. */
  readonly onStreams: (streams: EventStreams) => void;
}

/** The native API under /api/v1, with its OpenAPI document and a browsable page. */
export async function nativeApi(app: FastifyInstance, options: NativeOptions): Promise<void> {
  const collector = new OpenApiCollector(NATIVE_PREFIX);
  app.addHook('onRoute', (route) => collector.add({ ...route, url: route.url.slice(NATIVE_PREFIX.length) }));
  groupRoutes(app, options.registry, options.account);
  versionRoutes(app, options.registry, options.account);
  eventConfigRoutes(app, options.registry, options.account);
  eventLogRoutes(app, options.registry, options.account);
  options.onStreams(
    eventStreamRoute(app, options.registry, options.account, options.published, options.pollMs),
  );
  let document: string | undefined;
  app.get('/openapi.json', async (_req, reply) => {
    document ??= JSON.stringify(collector.document(options.version));
    return reply.type('application/json').send(document);
  });
  const page = docsPage(`${NATIVE_PREFIX}/openapi.json`);
  app.get('/docs', async (_req, reply) => reply.type('text/html; charset=utf-8').send(page));
}
