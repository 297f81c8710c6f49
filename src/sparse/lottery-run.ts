/**
 * Lottery tickets as a recorded run: iterative magnitude pruning with the randomly re-initialised control next to
 * every round, over several seeds, with an optional chart (what `topiary lottery` does).
 */
import { OptionError, choiceOption, intOption, numberOption } from '../core/option-error.js';
import { type DatasetSource, preparedData } from '../data/source.js';
import { writeFileAtomic } from '../io/atomic.js';
import { ensureWritable } from '../io/writable.js';
import { buildModel, parseArch } from '../nn/spec.js';
import { type RunOptions, recordedCall } from '../store/record-run.js';
import { type TicketReset, lotteryChart, lotteryOverSeeds } from './lottery.js';

export interface LotteryRunOptions extends RunOptions {
  dataset: DatasetSource;
  /** Default: the paper's Lenet-300-100 (`mlp:IN-300-100-OUT`). */
  arch?: string;
  rounds?: number;
  /** Fraction of the remaining weights pruned each round (0.2). */
  pruneRate?: number;
  /** The output layer's own rate (default: the same as the others). */
  outputRate?: number;
  /** layer: each layer loses the same fraction; global: one threshold for all. */
  scope?: 'layer' | 'global';
  /** What a ticket starts each round from: its initialisation (default), the weights at an early iteration, or its trained weights with the learning rate rewound. */
  reset?: TicketReset;
  /** Training per round: epochs (default 5) or iterations, not both. */
  epochs?: number;
  iterations?: number;
  evalEvery?: number;
  seeds?: number;
  seed?: number;
  batchSize?: number;
  lr?: number;
  /** Train the re-initialised control each round (default true). */
  control?: boolean;
  /** An SVG chart of the rounds. */
  plot?: string;
}

const fractionOf = (v: unknown, option: string, fallback: number) =>
  numberOption(v, option, fallback, (x) => x > 0 && x < 1, 'a fraction strictly between 0 and 1 (0.2 prunes a fifth of the remaining weights each round)');

export async function lottery(o: LotteryRunOptions): Promise<Record<string, unknown>> {
  const log = o.log ?? (() => {});
  const rate = fractionOf(o.pruneRate, 'pruneRate', 0.2);
  const outputRate = o.outputRate === undefined ? undefined : fractionOf(o.outputRate, 'outputRate', 0.1);
  const scope = choiceOption(o.scope, 'scope', ['layer', 'global'] as const, 'layer');
  const rounds = intOption(o.rounds, 'rounds', 5, 0), seeds = intOption(o.seeds, 'seeds', 1, 1), seed = intOption(o.seed, 'seed', 0, 0);
  const batchSize = intOption(o.batchSize, 'batchSize', 60, 1);
  const lr = numberOption(o.lr, 'lr', 1.2e-3, (v) => v > 0, 'a positive number');
  if (o.epochs !== undefined && o.iterations !== undefined) throw new OptionError(['epochs', 'iterations'], 'pick one training budget per round');
  const reset: TicketReset = o.reset ?? { kind: 'init' };
  if (reset.kind === 'rewind') intOption(reset.iteration, 'rewind', 0, 0);
  const evalEvery = intOption(o.evalEvery, 'evalEvery', 100, 1);
  if (o.plot !== undefined) ensureWritable(o.plot, 'file', 'plot');
  const { data, prep, inSize, outSize } = preparedData(o.dataset, seed, log);
  const iterations = o.iterations !== undefined ? intOption(o.iterations, 'iterations', 1, 1) : intOption(o.epochs, 'epochs', 5, 1) * Math.ceil(prep.train.n / batchSize);
  const arch = o.arch ?? `mlp:${inSize}-300-100-${outSize}`;
  const spec = parseArch(arch, data.inputShape);
  const scoreName = data.task === 'classification' ? 'accuracy' : 'R²';
  const fmt = (v: number) => (scoreName === 'accuracy' ? `${(v * 100).toFixed(2)}%` : v.toFixed(4));
  const params = { dataset: data.name, arch, rounds, rate, outputRate, scope, reset, iterations, batchSize, lr, seeds, seed, evalEvery };
  return recordedCall(o, `lottery-${data.name}`, 'lottery', params, (recordEpoch) => {
    log(`lottery tickets: ${arch} on ${data.name}, ${rounds} pruned rounds at ${rate}${outputRate !== undefined ? ` (output layer ${outputRate})` : ''} per round (${scope}), `
      + `${iterations} iterations of batch ${batchSize} per training, reset to ${reset.kind === 'rewind' ? `iteration ${reset.iteration}` : reset.kind === 'lr-rewind' ? 'the trained weights (learning-rate rewinding)' : 'initialisation'}, ${seeds} seed(s)`);
    const result = lotteryOverSeeds({
      build: (s) => buildModel(spec, s), prep, rounds, rate, outputRate, scope, reset, iterations, batchSize, lr, evalEvery, seed, seeds, control: o.control ?? true,
      onRound: (s, r) => {
        log(`seed ${s} round ${String(r.round).padStart(2)}  weights ${(r.weightsRemaining * 100).toFixed(1).padStart(5)}%  ticket ${fmt(r.testAccuracy)} (best valid at ${r.bestValidIteration})`
          + (r.reinitTestAccuracy !== null ? `  re-initialised ${fmt(r.reinitTestAccuracy)} (at ${r.reinitBestValidIteration})` : ''));
        recordEpoch(r.round, { 'weights.remaining': r.weightsRemaining, [`test.ticket.seed${s}`]: r.testAccuracy, ...(r.reinitTestAccuracy !== null ? { [`test.reinit.seed${s}`]: r.reinitTestAccuracy } : {}) });
      },
    });
    if (o.plot !== undefined) {
      writeFileAtomic(o.plot, lotteryChart(result, `${data.name}, ${arch}: lottery tickets (mean of ${seeds} seed(s))`, scoreName));
      log(`plot: ${o.plot}`);
    }
    const rows = result.map(({ perSeed: _perSeed, ...r }) => r);
    return { dataset: data.name, arch, scoreName, iterationsPerRound: iterations, seeds, rounds: rows, perSeed: result.map((r) => r.perSeed) };
  });
}
