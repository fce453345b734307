import { parseArgs } from 'node:util';
import type { EventItem, ModelryClient } from '../../sdk/client.js';
import { patternArg, seqArg, shortResource } from './events-args.js';
import { changeTypes } from './events-log.js';

/** One line per event: seq (to resume with --after), time, detail-type, resource, change types. */
export function tailLine(item: EventItem): string {
  const e = item.event;
  return [item.seq, e.time, e['detail-type'], shortResource(e.resources[0]), changeTypes(item)]
    .filter((cell) => cell !== '')
    .join('  ');
}

/**
 * `modelry events tail`: prints live events until Ctrl-C (or SIGTERM), which ends it with exit 0. Lines
 * are written as events arrive rather than through Output, whose JSON spans several lines.
 */
export async function tailEvents(
  client: ModelryClient,
  json: boolean,
  argv: string[],
  write: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    options: { pattern: { type: 'string' }, after: { type: 'string' } },
  });
  const pattern = v.pattern !== undefined ? patternArg(v.pattern, '--pattern') : undefined;
  const after = seqArg(v.after, '--after');
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let last = after;
  try {
    const stream = client.events.stream({
      ...(pattern !== undefined && { pattern }),
      ...(after !== undefined && { after }),
      signal: stop.signal,
    });
    for await (const item of stream) {
      write(`${json ? JSON.stringify(item) : tailLine(item)}\n`);
      last = item.seq;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (stop.signal.aborted) return 0;
  const resume = last !== undefined ? `; resume with --after ${last}` : '';
  throw new Error(`The server closed the event stream${resume}.`);
}
