import { loadClientConfig } from '../config/client-config.js';
import { ModelryApiError, ModelryClient } from '../sdk/client.js';
import { artifactsCommand, artifactsHelp } from './commands/artifacts.js';
import { AUDIT_HELP, auditCommand } from './commands/audit.js';
import { AUDIT_VERIFY_HELP, auditVerifyCommand } from './commands/audit-verify.js';
import { authCommand, authHelp } from './commands/auth.js';
import { eventsCommand, eventsHelp } from './commands/events.js';
import { GROUPS_HELP, groupsCommand } from './commands/groups.js';
import { MIGRATE_HELP, migrateCommand } from './commands/migrate.js';
import { SERVER_HELP, serverCommand } from './commands/server.js';
import { VERSIONS_HELP, versionsCommand } from './commands/versions.js';
import { UsageError } from './errors.js';
import { createOutput } from './output.js';

export const HELP = `Usage: modelry <command> [options]

Modelry is a self-hosted model registry with a SageMaker-compatible API.

Commands:
  server      run the registry server (modelry server --help)
  migrate     apply pending schema migrations to the metadata store
  groups      create, list, describe and delete model package groups
  versions    register, list, describe, approve, reject, delete versions; find the latest approved
  artifacts   upload model files; download them verified; list, verify and garbage-collect stored ones
  events      targets and rules that deliver registry events; the event log, deliveries, replay, tail
  auth        who you are; users, roles and policies, access keys and API tokens
  audit       verify the hash-chained audit trail; list records; approval status at a time

Global options:
  --endpoint URL   server to talk to (env MODELRY_ENDPOINT, default http://127.0.0.1:8585)
  --json           print JSON instead of tables
  -h, --help       show help (also after a command: modelry versions --help)
  --version        print the version

Authentication: set MODELRY_TOKEN to an API token (mdl_…). The server prints the first admin's at its
first start; more come from modelry auth tokens create.`;

/** Help per command; a function picks the help of a subcommand from the words after the command. */
const HELPS: Record<string, string | ((args: string[]) => string)> = {
  server: SERVER_HELP,
  migrate: MIGRATE_HELP,
  groups: GROUPS_HELP,
  versions: VERSIONS_HELP,
  artifacts: artifactsHelp,
  events: eventsHelp,
  auth: authHelp,
  audit: (args: string[]) => (args[0] === 'verify' ? AUDIT_VERIFY_HELP : AUDIT_HELP),
};

/** Options whose values may start with a dash: descending sorts (-metrics.auc, -name), free text, secrets. */
const DASH_VALUE_FLAGS = new Set(['--sort', '--comment', '--description', '--secret']);

/** Pulls the global flags out wherever they appear, leaving the command's own arguments. */
function globalFlags(argv: string[]): { endpoint?: string; json: boolean; help: boolean; rest: string[] } {
  const rest: string[] = [];
  let endpoint: string | undefined;
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') help = true;
    else if (a === '--endpoint') {
      endpoint = argv[++i];
      if (endpoint === undefined) throw new UsageError('--endpoint needs a URL.');
    } else if (a.startsWith('--endpoint=')) endpoint = a.slice('--endpoint='.length);
    else if (DASH_VALUE_FLAGS.has(a) && /^-[^-]/.test(argv[i + 1] ?? '')) {
      // parseArgs refuses `--sort -metrics.auc` (a value that looks like a flag); `--sort=-metrics.auc` is fine.
      rest.push(`${a}=${argv[++i]}`);
    } else rest.push(a);
  }
  return { ...(endpoint !== undefined && { endpoint }), json, help, rest };
}

export async function runCli(argv: string[], version: string): Promise<number> {
  try {
    if (argv[0] === '--version') {
      process.stdout.write(`${version}\n`);
      return 0;
    }
    if (argv[0] === 'server') return await serverCommand(argv.slice(1));
    if (argv[0] === 'migrate') return await migrateCommand(argv.slice(1));
    // Reads the store directly, like migrate: no server, no token.
    if (argv[0] === 'audit' && argv[1] === 'verify') return await auditVerifyCommand(argv.slice(2));
    const flags = globalFlags(argv);
    const [command, ...args] = flags.rest;
    if (!command || (flags.help && !HELPS[command])) {
      process.stdout.write(`${HELP}\n`);
      return command || flags.help ? 0 : 2;
    }
    if (flags.help) {
      const help = HELPS[command]!;
      process.stdout.write(`${typeof help === 'function' ? help(args) : help}\n`);
      return 0;
    }
    const config = loadClientConfig(flags.endpoint !== undefined ? { endpoint: flags.endpoint } : {});
    const client = new ModelryClient({
      endpoint: config.endpoint,
      principal: config.principal,
      ...(config.token !== undefined && { token: config.token }),
      ...(config.credentials !== undefined && { credentials: config.credentials }),
    });
    const out = createOutput(flags.json);
    switch (command) {
      case 'groups':
        return await groupsCommand(client, out, args);
      case 'versions':
        return await versionsCommand(client, out, args);
      case 'artifacts':
        return await artifactsCommand(client, out, args);
      case 'events':
        return await eventsCommand(client, out, args);
      case 'auth':
        return await authCommand(client, out, args);
      case 'audit':
        return await auditCommand(client, out, args);
      default:
        throw new UsageError(`Unknown command "${command}". Run modelry --help.`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`modelry: ${err.message.split('\n')[0]}\n`);
      return 2;
    }
    if (err instanceof ModelryApiError) {
      process.stderr.write(`modelry: ${err.code}: ${err.message}\n`);
      return 1;
    }
    const e = err as { code?: string; message?: string };
    if (e.code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`modelry: ${e.message?.split('\n')[0]}\n`);
      return 2;
    }
    process.stderr.write(`modelry: ${e.message ?? String(err)}\n`);
    return 1;
  }
}
