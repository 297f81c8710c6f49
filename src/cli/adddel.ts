/**
 * `topiary adddel --dataset D [--max-units N] [--start 2] [--epochs-per-step 2] [--patience 3] [--grid 2,4,…]
 * [--plot FILE.svg] [--json]`: AddDel's stepwise adding and deleting of hidden units (seed 002), every visited model
 * kept, the Pareto front of parameters against validation error, and (with --grid) the fixed-width MLPs it is
 * judged against, trained for as many epochs as the whole AddDel run.
 */
import { prepare } from '../data/prepare.js';
import { writeFileAtomic } from '../io/atomic.js';
import { lineChart } from '../report/svg-chart.js';
import { type GridModel, addDel, fixedWidthGrid, trainWidths } from '../sparse/adddel.js';
import { intFlag, numberFlag, numberList, parseArgs } from './args.js';
import { datasetFromFlags } from './dataset-flags.js';
import { checkOutputs } from './outputs.js';
import { recordedRun } from './recorded-run.js';
import { STORE_FLAGS } from './store-flags.js';

const FLAGS = {
  dataset: 'string', 'max-units': 'string', start: 'string', 'epochs-per-step': 'string', patience: 'string', grid: 'string', 'batch-size': 'string', lr: 'string',
  seed: 'string', plot: 'string', tolerance: 'string', 'data-dir': 'string', target: 'string', task: 'string', experiment: 'string', json: 'boolean', ...STORE_FLAGS,
} as const;

export async function addDelCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, FLAGS);
  checkOutputs(p, { plot: 'file' });
  const maxUnits = intFlag(p, 'max-units', 64, 1), seed = intFlag(p, 'seed', 0, 0), batchSize = intFlag(p, 'batch-size', 64, 1);
  const start = numberList(p, 'start', String(p.flags.get('start') ?? '2'), (v) => Number.isInteger(v) && v >= 1 && v <= maxUnits, `comma-separated widths from 1 to --max-units (${maxUnits}), one per hidden layer`);
  const epochsPerStep = intFlag(p, 'epochs-per-step', 2, 1), patience = intFlag(p, 'patience', 3, 1);
  const lr = numberFlag(p, 'lr', 3e-3, (v) => v > 0, 'a positive number');
  const tolerance = p.flags.has('tolerance') ? numberFlag(p, 'tolerance', 0, (v) => v >= 0 && v < 1, 'a validation error in [0, 1) to give up for a smaller model (e.g. 0.02)') : undefined;
  const grid = p.flags.has('grid') ? numberList(p, 'grid', String(p.flags.get('grid')), (v) => Number.isInteger(v) && v >= 1, 'comma-separated positive widths') : [];
  const data = datasetFromFlags(p, seed);
  const prep = prepare(data, { seed });
  const errorName = data.task === 'classification' ? 'error (1 − accuracy)' : '1 − R²';
  const params = { dataset: data.name, maxUnits, start, epochsPerStep, patience, batchSize, lr, seed, grid, tolerance: tolerance ?? null };
  return recordedRun(p, String(p.flags.get('experiment') ?? `adddel-${data.name}`), 'adddel', params, (recordEpoch) => {
    log(`AddDel on ${data.name} from hidden widths [${start}], at most ${maxUnits} units per layer, ${epochsPerStep} epoch(s) per step`);
    const r = addDel({ prep, start, maxUnits, epochsPerStep, patience, batchSize, lr, seed, tolerance, onModel: (m) => {
      log(`step ${String(m.step).padStart(3)} ${m.move.padEnd(6)} widths [${m.widths}]  ${m.params} params  valid ${errorName} ${m.validError.toFixed(4)} ± ${m.stability.toFixed(4)}`);
      recordEpoch(m.step, { params: m.params, 'error.valid': m.validError, 'error.test': m.testError, stability: m.stability, ...Object.fromEntries(m.widths.map((w, i) => [`size.${i + 1}`, w])) });
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
    const plot = p.flags.get('plot');
    if (typeof plot === 'string') {
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
  }, log);
}
