/** Hidden-layer widths over the run's time, one line per layer, with growth events as points. */
import { PALETTE, lineChart } from '../report/svg-chart.js';
import type { GrowEpochLog } from './grow-and-shrink.js';

export function growthChart(history: GrowEpochLog[], startWidths: number[], title: string): string {
  return lineChart(startWidths.map((w, layer) => ({
    name: `layer ${layer + 1}`, color: PALETTE[layer % PALETTE.length], points: true,
    x: [0, ...history.map((h) => h.elapsed)], y: [w, ...history.map((h) => h.widths[layer])],
  })), { title, xLabel: 'seconds', yLabel: 'units' });
}
