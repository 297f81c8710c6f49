/**
 * BANANAS (White, Neiswanger & Savani, AAAI 2021): Bayesian optimisation with
 * a neural predictor. After a few random trials, each round trains an
 * ensemble of small networks on the finished trials' encodings (the space
 * declares it: the path encoding for cells), makes candidates by mutating the
 * best trials so far, and proposes the batch of candidates with the best
 * independent Thompson samples (each candidate's draw from a normal with the
 * ensemble's mean and spread). The predictions are kept with the trials.
 */
import type { Rng } from '../core/random.js';
import type { Encoding, SearchSpace } from '../study/space.js';
import type { Strategy, StrategyContext, StrategyEntry } from '../study/strategy.js';
import { randomUnseen, standardNormal } from './unseen.js';
import { ENSEMBLE_DEFAULTS, type EnsembleOptions, EnsemblePredictor } from './mlp-ensemble.js';

export interface BananasOptions {
  /** Random trials before the first model. */
  init: number;
  /** Proposals per model round. */
  batch: number;
  /** Candidates scored per round, mutated from the `parents` best trials. */
  candidates: number;
  parents: number;
  /** Each candidate is 1 … maxEdits mutations from its parent. */
  maxEdits: number;
  ensemble: EnsembleOptions;
  /** How candidates are ranked: independent Thompson samples (explores) or the ensemble's mean (exploits). */
  acquisition: 'its' | 'mean';
}

export const BANANAS_DEFAULTS: BananasOptions = { init: 10, batch: 5, candidates: 100, parents: 10, maxEdits: 1, ensemble: ENSEMBLE_DEFAULTS, acquisition: 'its' };

export function requireEncoding<P>(space: SearchSpace<P>, strategy: string): Encoding<P> {
  if (!space.encoding) {
    throw new Error(`strategy ${strategy} needs a space that declares an encoding of its architectures for the predictor (path or one-hot); space ${space.name} declares none (use tpe, local-search or regularized-evolution there)`);
  }
  return space.encoding;
}

export function bananas(options: Partial<BananasOptions> = {}): StrategyEntry {
  const o = { ...BANANAS_DEFAULTS, ...options };
  return {
    description: `neural-predictor Bayesian optimisation: ensemble of ${o.ensemble.members} MLPs on the space's encoding, Thompson sampling over ${o.candidates} mutations of the best, ${o.batch} per round (spaces with an encoding)`,
    create<P>(ctx: StrategyContext<P>): Strategy<P> {
      const { space, rng } = ctx;
      const encoding = requireEncoding(space, 'bananas');
      const seen = new Set<string>();
      const done: { p: P; x: number[]; fitness: number }[] = [];
      const predictions = new Map<string, number>();
      let queue: P[] = [];
      let modelledAt = -1;

      const unseen = (p: P) => !seen.has(space.key(p));
      const take = (p: P) => { seen.add(space.key(p)); return p; };

      const round = (): P[] => {
        modelledAt = done.length;
        const predictor = new EnsemblePredictor(encoding.size, o.ensemble);
        predictor.fit(done.map((d) => d.x), done.map((d) => d.fitness), rng);
        const parents = [...done].sort((a, b) => b.fitness - a.fitness).slice(0, o.parents);
        const candidates = mutants(space, parents.map((d) => d.p), o.candidates, o.maxEdits, unseen, rng);
        const scored = candidates.map((p) => {
          const { mean, std } = predictor.predict(encoding.encode(p));
          predictions.set(space.key(p), mean);
          return { p, draw: o.acquisition === 'its' ? mean + std * standardNormal(rng) : mean };
        });
        return scored.sort((a, b) => b.draw - a.draw).slice(0, o.batch).map((s) => s.p).reverse();
      };

      return {
        name: 'bananas',
        ask() {
          while (queue.length > 0) { const p = queue.pop()!; if (unseen(p)) return take(p); }
          if (done.length >= o.init && done.length > modelledAt) queue = round();
          while (queue.length > 0) { const p = queue.pop()!; if (unseen(p)) return take(p); }
          const p = randomUnseen(space, rng, seen);
          return p === null ? null : take(p);
        },
        tell(t) {
          seen.add(space.key(t.params));
          if (t.state === 'completed') done.push({ p: t.params, x: encoding.encode(t.params), fitness: t.fitness });
        },
        predicted: (p) => predictions.get(space.key(p)),
      };
    },
  };
}

/** Up to `count` distinct unseen architectures, each 1 … maxEdits mutations from a parent taken in turn. */
function mutants<P>(space: SearchSpace<P>, parents: P[], count: number, maxEdits: number, unseen: (p: P) => boolean, rng: Rng): P[] {
  const out = new Map<string, P>();
  for (let t = 0; t < count * 10 && out.size < count; t++) {
    let p = parents[t % parents.length];
    const edits = 1 + rng.int(maxEdits);
    for (let e = 0; e < edits; e++) p = space.mutate(p, rng);
    if (unseen(p)) out.set(space.key(p), p);
  }
  return [...out.values()];
}
