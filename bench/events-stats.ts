// Percentiles and rates of the events bench.

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** Nearest-rank percentile of `sorted` (ascending); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99) };
}

/**
 * Arrivals per second between the first and the last of `times` (performance.now() values): n arrivals
 * span n - 1 intervals. Start-up delays before the first arrival are reported apart, not counted here.
 */
export function arrivalRate(times: readonly number[]): { rate: number; seconds: number } {
  if (times.length < 2) return { rate: Number.NaN, seconds: 0 };
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const seconds = (last - first) / 1000;
  return { rate: (times.length - 1) / seconds, seconds };
}
