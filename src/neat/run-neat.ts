/**
 * NEAT on any genome task (swing-up, MNIST-256, XOR as a score): generations
 * until a count or a time budget runs out, each genome scored with its own
 * weights on the generation's draw, a checkpoint after each generation, and
 * the champion of the last generation scored on held-out data. NEAT shares
 * fitness within species in proportion to its size, which needs fitness ≥ 0:
 * a task whose scores can be negative (MNIST's negative cross-entropy) is
 * shifted so the generation's worst genome has 0.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic.js';
import { mean } from '../report/aggregate.js';
import type { Activation } from './activations.js';
import { type Genome, enabledCount, hiddenCount } from './genome.js';
import { Neat, type NeatState } from './neat.js';
import { compile } from './network.js';
import { type GenerationSummary, generationSeed } from './run-wann.js';
import type { GenomeTask } from './tasks/task.js';

export interface NeatRunOptions {
  task: GenomeTask; population: number; seed: number;
  generations?: number; timeBudgetSeconds?: number; checkpoint?: string;
  /** Hidden and output activation of the genomes. */
  activation?: Activation;
  onGeneration?: (g: GenerationSummary) => void;
}

export interface NeatRunResult { champion: Genome; generations: number; evaluations: number; seconds: number; history: GenerationSummary[]; connections: number; hidden: number; heldOutScore: number }

export function runNeat(o: NeatRunOptions): NeatRunResult {
  const start = Date.now(), opts = { inputs: o.task.inputs, outputs: o.task.outputs, population: o.population, seed: o.seed, activation: o.activation ?? 'tanh' };
  const saved = o.checkpoint && existsSync(o.checkpoint) ? JSON.parse(readFileSync(o.checkpoint, 'utf8')) as NeatState & { history: GenerationSummary[]; evaluations: number } : null;
  const neat = saved ? Neat.restore(opts, saved, o.checkpoint) : new Neat(opts);
  const history = saved?.history ?? [];
  let evaluations = saved?.evaluations ?? 0, scores: number[] = [], generationSeconds = 0;
  const outOfTime = (extra: number) => o.timeBudgetSeconds !== undefined && (Date.now() - start) / 1000 + extra > o.timeBudgetSeconds;
  while (neat.generation < (o.generations ?? Infinity) && !outOfTime(generationSeconds)) {
    const t0 = Date.now(), seed = generationSeed(o.seed, neat.generation);
    scores = neat.genomes.map((g) => { const s = o.task.ownScore(compile(g), seed); return Number.isFinite(s) ? s : -Number.MAX_VALUE; });
    evaluations += scores.length;
    const best = scores.reduce((b, s, i) => (s > scores[b] ? i : b), 0);
    const summary: GenerationSummary = { generation: neat.generation, bestMean: scores[best], bestMax: scores[best], populationMean: mean(scores),
      championConnections: enabledCount(neat.genomes[best]), meanConnections: mean(neat.genomes.map(enabledCount)), meanHidden: mean(neat.genomes.map(hiddenCount)) };
    history.push(summary);
    o.onGeneration?.(summary);
    if (neat.generation + 1 >= (o.generations ?? Infinity) || outOfTime((Date.now() - t0) / 1000)) break;
    const floor = Math.min(0, ...scores.filter((s) => s > -Number.MAX_VALUE));
    neat.tell(scores.map((s) => Math.max(0, s - floor)));
    generationSeconds = (Date.now() - t0) / 1000;
    if (o.checkpoint) writeFileAtomic(o.checkpoint, JSON.stringify({ ...neat.state(), history, evaluations }));
  }
  if (!scores.length) throw new Error('neat: the time budget ended before one generation was scored; give it more time');
  const champion = neat.genomes[scores.reduce((b, s, i) => (s > scores[b] ? i : b), 0)];
  return { champion, generations: history.length, evaluations, seconds: (Date.now() - start) / 1000, history, connections: enabledCount(champion), hidden: hiddenCount(champion),
    heldOutScore: o.task.heldOutOwn(compile(champion)) };
}
