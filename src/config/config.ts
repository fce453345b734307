import { resolve } from 'node:path';
import { ARTIFACT_DEFAULTS, type ArtifactsConfig, loadArtifactsConfig } from './artifacts-config.js';
import { ConfigError } from './config-error.js';

export type { ArtifactsConfig, FsArtifactsConfig, S3ArtifactsConfig } from './artifacts-config.js';
export { ConfigError };

/** Everything the server reads from its environment, validated once at boot and then frozen. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long SIGTERM waits for in-flight requests before closing anyway, in milliseconds. */
  readonly shutdownGraceMs: number;
  readonly events: EventsConfig;
  /** Key that encrypts stored secrets (32 bytes, hex or base64); unset: `<data-dir>/master.key`. */
  readonly masterKey?: string;
  /** Earlier master keys, still accepted to open what they sealed. */
  readonly previousMasterKeys: readonly string[];
  /** `--insecure-dev`: no authentication, no authorization. Never for anything but local experiments. */
  readonly insecureDev: boolean;
  /** Credentials of the first admin, imported at start (else generated once and printed). */
  readonly admin: AdminCredentials;
  /** The artifact store and upload limits. */
  readonly artifacts: ArtifactsConfig;
}

export interface AdminCredentials {
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly token?: string;
}

export interface EventsConfig {
  /** Whether this node runs the outbox relay and delivery workers (API-only nodes turn them off). */
  readonly workers: boolean;
  /** NATS server of `nats` targets that name none. */
  readonly natsUrl: string;
  /** Retry window of targets created without maxAgeSeconds. */
  readonly maxAgeSeconds: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How often idle workers look for other nodes' events and due retries. */
  readonly pollMs: number;
  /** Delivery attempts in flight at once on this node. */
  readonly concurrency: number;
}

/** Command-line flags win over environment variables, which win over defaults. */
export interface ConfigFlags {
  readonly host?: string;
  readonly port?: string;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly insecureDev?: boolean;
}

export const CONFIG_DEFAULTS = {
  host: '127.0.0.1',
  port: 8585,
  dataDir: './.modelry',
  accountId: '000000000000',
  region: 'us-east-1',
  logLevel: 'info',
  shutdownGraceMs: 10_000,
  natsUrl: 'nats://127.0.0.1:4222',
  eventsMaxAgeSeconds: 86_400,
  eventsRetryBaseMs: 1000,
  eventsRetryMaxMs: 300_000,
  eventsPollMs: 250,
  eventsConcurrency: 16,
  ...ARTIFACT_DEFAULTS,
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const pick = (flag: string | undefined, name: string): string | undefined => {
    const value = flag ?? env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const portText = pick(flags.port, 'MODELRY_PORT') ?? String(CONFIG_DEFAULTS.port);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new ConfigError(`Invalid port "${portText}" (--port / MODELRY_PORT): expected an integer 0-65535.`);
  }
  const accountId = pick(undefined, 'MODELRY_ACCOUNT_ID') ?? CONFIG_DEFAULTS.accountId;
  if (!/^\d{12}$/.test(accountId)) {
    throw new ConfigError(`Invalid MODELRY_ACCOUNT_ID "${accountId}": expected 12 digits.`);
  }
  const region = pick(undefined, 'MODELRY_REGION') ?? CONFIG_DEFAULTS.region;
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region) || region.length > 16) {
    throw new ConfigError(
      `Invalid MODELRY_REGION "${region}": expected an AWS-style region such as us-east-1.`,
    );
  }
  const databaseUrl = pick(flags.databaseUrl, 'MODELRY_DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      `Invalid database URL "${databaseUrl}" (--database-url / MODELRY_DATABASE_URL): expected postgres://user@host:port/db.`,
    );
  }
  const logLevel = pick(undefined, 'MODELRY_LOG_LEVEL') ?? CONFIG_DEFAULTS.logLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`Invalid MODELRY_LOG_LEVEL "${logLevel}": one of ${LOG_LEVELS.join(', ')}.`);
  }
  const graceText = pick(undefined, 'MODELRY_SHUTDOWN_GRACE_MS') ?? String(CONFIG_DEFAULTS.shutdownGraceMs);
  if (!/^\d+$/.test(graceText)) {
    throw new ConfigError(`Invalid MODELRY_SHUTDOWN_GRACE_MS "${graceText}": expected milliseconds.`);
  }
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const text = pick(undefined, name) ?? String(fallback);
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      throw new ConfigError(`Invalid ${name} "${text}": expected an integer from ${min} to ${max}.`);
    }
    return value;
  };
  const workersText = pick(undefined, 'MODELRY_EVENT_WORKERS') ?? 'true';
  if (workersText !== 'true' && workersText !== 'false') {
    throw new ConfigError(`Invalid MODELRY_EVENT_WORKERS "${workersText}": expected true or false.`);
  }
  const natsUrl = pick(undefined, 'MODELRY_NATS_URL') ?? CONFIG_DEFAULTS.natsUrl;
  if (!/^(nats|tls):\/\/[^\s/]+$/.test(natsUrl)) {
    throw new ConfigError(`Invalid MODELRY_NATS_URL "${natsUrl}": expected nats://host:port.`);
  }
  const events: EventsConfig = Object.freeze({
    workers: workersText === 'true',
    natsUrl,
    maxAgeSeconds: integer(
      'MODELRY_EVENTS_MAX_AGE_SECONDS',
      CONFIG_DEFAULTS.eventsMaxAgeSeconds,
      60,
      1_209_600,
    ),
    retryBaseMs: integer('MODELRY_EVENTS_RETRY_BASE_MS', CONFIG_DEFAULTS.eventsRetryBaseMs, 10, 3_600_000),
    retryMaxMs: integer('MODELRY_EVENTS_RETRY_MAX_MS', CONFIG_DEFAULTS.eventsRetryMaxMs, 10, 86_400_000),
    pollMs: integer('MODELRY_EVENTS_POLL_MS', CONFIG_DEFAULTS.eventsPollMs, 10, 60_000),
    concurrency: integer('MODELRY_EVENTS_CONCURRENCY', CONFIG_DEFAULTS.eventsConcurrency, 1, 256),
  });
  const masterKey = pick(undefined, 'MODELRY_MASTER_KEY');
  const admin = adminCredentials(pick);
  const dataDir = resolve(pick(flags.dataDir, 'MODELRY_DATA_DIR') ?? CONFIG_DEFAULTS.dataDir);
  const artifacts = loadArtifactsConfig((name) => pick(undefined, name), dataDir, region);
  return Object.freeze({
    host: pick(flags.host, 'MODELRY_HOST') ?? CONFIG_DEFAULTS.host,
    port,
    dataDir,
    ...(databaseUrl !== undefined && { databaseUrl }),
    accountId,
    region,
    partition: 'aws',
    logLevel: logLevel as Config['logLevel'],
    shutdownGraceMs: Number(graceText),
    events,
    ...(masterKey !== undefined && { masterKey }),
    insecureDev: flags.insecureDev === true,
    admin,
    previousMasterKeys: (pick(undefined, 'MODELRY_PREVIOUS_MASTER_KEYS') ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== ''),
    artifacts,
  });
}

function adminCredentials(
  pick: (flag: string | undefined, name: string) => string | undefined,
): AdminCredentials {
  const accessKeyId = pick(undefined, 'MODELRY_ADMIN_ACCESS_KEY_ID');
  const secretAccessKey = pick(undefined, 'MODELRY_ADMIN_SECRET_ACCESS_KEY');
  const token = pick(undefined, 'MODELRY_ADMIN_TOKEN');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError(
      'MODELRY_ADMIN_ACCESS_KEY_ID and MODELRY_ADMIN_SECRET_ACCESS_KEY go together: set both or neither.',
    );
  }
  if (accessKeyId !== undefined && !/^[A-Z0-9]{16,128}$/.test(accessKeyId)) {
    throw new ConfigError(
      `Invalid MODELRY_ADMIN_ACCESS_KEY_ID "${accessKeyId}": 16-128 upper-case letters and digits, as AWS access key ids.`,
    );
  }
  if (secretAccessKey !== undefined && (secretAccessKey.length < 16 || secretAccessKey.length > 128)) {
    throw new ConfigError('Invalid MODELRY_ADMIN_SECRET_ACCESS_KEY: 16-128 characters.');
  }
  if (token !== undefined && !/^mdl_[a-z0-9]{16}_[A-Za-z0-9_-]{43}$/.test(token)) {
    throw new ConfigError(
      'Invalid MODELRY_ADMIN_TOKEN: Modelry tokens look like mdl_<16 hex digits>_<43 base64url characters> (modelry auth tokens create prints one).',
    );
  }
  return Object.freeze({
    ...(accessKeyId !== undefined && { accessKeyId }),
    ...(secretAccessKey !== undefined && { secretAccessKey }),
    ...(token !== undefined && { token }),
  });
}
