/** Help of `modelry events` and of each of its commands (`modelry events targets create --help`). */

const COMMON = 'Common options: --endpoint URL (or MODELRY_ENDPOINT), --json';
const DURATIONS = 'Durations: a whole number and a unit: 500ms, 5s, 15m, 2h, 7d.';
const TIMES = `TIME is ISO-8601 (2026-11-27T09:00:00Z; without an offset, local time) or a duration
meaning that long ago (15m, 2h, 7d).`;
const JSON_ARGS = 'JSON arguments take inline JSON or @path/to/file.json.';

export const EVENTS_HELP = `Usage: modelry events <command> [options]

Targets: where matching events are delivered
  targets create webhook --name NAME --url URL [--secret SECRET] [--header 'Name: value' ...]
                         [--timeout 5s] [--max-age 24h] [--description TEXT]
  targets create nats --name NAME --subject SUBJECT [--stream STREAM] [--nats-url URL] [--max-age 24h]
  targets create handler --name NAME --handler HANDLER [--max-age 24h]
  targets list | describe NAME | update NAME [options of create] | delete NAME

Rules: which events go to which targets
  rules create --name NAME --pattern JSON --target NAME [--target NAME ...] [--description TEXT] [--disabled]
  rules list | describe NAME | update NAME [--pattern JSON] [--target NAME ...] [--description TEXT]
  rules enable NAME | disable NAME | delete NAME

Events and deliveries
  list [--group G] [--since TIME] [--until TIME] [--limit N]   the event log, newest first
  describe EVENT_ID                        an event and its deliveries
  deliveries [--status pending|delivered|dead] [--target NAME] [--event EVENT_ID] [--limit N]
  delivery DELIVERY_ID                     a delivery and its attempt log
  replay EVENT_ID [--target NAME]          deliver one event again
  replay --dead-letters [--target NAME]    retry every dead-lettered delivery
  replay --since TIME [--until TIME] [--target NAME]   deliver the events of a time range again
  tail [--pattern JSON] [--after SEQ]      print live events until Ctrl-C
  test-pattern --pattern JSON --event JSON   does the pattern match the event?

${JSON_ARGS} ${DURATIONS}
${TIMES}
Help on one command: modelry events targets create --help
${COMMON}`;

const TARGETS_HELP = `Usage: modelry events targets <command> [options]

Commands:
  create webhook --name NAME --url URL [--secret SECRET] [--header 'Name: value' ...]
                 [--timeout 5s] [--max-age 24h] [--description TEXT]
  create nats --name NAME --subject SUBJECT [--stream STREAM] [--nats-url URL] [--max-age 24h]
              [--description TEXT]
  create handler --name NAME --handler HANDLER [--max-age 24h] [--description TEXT]
  list                 every target, by name
  describe NAME        one target (its secret is never shown)
  update NAME [options of create for its type]
  delete NAME          refused while a rule names the target

${COMMON}`;

const TARGETS_CREATE_HELP = `Usage: modelry events targets create webhook|nats|handler --name NAME [options]

webhook: POSTs each event as JSON, signed with Modelry-Signature
  --url URL              http(s) address (required)
  --secret SECRET        16-256 characters; without it the server generates one and prints it once
  --header 'Name: value' extra request header, repeatable (not Content-Type or Modelry-*)
  --timeout DURATION     per attempt, 100ms to 30s (default 5s)
nats: publishes each event to a NATS (JetStream) subject
  --subject SUBJECT      (required)
  --stream STREAM        JetStream stream to create for the subject when none holds it yet
  --nats-url URL         server to publish to (default: the server's configured NATS)
handler: hands each event to a handler built into the server
  --handler HANDLER      its name, e.g. log (required)
Every type:
  --name NAME            1-64 letters, digits, '.', '_', '-' (required)
  --max-age DURATION     retry failed deliveries this long, 1m to 14d (default 24h), then dead-letter
  --description TEXT

${DURATIONS}
${COMMON}`;

const TARGETS_UPDATE_HELP = `Usage: modelry events targets update NAME [options]

Changes the given settings and keeps the others; the type of a target cannot change.
  webhook: --url URL, --secret SECRET, --header 'Name: value' ... (replaces every header), --timeout DURATION
  nats:    --subject SUBJECT, --stream STREAM, --nats-url URL
  handler: --handler HANDLER
  any:     --max-age DURATION, --description TEXT

${DURATIONS}
${COMMON}`;

const RULES_HELP = `Usage: modelry events rules <command> [options]

Commands:
  create --name NAME --pattern JSON --target NAME [--target NAME ...] [--description TEXT] [--disabled]
  list                 every rule, by name
  describe NAME        one rule with its pattern
  update NAME [--pattern JSON] [--target NAME ...] [--description TEXT]
  enable NAME | disable NAME    a disabled rule matches nothing
  delete NAME

The pattern is an EventBridge event pattern, e.g.
  '{"source":["aws.sagemaker"],"detail":{"ModelApprovalStatus":["Approved"]}}'
${JSON_ARGS}
${COMMON}`;

const RULES_CREATE_HELP = `Usage: modelry events rules create --name NAME --pattern JSON --target NAME [options]

  --name NAME          1-64 letters, digits, '.', '_', '-'
  --pattern JSON       EventBridge event pattern, inline or @file.json
  --target NAME        a target to deliver matching events to; repeat for up to 5
  --description TEXT
  --disabled           create the rule switched off (enable it with rules enable NAME)

${COMMON}`;

const RULES_UPDATE_HELP = `Usage: modelry events rules update NAME [--pattern JSON] [--target NAME ...] [--description TEXT]

Changes the given settings and keeps the others; --target replaces the whole list of targets.
Switch a rule on and off with rules enable NAME and rules disable NAME.
${JSON_ARGS}
${COMMON}`;

const LIST_HELP = `Usage: modelry events list [--group G] [--since TIME] [--until TIME] [--limit N]

The event log, newest first: seq, time, id, detail-type, resource and change types.
  --group G      events of one model package group
  --since TIME   from this time on
  --until TIME   up to this time
  --limit N      at most N events (default 50)

${TIMES}
${COMMON}`;

const DESCRIBE_HELP = `Usage: modelry events describe EVENT_ID

The event as stored and delivered (JSON), then its deliveries as a table.
${COMMON}`;

const DELIVERIES_HELP = `Usage: modelry events deliveries [--status pending|delivered|dead] [--target NAME] [--event EVENT_ID] [--limit N]

Deliveries, newest first. A delivery is one event on its way to one target; pending ones are retried
with backoff until the target's max age, then dead.
  --limit N      at most N deliveries (default 50)

${COMMON}`;

const DELIVERY_HELP = `Usage: modelry events delivery DELIVERY_ID

A delivery and its attempt log: time, result, status code, latency and an excerpt of the answer.
${COMMON}`;

const REPLAY_HELP = `Usage:
  modelry events replay EVENT_ID [--target NAME]
      match the event against the enabled rules again and queue a delivery per target; with --target,
      deliver it to that target whether or not a rule matches
  modelry events replay --dead-letters [--target NAME]
      queue every dead-lettered delivery (of that target) again
  modelry events replay --since TIME [--until TIME] [--target NAME]
      deliver the events of a time range again (--until defaults to now)

${TIMES}
${COMMON}`;

const TAIL_HELP = `Usage: modelry events tail [--pattern JSON] [--after SEQ]

Prints live events until Ctrl-C: one line per event (seq, time, detail-type, resource, change types),
or with --json one JSON object {"seq": N, "event": {...}} per line.
  --pattern JSON   only events that match this EventBridge pattern (inline or @file.json)
  --after SEQ      first replay the events published after SEQ, then continue live

${COMMON}`;

const TEST_PATTERN_HELP = `Usage: modelry events test-pattern --pattern JSON --event JSON

Says whether the pattern matches the event, as the server's rules would. ${JSON_ARGS}
${COMMON}`;

const HELPS: Record<string, string> = {
  targets: TARGETS_HELP,
  'targets create': TARGETS_CREATE_HELP,
  'targets update': TARGETS_UPDATE_HELP,
  rules: RULES_HELP,
  'rules create': RULES_CREATE_HELP,
  'rules update': RULES_UPDATE_HELP,
  list: LIST_HELP,
  describe: DESCRIBE_HELP,
  deliveries: DELIVERIES_HELP,
  delivery: DELIVERY_HELP,
  replay: REPLAY_HELP,
  tail: TAIL_HELP,
  'test-pattern': TEST_PATTERN_HELP,
};

/** The most specific help for the words after `events`: `targets create webhook` → targets create. */
export function eventsHelp(args: readonly string[]): string {
  const [first = '', second = ''] = args;
  return HELPS[`${first} ${second}`] ?? HELPS[first] ?? EVENTS_HELP;
}
