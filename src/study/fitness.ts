/** One number per trial for strategies that compare on one scale, and objective vectors from metrics records. */
import { type Objective, dominates, oriented } from './objectives.js';

/** How one number is made of several objectives for strategies that compare trials on one scale. */
export type Scalarization = { kind: 'rank' } | { kind: 'weights'; weights: number[] };

/** Objective values of a metrics record; NaN for a metric the record lacks (an intermediate report may carry fewer). */
export const objectiveVector = (objectives: readonly Objective[], metrics: Readonly<Record<string, number>>): number[] =>
  objectives.map((o) => (typeof metrics[o.name] === 'number' ? metrics[o.name] : Number.NaN));

export class Fitness {
  private readonly completed: number[][] = [];

  constructor(private readonly objectives: readonly Objective[], private readonly scalarization: Scalarization = { kind: 'rank' }) {}

  /** Higher is better; -Infinity for a failed trial. `completed`: count it for the rank of later trials. */
  of(values: number[] | null, completed: boolean): number {
    const objs = this.objectives;
    let f: number;
    if (!values || values.some(Number.isNaN)) f = -Infinity;
    else if (objs.length === 1) f = oriented(objs, values)[0];
    else if (this.scalarization.kind === 'weights') { const w = this.scalarization.weights; f = oriented(objs, values).reduce((sum, v, i) => sum + w[i] * v, 0); }
    // Minus the number of completed trials so far that dominate it: 0 for every trial on the current front.
    else f = -this.completed.filter((t) => dominates(objs, t, values)).length;
    if (values && completed) this.completed.push(values);
    return f;
  }
}
