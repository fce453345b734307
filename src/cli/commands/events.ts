import type { ModelryClient } from '../../sdk/client.js';
import { UsageError } from '../errors.js';
import type { Output } from '../output.js';
import { EVENTS_HELP } from './events-help.js';
import {
  describeDelivery,
  describeEvent,
  listDeliveries,
  listEvents,
  replay,
  testPattern,
} from './events-log.js';
import { rulesCommand } from './events-rules.js';
import { tailEvents } from './events-tail.js';
import { targetsCommand } from './events-targets.js';

export { EVENTS_HELP, eventsHelp } from './events-help.js';

/** `modelry events …`: targets, rules, the event log, deliveries, replay, tail and pattern tests. */
export async function eventsCommand(client: ModelryClient, out: Output, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'targets':
      return targetsCommand(client, out, rest);
    case 'rules':
      return rulesCommand(client, out, rest);
    case 'list':
      return listEvents(client, out, rest);
    case 'describe':
      return describeEvent(client, out, rest);
    case 'deliveries':
      return listDeliveries(client, out, rest);
    case 'delivery':
      return describeDelivery(client, out, rest);
    case 'replay':
      return replay(client, out, rest);
    case 'tail':
      return tailEvents(client, out.json, rest);
    case 'test-pattern':
      return testPattern(client, out, rest);
    default:
      throw new UsageError(sub ? `Unknown command "events ${sub}". See modelry events --help.` : EVENTS_HELP);
  }
}
