import { parseArgs } from 'node:util';
import { STORE_FLAGS, serverConfig } from './server-config.js';

export const MIGRATE_HELP = `Usage: modelry migrate [--data-dir DIR | --database-url URL]

Applies pending schema migrations to the metadata store and exits. The server also migrates at start;
this command lets an operator do it ahead of a rollout. A schema newer than this version is refused.
Uses the same settings as modelry server (MODELRY_DATA_DIR, MODELRY_DATABASE_URL).`;

export async function migrateCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...STORE_FLAGS,
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${MIGRATE_HELP}\n`);
    return 0;
  }
  const config = serverConfig(values);
  const { migrateStore } = await import('../../main/migrate.js');
  const where = await migrateStore(config);
  process.stdout.write(`Schema up to date (${where}).\n`);
  return 0;
}
