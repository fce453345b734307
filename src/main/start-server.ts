import pino, { type Logger } from 'pino';
import { openMetadataStore } from '../adapters/sql/open-store.js';
import { createLogHandler } from '../adapters/targets/log-handler.js';
import { createSenderFactory } from '../adapters/targets/sender-factory.js';
import type { Config } from '../config/config.js';
import { buildHttpServer } from '../http/server.js';
import type { EventHandler } from '../ports/event-target.js';
import type { MetadataStore } from '../ports/metadata-store.js';
import type { AuditScope } from '../services/audit.js';
import { ADMIN_NAME, type BootstrapResult, bootstrapAdmin, undoBootstrap } from '../services/bootstrap.js';
import { Signal } from '../services/event-signal.js';
import { createRegistry, type Registry } from '../services/registry.js';
import { DeliveryWorker } from '../workers/delivery-worker.js';
import { RelayWorker } from '../workers/outbox-relay.js';
import { openArtifactStore } from './artifact-store.js';
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
  const artifacts = await openArtifactStore(config);
  try {
    await artifacts.check();
  } catch (err) {
    await artifacts.close();
    throw new Error(`The ${artifacts.kind} artifact store is not usable: ${(err as Error).message}`);
  }
  const store = await openMetadataStore({
    dataDir: config.dataDir,
    ...(config.databaseUrl && { databaseUrl: config.databaseUrl }),
  }).catch(async (err: unknown) => {
    await artifacts.close();
    throw err;
  });
  const clock = { now: () => Date.now() };
  const handlers = [createLogHandler(logger.child({ handler: 'log' }))];
  const deps = {
    store,
    clock,
    partition: config.partition,
    region: config.region,
    homeAccount: config.accountId,
    secrets: secrets.box,
    enforceApprovalRules: !config.insecureDev,
    artifacts,
    artifactLimits: config.artifacts,
  };
  const registry = createRegistry(deps, {
    defaultMaxAgeMs: config.events.maxAgeSeconds * 1000,
    retryBaseMs: config.events.retryBaseMs,
    retryMaxMs: config.events.retryMaxMs,
    handlerNames: handlers.map((h) => h.name),
  });
  store.setUnitHook({
    capture: () => registry.audit.capture(),
    end: (tx, events, captured) => registry.audit.endOfUnit(tx, events, captured as AuditScope | undefined),
  });
  let admin: BootstrapResult;
  try {
    admin = await bootstrapAdmin(deps, registry.auth.identities, config.accountId, config.admin);
  } catch (err) {
    await store.close();
    await artifacts.close();
    throw err;
  }
  if (config.insecureDev) {
    logger.warn(
      'AUTHENTICATION IS OFF (--insecure-dev): anyone who can reach this port can read and change everything',
    );
  }
  const published = new Signal();
  const workers = config.events.workers
    ? startEventWorkers(config, registry, handlers, published, store, logger)
    : undefined;
  const { app, setDraining } = buildHttpServer({
    registry,
    account: config.accountId,
    version: VERSION,
    logger,
    // Ready when both answer: the database and the artifact store (DESIGN.md §6).
    checkReady: async () => {
      await store.ping();
      await artifacts.check();
    },
    published,
    pollMs: config.events.pollMs,
    insecureDev: config.insecureDev,
  });
  const drain = connectionDrain(app.server);
  const backend = config.databaseUrl ? 'postgres' : `sqlite in ${config.dataDir}`;
  try {
    await app.listen({
      host: config.host,
      port: config.port,
      listenTextResolver: (address) =>
        `modelry listening on ${address} (metadata: ${backend}; artifacts: ${artifacts.kind}; account ${config.accountId}, region ${config.region})`,
    });
  } catch (err) {
    await workers?.stop(0);
    // Credentials nobody was shown would lock the next start out: the first admin is made again then.
    if (admin.created) await undoBootstrap(deps, config.accountId).catch(() => undefined);
    await store.close();
    await artifacts.close();
    throw err;
  }
  announceAdmin(admin, config);
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
        await artifacts.close();
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

/** Shows the first admin's generated credentials once, on stderr, where no log collector parses them as JSON. */
function announceAdmin(result: BootstrapResult, config: Config): void {
  if (!result.created || (result.accessKeyId === undefined && result.token === undefined)) return;
  const lines = [
    '',
    '================================================================================',
    ` First start: created the user "${ADMIN_NAME}" (role admin). Its credentials are shown ONCE:`,
    ...(result.accessKeyId !== undefined
      ? [`   AWS_ACCESS_KEY_ID=${result.accessKeyId}`, `   AWS_SECRET_ACCESS_KEY=${result.secretAccessKey}`]
      : []),
    ...(result.token !== undefined ? [`   MODELRY_TOKEN=${result.token}`] : []),
    ' Store them now. To choose them instead, set MODELRY_ADMIN_ACCESS_KEY_ID,',
    ' MODELRY_ADMIN_SECRET_ACCESS_KEY and MODELRY_ADMIN_TOKEN before the first start.',
    `${config.insecureDev ? ' (--insecure-dev is on: they are not checked until you turn it off.)' : ''}`,
    '================================================================================',
    '',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}
