/**
 * Which width would evidence pick? MLPs of each depth × width × seed trained on
 * the training split, each scored by its Laplace evidence (training data only)
 * and by its test score; evidence's pick set beside the best test score.
 */
import type { Dataset } from '../data/dataset.js';
import { prepare } from '../data/prepare.js';
import { parseArch, buildModel } from '../nn/spec.js';
import { Adam } from '../optim/adam.js';
import { cosine } from '../optim/schedules.js';
import { fit } from '../train/fit.js';
import { evaluate } from '../train/metrics.js';
import { modelEvidence } from '../train/model-evidence.js';

export interface GridOptions { dataset: Dataset; method: string; widths: number[]; depths: number[]; seeds: number; epochs: number; batchSize: number; lr: number; onRow?(r: GridRow): void }
export interface GridRow { depth: number; width: number; seed: number; logEvidence: number; test: number; params: number; seconds: number }
export interface GridCell { depth: number; width: number; logEvidence: number; test: number }
export interface GridOutcome { rows: GridRow[]; cells: GridCell[]; picked: GridCell; best: GridCell; scoreName: string }

export function evidenceGrid(o: GridOptions): GridOutcome {
  const classification = o.dataset.task === 'classification';
  const inSize = o.dataset.inputShape.reduce((a, b) => a * b, 1), outSize = classification ? o.dataset.classes! : 1;
  const rows: GridRow[] = [];
  for (const depth of o.depths) for (const width of o.widths) for (let seed = 0; seed < o.seeds; seed++) {
    const started = performance.now();
    const p = prepare(o.dataset, { seed });
    const model = buildModel(parseArch(`mlp:${[inSize, ...new Array<number>(depth).fill(width), outSize].join('-')}`, o.dataset.inputShape), seed);
    fit(model, p, { epochs: o.epochs, batchSize: o.batchSize, seed, optimizer: new Adam(model.trainableParameters(), { lr: o.lr }), schedule: cosine(o.lr, o.epochs) });
    model.eval();
    const m = evaluate(model, p.test, p);
    const row = { depth, width, seed, logEvidence: modelEvidence(o.method, model, p).logEvidence, test: classification ? 100 * m.accuracy! : m.r2!,
      params: model.parameterCount(), seconds: (performance.now() - started) / 1000 };
    rows.push(row);
    o.onRow?.(row);
  }
  const cells = o.depths.flatMap((depth) => o.widths.map((width) => {
    const mine = rows.filter((r) => r.depth === depth && r.width === width);
    const mean = (f: (r: GridRow) => number) => mine.reduce((s, r) => s + f(r), 0) / mine.length;
    return { depth, width, logEvidence: mean((r) => r.logEvidence), test: mean((r) => r.test) };
  }));
  const top = (f: (c: GridCell) => number) => cells.reduce((a, b) => (f(b) > f(a) ? b : a));
  return { rows, cells, picked: top((c) => c.logEvidence), best: top((c) => c.test), scoreName: classification ? 'test accuracy %' : 'test R²' };
}
