import { type Config, ConfigError, loadConfig } from '../../config/config.js';
import { UsageError } from '../errors.js';

/** The flags `modelry server` and `modelry migrate` share: where the metadata lives. */
export const STORE_FLAGS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
} as const;

/** Flags over environment over defaults; a bad value is a usage error (one line, exit 2). */
export function serverConfig(values: {
  port?: string | undefined;
  host?: string | undefined;
  'data-dir'?: string | undefined;
  'database-url'?: string | undefined;
  'insecure-dev'?: boolean | undefined;
}): Config {
  try {
    return loadConfig({
      ...(values.port !== undefined && { port: values.port }),
      ...(values.host !== undefined && { host: values.host }),
      ...(values['data-dir'] !== undefined && { dataDir: values['data-dir'] }),
      ...(values['database-url'] !== undefined && { databaseUrl: values['database-url'] }),
      ...(values['insecure-dev'] === true && { insecureDev: true }),
    });
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}
