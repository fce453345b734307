// Ratios to the bare baseline, the issue's targets, and the printed table.
import type { LoadResult } from './load.js';
import type { Op } from './scenarios.js';

export type Backend = 'sqlite' | 'postgres';

export interface Row {
  readonly op: Op | 'bare';
  readonly backend: Backend | 'bare';
  readonly size?: number;
  readonly concurrency: number;
  readonly result: LoadResult;
  /** The bare baseline measured in the slices interleaved with this row's. */
  readonly bare?: LoadResult;
  ratio?: number;
  target?: string;
  /** For list-page rows: cost of a page here ÷ cost of a page in the smallest group. */
  costVsSmallest?: number;
  verdict?: 'pass' | 'MISS' | '(pass)' | '(miss)';
}

/** Targets hold on SQLite (issue 2, deliverable 8); PostgreSQL's figures are shown against them in parentheses. */
function judge(row: Row, target: string, ok: boolean): void {
  row.target = target;
  if (row.backend === 'sqlite') row.verdict = ok ? 'pass' : 'MISS';
  else row.verdict = ok ? '(pass)' : '(miss)';
}

export function evaluate(rows: Row[]): void {
  const sizes = [...new Set(rows.filter((r) => r.size !== undefined).map((r) => r.size!))].sort(
    (a, b) => a - b,
  );
  const smallest = sizes[0];
  for (const row of rows) {
    if (row.backend === 'bare') continue;
    if (row.bare && row.bare.rps > 0) row.ratio = row.result.rps / row.bare.rps;
    if (row.op === 'describe' && row.concurrency === 16 && row.ratio !== undefined) {
      judge(row, '≥ 0.50', row.ratio >= 0.5);
    }
    if (
      row.op === 'register' &&
      (row.concurrency === 1 || row.concurrency === 16) &&
      row.ratio !== undefined
    ) {
      judge(row, '≥ 0.25', row.ratio >= 0.25);
    }
    if (row.op === 'list-page' && smallest !== undefined && row.size !== smallest) {
      const base = rows.find(
        (r) =>
          r.op === 'list-page' &&
          r.backend === row.backend &&
          r.concurrency === row.concurrency &&
          r.size === smallest,
      );
      if (base) {
        row.costVsSmallest = base.result.rps / row.result.rps;
        judge(row, `cost ≤ 1.5× ${short(smallest)}`, row.costVsSmallest <= 1.5);
      }
    }
  }
}

function short(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

function fixed(n: number | undefined, digits: number): string {
  return n === undefined || Number.isNaN(n) ? '' : n.toFixed(digits);
}

export const HEADER = [
  'op',
  'backend',
  'group',
  'conc',
  'req/s',
  'bare req/s',
  'p50 ms',
  'p99 ms',
  'ratio to bare',
  'target',
  'result',
] as const;

export function cells(row: Row): string[] {
  const ratio =
    row.costVsSmallest !== undefined
      ? `${fixed(row.ratio, 2)} (cost ${fixed(row.costVsSmallest, 2)}×)`
      : fixed(row.ratio, 2);
  return [
    row.op,
    row.backend,
    row.size === undefined ? '' : short(row.size),
    String(row.concurrency),
    fixed(row.result.rps, 0),
    fixed(row.bare?.rps, 0),
    fixed(row.result.p50, 2),
    fixed(row.result.p99, 2),
    ratio,
    row.target ?? '',
    row.verdict ?? '',
  ];
}

/** A Markdown table (readable in a terminal too), so the printed output can go into docs as is. */
export function table(rows: readonly Row[]): string {
  const all = [[...HEADER], ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    `| ${r.map((c, i) => (i >= 3 && i <= 8 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i >= 3 && i <= 8 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(all[0]!), rule, ...all.slice(1).map(line)].join('\n');
}
