import { openMetadataStore } from '../adapters/sql/open-store.js';
import type { Config } from '../config/config.js';

/** Brings the configured metadata store's schema up to date and closes it (`modelry migrate`). */
export async function migrateStore(config: Config): Promise<string> {
  const store = await openMetadataStore({
    dataDir: config.dataDir,
    ...(config.databaseUrl && { databaseUrl: config.databaseUrl }),
  });
  await store.close();
  return config.databaseUrl ? 'postgres' : `sqlite in ${config.dataDir}`;
}
