import { verifyStoredTrail } from '../adapters/sql/audit-trail-reader.js';
import type { Config } from '../config/config.js';
import type { AuditHead, AuditVerification } from '../domain/audit.js';

/**
 * `modelry audit verify`: checks the configured store's audit trail, reading it directly, against `anchor`
 * (a head saved earlier) when given.
 */
export function verifyAuditTrail(config: Config, anchor?: AuditHead): Promise<AuditVerification> {
  return verifyStoredTrail(
    {
      dataDir: config.dataDir,
      ...(config.databaseUrl && { databaseUrl: config.databaseUrl }),
    },
    anchor,
  );
}
