import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { STORE_FLAGS, serverConfig } from './server-config.js';

export const AUDIT_VERIFY_HELP = `Usage: modelry audit verify [--data-dir DIR | --database-url URL]
                            [--expect-head SEQ:HASH | --head-file FILE] [--json]

Reads the audit trail straight from the metadata store (no server needed) and checks its hash chain:
every record must hash to its stored hash, carry the next number, and name its predecessor's hash.
Exits 0 when the trail is intact, 1 naming the first bad record (an edited, deleted, inserted or
reordered record), 2 on a usage error. Uses the server's settings (MODELRY_DATA_DIR, MODELRY_DATABASE_URL).

Keep the printed head (seq and hash) somewhere else: a trail cut off at its end (its last records
deleted), or rewritten from some record on with every hash recomputed, is only caught against such an
anchor. Give it back with:
  --expect-head SEQ:HASH  the trail must still hold record SEQ with this hash (it may have grown since)
  --head-file FILE        the same, read from FILE: SEQ:HASH, or what \`modelry audit verify --json\` printed`;

/** A head saved earlier (the same shape as the one `verify` prints). */
interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

const HEAD = /^\s*([0-9]{1,15}):([0-9a-f]{64})\s*$/;

/** The anchor given as SEQ:HASH, or as a file holding that or the JSON of an earlier `verify --json`. */
function anchorOf(expect: string | undefined, file: string | undefined): AuditHead | undefined {
  if (expect !== undefined && file !== undefined)
    throw new UsageError('modelry audit verify takes --expect-head or --head-file, not both.');
  if (expect === undefined && file === undefined) return undefined;
  let text = expect;
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`--head-file ${file}: ${(err as Error).message}`);
    }
    if (text.trim().startsWith('{')) {
      const json = JSON.parse(text) as { head?: AuditHead } & Partial<AuditHead>;
      const head = json.head ?? json;
      text = `${head.seq}:${head.hash}`;
    }
  }
  const match = HEAD.exec(text!);
  if (!match || Number(match[1]) < 1) {
    throw new UsageError(
      `${expect !== undefined ? '--expect-head' : `--head-file ${file}`} expects SEQ:HASH (a record number from 1 and its 64-hex hash).`,
    );
  }
  return { seq: Number(match[1]), hash: match[2]! };
}

export async function auditVerifyCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...STORE_FLAGS,
      'expect-head': { type: 'string' },
      'head-file': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${AUDIT_VERIFY_HELP}\n`);
    return 0;
  }
  const anchor = anchorOf(values['expect-head'], values['head-file']);
  const config = serverConfig(values);
  const { verifyAuditTrail } = await import('../../main/audit-verify.js');
  const result = await verifyAuditTrail(config, anchor);
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
