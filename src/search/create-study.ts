/**
 * The short path to a study, for a user with an objective of their own:
 *
 *   const study = await createStudy({ space: [{ kind: 'float', name: 'x', low: -5, high: 5 }], objectives: 'y:min' });
 *   await study.optimize(({ x }) => (Number(x) - 2) ** 2, { trials: 30 });
 *
 * Everything but the space and the objectives has a default (a memory store, the name "study", regularized
 * evolution, seed 0), and options are checked here, by name, for callers without a type checker.
 */
import { Rng } from '../core/random.js';
import { MemoryStore } from '../store/memory.js';
import type { ExperimentStore } from '../store/store.js';
import { dimensionSpace } from '../study/dimension-space.js';
import type { Dimension } from '../study/dimensions.js';
import { type Objective, parseObjectives } from '../study/objectives.js';
import { prunerEntry } from '../study/pruners/index.js';
import { type RunTrial, type TrialContext, runStudy } from '../study/run-study.js';
import type { SearchSpace } from '../study/space.js';
import { Study } from '../study/study.js';
import { strategyEntry } from './registry.js';

export interface CreateStudyOptions<P> {
  /** A search space, or a list of dimensions (a space of named values is made of them). */
  space: SearchSpace<P> | readonly Dimension[];
  /** "NAME:max|min,…", or objective objects. */
  objectives: string | Objective[];
  /** A strategy by name (default regularized-evolution). */
  strategy?: string;
  seed?: number;
  /** Default: in memory, kept nowhere. A study of the same name in the store is resumed. */
  store?: ExperimentStore;
  name?: string;
  /** A pruner by name, for objectives that report intermediate values (default none). */
  pruner?: { name: string; minResource: number; maxResource: number; eta?: number };
}

/** What an objective returns: the value of a single objective, one value per objective, or a record of metrics naming them. */
export type ObjectiveResult = number | number[] | Record<string, number>;

export interface OptimizeOptions { trials?: number; seconds?: number; concurrency?: number }

export interface EasyStudy<P> {
  readonly study: Study<P>;
  readonly objectives: Objective[];
  /** Runs trials until the budget is spent; returns this call's trials. */
  optimize(objective: (params: P, trial: TrialContext) => ObjectiveResult | Promise<ObjectiveResult>, o: OptimizeOptions): Promise<RunTrial<P>[]>;
}

export async function createStudy<P = Record<string, number | string>>(options: CreateStudyOptions<P>): Promise<EasyStudy<P>> {
  const o = options as Partial<CreateStudyOptions<P>> | undefined;
  if (typeof o !== 'object' || o === null) throw new Error('createStudy: give an options object, e.g. { space: [...dimensions], objectives: "y:max" }');
  if (o.space === undefined) throw new Error('createStudy: options.space is required: a search space, or a list of dimensions like [{ kind: "float", name: "x", low: 0, high: 1 }]');
  if (o.objectives === undefined) throw new Error('createStudy: options.objectives is required, e.g. "y:max" or "loss:min,size:min"');
  const space = (Array.isArray(o.space) ? dimensionSpace('space', o.space as Dimension[]) : o.space) as SearchSpace<P>;
  if (typeof space.sample !== 'function' || typeof space.key !== 'function') throw new Error('createStudy: options.space is neither a list of dimensions nor a search space (it needs sample, mutate, key, …)');
  const objectives = typeof o.objectives === 'string' ? parseObjectives(o.objectives, 'createStudy: options.objectives') : o.objectives;
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed)) throw new Error(`createStudy: options.seed must be an integer, got ${String(seed)}`);
  const strategyName = o.strategy ?? 'regularized-evolution';
  const entry = strategyEntry(strategyName, 'createStudy: options.strategy');
  const pruner = o.pruner ? prunerEntry(o.pruner.name, 'createStudy: options.pruner.name').create({ minResource: o.pruner.minResource, maxResource: o.pruner.maxResource, eta: o.pruner.eta ?? 3 }) : undefined;
  const study = await Study.open({ store: o.store ?? new MemoryStore(), name: o.name ?? 'study', objectives, space, pruner,
    config: { strategy: strategyName, seed, space: space.name }, strategy: entry.create({ space, rng: new Rng(seed), objectives }) });
  return {
    study, objectives,
    optimize(objective, budget) {
      if (typeof objective !== 'function') throw new Error('optimize: the first argument is the objective, a function of the parameters returning a number (or one per objective)');
      if (budget?.trials === undefined && budget?.seconds === undefined) throw new Error('optimize: give a budget, e.g. { trials: 30 } or { seconds: 60 }');
      return runStudy({
        study, concurrency: budget.concurrency, budget: { trials: budget.trials, seconds: budget.seconds },
        evaluate: async (params, trial) => ({ metrics: metricsOf(await objective(params, trial), objectives) }),
      });
    },
  };
}

function metricsOf(r: ObjectiveResult, objectives: readonly Objective[]): Record<string, number> {
  if (typeof r === 'number') {
    if (objectives.length !== 1) throw new Error(`the objective returned one number for ${objectives.length} objectives; return one per objective, or a record naming them`);
    return { [objectives[0].name]: r };
  }
  if (Array.isArray(r)) {
    if (r.length !== objectives.length) throw new Error(`the objective returned ${r.length} values for ${objectives.length} objectives (${objectives.map((x) => x.name).join(', ')})`);
    return Object.fromEntries(objectives.map((x, i) => [x.name, r[i]]));
  }
  if (typeof r === 'object' && r !== null) return r;
  throw new Error(`the objective returned ${JSON.stringify(r)}; expected a number, one number per objective, or a record of metrics`);
}
