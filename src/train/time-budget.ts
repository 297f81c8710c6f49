/** A time budget counted from its creation: how much is spent, whether it is over, and a learning rate read against it. */
import type { LrSchedule } from '../optim/schedules.js';

export class TimeBudget {
  private readonly start = performance.now();

  /** `schedule` maps the fraction of the budget spent (0 to 1) to a learning rate; it needs a budget. */
  constructor(readonly seconds: number | undefined, private readonly schedule: LrSchedule | undefined, owner: string) {
    if (schedule && seconds === undefined) throw new Error(`${owner}: timeSchedule needs timeBudgetSeconds`);
  }

  elapsed(): number { return (performance.now() - this.start) / 1000; }

  /** The fraction of the budget spent, capped at 1 (0 without a budget). */
  fraction(): number { return this.seconds === undefined ? 0 : Math.min(1, this.elapsed() / this.seconds); }

  spent(): boolean { return this.seconds !== undefined && this.elapsed() >= this.seconds; }

  /** The scheduled learning rate now, or `unscheduled` when there is no time schedule. */
  lr(unscheduled: number): number { return this.schedule ? this.schedule.at(this.fraction()) : unscheduled; }
}
