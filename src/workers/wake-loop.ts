/** Longest wait between two tries of a failing step. */
const MAX_ERROR_DELAY_MS = 5000;

/**
 * Runs `step` again and again: at once while it reports more work, else after `idleMs` or as soon as
 * `wake()` is called. A failing step (database down) is retried with a doubling delay up to 5 s, so a
 * worker never dies, never spins, and does not flood the log: `onError` hears the first failure of a
 * streak, `onRecover` its end.
 */
export class WakeLoop {
  private running = false;
  private woken = false;
  private sleeper: (() => void) | undefined;
  private done: Promise<void> | undefined;

  private failures = 0;

  constructor(
    private readonly step: () => Promise<boolean>,
    private readonly idleMs: number,
    private readonly onError: (err: unknown) => void,
    private readonly onRecover: (failures: number) => void = () => undefined,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  wake(): void {
    this.woken = true;
    this.sleeper?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.sleeper?.();
    await this.done;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let more = false;
      try {
        more = await this.step();
        if (this.failures > 0) this.onRecover(this.failures);
        this.failures = 0;
      } catch (err) {
        if (this.failures === 0) this.onError(err);
        this.failures += 1;
      }
      if (this.failures === 0 && (more || this.woken)) continue;
      if (!this.running) continue;
      const delay =
        this.failures === 0 ? this.idleMs : Math.min(MAX_ERROR_DELAY_MS, this.idleMs * 2 ** this.failures);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.sleeper = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.sleeper = undefined;
    }
  }
}
