/**
 * The train / prune / evolve loop as a recorded run: networks of elementary operations that gain and lose
 * operations every epoch, an ensemble of K independent members, the formula of small ones (what `topiary evolve` does).
 */
import { choiceOption, intOption, numberOption, optionalNumber, seedOption, numberListOption } from '../core/option-error.js';
import { type DatasetSource, preparedData } from '../data/source.js';
import { writeFileAtomic } from '../io/atomic.js';
import { ensureWritable } from '../io/writable.js';
import { cosine } from '../optim/schedules.js';
import { type RunOptions, recordedCall } from '../store/record-run.js';
import { formatValidation, validMetrics } from '../train/metrics.js';
import { ensembleMetrics } from './ensemble.js';
import { EvolvingNet } from './ev-net.js';
import { trainEvolving } from './evolve-loop.js';
import { EV_OPS, type EvOpName, parseOpList } from './ops.js';

/** Past this many ops a formula is too long to read, and is not written out. */
const FORMULA_MAX_OPS = 20;

export interface EvolveRunOptions extends RunOptions {
  dataset: DatasetSource;
  epochs?: number;
  /** The operations the networks may gain (default: all). */
  ops?: EvOpName[];
  /** Independent members, averaged (1). */
  ensemble?: number;
  seed?: number;
  addPerEpoch?: number;
  removePerEpoch?: number;
  maxOps?: number;
  /** Weight of the size penalty. */
  penalty?: number;
  norm?: 'batch' | 'l2' | 'none';
  /** Fixed hidden layers before the evolving part. */
  hidden?: number[];
  lr?: number;
  batchSize?: number;
  timeBudgetSeconds?: number;
  /** Path stem for per-member checkpoints (resumed when present). */
  checkpoint?: string;
  /** Where to write the members' specs (JSON). */
  out?: string;
}

export async function evolve(o: EvolveRunOptions): Promise<Record<string, unknown>> {
  const log = o.log ?? (() => {});
  const seed = seedOption(o.seed);
  const epochs = intOption(o.epochs, 'epochs', 100, 1), ensemble = intOption(o.ensemble, 'ensemble', 1, 1);
  const allowed = o.ops === undefined ? [...EV_OPS] : parseOpList(Array.isArray(o.ops) ? o.ops.join(',') : String(o.ops));
  const norm = choiceOption(o.norm, 'norm', ['batch', 'l2', 'none'] as const, 'batch');
  const hidden = o.hidden === undefined || o.hidden.length === 0 ? [] : numberListOption(o.hidden, 'hidden', [], (h) => Number.isInteger(h) && h >= 1, 'positive integers');
  const policy = {
    addPerEpoch: intOption(o.addPerEpoch, 'addPerEpoch', 2, 0), removePerEpoch: intOption(o.removePerEpoch, 'removePerEpoch', 1, 0), maxOps: intOption(o.maxOps, 'maxOps', 40, 0),
    penalty: numberOption(o.penalty, 'penalty', 1e-4, (v) => v >= 0, 'a number >= 0'),
  };
  const lr = numberOption(o.lr, 'lr', 1e-2, (v) => v > 0, 'a positive number');
  const batchSize = intOption(o.batchSize, 'batchSize', 64, 1);
  const budget = optionalNumber(o.timeBudgetSeconds, 'timeBudgetSeconds', (v) => v > 0, 'seconds > 0');
  if (o.out !== undefined) ensureWritable(o.out, 'file', 'out');
  const { data, prep, inSize, outSize } = preparedData(o.dataset, seed, log);
  return recordedCall(o, `evolve-${data.name}`, 'evolve', { dataset: data.name, epochs, ensemble, seed, lr, batchSize, ...policy }, (recordEpoch) => {
    const start = performance.now();
    const nets: EvolvingNet[] = [];
    const names = data.featureNames?.length === inSize ? data.featureNames : undefined;
    // The first member's network after every epoch, kept in the run's summary (the store keeps numbers per epoch, not text).
    const formulas: { epoch: number; ops: number; formula: string | null }[] = [];
    for (let k = 0; k < ensemble; k++) {
      const s = seed + k;
      if (ensemble > 1) log(`member ${k + 1}/${ensemble} (seed ${s})`);
      const checkpoint = o.checkpoint !== undefined ? `${o.checkpoint}${ensemble > 1 ? `.m${k}` : ''}.json` : undefined;
      const r = trainEvolving(EvolvingNet.create(inSize, outSize, hidden, s, norm), prep, {
        epochs, batchSize, lr, seed: s, allowed, ...policy, schedule: cosine(lr, epochs, lr / 20), timeBudgetSeconds: budget === undefined ? undefined : budget / ensemble, checkpoint,
        onEpoch: (e, net) => {
          const member = ensemble > 1 ? `.m${k + 1}` : '';
          recordEpoch(e.epoch, { [`train.loss${member}`]: e.loss, [`ops${member}`]: e.ops, ...Object.fromEntries(Object.entries(validMetrics(e.val)).map(([n, x]) => [`${n}${member}`, x])) });
          if (k === 0) formulas.push({ epoch: e.epoch, ops: e.ops, formula: net.opCount <= FORMULA_MAX_OPS ? net.formula(names) : null });
          log(`epoch ${String(e.epoch).padStart(3)}  loss ${e.loss.toFixed(4)}  ${formatValidation(e.val)}  ops ${String(e.ops).padStart(3)}  +${e.added.join(' +') || ' -'}  −${e.removed.join(' −') || ' -'}`);
        },
      });
      nets.push(r.net);
    }
    const test = ensembleMetrics(nets, prep.test, prep);
    const formula = nets[0].opCount <= FORMULA_MAX_OPS ? nets[0].formula(names) : null;
    const summary: Record<string, unknown> = { dataset: data.name, epochs, ensemble, ops: nets[0].opCount, opsPerMember: nets.map((n) => n.opCount),
      params: nets.reduce((s, n) => s + n.parameterCount(), 0), seconds: Number(((performance.now() - start) / 1000).toFixed(3)), formula, formulas };
    if (test.accuracy !== undefined) summary.testAccuracy = test.accuracy;
    if (test.r2 !== undefined) { summary.testR2 = test.r2; summary.testMSE = test.mse; }
    const out = o.out;
    if (out !== undefined) {
      writeFileAtomic(out, JSON.stringify({ members: nets.map((n) => n.toSpec()), dataset: data.name, seed }, null, 1));
      summary.model = out;
    }
    if (formula) log(formula);
    log(test.accuracy !== undefined ? `test accuracy ${(test.accuracy * 100).toFixed(2)}% (${ensemble} member(s), ${nets[0].opCount} ops)` : `test R² ${test.r2!.toFixed(4)} (${ensemble} member(s), ${nets[0].opCount} ops)`);
    return summary;
  });
}
