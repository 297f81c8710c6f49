/**
 * `topiary evolve --dataset NAME --epochs N [--ops add,mul,...] [--ensemble K] [--seed S]`:
 * the train / prune / evolve loop, per-epoch changes, an ensemble of K independent runs.
 */
import { noGrad } from '../core/autograd.js';
import { softmax } from '../core/ops/loss.js';
import { tidy } from '../core/tensor.js';
import type { Split } from '../data/dataset.js';
import { batches, prepare, type Prepared } from '../data/prepare.js';
import { EvolvingNet } from '../evolve/ev-net.js';
import { trainEvolving } from '../evolve/evolve-loop.js';
import { EV_OPS, parseOpList } from '../evolve/ops.js';
import { writeFileAtomic } from '../io/atomic.js';
import { countArgmaxHits, regressionScores } from '../train/metrics.js';
import { cosine } from '../optim/schedules.js';
import { intFlag, numberFlag, optionName, parseArgs } from './args.js';
import { checkOutputs } from './outputs.js';
import { recordedRun, validMetrics } from './recorded-run.js';
import { STORE_FLAGS } from './store-flags.js';
import { datasetFromFlags } from './dataset-flags.js';
import { applyConfig } from './config.js';

/** Past this many ops a formula is too long to read, and is not written out. */
const FORMULA_MAX_OPS = 20;

const FLAGS = {
  dataset: 'string', epochs: 'string', ops: 'string', ensemble: 'string', seed: 'string', 'add-per-epoch': 'string', 'remove-per-epoch': 'string',
  'max-ops': 'string', penalty: 'string', norm: 'string', hidden: 'string', lr: 'string', 'batch-size': 'string', 'time-budget': 'string',
  'data-dir': 'string', target: 'string', task: 'string', checkpoint: 'string', out: 'string', config: 'string', json: 'boolean', experiment: 'string',
  ...STORE_FLAGS,
} as const;

/** Averages the members' predictions (class probabilities, or de-standardised values) and scores them. */
export function ensembleMetrics(nets: EvolvingNet[], split: Split, prep: Prepared): { accuracy?: number; r2?: number; mse?: number } {
  const preds: number[][] = [];
  for (const net of nets) {
    net.eval();
    const p: number[] = [];
    noGrad(() => {
      for (const b of batches(split, prep.dataset.inputShape, 1000, null)) {
        tidy(() => { const out = net.forward(b.x); p.push(...(split.labels ? softmax(out) : out).data); });
        b.x.dispose();
      }
    });
    preds.push(p);
  }
  const avg = preds[0].map((_, i) => preds.reduce((s, p) => s + p[i], 0) / preds.length);
  if (split.labels) return { accuracy: countArgmaxHits(avg, split.labels) / split.n };
  const s = prep.targetScale ?? { mean: 0, std: 1 };
  return regressionScores(avg.map((v) => v * s.std + s.mean), split.targets!);
}

export async function evolveCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, FLAGS);
  applyConfig(p, FLAGS);
  const int = (flag: string, fallback: number, min: number) => intFlag(p, flag, fallback, min);
  const seed = numberFlag(p, 'seed', 0, Number.isInteger, 'an integer');
  const epochs = int('epochs', 100, 1), ensemble = int('ensemble', 1, 1);
  const allowed = p.flags.has('ops') ? parseOpList(String(p.flags.get('ops'))) : [...EV_OPS];
  const norm = String(p.flags.get('norm') ?? 'batch');
  if (norm !== 'batch' && norm !== 'l2' && norm !== 'none') throw new Error(`${optionName(p, 'norm')}: got "${norm}"; expected batch, l2 or none`);
  const hidden = p.flags.has('hidden') ? String(p.flags.get('hidden')).split(',').map(Number) : [];
  if (hidden.some((h) => !Number.isInteger(h) || h < 1)) throw new Error(`${optionName(p, 'hidden')}: got "${String(p.flags.get('hidden'))}"; expected comma-separated positive integers`);
  const policy = {
    addPerEpoch: int('add-per-epoch', 2, 0), removePerEpoch: int('remove-per-epoch', 1, 0), maxOps: int('max-ops', 40, 0),
    penalty: numberFlag(p, 'penalty', 1e-4, (v) => v >= 0, 'a number >= 0'),
  };
  const lr = numberFlag(p, 'lr', 1e-2, (v) => v > 0, 'a positive number');
  const batchSize = int('batch-size', 64, 1);
  const budget = p.flags.has('time-budget') ? numberFlag(p, 'time-budget', 0, (v) => v > 0, 'seconds > 0') : undefined;
  checkOutputs(p, { out: 'file' });
  const data = datasetFromFlags(p, seed);
  const prep = prepare(data, { seed });
  const inSize = data.inputShape.reduce((a, b) => a * b, 1), outSize = data.task === 'classification' ? data.classes! : 1;
  return recordedRun(p, String(p.flags.get('experiment') ?? `evolve-${data.name}`), 'evolve', { dataset: data.name, epochs, ensemble, seed, lr, batchSize, ...policy }, (recordEpoch) => {
    const start = performance.now();
    const nets: EvolvingNet[] = [];
    const names = data.featureNames?.length === inSize ? data.featureNames : undefined;
    // The first member's network after every epoch, kept in the run's summary (the store keeps numbers per epoch, not text).
    const formulas: { epoch: number; ops: number; formula: string | null }[] = [];
    for (let k = 0; k < ensemble; k++) {
      const s = seed + k;
      if (ensemble > 1) log(`member ${k + 1}/${ensemble} (seed ${s})`);
      const checkpoint = p.flags.has('checkpoint') ? `${String(p.flags.get('checkpoint'))}${ensemble > 1 ? `.m${k}` : ''}.json` : undefined;
      const r = trainEvolving(EvolvingNet.create(inSize, outSize, hidden, s, norm), prep, {
        epochs, batchSize, lr, seed: s, allowed, ...policy, schedule: cosine(lr, epochs, lr / 20), timeBudgetSeconds: budget === undefined ? undefined : budget / ensemble, checkpoint,
        onEpoch: (e, net) => {
          const member = ensemble > 1 ? `.m${k + 1}` : '';
          recordEpoch(e.epoch, { [`loss${member}`]: e.loss, [`ops${member}`]: e.ops, ...Object.fromEntries(Object.entries(validMetrics(e.val)).map(([n, x]) => [`${n}${member}`, x])) });
          if (k === 0) formulas.push({ epoch: e.epoch, ops: e.ops, formula: net.opCount <= FORMULA_MAX_OPS ? net.formula(names) : null });
          const v = e.val.accuracy !== undefined ? `val acc ${(e.val.accuracy * 100).toFixed(2)}%` : `val R² ${e.val.r2!.toFixed(4)}`;
          log(`epoch ${String(e.epoch).padStart(3)}  loss ${e.loss.toFixed(4)}  ${v}  ops ${String(e.ops).padStart(3)}  +${e.added.join(' +') || ' -'}  −${e.removed.join(' −') || ' -'}`);
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
    const out = p.flags.get('out');
    if (typeof out === 'string') {
      writeFileAtomic(out, JSON.stringify({ members: nets.map((n) => n.toSpec()), dataset: data.name, seed }, null, 1));
      summary.model = out;
    }
    if (formula) log(formula);
    log(test.accuracy !== undefined ? `test accuracy ${(test.accuracy * 100).toFixed(2)}% (${ensemble} member(s), ${nets[0].opCount} ops)` : `test R² ${test.r2!.toFixed(4)} (${ensemble} member(s), ${nets[0].opCount} ops)`);
    return summary;
  }, log);
}
