import { verifyStoredTrail } from '../adapters/sql/audit-trail-reader.js';
import type { Config } from '../config/config.js';
import type { AuditVerification } from '../domain/audit.js';

/** `modelry audit verify`: checks the configured store's audit trail, reading it directly. */
export function verifyAuditTrail(config: Config): Promise<AuditVerification> {
  return verifyStoredTrail({
    dataDir: config.dataDir,
    ...(config.databaseUrl && { databaseUrl: config.databaseUrl }),
  });
}
