/**
 * Grow and shrink in one run: a switched MLP starts small (or anywhere), compress training removes the units
 * whose switches die, and a layer whose units are all in use while the loss has stalled is widened by Net2Net
 * (function-preserving, optimizer state kept). The width the network settles at is found, not given. Ends,
 * like `shrink`, with the folded network against a fixed network of the final widths trained as long.
 */
import { Rng } from '../core/random.js';
import type { Prepared } from '../data/prepare.js';
import { buildModel, parseArch } from '../nn/spec.js';
import { cosine } from '../optim/schedules.js';
import { type CompressEpochLog, type CompressOptions, DEFAULT_COMPRESS, switchedMlp } from '../shrink/compress.js';
import { type ShrinkComparison, compressAndCompare } from '../shrink/compare.js';
import { Switch } from '../shrink/switch.js';
import { DEFAULT_GROWTH, type GrowthRule, type LayerState, checkGrowthRule, growthTarget } from './growth-rule.js';
import { applyMorphism } from './morphisms.js';

export interface GrowOptions extends Partial<Omit<CompressOptions, 'onEpoch'>> {
  seed: number;
  timeBudgetSeconds: number;
  /** Hidden layers (default 1). */
  layers?: number;
  /** Every hidden layer's width at the start (default 8). */
  startWidth?: number;
  growth?: Partial<GrowthRule>;
  /** Net2Net's symmetry-breaking split of a copied unit's outgoing weights (default 0.1). */
  noise?: number;
  /** Noise on the copies' incoming weights (WidenStep.inputNoise; default 0.1): growth trades exactness for diversity. */
  inputNoise?: number;
  onEpoch?(log: GrowEpochLog): void;
}

export interface GrowthEvent { epoch: number; layer: number; from: number; to: number }
/** `widths`: after the epoch's surgery and growth; `sizes`: after surgery, before growth. */
export interface GrowEpochLog extends CompressEpochLog { widths: number[]; grew: GrowthEvent[] }

export interface GrowResult extends ShrinkComparison {
  startWidths: number[];
  history: GrowEpochLog[];
  events: GrowthEvent[];
  /** The fixed network's architecture, "mlp:IN-H…-OUT". */
  finalArch: string;
}

export function growAndShrink(data: Prepared, opts: GrowOptions): GrowResult {
  const rule = { ...DEFAULT_GROWTH, ...opts.growth };
  checkGrowthRule(rule);
  const layers = opts.layers ?? 1, startWidth = opts.startWidth ?? 8;
  if (!(Number.isInteger(layers) && layers >= 1 && layers <= 4)) throw new Error(`growAndShrink: layers must be 1 to 4, got ${layers}`);
  if (!(Number.isInteger(startWidth) && startWidth >= 1)) throw new Error(`growAndShrink: startWidth must be a positive integer, got ${startWidth}`);
  const { inputShape, task, classes } = data.dataset;
  const inSize = inputShape.reduce((a, b) => a * b, 1), outputs = task === 'classification' ? classes! : 1;
  const startWidths = new Array<number>(layers).fill(startWidth);
  const model = switchedMlp(inputShape, startWidths, outputs, opts.seed);
  const rng = new Rng(opts.seed + 7919);
  const switches = () => model.layers.filter((l): l is Switch => l instanceof Switch);
  const state: LayerState[] = switches().map((s) => ({ switch: s, widthBefore: s.features, windowStart: { batches: 0, loss: Infinity } }));
  const batchesPerEpoch = Math.ceil(data.train.n / (opts.batchSize ?? DEFAULT_COMPRESS.batchSize));
  const history: GrowEpochLog[] = [], events: GrowthEvent[] = [];
  let bestValid = Infinity;
  // Cosine annealing over the budget by default: growth happens early, and the network (and the fixed one it
  // is compared with) ends at a settled point rather than wherever a constant learning rate left it.
  // λ decays per 400 batches, not per epoch, for the same reason the growth window is counted in batches.
  const compress: CompressOptions = {
    ...DEFAULT_COMPRESS, epochs: 100000, lambdaDecayEvery: 400, timeSchedule: cosine(opts.lr ?? DEFAULT_COMPRESS.lr, 1), ...opts,
    onEpoch: (log) => {
      const grew: GrowthEvent[] = [];
      bestValid = Math.min(bestValid, log.val.loss);
      const losses = { batches: log.epoch * batchesPerEpoch, train: log.loss, valid: log.val.loss, bestValid };
      state.forEach((s, layer) => {
        const width = growthTarget(rule, s, losses);
        if (width !== null) {
          const from = s.switch.features;
          applyMorphism(model, { op: 'widen', group: layer, width, mode: rule.mode, ...(rule.mode === 'net2net' ? { noise: opts.noise ?? 0.1, inputNoise: opts.inputNoise ?? 0.1 } : {}) }, { rng, inputShape });
          grew.push({ epoch: log.epoch, layer, from, to: width });
        }
        // A window ends when the layer grows or when it has lasted `window` batches; the next one starts from here.
        if (width !== null || losses.batches - s.windowStart.batches >= rule.window) s.windowStart = { batches: losses.batches, loss: log.loss };
        s.widthBefore = s.switch.features;
      });
      events.push(...grew);
      const entry: GrowEpochLog = { ...log, widths: switches().map((s) => s.features), grew };
      history.push(entry);
      opts.onEpoch?.(entry);
    },
  };
  const archOf = (widths: number[]) => `mlp:${[inSize, ...widths, outputs].join('-')}`;
  const comparison = compressAndCompare(model, data, compress, (sizes) => buildModel(parseArch(archOf(sizes), inputShape), opts.seed));
  return { ...comparison, startWidths, history, events, finalArch: archOf(comparison.compressed.sizes) };
}
