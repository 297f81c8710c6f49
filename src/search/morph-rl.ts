/**
 * A meta-controller that learns which function-preserving step to take (after EAS, Cai et al. 2018, and RENA,
 * Zhou et al. 2018): a softmax policy over kinds of step (widen, deepen, larger kernel) at three depths of the
 * network (first group, middle, last), trained by REINFORCE on the child's improvement over its parent with a
 * moving-average baseline. Parents are drawn from the best three trials so far; a parameter cap (RENA's resource
 * constraint) is enforced by the space, which proposes no step beyond it. EAS reads the network with a
 * bidirectional LSTM; this policy sees only the step's kind and depth, which is what its actions differ in here.
 */
import type { MorphStep } from '../grow/index.js';
import { named, type FinishedTrial, type Strategy, type StrategyContext, type StrategyEntry } from '../study/strategy.js';
import { type MorphParams, requireMorphSpace } from './spaces/morph.js';

const KINDS: MorphStep['op'][] = ['widen', 'deepen', 'widen-kernel'];

export function morphRl(learningRate = 0.05, top = 3): StrategyEntry {
  return {
    needsMorphSpace: true,
    description: `REINFORCE over function-preserving steps (kind × depth), children of the best ${top} inheriting their weights (EAS/RENA; morph spaces)`,
    create<P>(ctx: StrategyContext<P>): Strategy<P> {
      const space = requireMorphSpace(ctx.space, 'morph-rl'), rng = ctx.rng;
      const logits = new Float64Array(KINDS.length * 3);
      let baseline: number | null = null, rootAsked = false;
      const done: { number: number; params: MorphParams; fitness: number }[] = [];
      /** Per proposed child (by key): the action taken, every action that was open, and the parent's fitness. */
      const taken = new Map<string, { action: number; open: number[]; parentFitness: number }>();
      const seen = new Set<string>();
      const actionOf = (s: MorphStep, groups: number) => KINDS.indexOf(s.op) * 3 + (s.group === 0 ? 0 : s.group >= groups - 1 ? 2 : 1);
      const groupsOf = (steps: MorphStep[]) => Math.max(1, ...steps.map((s) => s.group + 1));
      const probabilities = (open: number[]) => {
        const z = open.map((a) => Math.exp(logits[a] - Math.max(...open.map((b) => logits[b]))));
        const total = z.reduce((x, y) => x + y, 0);
        return z.map((v) => v / total);
      };
      const untried = (params: MorphParams, number: number | null) =>
        space.candidateSteps(params).filter((s) => !seen.has(space.key(space.child(params, s, number))));
      return named('morph-rl', {
        ask() {
          if (!rootAsked) { rootAsked = true; const root = space.sample(rng); seen.add(space.key(root)); return root as P; }
          const ranked = [...done].sort((a, b) => b.fitness - a.fitness || a.number - b.number);
          // A parent among the best `top` that still has an untried child (further down the ranking when they have none).
          const open = ranked.filter((r) => untried(r.params, r.number).length > 0);
          const parent = open.length ? open[rng.int(Math.min(top, open.length))] : ranked.length ? null : { number: null, params: space.sample(rng), fitness: Number.NaN };
          if (parent === null) return null;
          const steps = untried(parent.params, parent.number);
          if (steps.length === 0) return null;
          const groups = groupsOf(steps), actions = steps.map((s) => actionOf(s, groups));
          const kinds = [...new Set(actions)], p = probabilities(kinds);
          let u = rng.next(), pick = kinds.length - 1;
          for (let i = 0; i < kinds.length; i++) { u -= p[i]; if (u < 0) { pick = i; break; } }
          const matching = steps.filter((_, i) => actions[i] === kinds[pick]);
          const child = space.child(parent.params, matching[rng.int(matching.length)], parent.number);
          seen.add(space.key(child));
          taken.set(space.key(child), { action: kinds[pick], open: kinds, parentFitness: parent.fitness });
          return child as P;
        },
        tell(t: FinishedTrial<P>) {
          const params = t.params as MorphParams;
          seen.add(space.key(params));
          if (t.state === 'completed') done.push({ number: t.number, params, fitness: t.fitness });
          const a = taken.get(space.key(params));
          if (!a || !Number.isFinite(a.parentFitness)) return;
          // A failed child counts as no improvement at all, worse than any completed one.
          const reward = Number.isFinite(t.fitness) ? t.fitness - a.parentFitness : Math.min(-1, (baseline ?? 0) - 1);
          const advantage = reward - (baseline ?? reward), p = probabilities(a.open);
          baseline = baseline === null ? reward : 0.9 * baseline + 0.1 * reward;
          a.open.forEach((act, i) => { logits[act] += learningRate * advantage * ((act === a.action ? 1 : 0) - p[i]); });
        },
      });
    },
  };
}
