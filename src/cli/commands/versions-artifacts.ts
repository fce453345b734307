import { readFileSync } from 'node:fs';
import type { ModelryClient, RegisterVersionInput, UploadResult } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import { requireFile, uploadFile } from './artifacts-transfer.js';

/** `versions register --artifact FILE [--metrics FILE]`: the uploads that precede the registration. */

export interface Uploaded extends UploadResult {
  /** The local file, as given on the command line. */
  file: string;
}

export interface RegisterUploads {
  /** What the uploads add to the registration: the artifact URI, the metrics report and its numbers. */
  input: Pick<RegisterVersionInput, 'artifactUri' | 'metrics' | 'sagemaker'>;
  uploads: Uploaded[];
}

/** The numeric top-level values of a metrics report; other members stay in the report only. */
export function reportMetrics(path: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`--metrics ${path}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(
      `--metrics ${path}: expected a JSON object, e.g. {"auc": 0.93, "confusion": [...]}.`,
    );
  }
  return Object.fromEntries(
    Object.entries(parsed).filter(
      (e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]),
    ),
  );
}

export async function uploadForRegister(
  client: ModelryClient,
  group: string,
  files: { artifact?: string | undefined; metrics?: string | undefined },
): Promise<RegisterUploads> {
  // The report is read first: a malformed one fails before a large artifact goes up.
  const metrics = files.metrics !== undefined ? reportMetrics(files.metrics) : undefined;
  const uploads: Uploaded[] = [];
  const input: RegisterUploads['input'] = {};
  if (files.artifact === undefined && files.metrics === undefined) return { input, uploads };
  if (files.artifact !== undefined) requireFile(files.artifact, '--artifact');
  // So does a mistyped group name.
  await client.getGroup(group);
  if (files.artifact !== undefined) {
    const model = { file: files.artifact, ...(await uploadFile(client, files.artifact)) };
    uploads.push(model);
    input.artifactUri = model.uri;
  }
  if (files.metrics !== undefined && metrics) {
    const report = { file: files.metrics, ...(await uploadFile(client, files.metrics, 'application/json')) };
    uploads.push(report);
    if (Object.keys(metrics).length > 0) input.metrics = metrics;
    input.sagemaker = {
      ModelMetrics: { ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: report.uri } } },
    };
  }
  return { input, uploads };
}
