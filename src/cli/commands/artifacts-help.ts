/** Help of `modelry artifacts` and of each of its commands (`modelry artifacts get --help`). */

const COMMON = 'Common options: --endpoint URL (or MODELRY_ENDPOINT), --json';
const PROGRESS = 'A progress line (bytes, rate, ETA) shows on stderr when stdout and stderr are terminals.';

export const ARTIFACTS_HELP = `Usage: modelry artifacts <command> [options]

Commands:
  upload FILE                      store a file; prints its URI (nothing is sent when already stored)
  get REF --output FILE [--field F]
                                   download verified bytes; REF is a version ARN (or GROUP/N), an
                                   artifact URI or a sha256 digest
  stat SHA256|URI                  size and URI of a stored artifact
  list [--limit N] [--all]         stored artifacts, in digest order
  verify                           re-hash every stored artifact; exit 1 listing the corrupt ones
  gc [--dry-run] [--grace DURATION]
                                   delete artifacts no version references, older than the grace period

Artifacts are content-addressed: a file's URI is modelry://artifacts/sha256/<hex> (s3://…/sha256/<hex>
on an S3 store). To register a model from a local file in one step: modelry versions register --artifact.
${PROGRESS}
Help on one command: modelry artifacts get --help
${COMMON}`;

const UPLOAD_HELP = `Usage: modelry artifacts upload FILE [--content-type TYPE] [--json]

Hashes FILE, asks the server whether it holds that sha256, and uploads only when it does not: files up to
64 MiB in one streaming request, larger ones in resumable 32 MiB chunks. Prints the artifact URI; --json
prints {"uri","sha256","size","existed","skipped"} (skipped: no bytes were sent).
  --content-type TYPE   default application/octet-stream (the server may allow only some types)

${PROGRESS}
${COMMON}`;

const GET_HELP = `Usage: modelry artifacts get REF --output FILE [--field FIELD] [--json]

REF is one of
  a version ARN (arn:aws:sagemaker:…:model-package/GROUP/N) or GROUP/N: its first pinned artifact, or
                 the one at --field (e.g. InferenceSpecification.Containers[0].ModelDataUrl)
  an artifact URI: modelry://artifacts/sha256/<hex> or s3://bucket/prefix/sha256/<hex>
  a sha256 digest (64 hex digits)

The bytes stream to a temporary file beside FILE and are hashed on the way; FILE appears only when they
match the digest. On a mismatch, or when the server stops sending (it refuses to serve stored bytes that
fail their digest), the command exits 1 with one line on stderr and leaves no FILE. A version pinned
to an object of the S3 bucket outside sha256/ (put there by aws s3 cp) is not served: get exits 1
naming its URI and the sha256 to check once it is fetched with S3 tools.

${PROGRESS}
${COMMON}`;

const STAT_HELP = `Usage: modelry artifacts stat SHA256|URI [--json]

The size and URI of a stored artifact; exits 1 (ArtifactNotFound) when the server does not hold it.

${COMMON}`;

const LIST_HELP = `Usage: modelry artifacts list [--limit N] [--all] [--json]

Stored artifacts in digest order: one page of --limit (default 50), or every page with --all.

${COMMON}`;

const VERIFY_HELP = `Usage: modelry artifacts verify [--json]

The server re-hashes every stored artifact. Exits 0 when all match their digests; otherwise lists the
corrupt ones (digest, and what the bytes hash to now) and exits 1. Needs modelry:VerifyArtifacts.

${COMMON}`;

const GC_HELP = `Usage: modelry artifacts gc [--dry-run] [--grace DURATION] [--json]

Deletes stored artifacts that no version references and abandoned upload sessions, sparing those written
or referenced within the grace period (so uploads in flight survive).
  --dry-run           list what would be deleted; delete nothing
  --grace DURATION    0, or whole seconds and a unit: 30m, 24h, 7d (default: the server's
                      MODELRY_ARTIFACT_GC_GRACE_SECONDS, 24h unless configured)
Needs modelry:CollectArtifactGarbage.

${COMMON}`;

const HELPS: Record<string, string> = {
  upload: UPLOAD_HELP,
  get: GET_HELP,
  stat: STAT_HELP,
  list: LIST_HELP,
  verify: VERIFY_HELP,
  gc: GC_HELP,
};

/** The help of `modelry artifacts SUBCOMMAND`, or of `modelry artifacts`. */
export function artifactsHelp(args: readonly string[]): string {
  return HELPS[args[0] ?? ''] ?? ARTIFACTS_HELP;
}
