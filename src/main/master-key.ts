import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AesSecretBox,
  type MasterKey,
  masterKey,
  newMasterKeyText,
} from '../adapters/crypto/aes-secret-box.js';
import { type Config, ConfigError } from '../config/config.js';

export const MASTER_KEY_FILE = 'master.key';

/**
 * The secret box of this server: MODELRY_MASTER_KEY when set (required when several nodes share one
 * PostgreSQL database: they must all open the same secrets), else a key kept in `<data-dir>/master.key`,
 * created with mode 0600 on first start.
 */
export function openSecretBox(config: Config): { box: AesSecretBox; source: string } {
  const parse = (text: string, where: string): MasterKey => {
    try {
      return masterKey(text);
    } catch (err) {
      throw new ConfigError(`Invalid ${where}: ${(err as Error).message}`);
    }
  };
  const previous = config.previousMasterKeys.map((k, i) =>
    parse(k, `MODELRY_PREVIOUS_MASTER_KEYS entry ${i + 1}`),
  );
  if (config.masterKey !== undefined) {
    return {
      box: new AesSecretBox(parse(config.masterKey, 'MODELRY_MASTER_KEY'), previous),
      source: 'MODELRY_MASTER_KEY',
    };
  }
  const file = join(config.dataDir, MASTER_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `${newMasterKeyText()}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return { box: new AesSecretBox(parse(readFileSync(file, 'utf8'), file), previous), source: file };
}
