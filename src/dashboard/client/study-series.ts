/** The study page's chart columns, from its completed trials. */
import type { TrialItem } from '../payloads.js';

const better = (a: number, b: number, maximise: boolean) => (maximise ? a > b : a < b);

/** Trials in finish order: each value and the best so far, by trial and by time (Unix seconds). */
export function bestSoFar(done: TrialItem[], maximise: boolean) {
  const sorted = [...done].sort((a, b) => (a.finishSeq ?? 0) - (b.finishSeq ?? 0));
  const index: number[] = [], value: number[] = [], best: number[] = [], time: number[] = [], bestAtTime: number[] = [];
  let b = NaN;
  sorted.forEach((t, i) => {
    const v = t.values![0];
    if (Number.isFinite(v) && (Number.isNaN(b) || better(v, b, maximise))) b = v;
    index.push(i + 1);
    value.push(v);
    best.push(b);
    const at = Date.parse(t.finishedAt ?? '') / 1000;
    // uPlot needs x ascending: finish order and finish times can disagree by clock steps of a few ms between workers.
    time.push(Math.max(at, time.length ? time[time.length - 1] : -Infinity));
    bestAtTime.push(b);
  });
  return { index, value, best, time, bestAtTime };
}

/** The intermediate curves of the `n` best trials, aligned on the union of their steps (null where a trial has no value). */
export function trialCurves(done: TrialItem[], maximise: boolean, n: number): { labels: string[]; data: (number | null)[][] } {
  const top = done.filter((t) => t.curve.length > 0).sort((a, b) => (maximise ? b.values![0] - a.values![0] : a.values![0] - b.values![0])).slice(0, n);
  const steps = [...new Set(top.flatMap((t) => t.curve.map(([s]) => s)))].sort((a, b) => a - b);
  const at = new Map(steps.map((s, i) => [s, i]));
  const data: (number | null)[][] = [steps];
  for (const t of top) {
    const col: (number | null)[] = steps.map(() => null);
    for (const [s, v] of t.curve) col[at.get(s)!] = v;
    data.push(col);
  }
  return { labels: top.map((t) => `#${t.number}`), data };
}

/** Every completed trial by the first two objectives (sorted by the first), and the non-dominated ones joined as a line. */
export function paretoColumns(done: TrialItem[], objectives: { direction: 'max' | 'min' }[]): (number | null)[][] {
  const pts = done.map((t) => [t.values![0], t.values![1]]).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b)).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const sx = objectives[0].direction === 'max' ? 1 : -1, sy = objectives[1].direction === 'max' ? 1 : -1;
  // Non-dominated in two objectives: walk from the best end of x, keeping points better in y than all before them.
  const front = new Set<number>();
  let bestY = -Infinity;
  const order = sx > 0 ? [...pts.keys()].reverse() : [...pts.keys()];
  for (const i of order) if (sy * pts[i][1] > bestY) { bestY = sy * pts[i][1]; front.add(i); }
  return [pts.map((p) => p[0]), pts.map((p) => p[1]), pts.map((p, i) => (front.has(i) ? p[1] : null))];
}

/** Trials a model-based strategy predicted, by prediction (ascending, as uPlot needs x): the observed first objective, and the line where they agree. */
export function predictionColumns(done: TrialItem[]): number[][] {
  const pts = done.filter((t) => t.predicted !== null && Number.isFinite(t.values![0])).map((t) => [t.predicted!, t.values![0]]).sort((p, q) => p[0] - q[0]);
  return [pts.map((p) => p[0]), pts.map((p) => p[1]), pts.map((p) => p[0])];
}
