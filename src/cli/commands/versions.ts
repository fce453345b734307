import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ApprovalStatus, ModelryClient, RegisterVersionInput, Version } from '../../sdk/client.js';
import { keyValues, numericValues, positiveInt, UsageError } from '../errors.js';
import { details, type Output, table } from '../output.js';
import { formatBytes } from '../progress.js';
import { uploadForRegister } from './versions-artifacts.js';

export const VERSIONS_HELP = `Usage: modelry versions <command> [options]

Commands:
  register --group G [--image IMG] [--artifact FILE | --model-data-url URL] [--description TEXT]
           [--metrics report.json] [--metric name=value ...] [--metrics-file metrics.json]
           [--metadata key=value ...] [--content-type TYPE ...] [--approval-status STATUS]
           [--stage S --stage-status S]
                                  register the next version of group G; prints its ARN
  list --group G [--status STATUS] [--filter 'auc >= 0.9'] [--sort -metrics.auc] [--limit N] [--all]
  describe REF                    REF is GROUP/N, a version ARN, or --group G --version N
  approve REF [--comment TEXT]    set the approval status to Approved
  reject REF [--comment TEXT]     set the approval status to Rejected
  delete REF                      delete a version (its number is never reused)
  latest --group G [--approved]   the newest version, or the newest approved one

--artifact uploads a local file (skipped when the server already holds its sha256; a progress line on
stderr when on a terminal) and registers it as the model data. --metrics uploads a JSON report, sets it
as the version's model quality statistics and records its numeric top-level values as metrics;
--metrics-file records numbers only, and --metric values override both. --json prints the version with
its pinned "artifacts" and the "uploads" made.
STATUS is PendingManualApproval, Approved or Rejected. Sort by version, createdAt or
metrics.<name>; a leading - sorts descending (default -version).
Common options: --endpoint URL (or MODELRY_ENDPOINT), --json`;

const STATUSES: readonly ApprovalStatus[] = ['PendingManualApproval', 'Approved', 'Rejected'];

function status(text: string | undefined, flag: string): ApprovalStatus | undefined {
  if (text === undefined) return undefined;
  if (!(STATUSES as readonly string[]).includes(text)) {
    throw new UsageError(`${flag} must be one of ${STATUSES.join(', ')}; got "${text}".`);
  }
  return text as ApprovalStatus;
}

/** GROUP/N, a version ARN (…:model-package/GROUP/N), or --group and --version. */
export function versionRef(
  positional: string | undefined,
  group?: string,
  version?: string,
): [string, number] {
  if (positional) {
    const body = positional.startsWith('arn:')
      ? positional.slice(positional.indexOf(':model-package/') + 15)
      : positional;
    const m = /^([a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62})\/([1-9]\d{0,8})$/.exec(body);
    if (!m || (positional.startsWith('arn:') && !positional.includes(':model-package/'))) {
      throw new UsageError(
        `"${positional}" is not a version reference: use GROUP/N or a model package version ARN.`,
      );
    }
    return [m[1]!, Number(m[2])];
  }
  if (group && version) return [group, positiveInt(version, '--version')!];
  throw new UsageError('Name the version as GROUP/N, as an ARN, or with --group G --version N.');
}

/** Each artifact the version names: its digest and size when the server stores it, else unverified. */
function pinnedSummary(v: Version): string | undefined {
  const parts = (v.artifacts ?? []).map((a) =>
    a.sha256 !== undefined ? `sha256:${a.sha256} (${formatBytes(a.size ?? 0)})` : `${a.uri} (unverified)`,
  );
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function versionDetails(v: Version): string {
  return details([
    ['arn', v.arn],
    ['group', v.group],
    ['version', v.version],
    ['description', v.description],
    ['approval', v.approvalDescription ? `${v.approvalStatus} (${v.approvalDescription})` : v.approvalStatus],
    ['lifecycle', v.lifecycle ? `${v.lifecycle.stage}/${v.lifecycle.stageStatus}` : undefined],
    ['image', v.image],
    ['artifact', v.artifactUri],
    ['pinned', pinnedSummary(v)],
    ['metrics', Object.keys(v.metrics).length > 0 ? v.metrics : undefined],
    ['metadata', Object.keys(v.metadata).length > 0 ? v.metadata : undefined],
    ['created', `${v.createdAt} by ${v.createdBy}`],
    ['updated', v.updatedAt ? `${v.updatedAt} by ${v.updatedBy}` : undefined],
  ]);
}

function metricsFile(path: string | undefined): Record<string, number> {
  if (!path) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`--metrics-file ${path}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--metrics-file ${path}: expected a JSON object of numbers, e.g. {"auc": 0.93}.`);
  }
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'number') throw new UsageError(`--metrics-file ${path}: metric "${k}" is not a number.`);
  }
  return parsed as Record<string, number>;
}

const OPTIONS = {
  group: { type: 'string', short: 'g' },
  version: { type: 'string' },
  image: { type: 'string' },
  'model-data-url': { type: 'string' },
  artifact: { type: 'string' },
  metrics: { type: 'string' },
  description: { type: 'string' },
  metric: { type: 'string', multiple: true },
  'metrics-file': { type: 'string' },
  metadata: { type: 'string', multiple: true },
  'content-type': { type: 'string', multiple: true },
  'approval-status': { type: 'string' },
  stage: { type: 'string' },
  'stage-status': { type: 'string' },
  status: { type: 'string' },
  filter: { type: 'string' },
  sort: { type: 'string' },
  limit: { type: 'string' },
  all: { type: 'boolean' },
  comment: { type: 'string' },
  approved: { type: 'boolean' },
} as const;

export async function versionsCommand(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values: v, positionals } = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS });
  const group = () => {
    const g = v.group ?? positionals[0];
    if (!g) throw new UsageError(`modelry versions ${sub} needs --group G.`);
    return g;
  };
  const show = (version: Version) => out.print(version, () => versionDetails(version));
  switch (sub) {
    case 'register': {
      if ((v.stage === undefined) !== (v['stage-status'] === undefined)) {
        throw new UsageError('--stage and --stage-status go together.');
      }
      if (v.artifact !== undefined && v['model-data-url'] !== undefined) {
        throw new UsageError('Give --artifact FILE (to upload) or --model-data-url URL, not both.');
      }
      const given = { ...metricsFile(v['metrics-file']), ...numericValues(v.metric, '--metric') };
      const metadata = keyValues(v.metadata, '--metadata');
      const approvalStatus = status(v['approval-status'], '--approval-status');
      const g = group();
      const { input: uploaded, uploads } = await uploadForRegister(client, g, v);
      const metrics = { ...uploaded.metrics, ...given };
      const input: RegisterVersionInput = {
        ...uploaded,
        ...(v.description !== undefined && { description: v.description }),
        ...(v.image !== undefined && { image: v.image }),
        ...(v['model-data-url'] !== undefined && { artifactUri: v['model-data-url'] }),
        ...(v['content-type'] && { contentTypes: v['content-type'], responseTypes: v['content-type'] }),
        ...(Object.keys(metrics).length > 0 && { metrics }),
        ...(Object.keys(metadata).length > 0 && { metadata }),
        ...(approvalStatus && { approvalStatus }),
        ...(v.stage !== undefined && { lifecycle: { stage: v.stage, stageStatus: v['stage-status']! } }),
      };
      const created = await client.registerVersion(g, input);
      out.print(uploads.length > 0 ? { ...created, uploads } : created, () => created.arn);
      return 0;
    }
    case 'list': {
      const limit = positiveInt(v.limit, '--limit');
      const st = status(v.status, '--status');
      const items: Version[] = [];
      let pageToken: string | undefined;
      do {
        const page = await client.listVersions(group(), {
          ...(st && { status: st }),
          ...(v.stage !== undefined && { stage: v.stage }),
          ...(v.filter !== undefined && { filter: v.filter }),
          ...(v.sort !== undefined && { sort: v.sort }),
          ...(limit !== undefined && { limit }),
          ...(pageToken && { pageToken }),
        });
        items.push(...page.items);
        pageToken = v.all ? page.nextPageToken : undefined;
      } while (pageToken);
      out.print(items, () =>
        table(
          ['VERSION', 'APPROVAL', 'STAGE', 'METRICS', 'CREATED', 'BY'],
          items.map((x) => [
            x.version,
            x.approvalStatus,
            x.lifecycle ? `${x.lifecycle.stage}/${x.lifecycle.stageStatus}` : '',
            Object.entries(x.metrics)
              .map(([k, n]) => `${k}=${n}`)
              .join(' '),
            x.createdAt,
            x.createdBy,
          ]),
        ),
      );
      return 0;
    }
    case 'describe': {
      show(await client.getVersion(...versionRef(positionals[0], v.group, v.version)));
      return 0;
    }
    case 'approve':
    case 'reject': {
      const [g, n] = versionRef(positionals[0], v.group, v.version);
      show(await client.setApproval(g, n, sub === 'approve' ? 'Approved' : 'Rejected', v.comment));
      return 0;
    }
    case 'delete': {
      const [g, n] = versionRef(positionals[0], v.group, v.version);
      await client.deleteVersion(g, n);
      out.print({ deleted: `${g}/${n}` }, () => `Deleted version ${g}/${n}.`);
      return 0;
    }
    case 'latest': {
      show(await client.latestVersion(group(), v.approved ? 'Approved' : status(v.status, '--status')));
      return 0;
    }
    default:
      throw new UsageError(
        sub ? `Unknown command "versions ${sub}". See modelry versions --help.` : VERSIONS_HELP,
      );
  }
}
