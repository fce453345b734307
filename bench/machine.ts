// What the figures were measured on: printed with the table and stored with the JSON results.
import { execFileSync } from 'node:child_process';
import { closeSync, fdatasyncSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
  readonly disk: string;
  readonly mount: string;
  /** Mean time of one 4 KiB write + fdatasync in the data directory: the floor of a durable commit. */
  readonly fdatasyncMs: number;
  postgres?: string;
}

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function fdatasyncProbe(dir: string, rounds = 200): number {
  const file = join(dir, 'fsync-probe.bin');
  const fd = openSync(file, 'w');
  const buf = Buffer.alloc(4096, 1);
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) {
    writeSync(fd, buf, 0, buf.length, 0);
    fdatasyncSync(fd);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / rounds;
  closeSync(fd);
  unlinkSync(file);
  return ms;
}

export function machineInfo(dataDir: string): Machine {
  const df = sh('df', ['-hT', dataDir]).split('\n')[1] ?? '';
  const device = df.split(/\s+/)[0] ?? '';
  const mountLine =
    readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${device} `)) ?? '';
  const blk = device.replace(/^\/dev\//, '').replace(/p?\d+$/, '');
  const rotational = sh('cat', [`/sys/block/${blk}/queue/rotational`]);
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
    disk: `${df.replace(/\s+/g, ' ')}${rotational ? ` (rotational=${rotational})` : ''}`,
    mount: mountLine,
    fdatasyncMs: Math.round(fdatasyncProbe(dataDir) * 1000) / 1000,
  };
}

export async function postgresInfo(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const show = async (setting: string) =>
      (await client.query<Record<string, string>>(`SHOW ${setting}`)).rows[0]?.[setting] ?? '?';
    const version = (await client.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v ?? '?';
    return `${version.split(' on ')[0]}; synchronous_commit=${await show('synchronous_commit')}, fsync=${await show('fsync')}, wal_sync_method=${await show('wal_sync_method')}, autovacuum=${await show('autovacuum')}`;
  } finally {
    await client.end();
  }
}
