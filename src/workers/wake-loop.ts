/**
 * Runs `step` again and again: at once while it reports more work, else after `idleMs` or as soon as
 * `wake()` is called. A failing step (database down) is logged and retried after `idleMs`, so a worker
 * never dies and never spins.
 */
export class WakeLoop {
  private running = false;
  private woken = false;
  private sleeper: (() => void) | undefined;
  private done: Promise<void> | undefined;

  constructor(
    private readonly step: () => Promise<boolean>,
    private readonly idleMs: number,
    private readonly onError: (err: unknown) => void,
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
      } catch (err) {
        this.onError(err);
      }
      if (more || this.woken || !this.running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.idleMs);
        this.sleeper = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.sleeper = undefined;
    }
  }
}
