/**
 * `topiary evidence --dataset D [--method last-layer|diagonal] [--widths 2,4,…,512] [--depths 1] [--seeds 3] [--epochs 50] [--plot FILE.svg]`:
 * MLPs of each width scored by their Laplace evidence (training data only) and their test score.
 */
import { writeFileAtomic } from '../io/atomic.js';
import { evidenceGrid } from '../evidence/width-grid.js';
import { lineChart } from '../report/svg-chart.js';
import { EVIDENCE_METHODS } from '../train/model-evidence.js';
import { intFlag, numberFlag, numberList, optionName, parseArgs } from './args.js';
import { datasetFromFlags } from './dataset-flags.js';
import { checkOutputs } from './outputs.js';

const FLAGS = {
  dataset: 'string', widths: 'string', depths: 'string', seeds: 'string', epochs: 'string', 'batch-size': 'string', lr: 'string', plot: 'string',
  'data-dir': 'string', target: 'string', task: 'string', method: 'string', 'arch-family': 'string', json: 'boolean',
} as const;

/** Comma-separated integers from 1 to `max`. */
const intList = (p: ReturnType<typeof parseArgs>, name: string, fallback: string, max: number): number[] =>
  numberList(p, name, String(p.flags.get(name) ?? fallback), (v) => Number.isInteger(v) && v >= 1 && v <= max, `comma-separated integers from 1 to ${max}`);

export function evidenceCommand(argv: string[], log: (line: string) => void): Record<string, unknown> {
  const p = parseArgs(argv, FLAGS);
  checkOutputs(p, { plot: 'file' });
  const widths = intList(p, 'widths', '2,4,8,16,32,64,128,256,512', 4096), depths = intList(p, 'depths', '1', 4);
  const seeds = intFlag(p, 'seeds', 3, 1), epochs = intFlag(p, 'epochs', 50, 1), batchSize = intFlag(p, 'batch-size', 64, 1);
  const lr = numberFlag(p, 'lr', 1e-3, (v) => v > 0, 'a positive number');
  const data = datasetFromFlags(p, 0);
  const family = String(p.flags.get('arch-family') ?? 'mlp');
  if (family !== 'mlp') throw new Error(`${optionName(p, 'arch-family')}: got "${family}"; only mlp (stacks of ReLU dense layers) is gridded by width`);
  const method = String(p.flags.get('method') ?? 'last-layer');
  if (!(method in EVIDENCE_METHODS)) throw new Error(`${optionName(p, 'method')}: got "${method}"; expected ${Object.keys(EVIDENCE_METHODS).join(' or ')}`);
  const g = evidenceGrid({ dataset: data, method, widths, depths, seeds, epochs, batchSize, lr,
    onRow: (r) => log(`depth ${r.depth} width ${String(r.width).padStart(4)} seed ${r.seed}  log evidence ${r.logEvidence.toFixed(1).padStart(10)}  test ${r.test.toFixed(4)}  ${r.params} params  ${r.seconds.toFixed(1)}s`) });
  const name = (c: { depth: number; width: number }) => `${c.depth}×${c.width}`;
  log(`evidence picks ${name(g.picked)} (${g.scoreName} ${g.picked.test.toFixed(4)}); the best ${g.scoreName} is ${name(g.best)} (${g.best.test.toFixed(4)}); difference ${(g.best.test - g.picked.test).toFixed(4)}`);
  const plot = p.flags.get('plot');
  if (typeof plot === 'string') {
    writeFileAtomic(plot, lineChart(depths.flatMap((depth, k) => {
      const mine = g.cells.filter((c) => c.depth === depth);
      return [
        { name: `${g.scoreName}, depth ${depth}`, x: mine.map((c) => c.width), y: mine.map((c) => c.test), points: true, color: ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b'][k] },
        { name: `log evidence, depth ${depth}`, x: mine.map((c) => c.width), y: mine.map((c) => c.logEvidence), points: true, dashed: true, rightAxis: true, color: ['#d62728', '#ff7f0e', '#e377c2', '#7f7f7f'][k] },
      ];
    }), { title: `${data.name}: evidence and test score against width (mean of ${seeds} seeds)`, xLabel: 'hidden width', yLabel: g.scoreName, y2Label: `log evidence (Laplace, ${method})`, logX: true }));
    log(`plot: ${plot}`);
  }
  return { dataset: data.name, method, picked: g.picked, best: g.best, gap: g.best.test - g.picked.test, cells: g.cells, seeds, epochs };
}
