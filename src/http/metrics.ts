/** Request counters and latency sums in Prometheus text format, kept in memory per process. */
export class HttpMetrics {
  private readonly counts = new Map<string, number>();
  private readonly seconds = new Map<string, number>();

  observe(face: string, status: number, durationSeconds: number): void {
    const key = `face="${face}",status="${status}"`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.seconds.set(face, (this.seconds.get(face) ?? 0) + durationSeconds);
  }

  render(extra: Record<string, number>): string {
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
    for (const [name, value] of Object.entries(extra)) {
      lines.push(`# TYPE ${name} gauge`, `${name} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
