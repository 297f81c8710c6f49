/**
 * `topiary grow --dataset NAME [--layers L] [--start-width W] --time-budget S`: grow and shrink an MLP in one
 * run (no start width or upper bound to guess), then a fixed network of the width it found, trained as long.
 * Flag parsing only: the run is `growRun`.
 */
import { growRun } from '../grow/index.js';
import { formatScore } from '../train/metrics.js';
import { intFlag, numberFlag, optionName, parseArgs } from './args.js';
import { applyConfig } from './config.js';
import { datasetFromFlags } from './dataset-flags.js';
import { checkOutputs } from './outputs.js';
import { recordedRun, validMetrics } from './recorded-run.js';
import { STORE_FLAGS } from './store-flags.js';

const FLAGS = {
  dataset: 'string', layers: 'string', 'start-width': 'string', 'time-budget': 'string', 'grow-factor': 'string', 'grow-mode': 'string', lambda: 'string', lr: 'string',
  'batch-size': 'string', seed: 'string', 'data-dir': 'string', target: 'string', task: 'string', out: 'string', report: 'string', plot: 'string',
  config: 'string', json: 'boolean', experiment: 'string', ...STORE_FLAGS,
} as const;

function growMode(p: ReturnType<typeof parseArgs>): 'net2net' | 'zero' {
  const mode = String(p.flags.get('grow-mode') ?? 'net2net');
  if (mode !== 'net2net' && mode !== 'zero') throw new Error(`${optionName(p, 'grow-mode')}: got "${mode}"; expected zero or net2net`);
  return mode;
}

const fileFlag = (p: ReturnType<typeof parseArgs>, name: string) => { const v = p.flags.get(name); return typeof v === 'string' ? v : undefined; };

export async function growCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, FLAGS);
  applyConfig(p, FLAGS);
  const seed = numberFlag(p, 'seed', 0, Number.isInteger, 'an integer');
  const opts = {
    seed, layers: intFlag(p, 'layers', 1, 1), startWidth: intFlag(p, 'start-width', 8, 1),
    timeBudgetSeconds: numberFlag(p, 'time-budget', 60, (v) => v > 0, 'seconds > 0'),
    growth: { factor: numberFlag(p, 'grow-factor', 2, (v) => v > 1, 'a number above 1'), mode: growMode(p) },
    lambda: numberFlag(p, 'lambda', 1e-3, (v) => v >= 0, 'a number >= 0'),
    lr: numberFlag(p, 'lr', 1e-3, (v) => v > 0, 'a positive number'),
    batchSize: intFlag(p, 'batch-size', 128, 1),
  };
  if (opts.layers > 4) throw new Error(`--layers: got "${opts.layers}"; expected 1 to 4 hidden layers`);
  checkOutputs(p, { out: 'file', report: 'file', plot: 'file' });
  const data = datasetFromFlags(p, seed);
  return recordedRun(p, String(p.flags.get('experiment') ?? `grow-${data.name}`), 'grow', { dataset: data.name, ...opts }, (recordEpoch) => {
    log(`growing ${opts.layers} hidden layer(s) from ${opts.startWidth} units on ${data.name}, ${opts.timeBudgetSeconds}s budget`);
    return growRun(data, {
      ...opts, report: fileFlag(p, 'report'), plot: fileFlag(p, 'plot'), out: fileFlag(p, 'out'),
      onEpoch: (e) => {
        const grew = e.grew.map((g) => ` grew layer ${g.layer + 1} ${g.from}→${g.to}`).join('');
        log(`epoch ${String(e.epoch).padStart(3)}  widths ${e.widths.join('-')}  loss ${e.loss.toFixed(4)}  ${formatScore(e.val)}  ${e.elapsed.toFixed(1)}s${grew}`);
        recordEpoch(e.epoch, { 'train.loss': e.loss, lambda: e.lambda, ...validMetrics(e.val), ...Object.fromEntries(e.widths.map((s, i) => [`size.${i + 1}`, s])) });
      },
      onDone: (r) => log(`grew and shrank to ${r.finalArch}: ${formatScore(r.shrunkTest)}   fixed-size ${r.finalArch}, same time: ${formatScore(r.fixedTest)}`),
    });
  }, log);
}
