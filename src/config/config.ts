import { resolve } from 'node:path';

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
}

export class ConfigError extends Error {}

/** Command-line flags win over environment variables, which win over defaults. */
export interface ConfigFlags {
  readonly host?: string;
  readonly port?: string;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
}

export const CONFIG_DEFAULTS = {
  host: '127.0.0.1',
  port: 8585,
  dataDir: './.modelry',
  accountId: '000000000000',
  region: 'us-east-1',
  logLevel: 'info',
  shutdownGraceMs: 10_000,
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
  return Object.freeze({
    host: pick(flags.host, 'MODELRY_HOST') ?? CONFIG_DEFAULTS.host,
    port,
    dataDir: resolve(pick(flags.dataDir, 'MODELRY_DATA_DIR') ?? CONFIG_DEFAULTS.dataDir),
    ...(databaseUrl !== undefined && { databaseUrl }),
    accountId,
    region,
    partition: 'aws',
    logLevel: logLevel as Config['logLevel'],
    shutdownGraceMs: Number(graceText),
  });
}
