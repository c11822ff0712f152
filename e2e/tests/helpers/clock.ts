/**
 * The time the functions under test see: it runs at the wall clock's pace from an instant the test
 * sets, and jumps when told. Every invocation passes `clock.now()` to the instance (`virtualClock`),
 * and the Yahoo stand-in reads the same clock, so a week of mornings plays in seconds and a lease
 * expires without waiting for it.
 */
export class VirtualClock {
  private offsetMs: number;

  constructor(start: Date) {
    this.offsetMs = start.getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock to `at` (it keeps running from there). */
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }

  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
