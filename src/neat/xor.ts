/**
 * NEAT on XOR, the paper's first test: two inputs and a bias, one output;
 * fitness (4 − Σ|output − target|)²; solved when every output is on the right
 * side of one half. Counts the genomes evaluated until the first solution.
 */
import { type Genome, enabledCount, hiddenCount } from './genome.js';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic.js';
import { Neat, type NeatState } from './neat.js';
import { compile } from './network.js';

const X = Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]);
const Y = [0, 1, 1, 0];

export function xorFitness(g: Genome): { fitness: number; solved: boolean } {
  const out = compile(g).evaluate(X, 4);
  let error = 0, solved = true;
  for (let i = 0; i < 4; i++) { error += Math.abs(out[i] - Y[i]); if (Math.abs(out[i] - Y[i]) >= 0.5) solved = false; }
  return { fitness: (4 - error) ** 2, solved };
}

export interface XorRun { solved: boolean; evaluations: number; generations: number; hidden: number; connections: number; champion: Genome | null }

/** `checkpoint`: a file the run's state is written to after every generation, and continued from when it exists. */
export function neatXor(o: { seed: number; population?: number; maxGenerations?: number; checkpoint?: string }): XorRun {
  const opts = { inputs: 2, outputs: 1, population: o.population ?? 150, seed: o.seed };
  const saved = o.checkpoint && existsSync(o.checkpoint) ? JSON.parse(readFileSync(o.checkpoint, 'utf8')) as NeatState & { evaluations: number } : null;
  const neat = saved ? Neat.restore(opts, saved, o.checkpoint) : new Neat(opts);
  const maxGenerations = o.maxGenerations ?? 500;
  let evaluations = saved?.evaluations ?? 0;
  for (let gen = neat.generation; gen < maxGenerations; gen++) {
    const fitness: number[] = [];
    for (const g of neat.genomes) {
      const r = xorFitness(g);
      evaluations++;
      if (r.solved) return { solved: true, evaluations, generations: gen + 1, hidden: hiddenCount(g), connections: enabledCount(g), champion: g };
      fitness.push(r.fitness);
    }
    neat.tell(fitness);
    if (o.checkpoint) writeFileAtomic(o.checkpoint, JSON.stringify({ ...neat.state(), evaluations }));
  }
  return { solved: false, evaluations, generations: maxGenerations, hidden: 0, connections: 0, champion: null };
}
