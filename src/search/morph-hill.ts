/**
 * Hill climbing over network morphisms (NASH, Elsken et al. 2017): the first trial trains a small root network;
 * every later trial is a child of the best trial so far, grown by one random function-preserving step and
 * trained briefly from its parent's weights. Needs a morph space.
 */
import { named, type FinishedTrial, type Strategy, type StrategyContext, type StrategyEntry } from '../study/strategy.js';
import { type MorphParams, requireMorphSpace } from './spaces/morph.js';

export const morphHill: StrategyEntry = {
  needsMorphSpace: true,
  description: 'hill climbing over function-preserving steps, each child inheriting its parent\'s weights (NASH; morph spaces)',
  create<P>(ctx: StrategyContext<P>): Strategy<P> {
    const space = requireMorphSpace(ctx.space, 'morph-hill'), rng = ctx.rng;
    let rootAsked = false;
    // Completed trials, best first: when every child of the best has been tried, the climb goes on from the next.
    const done: { number: number; params: MorphParams; fitness: number }[] = [];
    const seen = new Set<string>();
    return named('morph-hill', {
      ask() {
        if (!rootAsked) { rootAsked = true; const root = space.sample(rng); seen.add(space.key(root)); return root as P; }
        // Until the root has a score there is no parent to inherit from: a sibling trains from scratch.
        const parents = done.length ? done : [{ number: null, params: space.sample(rng) }];
        for (const from of parents) {
          const children = space.candidateSteps(from.params).map((s) => space.child(from.params, s, from.number)).filter((c) => !seen.has(space.key(c)));
          if (children.length === 0) continue;
          const child = children[rng.int(children.length)];
          seen.add(space.key(child));
          return child as P;
        }
        return null;
      },
      tell(t: FinishedTrial<P>) {
        seen.add(space.key(t.params as MorphParams));
        if (t.state !== 'completed') return;
        done.push({ number: t.number, params: t.params as MorphParams, fitness: t.fitness });
        done.sort((a, b) => b.fitness - a.fitness || a.number - b.number);
      },
    });
  },
};
