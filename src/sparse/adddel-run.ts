/**
 * AddDel as a recorded run: stepwise adding and deleting of hidden units, every visited model kept, the Pareto front
 * of parameters against validation error, and (with a grid) the fixed-width MLPs it is judged against, trained for
 * as many epochs as the whole AddDel run (what `topiary adddel` does).
 */
import { intOption, numberOption, optionalNumber, numberListOption } from '../core/option-error.js';
import { type DatasetSource, preparedData } from '../data/source.js';
import { writeFileAtomic } from '../io/atomic.js';
import { ensureWritable } from '../io/writable.js';
import { lineChart } from '../report/svg-chart.js';
import { type RunOptions, recordedCall } from '../store/record-run.js';
import { type GridModel, addDel, fixedWidthGrid, trainWidths } from './adddel.js';

export interface AddDelRunOptions extends RunOptions {
  dataset: DatasetSource;
  /** Most units per hidden layer (64). */
  maxUnits?: number;
  /** Starting width per hidden layer ([2]). */
  start?: number[];
  epochsPerStep?: number;
  patience?: number;
  /** Fixed widths to train for comparison (none by default). */
  grid?: number[];
  batchSize?: number;
  lr?: number;
  seed?: number;
  /** Validation error to give up for a smaller model. */
  tolerance?: number;
  plot?: string;
}

export async function addDelRun(o: AddDelRunOptions): Promise<Record<string, unknown>> {
  const log = o.log ?? (() => {});
  const maxUnits = intOption(o.maxUnits, 'maxUnits', 64, 1), seed = intOption(o.seed, 'seed', 0, 0), batchSize = intOption(o.batchSize, 'batchSize', 64, 1);
  const start = numberListOption(o.start, 'start', [2], (w) => Number.isInteger(w) && w >= 1 && w <= maxUnits, `widths from 1 to the most units per layer (${maxUnits}), one per hidden layer`);
  const epochsPerStep = intOption(o.epochsPerStep, 'epochsPerStep', 2, 1), patience = intOption(o.patience, 'patience', 3, 1);
  const lr = numberOption(o.lr, 'lr', 3e-3, (v) => v > 0, 'a positive number');
  const tolerance = optionalNumber(o.tolerance, 'tolerance', (v) => v >= 0 && v < 1, 'a validation error in [0, 1) to give up for a smaller model (e.g. 0.02)');
  const grid = o.grid === undefined ? [] : numberListOption(o.grid, 'grid', [], (w) => Number.isInteger(w) && w >= 1, 'positive widths');
  if (o.plot !== undefined) ensureWritable(o.plot, 'file', 'plot');
  const { data, prep } = preparedData(o.dataset, seed, log);
  const errorName = data.task === 'classification' ? 'error (1 − accuracy)' : '1 − R²';
  const params = { dataset: data.name, maxUnits, start, epochsPerStep, patience, batchSize, lr, seed, grid, tolerance: tolerance ?? null };
  return recordedCall(o, `adddel-${data.name}`, 'adddel', params, (recordEpoch) => {
    log(`AddDel on ${data.name} from hidden widths [${start}], at most ${maxUnits} units per layer, ${epochsPerStep} epoch(s) per step`);
    const r = addDel({ prep, start, maxUnits, epochsPerStep, patience, batchSize, lr, seed, tolerance, onModel: (m) => {
      log(`step ${String(m.step).padStart(3)} ${m.move.padEnd(6)} widths [${m.widths}]  ${m.params} params  valid ${errorName} ${m.validError.toFixed(4)} ± ${m.stability.toFixed(4)}`);
      recordEpoch(m.step, { params: m.params, 'valid.error': m.validError, 'test.error': m.testError, stability: m.stability, ...Object.fromEntries(m.widths.map((w, i) => [`size.${i + 1}`, w])) });
    } });
    log(`chosen: widths [${r.chosen.widths}], ${r.chosen.params} params, valid ${r.chosen.validError.toFixed(4)} ± ${r.chosen.stability.toFixed(4)}, test ${r.chosen.testError.toFixed(4)} (${r.epochs} epochs in all)`);
    let gridModels: GridModel[] = [], bestGrid: GridModel | null = null, retrained: GridModel | null = null;
    if (grid.length) {
      gridModels = fixedWidthGrid(prep, grid, r.epochs, batchSize, lr, seed, (g) => log(`grid width ${String(g.widths[0]).padStart(4)}  ${g.params} params  valid ${g.validError.toFixed(4)}  test ${g.testError.toFixed(4)}`));
      bestGrid = gridModels.reduce((a, b) => (b.validError < a.validError ? b : a));
      // The same training budget for the found widths as for each grid network: AddDel chose the size, this trains it.
      retrained = trainWidths(prep, r.chosen.widths, r.epochs, batchSize, lr, seed);
      const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(4)}`;
      log(`best of the grid by validation: width ${bestGrid.widths[0]}, ${bestGrid.params} params, test ${bestGrid.testError.toFixed(4)}`);
      log(`AddDel's widths [${r.chosen.widths}] (${(r.chosen.params / bestGrid.params * 100).toFixed(0)}% of its parameters): test ${r.chosen.testError.toFixed(4)} as found (${signed(r.chosen.testError - bestGrid.testError)}), `
        + `${retrained.testError.toFixed(4)} trained from scratch for the grid's ${r.epochs} epochs (${signed(retrained.testError - bestGrid.testError)})`);
    }
    const plot = o.plot;
    if (plot !== undefined) {
      writeFileAtomic(plot, lineChart([
        { name: 'every visited model', x: r.models.map((m) => m.params), y: r.models.map((m) => m.validError), points: true, line: false, color: '#9aa0a8' },
        { name: 'Pareto front (± bootstrap sd)', x: r.front.map((m) => m.params), y: r.front.map((m) => m.validError), band: r.front.map((m) => m.stability), points: true },
        { name: 'chosen', x: [r.chosen.params], y: [r.chosen.validError], points: true, line: false, color: '#d62728' },
        ...(gridModels.length ? [{ name: 'fixed-width grid', x: gridModels.map((g) => g.params), y: gridModels.map((g) => g.validError), points: true, dashed: true, color: '#2ca02c' }] : []),
      ], { title: `${data.name}: AddDel's models, parameters against validation ${errorName}`, xLabel: 'parameters', yLabel: `validation ${errorName}`, logX: true }));
      log(`plot: ${plot}`);
    }
    return { dataset: data.name, errorName, chosen: r.chosen, front: r.front, models: r.models.length, epochs: r.epochs, grid: gridModels, bestGrid, retrained,
      ...(bestGrid && retrained ? { paramsRatio: r.chosen.params / bestGrid.params, testErrorDifference: r.chosen.testError - bestGrid.testError, retrainedTestErrorDifference: retrained.testError - bestGrid.testError } : {}) };
  });
}
