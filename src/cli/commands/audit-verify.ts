import { parseArgs } from 'node:util';
import { STORE_FLAGS, serverConfig } from './server-config.js';

export const AUDIT_VERIFY_HELP = `Usage: modelry audit verify [--data-dir DIR | --database-url URL] [--json]

Reads the audit trail straight from the metadata store (no server needed) and checks its hash chain:
every record must hash to its stored hash, carry the next number, and name its predecessor's hash.
Exits 0 when the trail is intact, 1 naming the first bad record (an edited, deleted, inserted or
reordered record), 2 on a usage error. Uses the server's settings (MODELRY_DATA_DIR, MODELRY_DATABASE_URL).

Keep the printed head (seq and hash) somewhere else: a trail cut off at its end, or rewritten from some
record on with every hash recomputed, is only caught against such an anchor.`;

export async function auditVerifyCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...STORE_FLAGS, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${AUDIT_VERIFY_HELP}\n`);
    return 0;
  }
  const config = serverConfig(values);
  const { verifyAuditTrail } = await import('../../main/audit-verify.js');
  const result = await verifyAuditTrail(config);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else if (result.ok) {
    const head = result.head ? `; head: record ${result.head.seq}, hash ${result.head.hash}` : '';
    process.stdout.write(`Audit trail intact: ${result.count} record(s)${head}.\n`);
  } else {
    process.stderr.write(`modelry: audit trail broken at record ${result.seq}: ${result.reason}\n`);
  }
  return result.ok ? 0 : 1;
}
