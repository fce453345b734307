import pino from 'pino';
import { openMetadataStore } from '../adapters/sql/open-store.js';
import type { Config } from '../config/config.js';
import { buildHttpServer } from '../http/server.js';
import { createRegistry } from '../services/registry.js';
import { connectionDrain } from './drain.js';
import { VERSION } from './version.js';

export interface RunningServer {
  readonly url: string;
  /** Stops accepting connections, lets in-flight requests finish, then closes the store. */
  stop(): Promise<void>;
}

/** The composition root: the only place that builds adapters and wires them into services and HTTP. */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = pino({ level: config.logLevel, base: { service: 'modelry' } });
  const store = await openMetadataStore({
    dataDir: config.dataDir,
    ...(config.databaseUrl && { databaseUrl: config.databaseUrl }),
  });
  const registry = createRegistry({
    store,
    clock: { now: () => Date.now() },
    partition: config.partition,
    region: config.region,
  });
  const { app, setDraining } = buildHttpServer({
    registry,
    account: config.accountId,
    version: VERSION,
    logger,
    checkReady: () => store.ping(),
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
        await store.close();
        logger.info('modelry stopped');
      })();
      return stopping;
    },
  };
}
