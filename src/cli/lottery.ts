/**
 * `topiary lottery --dataset D --arch A --rounds R --prune-rate 0.2 [--output-rate 0.1] [--rewind K | --lr-rewind]
 * [--epochs E | --iterations N] [--seeds K] [--plot FILE.svg] [--json]`: iterative magnitude pruning with the
 * randomly re-initialised control next to every round (seed 002, the lottery ticket hypothesis).
 */
import { prepare } from '../data/prepare.js';
import { writeFileAtomic } from '../io/atomic.js';
import { buildModel, parseArch } from '../nn/spec.js';
import { type TicketReset, lotteryChart, lotteryOverSeeds } from '../sparse/lottery.js';
import { intFlag, numberFlag, optionName, parseArgs } from './args.js';
import { datasetFromFlags } from './dataset-flags.js';
import { checkOutputs } from './outputs.js';
import { recordedRun } from './recorded-run.js';
import { STORE_FLAGS } from './store-flags.js';

const FLAGS = {
  dataset: 'string', arch: 'string', rounds: 'string', 'prune-rate': 'string', 'output-rate': 'string', scope: 'string', rewind: 'string', 'lr-rewind': 'boolean',
  epochs: 'string', iterations: 'string', 'eval-every': 'string', seeds: 'string', seed: 'string', 'batch-size': 'string', lr: 'string', plot: 'string',
  'no-control': 'boolean', 'data-dir': 'string', target: 'string', task: 'string', experiment: 'string', json: 'boolean', ...STORE_FLAGS,
} as const;

export async function lotteryCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, FLAGS);
  checkOutputs(p, { plot: 'file' });
  const fraction = (name: string, fallback: number) => numberFlag(p, name, fallback, (v) => v > 0 && v < 1, 'a fraction strictly between 0 and 1 (0.2 prunes a fifth of the remaining weights each round)');
  const rate = fraction('prune-rate', 0.2);
  const outputRate = p.flags.has('output-rate') ? fraction('output-rate', 0.1) : undefined;
  const scope = String(p.flags.get('scope') ?? 'layer');
  if (scope !== 'layer' && scope !== 'global') throw new Error(`${optionName(p, 'scope')}: got "${scope}"; expected layer (each layer loses the same fraction) or global (one threshold for all)`);
  const rounds = intFlag(p, 'rounds', 5, 0), seeds = intFlag(p, 'seeds', 1, 1), seed = intFlag(p, 'seed', 0, 0);
  const batchSize = intFlag(p, 'batch-size', 60, 1);
  const lr = numberFlag(p, 'lr', 1.2e-3, (v) => v > 0, 'a positive number');
  if (p.flags.has('epochs') && p.flags.has('iterations')) throw new Error(`${optionName(p, 'epochs')} and ${optionName(p, 'iterations')}: pick one training budget per round`);
  if (p.flags.has('rewind') && p.flags.has('lr-rewind')) throw new Error(`${optionName(p, 'rewind')} and ${optionName(p, 'lr-rewind')}: pick one (rewind the weights to iteration K, or keep them and rewind the learning rate)`);
  const data = datasetFromFlags(p, seed);
  const prep = prepare(data, { seed });
  const perEpoch = Math.ceil(prep.train.n / batchSize);
  const iterations = p.flags.has('iterations') ? intFlag(p, 'iterations', 0, 1) : intFlag(p, 'epochs', 5, 1) * perEpoch;
  const evalEvery = intFlag(p, 'eval-every', 100, 1);
  const reset: TicketReset = p.flags.has('lr-rewind') ? { kind: 'lr-rewind' } : p.flags.has('rewind') ? { kind: 'rewind', iteration: intFlag(p, 'rewind', 0, 0) } : { kind: 'init' };
  const inSize = data.inputShape.reduce((a, b) => a * b, 1), outSize = data.task === 'classification' ? data.classes! : 1;
  const arch = String(p.flags.get('arch') ?? `mlp:${inSize}-300-100-${outSize}`);
  const spec = parseArch(arch, data.inputShape);
  const scoreName = data.task === 'classification' ? 'accuracy' : 'R²';
  const fmt = (v: number) => (scoreName === 'accuracy' ? `${(v * 100).toFixed(2)}%` : v.toFixed(4));
  const params = { dataset: data.name, arch, rounds, rate, outputRate, scope, reset, iterations, batchSize, lr, seeds, seed, evalEvery };
  return recordedRun(p, String(p.flags.get('experiment') ?? `lottery-${data.name}`), 'lottery', params, (recordEpoch) => {
    log(`lottery tickets: ${arch} on ${data.name}, ${rounds} pruned rounds at ${rate}${outputRate !== undefined ? ` (output layer ${outputRate})` : ''} per round (${scope}), `
      + `${iterations} iterations of batch ${batchSize} per training, reset to ${reset.kind === 'rewind' ? `iteration ${reset.iteration}` : reset.kind === 'lr-rewind' ? 'the trained weights (learning-rate rewinding)' : 'initialisation'}, ${seeds} seed(s)`);
    const result = lotteryOverSeeds({
      build: (s) => buildModel(spec, s), prep, rounds, rate, outputRate, scope, reset, iterations, batchSize, lr, evalEvery, seed, seeds, control: !p.flags.has('no-control'),
      onRound: (s, r) => {
        log(`seed ${s} round ${String(r.round).padStart(2)}  weights ${(r.weightsRemaining * 100).toFixed(1).padStart(5)}%  ticket ${fmt(r.testAccuracy)} (best valid at ${r.bestValidIteration})`
          + (r.reinitTestAccuracy !== null ? `  re-initialised ${fmt(r.reinitTestAccuracy)} (at ${r.reinitBestValidIteration})` : ''));
        recordEpoch(r.round, { remaining: r.weightsRemaining, [`test.ticket.seed${s}`]: r.testAccuracy, ...(r.reinitTestAccuracy !== null ? { [`test.reinit.seed${s}`]: r.reinitTestAccuracy } : {}) });
      },
    });
    const plot = p.flags.get('plot');
    if (typeof plot === 'string') {
      writeFileAtomic(plot, lotteryChart(result, `${data.name}, ${arch}: lottery tickets (mean of ${seeds} seed(s))`, scoreName));
      log(`plot: ${plot}`);
    }
    const rows = result.map(({ perSeed: _perSeed, ...r }) => r);
    return { dataset: data.name, arch, scoreName, iterationsPerRound: iterations, seeds, rounds: rows, perSeed: result.map((r) => r.perSeed) };
  }, log);
}
