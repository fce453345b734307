// Approval-to-webhook latency: sequential approvals through the native API, each timed from sending the
// request to its webhook arriving, interleaved with the two hops it needs anyway, timed alone: the approval
// request itself (until its response) and one bare POST of the same event body to the same receiver.
import { call, deliveryHeaders, postBare } from './events-api.js';
import type { BenchReceiver } from './events-receiver.js';
import { type Percentiles, percentiles } from './events-stats.js';

export interface LatencyResult {
  readonly approvals: number;
  /** From sending the approval to the webhook's body having arrived. */
  readonly event: Percentiles;
  /** The approval request until its response was read. */
  readonly approval: Percentiles;
  /** One POST of the previous approval's event body, with its headers, from the bench to the receiver. */
  readonly bare: Percentiles;
  /** approval + bare, sample by sample: the two hops the pipeline cannot avoid. */
  readonly hops: Percentiles;
  /** event ÷ hops, percentile by percentile. */
  readonly ratio: Percentiles;
  readonly overOneSecond: number;
  readonly maxMs: number;
  /** Webhooks that arrived before the approval's response did. */
  readonly beforeResponse: number;
  readonly samples: { readonly eventMs: number[]; readonly approvalMs: number[]; readonly bareMs: number[] };
}

const GROUP = 'latency';
const HEADERS = { 'content-type': 'application/json', 'x-modelry-principal': 'bench' };

/** Registers `warmup + approvals` versions, then approves them one by one; the first `warmup` are not kept. */
export async function measureLatency(
  base: string,
  receiver: BenchReceiver,
  target: string,
  o: { readonly approvals: number; readonly warmup: number },
): Promise<LatencyResult> {
  const total = o.warmup + o.approvals;
  await call(base, 'POST', '/groups', 201, { name: GROUP });
  for (let v = 1; v <= total; v++) {
    await call(base, 'POST', `/groups/${GROUP}/versions`, 201, {
      image: 'registry.example/latency:1',
      artifactUri: `s3://bench/latency/${v}/model.tar.gz`,
    });
  }
  // Registrations are not delivered: only the approvals are timed, and nothing else queues before them.
  const rule = 'latency-approvals';
  await call(base, 'POST', '/events/rules', 201, {
    name: rule,
    pattern: { detail: { ModelPackageGroupName: [GROUP], ChangeTypes: ['ApprovalStatusChanged'] } },
    targets: [target],
  });
  const eventMs: number[] = [];
  const approvalMs: number[] = [];
  const bareMs: number[] = [];
  let beforeResponse = 0;
  let previous: { headers: Record<string, string>; body: string } | undefined;
  for (let v = 1; v <= total; v++) {
    let bare = Number.NaN;
    if (previous) {
      const t = performance.now();
      await postBare(receiver.bareUrl, previous.headers, previous.body);
      bare = performance.now() - t;
    }
    const arrived = receiver.next(
      `the approval webhook of ${GROUP}/${v}`,
      (a) => a.group === GROUP && a.version === v && a.changeTypes.includes('ApprovalStatusChanged'),
      30_000,
    );
    // Awaited below; until then a timeout must not count as an unhandled rejection.
    arrived.catch(() => undefined);
    const sent = performance.now();
    const res = await fetch(`${base}/api/v1/groups/${GROUP}/versions/${v}/approval`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ status: 'Approved' }),
    });
    const text = await res.text();
    const answered = performance.now();
    if (res.status !== 200) throw new Error(`approval of ${GROUP}/${v} answered ${res.status}: ${text}`);
    const hook = await arrived;
    previous = { headers: deliveryHeaders(hook.headers), body: hook.body };
    if (v <= o.warmup) continue;
    eventMs.push(hook.at - sent);
    approvalMs.push(answered - sent);
    bareMs.push(bare);
    if (hook.at < answered) beforeResponse++;
  }
  await call(base, 'DELETE', `/events/rules/${rule}`, 204);
  const hops = approvalMs.map((a, i) => a + bareMs[i]!);
  const event = percentiles(eventMs);
  const hopsP = percentiles(hops);
  return {
    approvals: o.approvals,
    event,
    approval: percentiles(approvalMs),
    bare: percentiles(bareMs),
    hops: hopsP,
    ratio: { p50: event.p50 / hopsP.p50, p90: event.p90 / hopsP.p90, p99: event.p99 / hopsP.p99 },
    overOneSecond: eventMs.filter((ms) => ms > 1000).length,
    maxMs: Math.max(...eventMs),
    beforeResponse,
    samples: { eventMs, approvalMs, bareMs },
  };
}
