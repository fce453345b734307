import { parseArgs } from 'node:util';
import { STORE_FLAGS, serverConfig } from './server-config.js';

export const SERVER_HELP = `Usage: modelry server [options]

Runs the registry: the SageMaker-compatible API (POST /) and the native API (/api/v1) on one port.

Options (flag / environment variable, default):
  --port N           MODELRY_PORT          8585
  --host ADDR        MODELRY_HOST          127.0.0.1
  --data-dir DIR     MODELRY_DATA_DIR      ./.modelry   (the SQLite database lives here)
  --database-url URL MODELRY_DATABASE_URL  (unset)      a postgres:// URL switches metadata to PostgreSQL
  --insecure-dev                                        turn authentication and authorization OFF (local
                                                        experiments only; the server says so at start and in /readyz)
Environment only:
  MODELRY_ACCOUNT_ID (000000000000), MODELRY_REGION (us-east-1), MODELRY_LOG_LEVEL (info),
  MODELRY_SHUTDOWN_GRACE_MS (10000), MODELRY_MASTER_KEY, MODELRY_ADMIN_ACCESS_KEY_ID,
  MODELRY_ADMIN_SECRET_ACCESS_KEY, MODELRY_ADMIN_TOKEN (see docs/configuration.md)

On first start the server creates the user admin and prints its access key pair and token once,
unless MODELRY_ADMIN_* give them.

SIGTERM or SIGINT stops accepting requests, lets in-flight ones finish, and exits 0.`;

export async function serverCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      ...STORE_FLAGS,
      'insecure-dev': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${SERVER_HELP}\n`);
    return 0;
  }
  const config = serverConfig(values);
  // Loaded on demand: client commands need none of the server's modules.
  const { startServer } = await import('../../main/start-server.js');
  // Listen for the signals before the server announces itself: a SIGTERM that arrives right after the
  // "listening" line must drain and exit 0, not kill the process with the default action.
  let stopRequested: () => void = () => undefined;
  const stopSignal = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  process.once('SIGTERM', stopRequested);
  process.once('SIGINT', stopRequested);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(config);
  } catch (err) {
    process.removeListener('SIGTERM', stopRequested);
    process.removeListener('SIGINT', stopRequested);
    throw err;
  }
  await stopSignal;
  try {
    await server.stop();
  } catch (err) {
    process.stderr.write(`modelry: error while stopping: ${(err as Error).message}\n`);
  }
  return 0;
}
