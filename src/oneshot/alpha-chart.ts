/** softmax(α) over the epochs of a search: one chart per edge, a line per op. */
import { PALETTE, lineChart } from '../report/svg-chart.js';
import type { OneShotResult } from './run-oneshot.js';

export function alphaCharts(r: OneShotResult, ops: readonly string[], edges: readonly (readonly [number, number])[], title: string): string[] {
  const x = r.history.map((h) => h.epoch);
  return edges.map(([from, to], e) => lineChart(ops.map((op, k) => ({
    name: op, x, y: r.history.map((h) => h.probabilities[e][k]), color: PALETTE[k % PALETTE.length],
  })), { title: `${title}: softmax(α) on edge ${e} (${from} → ${to})`, xLabel: 'epoch', yLabel: 'softmax(α)' }));
}
