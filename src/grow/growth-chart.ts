/**
 * Hidden-layer widths over the run's time, one line per layer. Only the epochs where some width changed are
 * drawn (and the last), so a run of tens of thousands of short epochs on a small dataset stays a small file.
 */
import { PALETTE, lineChart } from '../report/svg-chart.js';
import type { GrowEpochLog } from './grow-and-shrink.js';

export function growthChart(history: GrowEpochLog[], startWidths: number[], title: string): string {
  const changes = history.filter((h, i) => i === history.length - 1 || h.widths.some((w, l) => w !== (i === 0 ? startWidths : history[i - 1].widths)[l]));
  return lineChart(startWidths.map((w, layer) => ({
    name: `layer ${layer + 1}`, color: PALETTE[layer % PALETTE.length], points: true,
    x: [0, ...changes.map((h) => h.elapsed)], y: [w, ...changes.map((h) => h.widths[layer])],
  })), { title, xLabel: 'seconds', yLabel: 'units' });
}
