/**
 * `topiary shrink --dataset NAME [--layers 1..4 [--start-width W] | --arch mlp:…|cnn:…] --time-budget S`:
 * compress training from a wide start, then a fixed-size network of the size it
 * reached trained for the same time, and a report comparing the two.
 */
import { prepare, preprocessingOf } from '../data/prepare.js';
import { writeFileAtomic } from '../io/atomic.js';
import { saveModel } from '../io/model-file.js';
import { checkOutputs } from './outputs.js';
import { recordedRun, validMetrics } from './recorded-run.js';
import { STORE_FLAGS } from './store-flags.js';
import { buildModel, parseArch } from '../nn/spec.js';
import { type LrSchedule, cosine } from '../optim/schedules.js';
import { DEFAULT_COMPRESS, JOURNAL_START_WIDTHS, parseCnnArch, switchedCnn, switchedMlp } from '../shrink/compress.js';
import { compressAndCompare } from '../shrink/compare.js';
import { Switch } from '../shrink/switch.js';
import { Sequential } from '../nn/sequential.js';
import type { DeathRule } from '../shrink/switch.js';
import { formatScore, testScores } from '../train/metrics.js';
import { intFlag, numberFlag, optionName, parseArgs } from './args.js';
import { datasetFromFlags } from './dataset-flags.js';
import { applyConfig } from './config.js';

const FLAGS = {
  dataset: 'string', arch: 'string', epochs: 'string', 'time-budget': 'string', lambda: 'string', 'lambda-decay': 'string', lr: 'string',
  'weight-decay': 'string', rule: 'string', 'batch-size': 'string', seed: 'string', 'data-dir': 'string', target: 'string', out: 'string',
  report: 'string', config: 'string', json: 'boolean', layers: 'string', 'start-width': 'string', 'lambda-decay-every': 'string',
  'lr-schedule': 'string', 'switch-lr-scale': 'string', settle: 'string', experiment: 'string', ...STORE_FLAGS,
} as const;

/** --lambda-decay and --lambda-decay-every (shared with `study shrink`). */
export function lambdaSchedule(p: ReturnType<typeof parseArgs>): { lambdaDecay: number; lambdaDecayEvery?: number } {
  return {
    lambdaDecay: numberFlag(p, 'lambda-decay', DEFAULT_COMPRESS.lambdaDecay, (v) => v >= 1, 'a number >= 1'),
    lambdaDecayEvery: p.flags.has('lambda-decay-every') ? intFlag(p, 'lambda-decay-every', 1, 1) : undefined,
  };
}

/**
 * --lr-schedule constant|cosine (shared with `study shrink`): cosine anneals the learning rate to 0 over the time
 * budget, for the compressed and the fixed network alike.
 */
export function budgetSchedule(p: ReturnType<typeof parseArgs>, lr: number): LrSchedule | undefined {
  const name = String(p.flags.get('lr-schedule') ?? 'constant');
  if (name !== 'constant' && name !== 'cosine') throw new Error(`${optionName(p, 'lr-schedule')}: got "${name}"; expected constant or cosine`);
  return name === 'cosine' ? cosine(lr, 1) : undefined;
}

/** --switch-lr-scale (shared with `study shrink`): the switches' learning rate as a multiple of the weights'. */
export const switchLrScale = (p: ReturnType<typeof parseArgs>): number => numberFlag(p, 'switch-lr-scale', 1, (v) => v > 0, 'a positive number');

/** --settle F (shared with `study shrink`): the last fraction F of the budget trains without penalty or surgery. */
export const settleFlag = (p: ReturnType<typeof parseArgs>): number => numberFlag(p, 'settle', 0, (v) => v >= 0 && v < 1, 'a fraction in [0, 1)');

/** --arch, or --layers/--start-width (the journal's start widths by default), or one hidden layer of 2000. */
function startArch(p: ReturnType<typeof parseArgs>, inSize: number, outSize: number): string {
  const arch = p.flags.get('arch');
  if (typeof arch === 'string') {
    if (p.flags.has('layers') || p.flags.has('start-width')) throw new Error(`${optionName(p, 'arch')} fixes the layers; pass either --arch or --layers/--start-width`);
    return arch;
  }
  const layers = intFlag(p, 'layers', 1, 1);
  if (layers > 4) throw new Error(`${optionName(p, 'layers')}: got "${layers}"; expected 1 to 4 hidden layers`);
  const width = intFlag(p, 'start-width', p.flags.has('layers') ? JOURNAL_START_WIDTHS[layers] : 2000, 1);
  return `mlp:${[inSize, ...new Array<number>(layers).fill(width), outSize].join('-')}`;
}

export async function shrinkCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, FLAGS);
  applyConfig(p, FLAGS);
  const seed = numberFlag(p, 'seed', 0, Number.isInteger, 'an integer');
  const budget = numberFlag(p, 'time-budget', 60, (v) => v > 0, 'seconds > 0');
  const ruleName = String(p.flags.get('rule') ?? 'sign-flip');
  const rules: Record<string, DeathRule> = { 'sign-flip': { kind: 'sign-flip', decay: 0.99, threshold: 0.5 }, threshold: { kind: 'threshold', threshold: 1e-3 } };
  if (!rules[ruleName]) throw new Error(`${optionName(p, 'rule')}: got "${ruleName}"; expected sign-flip or threshold`);
  checkOutputs(p, { out: 'file', report: 'file' });
  const data = datasetFromFlags(p, seed);
  const prep = prepare(data, { seed });
  const inSize = data.inputShape.reduce((a, b) => a * b, 1), outSize = data.task === 'classification' ? data.classes! : 1;
  const arch = startArch(p, inSize, outSize);
  const isCnn = arch.startsWith('cnn:');
  const cnn = isCnn ? parseCnnArch(arch) : null;
  const hidden = isCnn ? [] : parseArch(arch, data.inputShape).layers.filter((l) => l.type === 'dense').slice(0, -1).map((l) => (l as { out: number }).out);
  const opts = {
    ...DEFAULT_COMPRESS, seed, timeBudgetSeconds: budget, rule: rules[ruleName],
    epochs: intFlag(p, 'epochs', 1000, 1),
    lambda: numberFlag(p, 'lambda', DEFAULT_COMPRESS.lambda, (v) => v >= 0, 'a number >= 0'),
    ...lambdaSchedule(p),
    lr: numberFlag(p, 'lr', DEFAULT_COMPRESS.lr, (v) => v > 0, 'a positive number'),
    weightDecay: numberFlag(p, 'weight-decay', DEFAULT_COMPRESS.weightDecay, (v) => v >= 0, 'a number >= 0'),
    batchSize: intFlag(p, 'batch-size', DEFAULT_COMPRESS.batchSize, 1),
  };
  const timeSchedule = budgetSchedule(p, opts.lr);
  const switchLr = switchLrScale(p);
  const settleFraction = settleFlag(p);
  const params = { dataset: data.name, arch, budget, lambda: opts.lambda, lambdaDecay: opts.lambdaDecay, rule: ruleName, lr: opts.lr, seed, switchLr, settleFraction };
  return recordedRun(p, String(p.flags.get('experiment') ?? `shrink-${data.name}`), 'shrink', params, (recordEpoch) => {
    log(`compress training ${arch} on ${data.name}, ${budget}s budget, λ ${opts.lambda} (÷${opts.lambdaDecay.toFixed(4)} per ${opts.lambdaDecayEvery ? `${opts.lambdaDecayEvery} batches` : 'epoch'}), ${ruleName} rule${timeSchedule ? ', cosine learning rate over the budget' : ''}${switchLr !== 1 ? `, switch learning rate ×${switchLr}` : ''}${settleFraction ? `, last ${settleFraction * 100}% of the budget without penalty` : ''}`);
    const model = cnn ? switchedCnn(data.inputShape, cnn.channels, cnn.dense, outSize, seed, switchLr) : switchedMlp(data.inputShape, hidden, outSize, seed, switchLr);
    const finalArchOf = (sizes: number[]) => (cnn ? `cnn:${sizes.slice(0, cnn.channels.length).join('-')}${cnn.dense.length ? `:${sizes.slice(cnn.channels.length).join('-')}` : ''}` : `mlp:${inSize}-${sizes.join('-')}-${outSize}`);
    const { compressed: r, shrunk, shrunkTest, fixed, fixedTest } = compressAndCompare(model, prep, { ...opts, timeSchedule, settleFraction, onEpoch: (e) => {
      const v = e.val.accuracy !== undefined ? `val acc ${(e.val.accuracy * 100).toFixed(2)}%` : `val R² ${e.val.r2!.toFixed(4)}`;
      log(`epoch ${String(e.epoch).padStart(3)}  sizes ${e.sizes.join('-')}  loss ${e.loss.toFixed(4)}  λ ${e.lambda.toExponential(2)}  ${v}  ${e.elapsed.toFixed(1)}s`);
      recordEpoch(e.epoch, { loss: e.loss, lambda: e.lambda, ...validMetrics(e.val), ...Object.fromEntries(e.sizes.map((s, i) => [`size.${i + 1}`, s])) });
    } },
    // The fixed-size network: the same layer stack without switches, freshly initialised.
    (sizes) => (cnn
      ? new Sequential(switchedCnn(data.inputShape, sizes.slice(0, cnn.channels.length), sizes.slice(cnn.channels.length), outSize, seed + 1).layers.filter((l) => !(l instanceof Switch)))
      : buildModel(parseArch(finalArchOf(sizes), data.inputShape), seed)),
    ({ sizes, seconds, stoppedBy }) => {
      if (stoppedBy === 'collapse') log(`collapsed: a layer fell to ${DEFAULT_COMPRESS.minUnits} unit(s), so λ ${opts.lambda} is too strong for ${data.name}; stopped early, the report and model are still written (try a smaller --lambda)`);
      log(`converged to ${finalArchOf(sizes)} (${stoppedBy}); training a fixed ${finalArchOf(sizes)} for the same ${seconds.toFixed(1)}s`);
    });
    const finalArch = finalArchOf(r.sizes);
    const startWidths = cnn ? [...cnn.channels, ...cnn.dense] : hidden;
    const report = {
      dataset: data.name, startArch: arch, finalArch, startWidths, finalWidths: r.sizes, stoppedBy: r.stoppedBy, seconds: Number(r.seconds.toFixed(3)),
      params: shrunk.parameterCount(), ...testScores(shrunkTest), fixed: { arch: finalArch, widths: r.sizes, params: fixed.parameterCount(), seconds: Number(r.seconds.toFixed(3)), ...testScores(fixedTest) },
      history: r.history.map((h) => ({ epoch: h.epoch, sizes: h.sizes, loss: h.loss, lambda: h.lambda, val: h.val, elapsed: h.elapsed })),
    };
    const reportPath = p.flags.get('report');
    if (typeof reportPath === 'string') writeFileAtomic(reportPath, JSON.stringify(report, null, 1));
    const out = p.flags.get('out');
    if (typeof out === 'string') (report as Record<string, unknown>).model = saveModel(shrunk, data.inputShape, out, { dataset: data.name, seed, shrunkFrom: arch, preprocessing: preprocessingOf(prep) });
    log(`shrunk ${finalArch}: ${formatScore(shrunkTest)}   fixed-size ${finalArch}, same time: ${formatScore(fixedTest)}`);
    return report;
  }, log);
}
