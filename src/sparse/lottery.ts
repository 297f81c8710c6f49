/**
 * Iterative magnitude pruning, the lottery-ticket procedure: train, prune a
 * fraction of the smallest weights, set the survivors back to their values at
 * initialisation (or at an early iteration k: rewinding), and train again,
 * round after round. Next to each round, the control: the same mask on freshly
 * drawn random weights, trained the same way. A "winning ticket" is a sparse
 * subnetwork that, from its original initial values, trains as well as the
 * dense network; the control shows the initial values, not just the mask,
 * matter.
 */
import { headlineScore } from '../train/metric-vocabulary.js';
import type { Prepared } from '../data/prepare.js';
import type { Module } from '../nn/module.js';
import { mean, std } from '../report/aggregate.js';
import { type Series, lineChart } from '../report/svg-chart.js';
import type { Metrics } from '../train/metrics.js';
import { type PruneRates, applyMasks, magnitudePrune, masksOf, prunableWeights, remainingFraction } from './magnitude.js';
import { type IterationOptions, trainForIterations } from './train-iterations.js';

/** What the survivors are set to before each pruned round. */
export type TicketReset =
  | { kind: 'init' }
  /** The weights after `iteration` steps of the dense network's training (Frankle et al. 2020). */
  | { kind: 'rewind'; iteration: number }
  /** Keep the trained weights and train again from the start of the learning-rate schedule (Renda et al. 2020). */
  | { kind: 'lr-rewind' };

export interface LotteryOptions extends PruneRates, Omit<IterationOptions, 'afterIteration' | 'seed'> {
  /** A freshly initialised network of the architecture; equal seeds give equal weights. */
  build(seed: number): Module;
  prep: Prepared;
  /** Pruned rounds after the dense one (round 0). */
  rounds: number;
  reset: TicketReset;
  /** Also train the randomly re-initialised control each pruned round. */
  control: boolean;
  seed: number;
  onRound?(r: LotteryRound): void;
}

export interface LotteryRound {
  round: number;
  /** Fraction of the prunable weights left. */
  weightsRemaining: number;
  testAccuracy: number;
  bestValidIteration: number;
  reinitTestAccuracy: number | null;
  reinitBestValidIteration: number | null;
}

// With no accuracy or R² (a loss-only task), the lower loss is the better score.
const score = (m: Metrics): number => (m.accuracy === undefined && m.r2 === undefined ? -m.loss : headlineScore(m));

/** The most rounds the architecture allows: past them some layer would have no weight left. */
export function maxRounds(model: Module, r: PruneRates): number {
  const weights = prunableWeights(model);
  let rounds = 0;
  const alive = weights.map((w) => w.param.size);
  for (;;) {
    const next = alive.map((n, k) => n - Math.round((weights[k].isOutput ? r.outputRate ?? r.rate : r.rate) * n));
    if (next.some((n) => n < 1) || next.every((n, k) => n === alive[k])) return rounds;
    alive.splice(0, alive.length, ...next);
    rounds++;
  }
}

export function lotteryTickets(o: LotteryOptions): LotteryRound[] {
  if (!(Number.isInteger(o.rounds) && o.rounds >= 0)) throw new Error(`rounds: got ${o.rounds}; expected a whole number >= 0`);
  const ticket = o.build(o.seed);
  const most = (o.scope ?? 'layer') === 'layer' ? maxRounds(ticket, o) : Infinity;
  if (o.rounds > most) throw new Error(`rounds: ${o.rounds} rounds at prune rate ${o.rate} would leave a layer without weights; this architecture allows at most ${most}`);
  if (o.reset.kind === 'rewind' && !(Number.isInteger(o.reset.iteration) && o.reset.iteration >= 0 && o.reset.iteration <= o.iterations)) {
    throw new Error(`rewind: got iteration ${o.reset.iteration}; expected a whole number from 0 to the ${o.iterations} training iterations`);
  }
  const weights = prunableWeights(ticket);
  const params = ticket.parameters();
  const initial = params.map((p) => Float32Array.from(p.data));
  let rewindTo: Float32Array[] = initial;
  const rounds: LotteryRound[] = [];
  for (let round = 0; round <= o.rounds; round++) {
    if (round > 0) {
      magnitudePrune(weights, o);
      // The survivors go back to their early values; the mask keeps the pruned ones at zero.
      if (o.reset.kind !== 'lr-rewind') params.forEach((p, i) => { p.data.set(rewindTo[i]); p.maskValue(); });
    }
    // Rewinding to iteration 0 is the initialisation itself (rewindTo already holds it).
    const rewindAt = round === 0 && o.reset.kind === 'rewind' ? o.reset.iteration : -1;
    const t = trainForIterations(ticket, o.prep, {
      ...o, seed: o.seed + round,
      afterIteration: rewindAt > 0 ? (it) => { if (it === rewindAt) rewindTo = params.map((p) => Float32Array.from(p.data)); } : undefined,
    });
    let reinit: ReturnType<typeof trainForIterations> | null = null;
    if (o.control && round > 0) {
      const control = o.build(o.seed + 7919 * round);
      applyMasks(prunableWeights(control), masksOf(weights));
      reinit = trainForIterations(control, o.prep, { ...o, seed: o.seed + round });
    }
    const r: LotteryRound = {
      round, weightsRemaining: remainingFraction(weights), testAccuracy: score(t.test), bestValidIteration: t.bestValidIteration,
      reinitTestAccuracy: reinit ? score(reinit.test) : null, reinitBestValidIteration: reinit ? reinit.bestValidIteration : null,
    };
    rounds.push(r);
    o.onRound?.(r);
  }
  return rounds;
}

export interface LotterySummaryRound extends LotteryRound {
  /** Per seed, in seed order. */
  perSeed: { testAccuracy: number; reinitTestAccuracy: number | null; bestValidIteration: number }[];
}

/** The procedure for seeds seed, seed+1, …: every seed's rounds and their means (the round's remaining weights are the same for every seed). */
export function lotteryOverSeeds(o: Omit<LotteryOptions, 'onRound'> & { seeds: number; onRound?(seed: number, r: LotteryRound): void }): LotterySummaryRound[] {
  const bySeed = Array.from({ length: o.seeds }, (_, k) => lotteryTickets({ ...o, seed: o.seed + k, onRound: (r) => o.onRound?.(o.seed + k, r) }));
  return bySeed[0].map((first, round) => {
    const rows = bySeed.map((rs) => rs[round]);
    const reinit = rows.map((r) => r.reinitTestAccuracy);
    return {
      round, weightsRemaining: first.weightsRemaining, testAccuracy: mean(rows.map((r) => r.testAccuracy)), bestValidIteration: mean(rows.map((r) => r.bestValidIteration)),
      reinitTestAccuracy: reinit.every((v) => v !== null) ? mean(reinit as number[]) : null,
      reinitBestValidIteration: rows.every((r) => r.reinitBestValidIteration !== null) ? mean(rows.map((r) => r.reinitBestValidIteration!)) : null,
      perSeed: rows.map((r) => ({ testAccuracy: r.testAccuracy, reinitTestAccuracy: r.reinitTestAccuracy, bestValidIteration: r.bestValidIteration })),
    };
  });
}

/** Test score against the weights left (log axis), the ticket beside its re-initialised control, as the lottery-ticket paper plots it. */
export function lotteryChart(rounds: LotterySummaryRound[], title: string, scoreName: string): string {
  const pct = (v: number) => v * 100;
  const series: Series[] = [{ name: 'winning ticket (original initialisation)', x: rounds.map((r) => pct(r.weightsRemaining)), y: rounds.map((r) => r.testAccuracy), points: true,
    band: rounds.map((r) => std(r.perSeed.map((s) => s.testAccuracy))) }];
  const controls = rounds.filter((r) => r.reinitTestAccuracy !== null);
  if (controls.length) {
    series.push({ name: 'same mask, random re-initialisation', x: controls.map((r) => pct(r.weightsRemaining)), y: controls.map((r) => r.reinitTestAccuracy!), points: true, dashed: true,
      band: controls.map((r) => std(r.perSeed.map((s) => s.reinitTestAccuracy!))) });
  }
  return lineChart(series, { title, xLabel: 'weights remaining (%)', yLabel: `test ${scoreName} at the lowest validation loss`, logX: true });
}
