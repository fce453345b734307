import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createProgress, formatBytes, formatEta, progressLine } from './progress.js';

const MiB = 1024 * 1024;

describe('progress formatting', () => {
  test('bytes in binary units with one decimal', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1024), '1.0 KiB');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(5 * MiB), '5.0 MiB');
    assert.equal(formatBytes(5 * 1024 * MiB), '5.0 GiB');
    assert.equal(formatBytes(3 * 1024 ** 4), '3.0 TiB');
    assert.equal(formatBytes(2048 * 1024 ** 4), '2048.0 TiB');
  });

  test('ETA in whole seconds, minutes or hours', () => {
    assert.equal(formatEta(0), '0s');
    assert.equal(formatEta(0.2), '1s');
    assert.equal(formatEta(59), '59s');
    assert.equal(formatEta(65), '1m05s');
    assert.equal(formatEta(3599), '59m59s');
    assert.equal(formatEta(7380), '2h03m');
    assert.equal(formatEta(-3), '0s');
  });

  test('a line with bar, percentage, bytes, rate and ETA when the total is known', () => {
    const line = progressLine({
      label: 'model.tar.gz',
      progress: { phase: 'uploading', bytes: 25 * MiB, total: 100 * MiB },
      elapsedMs: 5000,
    });
    assert.equal(
      line,
      'Uploading model.tar.gz  [#####---------------]  25%  25.0 MiB / 100.0 MiB  5.0 MiB/s  ETA 15s',
    );
  });

  test('bytes and rate only for a stream of unknown length; no rate before any time passed', () => {
    assert.equal(
      progressLine({ label: 'x', progress: { phase: 'downloading', bytes: 2 * MiB }, elapsedMs: 1000 }),
      'Downloading x  2.0 MiB  2.0 MiB/s',
    );
    assert.equal(
      progressLine({ label: 'x', progress: { phase: 'hashing', bytes: 0, total: MiB }, elapsedMs: 0 }),
      'Hashing x  [--------------------]   0%  0 B / 1.0 MiB  --/s  ETA --',
    );
  });

  test('cut to the terminal width', () => {
    const line = progressLine({
      label: 'a-rather-long-file-name.tar.gz',
      progress: { phase: 'uploading', bytes: 1, total: 2 },
      elapsedMs: 1,
      width: 30,
    });
    assert.equal(line.length, 30);
  });
});

/** A stand-in for process.stderr that records what is written. */
function fakeStream() {
  const writes: string[] = [];
  const stream = { columns: 200, write: (t: string) => writes.push(t) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe('progress display', () => {
  test('writes nothing when disabled (stdout or stderr is not a terminal)', () => {
    const { stream, writes } = fakeStream();
    const p = createProgress('f', { enabled: false, stream });
    p.update({ phase: 'uploading', bytes: 1, total: 2 });
    p.done();
    assert.deepEqual(writes, []);
  });

  test('redraws at most every 100 ms, always draws completion, and clears the line at the end', () => {
    const { stream, writes } = fakeStream();
    let now = 1000;
    const p = createProgress('f', { enabled: true, stream, now: () => now });
    p.update({ phase: 'uploading', bytes: 0, total: 100 });
    for (let i = 1; i < 50; i++) {
      now += 10;
      p.update({ phase: 'uploading', bytes: i, total: 100 });
    }
    // 490 ms of updates every 10 ms: the first draw, then one per 100 ms.
    assert.equal(writes.length, 5);
    now += 1;
    p.update({ phase: 'uploading', bytes: 100, total: 100 });
    assert.equal(writes.length, 6);
    assert.ok(writes.at(-1)!.startsWith(`\r\x1b[2KUploading f  [${'#'.repeat(20)}] 100%`), writes.at(-1));
    p.done();
    assert.equal(writes.at(-1), '\r\x1b[2K');
    p.done();
    assert.equal(writes.length, 7, 'a second done() writes nothing');
  });

  test('a new phase draws at once and starts its own rate clock', () => {
    const { stream, writes } = fakeStream();
    let now = 0;
    const p = createProgress('f', { enabled: true, stream, now: () => now });
    p.update({ phase: 'hashing', bytes: 0, total: 10 * MiB });
    now = 10_000;
    p.update({ phase: 'uploading', bytes: 0, total: 10 * MiB });
    now = 11_000;
    p.update({ phase: 'uploading', bytes: MiB, total: 10 * MiB });
    assert.equal(writes.length, 3);
    assert.match(writes[2]!, /1\.0 MiB\/s {2}ETA 9s$/);
  });
});
