import type { Registry } from '../services/registry.js';
import type { MetricFamily } from './metrics.js';

/** The event pipeline on /metrics: this node's totals, and the queues as the database holds them. */
export async function eventMetrics(registry: Registry): Promise<MetricFamily[]> {
  const { relay, delivery, log } = registry.events;
  const queues = await log.queueStats();
  const t = delivery.totals;
  return [
    {
      name: 'modelry_events_published_total',
      help: 'Events this node published from the outbox.',
      type: 'counter',
      samples: [['', relay.totals.published]],
    },
    {
      name: 'modelry_event_deliveries_queued_total',
      help: 'Deliveries this node queued (one per matching target of each published event).',
      type: 'counter',
      samples: [['', relay.totals.queued]],
    },
    {
      name: 'modelry_event_delivery_attempts_total',
      help: 'Delivery attempts this node made, by what followed: delivered, retried later, dead-lettered, or lost (lease expired mid-attempt).',
      type: 'counter',
      samples: [
        ['outcome="delivered"', t.delivered],
        ['outcome="retried"', t.retried],
        ['outcome="dead"', t.dead],
        ['outcome="lost"', t.lost],
      ],
    },
    {
      name: 'modelry_event_delivery_attempt_seconds_total',
      help: 'Time this node spent in delivery attempts.',
      type: 'counter',
      samples: [['', Number(t.seconds.toFixed(6))]],
    },
    {
      name: 'modelry_event_queue',
      help: 'Events not yet published (outbox lag), deliveries pending, and dead letters not replayed, across all nodes.',
      type: 'gauge',
      samples: [
        ['state="unpublished"', queues.unpublished],
        ['state="pending"', queues.pending],
        ['state="dead"', queues.dead],
      ],
    },
  ];
}
