export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  /** [labels without braces ('' for none), value] */
  readonly samples: readonly (readonly [string, number])[];
}

/** Request counters and latency sums in Prometheus text format, kept in memory per process. */
export class HttpMetrics {
  private readonly counts = new Map<string, number>();
  private readonly seconds = new Map<string, number>();

  observe(face: string, status: number, durationSeconds: number): void {
    const key = `face="${face}",status="${status}"`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.seconds.set(face, (this.seconds.get(face) ?? 0) + durationSeconds);
  }

  render(extra: Record<string, number>, families: readonly MetricFamily[] = []): string {
    const lines = [
      '# HELP modelry_http_requests_total HTTP requests answered, by API face and status.',
      '# TYPE modelry_http_requests_total counter',
      ...[...this.counts].map(([labels, n]) => `modelry_http_requests_total{${labels}} ${n}`),
      '# HELP modelry_http_request_seconds_total Time spent answering requests, by API face.',
      '# TYPE modelry_http_request_seconds_total counter',
      ...[...this.seconds].map(
        ([face, s]) => `modelry_http_request_seconds_total{face="${face}"} ${s.toFixed(6)}`,
      ),
    ];
    for (const f of families) {
      lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
      for (const [labels, value] of f.samples) lines.push(`${f.name}${labels ? `{${labels}}` : ''} ${value}`);
    }
    for (const [name, value] of Object.entries(extra)) {
      lines.push(`# TYPE ${name} gauge`, `${name} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
