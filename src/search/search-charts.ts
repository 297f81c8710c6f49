/** Charts of a search: best-so-far over trials (mean ± sd over seeds); with several objectives, hypervolume over trials and the Pareto fronts of the first seed. */
import { mean, std } from '../report/aggregate.js';
import { PALETTE, type Series, lineChart } from '../report/svg-chart.js';
import type { Objective } from '../study/objectives.js';
import type { SearchOutcome } from './run-search.js';

const meanAt = (curves: number[][], x: number) => curves.map((c) => c[Math.min(x - 1, c.length - 1)]).filter(Number.isFinite);

/** File-name suffix → SVG text ('' is the main chart). */
export function searchCharts(outcome: SearchOutcome, objectives: readonly Objective[]): Map<string, string> {
  const charts = new Map<string, string>();
  const longest = Math.max(...outcome.runs.flat().map((r) => r.trials.length));
  const seeds = outcome.runs[0]?.length ?? 0;
  // The first trials are close to random picks; start where strategies begin to differ.
  const first = longest >= 50 ? 10 : 1;
  const xs = Array.from({ length: Math.max(0, longest - first + 1) }, (_, i) => i + first);
  const primary = objectives[0];
  const curves: Series[] = [];
  outcome.runs.forEach((runs, k) => {
    const color = PALETTE[k % PALETTE.length], name = runs[0]?.strategy ?? '?';
    const best = runs.map((r) => r.bestSoFar), test = runs.map((r) => r.testOfBestSoFar);
    curves.push({ name: `${name} ${primary.name} (± sd)`, x: xs, y: xs.map((x) => mean(meanAt(best, x))), band: xs.map((x) => std(meanAt(best, x))), color });
    if (runs.some((r) => r.testOfBestSoFar.some(Number.isFinite))) curves.push({ name: `${name} test of best`, x: xs, y: xs.map((x) => mean(meanAt(test, x))), dashed: true, color });
  });
  charts.set('', lineChart(curves, { title: `${outcome.label}: best ${primary.name} so far (mean ± sd of ${seeds} seeds)`, xLabel: 'trials', yLabel: primary.name, logX: true }));
  if (objectives.length > 1 && outcome.reference) {
    charts.set('-hypervolume', lineChart(outcome.runs.map((runs, k) => {
      const hv = runs.map((r) => r.hypervolumeSoFar);
      return { name: `${runs[0]?.strategy ?? '?'} (± sd)`, x: xs, y: xs.map((x) => mean(meanAt(hv, x))), band: xs.map((x) => std(meanAt(hv, x))), color: PALETTE[k % PALETTE.length] };
    }), { title: `${outcome.label}: hypervolume so far (reference ${outcome.reference.map((v) => Number(v.toPrecision(4))).join(', ')})`, xLabel: 'trials', yLabel: 'hypervolume', logX: true }));
    if (objectives.length === 2) {
      const series: Series[] = [];
      outcome.runs.forEach((runs, k) => {
        const r = runs[0];
        if (!r) return;
        const done = r.trials.filter((t) => t.state === 'completed' && t.values);
        const color = PALETTE[k % PALETTE.length];
        series.push({ name: `${r.strategy}: all trials`, x: done.map((t) => t.values![1]), y: done.map((t) => t.values![0]), points: true, line: false, color });
        const front = [...r.front].sort((a, b) => a.values![1] - b.values![1]);
        series.push({ name: `${r.strategy}: Pareto front`, x: front.map((t) => t.values![1]), y: front.map((t) => t.values![0]), points: true, color });
      });
      charts.set('-pareto', lineChart(series, { title: `${outcome.label}: trials and Pareto front (seed ${outcome.runs[0]?.[0]?.seed ?? 0})`,
        xLabel: `${objectives[1].name} (${objectives[1].direction})`, yLabel: `${objectives[0].name} (${objectives[0].direction})` }));
    }
  }
  return charts;
}
