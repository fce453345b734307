import { type ActionInfo, ALL, action, EVENT_RULE, EVENT_TARGET } from './action-info.js';

function eventConfig(noun: 'Rule' | 'Target', arn: string, path: string): ActionInfo[] {
  const word = noun.toLowerCase();
  return [
    action(`modelry:CreateEvent${noun}`, 'Write', `Create an event ${word}.`, [arn], [], [`POST ${path}`]),
    action(
      `modelry:DescribeEvent${noun}`,
      'Read',
      `Describe an event ${word}.`,
      [arn],
      [],
      [`GET ${path}/:name`],
    ),
    action(`modelry:ListEvent${noun}s`, 'List', `List event ${word}s.`, [ALL], [], [`GET ${path}`]),
    action(
      `modelry:UpdateEvent${noun}`,
      'Write',
      `Change an event ${word}.`,
      [arn],
      [],
      [`PATCH ${path}/:name`],
    ),
    action(
      `modelry:DeleteEvent${noun}`,
      'Write',
      `Delete an event ${word}.`,
      [arn],
      [],
      [`DELETE ${path}/:name`],
    ),
  ];
}

/** Events: rules, targets, the published events and their deliveries. */
export const EVENT_ACTIONS: readonly ActionInfo[] = [
  // Events.
  ...eventConfig('Target', EVENT_TARGET, '/events/targets'),
  ...eventConfig('Rule', EVENT_RULE, '/events/rules'),
  action(
    'modelry:ListEvents',
    'List',
    'List and stream published events.',
    [ALL],
    [],
    ['GET /events', 'GET /events/stream'],
  ),
  action(
    'modelry:DescribeEvent',
    'Read',
    'Describe an event with its deliveries.',
    [ALL],
    [],
    ['GET /events/:id'],
  ),
  action(
    'modelry:ListEventDeliveries',
    'List',
    'List deliveries of events to targets.',
    [ALL],
    [],
    ['GET /events/deliveries'],
  ),
  action(
    'modelry:DescribeEventDelivery',
    'Read',
    'Describe a delivery with its attempts.',
    [ALL],
    [],
    ['GET /events/deliveries/:id'],
  ),
  action(
    'modelry:ReplayEvents',
    'Write',
    'Send published events again, to their rules or to one target.',
    [ALL],
    [],
    ['POST /events/replay', 'POST /events/:id/replay'],
  ),
  action(
    'modelry:TestEventPattern',
    'Read',
    'Test an event pattern against an event (no stored data is read).',
    [ALL],
    [],
    ['POST /events/test-pattern'],
  ),
];
