/**
 * Scores a whole population over the shared weights, either in this thread or
 * spread over worker threads. A generation's genomes are cut into chunks
 * (several per worker, so a worker that drew small networks takes more of
 * them); each worker rebuilds the task from its spec once and keeps it, so
 * MNIST is loaded once per worker, not once per generation. Scores depend
 * only on the genome, the weights and the generation's seed, so the same
 * seed gives the same scores with any number of workers.
 */
import { JobPool } from '../parallel/job-pool.js';
import type { Genome } from './genome.js';
import { compile } from './network.js';
import type { GenomeTask, TaskSpec } from './tasks/task.js';

export interface PopulationScorer {
  /** Per genome, its score with each of `weights`. */
  score(genomes: readonly Genome[], weights: readonly number[], evalSeed: number): Promise<number[][]>;
  close(): Promise<void>;
}

export interface ScoreJob { spec: TaskSpec; genomes: Genome[]; weights: number[]; evalSeed: number }

export const scoreInThread = (task: GenomeTask, genomes: readonly Genome[], weights: readonly number[], evalSeed: number): number[][] =>
  genomes.map((g) => task.sharedScores(compile(g), weights, evalSeed));

export function inThreadScorer(task: GenomeTask): PopulationScorer {
  return { score: async (genomes, weights, evalSeed) => scoreInThread(task, genomes, weights, evalSeed), close: async () => {} };
}

/** Chunks per worker: enough to even out networks of different sizes, few enough to keep messages cheap. */
const CHUNKS_PER_WORKER = 4;

export function workerScorer(spec: TaskSpec, workers: number): PopulationScorer {
  const pool = new JobPool<ScoreJob, number[][]>(workers, { entry: new URL('./population-worker.js', import.meta.url) });
  return {
    async score(genomes, weights, evalSeed) {
      const size = Math.max(1, Math.ceil(genomes.length / (workers * CHUNKS_PER_WORKER))), jobs: Promise<number[][]>[] = [];
      // Only enabled connections are sent: they alone shape the network, and an MNIST genome carries some 2,500
      // disabled input connections whose copying to the workers would cost more than scoring it.
      const sent = genomes.map((g) => ({ ...g, connections: g.connections.filter((c) => c.enabled) }));
      for (let i = 0; i < sent.length; i += size) jobs.push(pool.run({ spec, genomes: sent.slice(i, i + size), weights: [...weights], evalSeed }));
      return (await Promise.all(jobs)).flat();
    },
    close: () => pool.close(),
  };
}
