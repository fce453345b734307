/** A process-local "something happened" signal: the relay raises it after publishing, live tails listen. */
export class Signal {
  private readonly listeners = new Set<() => void>();

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  raise(): void {
    for (const listener of this.listeners) listener();
  }
}
