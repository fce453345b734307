import { parseArgs } from 'node:util';
import type { AuditRecord, ModelryClient } from '../../sdk/client.js';
import { positiveInt, UsageError } from '../errors.js';
import { type Output, table } from '../output.js';
import { timeArg } from './events-args.js';

export const AUDIT_HELP = `Usage: modelry audit <command> [options]

Commands:
  verify [--data-dir DIR | --database-url URL] [--json]
      check the hash chain of the audit trail, reading the store directly (modelry audit verify --help)
  list [--resource ARN] [--principal NAME] [--action ACTION] [--since TIME] [--until TIME] [--limit N]
      audit records, oldest first (TIME: ISO-8601 or a duration ago: 15m, 2h, 7d); needs modelry:ReadAudit
  status ARN [--at TIME]
      the approval status a version had at TIME (default now), from the trail
  status --group NAME [--at TIME]
      the latest version of the group that was Approved at TIME
  head
      the trail's last record as SEQ:HASH; save it where database admins cannot write, and
      modelry audit verify --expect-head SEQ:HASH (or --head-file FILE) detects records deleted from the end

Common options: --endpoint URL (or MODELRY_ENDPOINT), --json. Authentication: MODELRY_TOKEN.`;

function state(s: AuditRecord['after']): string {
  return s?.approvalStatus ?? '';
}

/** `modelry audit list|status|head` (verify reads the store and is dispatched before any client is made). */
export async function auditCommand(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      resource: { type: 'string' },
      principal: { type: 'string' },
      action: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'string' },
      at: { type: 'string' },
      group: { type: 'string' },
    },
  });
  switch (sub) {
    case 'list': {
      const limit = positiveInt(values.limit, '--limit') ?? 100;
      const items: AuditRecord[] = [];
      let after: number | undefined;
      do {
        const page = await client.audit.list({
          ...(values.resource !== undefined && { resource: values.resource }),
          ...(values.principal !== undefined && { principal: values.principal }),
          ...(values.action !== undefined && { action: values.action }),
          ...(values.since !== undefined && { since: timeArg(values.since, '--since') }),
          ...(values.until !== undefined && { until: timeArg(values.until, '--until') }),
          ...(after !== undefined && { after }),
          limit: Math.min(1000, limit - items.length),
        });
        items.push(...page.items);
        after = page.nextAfter;
      } while (after !== undefined && items.length < limit);
      out.print({ items }, () =>
        table(
          ['SEQ', 'TIME', 'PRINCIPAL', 'ACTION', 'RESOURCE', 'OUTCOME', 'BEFORE', 'AFTER'],
          items.map((r) => [
            r.seq,
            r.at,
            r.principal,
            r.action,
            r.resource,
            r.errorCode ? `${r.outcome} (${r.errorCode})` : r.outcome,
            state(r.before),
            state(r.after),
          ]),
        ),
      );
      return 0;
    }
    case 'status': {
      const at = values.at !== undefined ? timeArg(values.at, '--at') : undefined;
      if (values.group !== undefined) {
        if (positionals.length > 0)
          throw new UsageError('modelry audit status takes a version ARN or --group, not both.');
        const answer = await client.audit.latestApprovedAt(values.group, at);
        out.print(answer, () =>
          answer.latestApproved
            ? `${answer.latestApproved.arn} (version ${answer.latestApproved.version}) was the latest Approved at ${answer.at}`
            : `No version of ${answer.group} was Approved at ${answer.at}`,
        );
        return 0;
      }
      const arn = positionals[0];
      if (!arn) throw new UsageError('modelry audit status needs a version ARN (or --group NAME).');
      const answer = await client.audit.statusAt(arn, at);
      out.print(
        answer,
        () => `${answer.arn} was ${answer.approvalStatus ?? 'not registered (no record)'} at ${answer.at}`,
      );
      return 0;
    }
    case 'head': {
      if (positionals.length > 0) throw new UsageError('modelry audit head takes no arguments.');
      const head = await client.audit.head();
      out.print(head, () => head.expectHead);
      return 0;
    }
    default:
      throw new UsageError(`Unknown audit command "${sub ?? ''}". Run modelry audit --help.`);
  }
}
