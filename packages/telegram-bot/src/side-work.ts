/**
 * Writes a command starts that its reply need not wait for (the positions snapshot after a trade).
 * Without a `SideWork` the bot awaits them before an update counts as handled. A webhook that has
 * bookkeeping of its own after the update (recording idempotency completion) passes one to
 * `createBot`, does that bookkeeping meanwhile, and awaits `settle()` before it returns, so a Lambda
 * is never frozen with a write in flight.
 */
export class SideWork {
  private readonly inFlight = new Set<Promise<void>>();

  /** Tracks `work` until it settles. Side work logs its own failures and never rejects. */
  add(work: Promise<void>): void {
    const tracked = work.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(tracked);
    void tracked.then(() => this.inFlight.delete(tracked));
  }

  /** Resolves when everything added so far has finished. */
  async settle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}
