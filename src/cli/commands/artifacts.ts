import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ArtifactInfo, blobUri, ModelryApiError, type ModelryClient } from '../../sdk/client.js';
import { positiveInt, UsageError } from '../errors.js';
import { details, type Output, table } from '../output.js';
import { formatBytes } from '../progress.js';
import {
  artifactTarget,
  blobDigest,
  graceSeconds,
  isBlobUri,
  notABlob,
  pinnedArtifact,
} from './artifacts-args.js';
import { ARTIFACTS_HELP } from './artifacts-help.js';
import { downloadFile, requireFile, uploadFile } from './artifacts-transfer.js';

export { ARTIFACTS_HELP, artifactsHelp } from './artifacts-help.js';

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  field: { type: 'string' },
  'content-type': { type: 'string' },
  limit: { type: 'string' },
  all: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  grace: { type: 'string' },
} as const;

/** `modelry artifacts …`: upload, get (verified), stat, list, verify, gc. */
export async function artifactsCommand(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values: v, positionals } = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS });
  const extra = positionals[sub === 'list' || sub === 'verify' || sub === 'gc' ? 0 : 1];
  if (extra !== undefined)
    throw new UsageError(`modelry artifacts ${sub} does not take "${extra}"; see --help.`);
  switch (sub) {
    case 'upload': {
      const file = positionals[0];
      if (file === undefined) throw new UsageError('modelry artifacts upload needs a FILE.');
      requireFile(file, 'FILE');
      const result = await uploadFile(client, file, v['content-type']);
      out.print(result, () => result.uri);
      return 0;
    }
    case 'get': {
      if (v.output === undefined) throw new UsageError('modelry artifacts get needs --output FILE.');
      if (existsSync(v.output) && statSync(v.output).isDirectory()) {
        throw new UsageError(`--output ${v.output} is a directory; name the file to write.`);
      }
      const target = artifactTarget(positionals[0], 'get');
      let sha256: string;
      if ('sha256' in target) {
        if (v.field !== undefined)
          throw new UsageError('--field picks an artifact of a version; REF is a digest.');
        sha256 = target.sha256;
      } else {
        const version = await client.getVersion(target.group, target.version);
        const pinned = pinnedArtifact(version, v.field);
        // Only blobs are served. An object pinned from elsewhere in the store is downloadable only if
        // the same bytes were also uploaded as a blob; else say where it is instead of "not stored".
        if (!isBlobUri(pinned.uri, pinned.sha256) && !(await client.artifacts.stat(pinned.sha256))) {
          throw notABlob(version, pinned);
        }
        sha256 = pinned.sha256;
      }
      const saved = await downloadFile(client, sha256, v.output);
      out.print(
        saved,
        () => `Wrote ${saved.path}: ${formatBytes(saved.size)}, sha256 ${saved.sha256} (verified).`,
      );
      return 0;
    }
    case 'stat': {
      const sha256 = blobDigest(positionals[0], 'stat');
      const found = await client.artifacts.stat(sha256);
      if (!found)
        throw new ModelryApiError(404, 'ArtifactNotFound', `No stored artifact has sha256 ${sha256}.`);
      const shown = { ...found, uri: blobUri(sha256) };
      out.print(shown, () =>
        details([
          ['sha256', shown.sha256],
          ['size', `${shown.size} (${formatBytes(shown.size)})`],
          ['uri', shown.uri],
        ]),
      );
      return 0;
    }
    case 'list': {
      const limit = positiveInt(v.limit, '--limit') ?? 50;
      const items: ArtifactInfo[] = [];
      if (v.all) for await (const item of client.artifacts.all()) items.push(item);
      else items.push(...(await client.artifacts.list({ limit })).items);
      out.print(items, () =>
        table(
          ['SHA256', 'SIZE', 'MODIFIED'],
          items.map((a) => [a.sha256, formatBytes(a.size), a.modifiedAt]),
        ),
      );
      return 0;
    }
    case 'verify': {
      const report = await client.artifacts.verify();
      const summary = `${report.checked} artifact(s), ${formatBytes(report.bytes)}`;
      if (report.corrupt.length === 0) {
        out.print(report, () => `Checked ${summary}: every one matches its digest.`);
        return 0;
      }
      out.print(report, () =>
        table(
          ['CORRUPT SHA256', 'NOW HASHES TO'],
          report.corrupt.map((c) => [c.sha256, c.actualSha256]),
        ),
      );
      process.stderr.write(`modelry: ${report.corrupt.length} of ${summary} are corrupt.\n`);
      return 1;
    }
    case 'gc': {
      const grace = graceSeconds(v.grace);
      const report = await client.artifacts.gc({
        ...(v['dry-run'] && { dryRun: true }),
        ...(grace !== undefined && { graceSeconds: grace }),
      });
      out.print(report, () => {
        const verb = report.dryRun ? 'Would delete' : 'Deleted';
        const lines = [
          `${verb} ${report.deleted.length} artifact(s), ${formatBytes(report.freedBytes)}; kept ${report.kept}; ${report.abandonedUploads} abandoned upload(s) ${report.dryRun ? 'to remove' : 'removed'}.`,
        ];
        for (const d of report.deleted)
          lines.push(`${verb.toLowerCase()} ${d.sha256}  ${formatBytes(d.size)}`);
        return lines.join('\n');
      });
      return 0;
    }
    default:
      throw new UsageError(
        sub ? `Unknown command "artifacts ${sub}". See modelry artifacts --help.` : ARTIFACTS_HELP,
      );
  }
}
