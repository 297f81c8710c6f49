/**
 * A whole weight-agnostic search on a task: generations until a count or a
 * time budget runs out, a checkpoint after each (a continued run ends exactly
 * as an unbroken one), and a summary of each generation for the store. After
 * the search the champion (the best mean score over the shared weights in the
 * last generation) has its shared weight tuned on a sweep, scored on held-out
 * data with the six shared weights, and for classification as the ensemble of
 * those weights.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic.js';
import { mean, std } from '../report/aggregate.js';
import { type Genome, enabledCount, hiddenCount } from './genome.js';
import { compile } from './network.js';
import { type PopulationScorer, inThreadScorer } from './population-scorer.js';
import type { GenomeTask } from './tasks/task.js';
import { WANN_WEIGHTS, Wann, type WannOptions, type WannState } from './wann.js';

export interface GenerationSummary { generation: number; bestMean: number; bestMax: number; populationMean: number; championConnections: number; meanConnections: number; meanHidden: number }

export interface WannRunOptions {
  task: GenomeTask;
  population: number;
  seed: number;
  generations?: number;
  timeBudgetSeconds?: number;
  weights?: readonly number[];
  checkpoint?: string;
  search?: Partial<WannOptions>;
  /** Whether to train the champion's own weights afterwards where the task can (default true). */
  trainWeights?: boolean;
  /** Who scores each generation (default: this thread). */
  scorer?: PopulationScorer;
  onGeneration?: (g: GenerationSummary) => void;
}

export interface WannResult {
  champion: Genome; generations: number; evaluations: number; seconds: number; history: GenerationSummary[];
  connections: number; hidden: number;
  /** Held-out score per shared weight, their mean and standard deviation. */
  heldOut: number[]; meanScore: number; sdScore: number;
  tunedWeight: number; tunedScore: number;
  /** Classification tasks: the ensemble of the shared weights, and the genome with its own weights trained, held out. */
  ensembleScore?: number; trainedScore?: number;
}


/** The seed a generation's scores are measured with (the same in every worker). */
export const generationSeed = (seed: number, generation: number): number => (Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(generation + 1, 0x85ebca6b)) | 0;

/** The sweep a champion's shared weight is tuned on: −3 to 3 in steps of 0.05, without 0. */
export const TUNING_SWEEP = Array.from({ length: 121 }, (_, i) => Number((-3 + i * 0.05).toFixed(2))).filter((w) => w !== 0);

export async function runWann(o: WannRunOptions): Promise<WannResult> {
  const weights = o.weights ?? WANN_WEIGHTS, start = Date.now(), scorer = o.scorer ?? inThreadScorer(o.task);
  const opts: WannOptions = { inputs: o.task.inputs, outputs: o.task.outputs, population: o.population, seed: o.seed, outputActivation: o.task.outputActivation, ...o.task.wannDefaults, ...o.search };
  const saved = o.checkpoint && existsSync(o.checkpoint) ? JSON.parse(readFileSync(o.checkpoint, 'utf8')) as WannState & { history: GenerationSummary[]; evaluations: number } : null;
  const wann = saved ? Wann.restore(opts, saved, o.checkpoint) : new Wann(opts);
  const history = saved?.history ?? [];
  let evaluations = saved?.evaluations ?? 0, lastScores: { mean: number; max: number }[] = [];
  const maxGenerations = o.generations ?? Infinity;
  let generationSeconds = 0;
  while (wann.generation < maxGenerations) {
    const elapsed = (Date.now() - start) / 1000;
    if (o.timeBudgetSeconds !== undefined && elapsed + generationSeconds > o.timeBudgetSeconds) break;
    const t0 = Date.now(), seed = generationSeed(o.seed, wann.generation);
    lastScores = (await scorer.score(wann.genomes, weights, seed)).map((s) => ({ mean: mean(s), max: Math.max(...s) }));
    evaluations += wann.genomes.length * weights.length;
    const best = lastScores.reduce((b, s, i) => (s.mean > lastScores[b].mean ? i : b), 0);
    const summary: GenerationSummary = {
      generation: wann.generation, bestMean: lastScores[best].mean, bestMax: Math.max(...lastScores.map((s) => s.max)), populationMean: mean(lastScores.map((s) => s.mean)),
      championConnections: enabledCount(wann.genomes[best]), meanConnections: mean(wann.genomes.map(enabledCount)), meanHidden: mean(wann.genomes.map(hiddenCount)),
    };
    history.push(summary);
    o.onGeneration?.(summary);
    if (wann.generation + 1 >= maxGenerations || (o.timeBudgetSeconds !== undefined && (Date.now() - start) / 1000 + (Date.now() - t0) / 1000 > o.timeBudgetSeconds)) break;
    wann.tell(lastScores);
    generationSeconds = (Date.now() - t0) / 1000;
    if (o.checkpoint) writeFileAtomic(o.checkpoint, JSON.stringify({ ...wann.state(), history, evaluations }));
  }
  if (!lastScores.length) throw new Error('wann: the time budget ended before one generation was scored; give it more time');
  const championAt = lastScores.reduce((b, s, i) => (s.mean > lastScores[b].mean ? i : b), 0);
  const champion = wann.genomes[championAt], net = compile(champion);
  // The weight is tuned on the search's side of the data (a fresh draw), never on the held-out side.
  const sweep = o.task.sharedScores(net, TUNING_SWEEP, generationSeed(o.seed, -1));
  const tunedWeight = TUNING_SWEEP[sweep.reduce((b, s, i) => (s > sweep[b] ? i : b), 0)];
  const heldOut = o.task.heldOut(net, weights);
  return {
    champion, generations: history.length, evaluations, seconds: (Date.now() - start) / 1000, history,
    connections: enabledCount(champion), hidden: hiddenCount(champion),
    heldOut, meanScore: mean(heldOut), sdScore: std(heldOut), tunedWeight, tunedScore: o.task.heldOut(net, [tunedWeight])[0],
    ...(o.task.heldOutEnsemble ? { ensembleScore: o.task.heldOutEnsemble(net, weights) } : {}),
    ...(o.task.trainedHeldOut && o.trainWeights !== false ? { trainedScore: o.task.trainedHeldOut(champion, tunedWeight, o.seed) } : {}),
  };
}
