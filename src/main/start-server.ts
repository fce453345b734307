import pino, { type Logger } from 'pino';
import { openMetadataStore } from '../adapters/sql/open-store.js';
import { createLogHandler } from '../adapters/targets/log-handler.js';
import { createSenderFactory } from '../adapters/targets/sender-factory.js';
import type { Config } from '../config/config.js';
import { buildHttpServer } from '../http/server.js';
import type { EventHandler } from '../ports/event-target.js';
import type { MetadataStore } from '../ports/metadata-store.js';
import { Signal } from '../services/event-signal.js';
import { createRegistry, type Registry } from '../services/registry.js';
import { DeliveryWorker } from '../workers/delivery-worker.js';
import { RelayWorker } from '../workers/outbox-relay.js';
import { connectionDrain } from './drain.js';
import { openSecretBox } from './master-key.js';
import { VERSION } from './version.js';

export interface RunningServer {
  readonly url: string;
  /** Stops accepting connections, lets in-flight requests finish, then closes the store. */
  stop(): Promise<void>;
}

/** The composition root: the only place that builds adapters and wires them into services and HTTP. */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = pino({ level: config.logLevel, base: { service: 'modelry' } });
  const secrets = openSecretBox(config);
  const store = await openMetadataStore({
    dataDir: config.dataDir,
    ...(config.databaseUrl && { databaseUrl: config.databaseUrl }),
  });
  const clock = { now: () => Date.now() };
  const handlers = [createLogHandler(logger.child({ handler: 'log' }))];
  const registry = createRegistry(
    { store, clock, partition: config.partition, region: config.region, secrets: secrets.box },
    {
      defaultMaxAgeMs: config.events.maxAgeSeconds * 1000,
      retryBaseMs: config.events.retryBaseMs,
      retryMaxMs: config.events.retryMaxMs,
      handlerNames: handlers.map((h) => h.name),
    },
  );
  const published = new Signal();
  const workers = config.events.workers
    ? startEventWorkers(config, registry, handlers, published, store, logger)
    : undefined;
  const { app, setDraining } = buildHttpServer({
    registry,
    account: config.accountId,
    version: VERSION,
    logger,
    checkReady: () => store.ping(),
    published,
    pollMs: config.events.pollMs,
  });
  const drain = connectionDrain(app.server);
  const backend = config.databaseUrl ? 'postgres' : `sqlite in ${config.dataDir}`;
  try {
    await app.listen({
      host: config.host,
      port: config.port,
      listenTextResolver: (address) =>
        `modelry listening on ${address} (metadata: ${backend}; account ${config.accountId}, region ${config.region})`,
    });
  } catch (err) {
    await workers?.stop(0);
    await store.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () => {
      stopping ??= (async () => {
        setDraining();
        const closed = new Promise<void>((resolve) => app.server.once('close', () => resolve()));
        await drain.stopAccepting(config.shutdownGraceMs);
        const timer = setTimeout(() => app.server.closeAllConnections(), config.shutdownGraceMs);
        await app.close();
        await closed;
        clearTimeout(timer);
        await workers?.stop(config.shutdownGraceMs);
        await store.close();
        logger.info('modelry stopped');
      })();
      return stopping;
    },
  };
}

/** The outbox relay and the delivery worker, woken by this process's commits and by each other. */
function startEventWorkers(
  config: Config,
  registry: Registry,
  handlers: readonly EventHandler[],
  published: Signal,
  store: MetadataStore,
  logger: Logger,
): { stop(graceMs: number): Promise<void> } {
  const log = logger.child({ worker: 'events' });
  const onError = (err: unknown) => log.error({ err }, 'event worker step failed; retrying with backoff');
  const onRecover = (failures: number) => log.info({ failures }, 'event worker recovered');
  const senders = createSenderFactory({ version: VERSION, natsUrl: config.events.natsUrl, handlers });
  const delivery = new DeliveryWorker({
    delivery: registry.events.delivery,
    senders,
    concurrency: config.events.concurrency,
    pollMs: config.events.pollMs,
    now: () => Date.now(),
    onError,
    onRecover,
    onAttempt: (claimed, result) =>
      log.debug(
        { delivery: claimed.id, target: claimed.targetName, ok: result.ok, status: result.statusCode },
        'delivery attempt',
      ),
  });
  const relay = new RelayWorker({
    relay: registry.events.relay,
    published,
    pollMs: config.events.pollMs,
    onError,
    onRecover,
  });
  published.listen(() => delivery.wake());
  store.onEventsCommitted(() => relay.wake());
  relay.start();
  delivery.start();
  return {
    async stop(graceMs) {
      await relay.stop();
      await delivery.stop(graceMs);
      await senders.close();
    },
  };
}
