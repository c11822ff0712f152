/** Work a command hands over instead of running it itself (see `BotDependencies.afterReply`). */
export type Deferred = () => Promise<void>;

/**
 * Writes one update's reply need not wait for (the positions snapshot after a trade), held until the
 * reply has gone out. A webhook makes one per update, passes `defer` to the bot as `afterReply`,
 * calls `start()` once the reply's request is on its way (Telegram's answer and the webhook's own
 * bookkeeping, such as completing the idempotency record, then run alongside) and awaits `settle()` before it returns, so a Lambda is never
 * frozen with a write in flight and the next update of the chat, which Telegram holds until this one
 * is answered, never sees the write missing.
 */
export class SideWork {
  private readonly queued: Deferred[] = [];
  private readonly running: Promise<void>[] = [];
  private started = false;

  /** Holds `work` until `start()` (runs it at once when already started). Side work logs its own failures. */
  readonly defer = (work: Deferred): void => {
    if (this.started) this.run(work);
    else this.queued.push(work);
  };

  /** Starts everything held so far; call it once the reply is out (on its way is enough). Calling it again starts only what was deferred since. */
  start(): void {
    this.started = true;
    for (const work of this.queued.splice(0)) this.run(work);
  }

  /** Starts what is still held, then resolves when all of it has finished; never rejects. */
  async settle(): Promise<void> {
    this.start();
    await Promise.all(this.running);
  }

  private run(work: Deferred): void {
    this.running.push(
      Promise.resolve()
        .then(work)
        .then(
          () => undefined,
          () => undefined,
        ),
    );
  }
}
