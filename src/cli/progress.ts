import type { TransferProgress } from '../sdk/client.js';

/**
 * A one-line progress display on stderr for uploads and downloads: bytes, rate and ETA. Shown only
 * when both stdout and stderr are terminals, so pipes, CI logs and `--json` output stay clean.
 */

export interface Progress {
  update(progress: TransferProgress): void;
  /** Clears the line; call it on success and on failure alike. */
  done(): void;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
/** Redraws at most this often (~10 per second): a fast transfer must not spend its time on the terminal. */
const REDRAW_MS = 100;
const BAR = 20;
const PHASES: Record<TransferProgress['phase'], string> = {
  hashing: 'Hashing',
  uploading: 'Uploading',
  downloading: 'Downloading',
};

export function formatBytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** Whole seconds as 7s, 1m05s, 2h03m. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The progress line: label, bar and percentage (when the total is known), bytes, rate, ETA. */
export function progressLine(input: {
  label: string;
  progress: TransferProgress;
  elapsedMs: number;
  width?: number;
}): string {
  const { bytes, total, phase } = input.progress;
  const rate = input.elapsedMs > 0 ? (bytes * 1000) / input.elapsedMs : 0;
  const parts = [`${PHASES[phase]} ${input.label}`];
  if (total !== undefined && total > 0) {
    const ratio = Math.min(1, bytes / total);
    const filled = Math.round(ratio * BAR);
    parts.push(
      `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%`,
    );
    parts.push(`${formatBytes(bytes)} / ${formatBytes(total)}`);
  } else {
    parts.push(formatBytes(bytes));
  }
  parts.push(rate > 0 ? `${formatBytes(Math.round(rate))}/s` : '--/s');
  if (total !== undefined && total > 0) {
    parts.push(`ETA ${rate > 0 ? formatEta((total - bytes) / rate) : '--'}`);
  }
  const line = parts.join('  ');
  return input.width !== undefined && line.length > input.width ? line.slice(0, input.width) : line;
}

export interface ProgressOptions {
  /** Default: stdout and stderr are both terminals. */
  readonly enabled?: boolean;
  readonly stream?: NodeJS.WriteStream;
  readonly now?: () => number;
}

export function createProgress(label: string, options: ProgressOptions = {}): Progress {
  const enabled = options.enabled ?? (process.stdout.isTTY === true && process.stderr.isTTY === true);
  if (!enabled) return { update() {}, done() {} };
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  let phase: TransferProgress['phase'] | undefined;
  let started = 0;
  let drawn = -Infinity;
  let visible = false;
  return {
    update(progress) {
      const t = now();
      // Each phase gets its own clock: hashing speed says nothing about upload speed.
      if (progress.phase !== phase) {
        phase = progress.phase;
        started = t;
        drawn = -Infinity;
      }
      const finished = progress.total !== undefined && progress.bytes >= progress.total;
      if (t - drawn < REDRAW_MS && !finished) return;
      drawn = t;
      const width = stream.columns ? stream.columns - 1 : undefined;
      const line = progressLine({ label, progress, elapsedMs: t - started, ...(width && { width }) });
      stream.write(`\r\x1b[2K${line}`);
      visible = true;
    },
    done() {
      if (visible) stream.write('\r\x1b[2K');
      visible = false;
    },
  };
}
