/**
 * Shrinking as a recorded run: compress training from a wide start (switches on every layer, a size penalty λ and
 * surgery that removes dead units), then a fixed-size network of the size it reached trained for the same time,
 * and a report comparing the two (what `topiary shrink` does).
 */
import { choiceOption, intOption, numberOption, seedOption } from '../core/option-error.js';
import { type DatasetSource, preparedData } from '../data/source.js';
import { preprocessingOf } from '../data/prepare.js';
import { writeFileAtomic } from '../io/atomic.js';
import { saveModel } from '../io/model-file.js';
import { ensureWritable } from '../io/writable.js';
import { Sequential } from '../nn/sequential.js';
import { buildModel, parseArch } from '../nn/spec.js';
import { type RunOptions, recordedCall } from '../store/record-run.js';
import { formatScore, formatValidation, testScores, validMetrics } from '../train/metrics.js';
import { compressAndCompare } from './compare.js';
import { DEFAULT_COMPRESS, parseCnnArch, switchedCnn, switchedMlp } from './compress.js';
import { type ShrinkSettingsOptions, shrinkSettings, startArch } from './shrink-settings.js';
import { type DeathRule, Switch } from './switch.js';

const DEATH_RULES: Record<'sign-flip' | 'threshold', DeathRule> = { 'sign-flip': { kind: 'sign-flip', decay: 0.99, threshold: 0.5 }, threshold: { kind: 'threshold', threshold: 1e-3 } };

export interface ShrinkAndCompareOptions extends RunOptions, ShrinkSettingsOptions {
  dataset: DatasetSource;
  /** The wide start (`mlp:…` or `cnn:…`); or `layers` hidden layers of `startWidth`. */
  arch?: string;
  layers?: number;
  startWidth?: number;
  timeBudgetSeconds?: number;
  epochs?: number;
  lambda?: number;
  lr?: number;
  weightDecay?: number;
  /** How a switch is declared dead: sign-flip (default) or threshold. */
  rule?: 'sign-flip' | 'threshold';
  batchSize?: number;
  seed?: number;
  /** Where to save the shrunk model, and the JSON report. */
  out?: string;
  report?: string;
}

export async function shrinkAndCompare(o: ShrinkAndCompareOptions): Promise<Record<string, unknown>> {
  const log = o.log ?? (() => {});
  const seed = seedOption(o.seed);
  const budget = numberOption(o.timeBudgetSeconds, 'timeBudgetSeconds', 60, (v) => v > 0, 'seconds > 0');
  const ruleName = choiceOption(o.rule, 'rule', ['sign-flip', 'threshold'] as const, 'sign-flip');
  const opts = {
    ...DEFAULT_COMPRESS, seed, timeBudgetSeconds: budget, rule: DEATH_RULES[ruleName],
    epochs: intOption(o.epochs, 'epochs', 1000, 1),
    lambda: numberOption(o.lambda, 'lambda', DEFAULT_COMPRESS.lambda, (v) => v >= 0, 'a number >= 0'),
    lr: numberOption(o.lr, 'lr', DEFAULT_COMPRESS.lr, (v) => v > 0, 'a positive number'),
    weightDecay: numberOption(o.weightDecay, 'weightDecay', DEFAULT_COMPRESS.weightDecay, (v) => v >= 0, 'a number >= 0'),
    batchSize: intOption(o.batchSize, 'batchSize', DEFAULT_COMPRESS.batchSize, 1),
  };
  const { lambdaDecay, lambdaDecayEvery, timeSchedule, switchLr, settleFraction } = shrinkSettings(o, opts.lr);
  for (const [path, option] of [[o.out, 'out'], [o.report, 'report']] as const) if (path !== undefined) ensureWritable(path, 'file', option);
  const { data, prep, inSize, outSize } = preparedData(o.dataset, seed, log);
  const arch = startArch(o, inSize, outSize);
  const cnn = arch.startsWith('cnn:') ? parseCnnArch(arch) : null;
  const hidden = cnn ? [] : parseArch(arch, data.inputShape).layers.filter((l) => l.type === 'dense').slice(0, -1).map((l) => (l as { out: number }).out);
  const params = { dataset: data.name, arch, budget, lambda: opts.lambda, lambdaDecay, rule: ruleName, lr: opts.lr, seed, switchLr, settleFraction };
  return recordedCall(o, `shrink-${data.name}`, 'shrink', params, (recordEpoch) => {
    log(`compress training ${arch} on ${data.name}, ${budget}s budget, λ ${opts.lambda} (÷${lambdaDecay.toFixed(4)} per ${lambdaDecayEvery ? `${lambdaDecayEvery} batches` : 'epoch'}), ${ruleName} rule${timeSchedule ? ', cosine learning rate over the budget' : ''}${switchLr !== 1 ? `, switch learning rate ×${switchLr}` : ''}${settleFraction ? `, last ${settleFraction * 100}% of the budget without penalty` : ''}`);
    const model = cnn ? switchedCnn(data.inputShape, cnn.channels, cnn.dense, outSize, seed, switchLr) : switchedMlp(data.inputShape, hidden, outSize, seed, switchLr);
    const finalArchOf = (sizes: number[]) => (cnn ? `cnn:${sizes.slice(0, cnn.channels.length).join('-')}${cnn.dense.length ? `:${sizes.slice(cnn.channels.length).join('-')}` : ''}` : `mlp:${inSize}-${sizes.join('-')}-${outSize}`);
    const { compressed: r, shrunk, shrunkTest, fixed, fixedTest } = compressAndCompare(model, prep, { ...opts, lambdaDecay, lambdaDecayEvery, timeSchedule, settleFraction, onEpoch: (e) => {
      log(`epoch ${String(e.epoch).padStart(3)}  sizes ${e.sizes.join('-')}  loss ${e.loss.toFixed(4)}  λ ${e.lambda.toExponential(2)}  ${formatValidation(e.val)}  ${e.elapsed.toFixed(1)}s`);
      recordEpoch(e.epoch, { 'train.loss': e.loss, lambda: e.lambda, ...validMetrics(e.val), ...Object.fromEntries(e.sizes.map((s, i) => [`size.${i + 1}`, s])) });
    } },
    // The fixed-size network: the same layer stack without switches, freshly initialised.
    (sizes) => (cnn
      ? new Sequential(switchedCnn(data.inputShape, sizes.slice(0, cnn.channels.length), sizes.slice(cnn.channels.length), outSize, seed + 1).layers.filter((l) => !(l instanceof Switch)))
      : buildModel(parseArch(finalArchOf(sizes), data.inputShape), seed)),
    ({ sizes, seconds, stoppedBy }) => {
      if (stoppedBy === 'collapse') log(`collapsed: a layer fell to ${DEFAULT_COMPRESS.minUnits} unit(s), so λ ${opts.lambda} is too strong for ${data.name}; stopped early, the report and model are still written (try a smaller lambda)`);
      log(`converged to ${finalArchOf(sizes)} (${stoppedBy}); training a fixed ${finalArchOf(sizes)} for the same ${seconds.toFixed(1)}s`);
    });
    const finalArch = finalArchOf(r.sizes);
    const startWidths = cnn ? [...cnn.channels, ...cnn.dense] : hidden;
    const report: Record<string, unknown> = {
      dataset: data.name, startArch: arch, finalArch, startWidths, finalWidths: r.sizes, stoppedBy: r.stoppedBy, seconds: Number(r.seconds.toFixed(3)),
      params: shrunk.parameterCount(), ...testScores(shrunkTest), fixed: { arch: finalArch, widths: r.sizes, params: fixed.parameterCount(), seconds: Number(r.seconds.toFixed(3)), ...testScores(fixedTest) },
      history: r.history.map((h) => ({ epoch: h.epoch, sizes: h.sizes, loss: h.loss, lambda: h.lambda, val: h.val, elapsed: h.elapsed })),
    };
    if (o.report !== undefined) writeFileAtomic(o.report, JSON.stringify(report, null, 1));
    if (o.out !== undefined) report.model = saveModel(shrunk, data.inputShape, o.out, { dataset: data.name, seed, shrunkFrom: arch, preprocessing: preprocessingOf(prep) });
    log(`shrunk ${finalArch}: ${formatScore(shrunkTest)}   fixed-size ${finalArch}, same time: ${formatScore(fixedTest)}`);
    return report;
  });
}
