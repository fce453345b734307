import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WakeLoop } from './wake-loop.js';

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('WakeLoop', () => {
  it('reports the first failure of a streak once, backs off, and reports the recovery', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const recoveries: number[] = [];
    const loop = new WakeLoop(
      async () => {
        calls += 1;
        if (calls <= 3) throw new Error(`down ${calls}`);
        return false;
      },
      5,
      (err) => errors.push(err),
      (n) => recoveries.push(n),
    );
    loop.start();
    await until(() => recoveries.length === 1);
    await loop.stop();
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /down 1/);
    assert.deepEqual(recoveries, [3]);
  });

  it('runs again at once while the step reports more work, and when woken', async () => {
    let calls = 0;
    const loop = new WakeLoop(
      async () => {
        calls += 1;
        return calls < 5;
      },
      60_000,
      () => undefined,
    );
    loop.start();
    await until(() => calls === 5);
    loop.wake();
    await until(() => calls === 6);
    await loop.stop();
    assert.equal(calls, 6);
  });
});
