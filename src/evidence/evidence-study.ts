/**
 * Would the evidence pick the right width? MLPs of each depth × width × seed scored by their Laplace evidence
 * (training data only) and their test score, with an optional chart (what `topiary evidence` does).
 */
import { OptionError, choiceOption, intOption, numberOption, numberListOption } from '../core/option-error.js';
import { type DatasetSource, datasetOf } from '../data/source.js';
import { writeFileAtomic } from '../io/atomic.js';
import { ensureWritable } from '../io/writable.js';
import { lineChart } from '../report/svg-chart.js';
import { EVIDENCE_METHODS, type EvidenceMethod } from '../train/model-evidence.js';
import { type GridRow, evidenceGrid } from './width-grid.js';

export interface EvidenceStudyOptions {
  dataset: DatasetSource;
  /** last-layer (default) or diagonal Laplace approximation. */
  method?: EvidenceMethod;
  widths?: number[];
  depths?: number[];
  seeds?: number;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  /** Only mlp (stacks of ReLU dense layers) is gridded by width. */
  archFamily?: string;
  plot?: string;
  onRow?: (row: GridRow) => void;
  log?: (line: string) => void;
}

const intList = (v: number[] | undefined, option: string, fallback: number[], max: number): number[] =>
  numberListOption(v, option, fallback, (x) => Number.isInteger(x) && x >= 1 && x <= max, `integers from 1 to ${max}`);

export function evidenceStudy(o: EvidenceStudyOptions): Record<string, unknown> {
  const log = o.log ?? (() => {});
  if (o.plot !== undefined) ensureWritable(o.plot, 'file', 'plot');
  const widths = intList(o.widths, 'widths', [2, 4, 8, 16, 32, 64, 128, 256, 512], 4096), depths = intList(o.depths, 'depths', [1], 4);
  const seeds = intOption(o.seeds, 'seeds', 3, 1), epochs = intOption(o.epochs, 'epochs', 50, 1), batchSize = intOption(o.batchSize, 'batchSize', 64, 1);
  const lr = numberOption(o.lr, 'lr', 1e-3, (v) => v > 0, 'a positive number');
  const data = datasetOf(o.dataset, 0, (w) => log(`warning: ${w}`));
  if ((o.archFamily ?? 'mlp') !== 'mlp') throw new OptionError('archFamily', `got "${o.archFamily}"; only mlp (stacks of ReLU dense layers) is gridded by width`);
  const method = choiceOption(o.method, 'method', Object.keys(EVIDENCE_METHODS) as EvidenceMethod[], 'last-layer');
  const g = evidenceGrid({ dataset: data, method, widths, depths, seeds, epochs, batchSize, lr, onRow: o.onRow });
  const name = (c: { depth: number; width: number }) => `${c.depth}×${c.width}`;
  log(`evidence picks ${name(g.picked)} (${g.scoreName} ${g.picked.test.toFixed(4)}); the best ${g.scoreName} is ${name(g.best)} (${g.best.test.toFixed(4)}); difference ${(g.best.test - g.picked.test).toFixed(4)}`);
  if (o.plot !== undefined) {
    writeFileAtomic(o.plot, lineChart(depths.flatMap((depth, k) => {
      const mine = g.cells.filter((c) => c.depth === depth);
      return [
        { name: `${g.scoreName}, depth ${depth}`, x: mine.map((c) => c.width), y: mine.map((c) => c.test), points: true, color: ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b'][k] },
        { name: `log evidence, depth ${depth}`, x: mine.map((c) => c.width), y: mine.map((c) => c.logEvidence), points: true, dashed: true, rightAxis: true, color: ['#d62728', '#ff7f0e', '#e377c2', '#7f7f7f'][k] },
      ];
    }), { title: `${data.name}: evidence and test score against width (mean of ${seeds} seeds)`, xLabel: 'hidden width', yLabel: g.scoreName, y2Label: `log evidence (Laplace, ${method})`, logX: true }));
    log(`plot: ${o.plot}`);
  }
  return { dataset: data.name, method, picked: g.picked, best: g.best, gap: g.best.test - g.picked.test, cells: g.cells, seeds, epochs };
}
