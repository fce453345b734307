// The printed tables of the events bench: Markdown, readable in a terminal, pasted into docs as they are.
import type { BurstResult } from './events-burst.js';
import type { LatencyResult } from './events-latency.js';
import type { Percentiles } from './events-stats.js';
import type { WritesResult } from './events-writes.js';
import type { Backend } from './report.js';

export interface BackendResult {
  readonly backend: Backend;
  readonly latency: LatencyResult;
  readonly burst: BurstResult;
  readonly writes: WritesResult;
}

/** Columns from the second on are numbers, aligned right. */
function markdown(header: readonly string[], rows: readonly string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);
const trio = (p: Percentiles, f: (n: number) => string) => `${f(p.p50)} / ${f(p.p90)} / ${f(p.p99)}`;

export function latencyTable(results: readonly BackendResult[]): string {
  return markdown(
    [
      'approval → webhook',
      'N',
      'event ms p50 / p90 / p99',
      'approval ms p50 / p90 / p99',
      'bare POST ms p50 / p90 / p99',
      'ratio to approval + bare p50 / p90 / p99',
      'over 1 s',
      'max ms',
    ],
    results.map(({ backend, latency: l }) => [
      backend,
      String(l.approvals),
      trio(l.event, ms),
      trio(l.approval, ms),
      trio(l.bare, ms),
      trio(l.ratio, (n) => n.toFixed(2)),
      String(l.overOneSecond),
      ms(l.maxMs),
    ]),
  );
}

export function burstTable(results: readonly BackendResult[]): string {
  return markdown(
    [
      'delivery burst',
      'events × rounds',
      'conc',
      'delivered/s',
      'bare POSTs/s',
      'ratio to bare',
      'first arrival ms',
      'server cores',
      'all arrived',
      'order per group',
    ],
    results.map(({ backend, burst: b }) => [
      backend,
      `${b.events} × ${b.rounds}`,
      String(b.concurrency),
      b.serverRate.toFixed(0),
      b.bareRate.toFixed(0),
      b.ratio.toFixed(2),
      b.perRound.map((r) => r.firstArrivalMs.toFixed(0)).join(', '),
      b.perRound.map((r) => r.serverCores.toFixed(2)).join(', '),
      b.allArrived ? 'yes' : 'NO',
      b.orderHeld ? 'held' : 'BROKEN',
    ]),
  );
}

export function writesTable(results: readonly BackendResult[]): string {
  return markdown(
    [
      'register',
      'conc',
      'req/s no rule',
      'req/s rule + receiver',
      'ratio',
      'p99 ms no rule',
      'p99 ms rule',
      'server CPU µs/req no rule / rule',
      'backlog drained in s',
      'delivered / expected',
    ],
    results.map(({ backend, writes: w }) => [
      backend,
      String(w.concurrency),
      w.noRule.rps.toFixed(0),
      w.withRule.rps.toFixed(0),
      w.ratio.toFixed(2),
      ms(w.noRule.p99),
      ms(w.withRule.p99),
      `${w.cpuMicros.noRule.toFixed(0)} / ${w.cpuMicros.withRule.toFixed(0)}`,
      w.drainSeconds.map((s) => s.toFixed(1)).join(', '),
      `${w.delivered} / ${w.expected}`,
    ]),
  );
}
