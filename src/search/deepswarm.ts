/**
 * DeepSwarm (Byla & Pang 2019): ant colony optimisation over a layer graph.
 * Each trial is one ant: it walks the graph from the input, choosing the next
 * node and every attribute of it by pheromone (ant-colony.ts), kept per depth
 * (the 3rd node's choices have their own pheromone). The search is
 * progressive: round r's ants walk at most r nodes, up to `maxDepth`; each
 * round has `ants` ants, and when a round's last ant is told the best ant so
 * far reinforces its path. With `reuse: 'prefix'` an ant starts from the
 * trained weights of the best earlier network sharing the longest prefix of
 * its walk (the whole walk: it continues training it), until `reusePatience`
 * networks started from that one have failed to beat it.
 *
 * Ants are asked one at a time, so they run in parallel workers and shared
 * studies like any strategy; the state is rebuilt on resume by replaying the
 * trials. What an ant walked (round, depth) and, after each global update, the
 * whole pheromone table are kept with its trial (the dashboard draws them).
 */
import { OptionError, shown } from '../core/option-error.js';
import type { Rng } from '../core/random.js';
import { ATTRIBUTES, TRANSITIONS, type Vertex, verticesOf, walkLayerGraph } from '../arch/layer-graph.js';
import type { FinishedTrial, Strategy, StrategyContext, StrategyEntry } from '../study/strategy.js';
import { acsChoice, depositOf, globalUpdate, localUpdate } from './ant-colony.js';
import { type LayerGraphParams, requireLayerGraph } from './spaces/layer-graph.js';

export interface DeepSwarmOptions {
  /** Ants per round (16). */
  ants?: number;
  /** The deepest round: walks of at most this many nodes (15). */
  maxDepth?: number;
  /** Probability of taking the option of most pheromone instead of drawing one (0.5). */
  greediness?: number;
  /** Pheromone everywhere at the start, and what the local update pulls towards (0.1). */
  startPheromone?: number;
  /** Local update rate (0.1). */
  decay?: number;
  /** Global update rate (0.1). */
  evaporation?: number;
  /** Weigh transitions by the graph's prior weights as well as pheromone (off). */
  heuristic?: boolean;
  /** Start ants from the weights of earlier networks sharing a prefix of their walk ('prefix') or always from scratch ('none'). */
  reuse?: 'prefix' | 'none';
  /** How many networks started from one trained network may fail to beat it before it is no longer reused (1). */
  reusePatience?: number;
}

export const DEEPSWARM_DEFAULTS: Required<DeepSwarmOptions> = {
  ants: 16, maxDepth: 15, greediness: 0.5, startPheromone: 0.1, decay: 0.1, evaporation: 0.1, heuristic: false, reuse: 'prefix', reusePatience: 1,
};

/** The options with defaults filled in, or an error naming the option, what it got and what it takes. */
export function deepSwarmOptions(given: Record<string, unknown>, where = 'deepswarm'): Required<DeepSwarmOptions> {
  const o = { ...DEEPSWARM_DEFAULTS, ...given } as Required<DeepSwarmOptions>;
  const unknown = Object.keys(given).find((k) => !(k in DEEPSWARM_DEFAULTS));
  if (unknown) throw new Error(`${where}: unknown option "${unknown}" (it takes ${Object.keys(DEEPSWARM_DEFAULTS).join(', ')})`);
  const check = (name: keyof DeepSwarmOptions, ok: boolean, expected: string) => {
    // The option's own name, so a front end can name its flag or field; `where` says whose option it is.
    if (!ok) throw new OptionError(name, `got ${shown(o[name])}; expected ${expected} (an option of ${where})`);
  };
  check('ants', Number.isInteger(o.ants) && o.ants >= 1, 'an integer ≥ 1');
  check('maxDepth', Number.isInteger(o.maxDepth) && o.maxDepth >= 1, 'an integer ≥ 1 (the most nodes a walk may choose)');
  check('greediness', o.greediness >= 0 && o.greediness <= 1, 'a number in [0, 1]');
  check('startPheromone', o.startPheromone > 0, '> 0');
  check('decay', o.decay > 0 && o.decay <= 1, 'in (0, 1]');
  check('evaporation', o.evaporation > 0 && o.evaporation <= 1, 'in (0, 1]');
  check('heuristic', typeof o.heuristic === 'boolean', 'true or false');
  check('reuse', o.reuse === 'prefix' || o.reuse === 'none', 'prefix (start from the weights of earlier networks sharing a prefix) or none');
  check('reusePatience', Number.isInteger(o.reusePatience) && o.reusePatience >= 1, 'an integer ≥ 1');
  return o;
}

/** Pheromone keys: the transition into the node at `position`, and an attribute value of it. */
export const transitionKey = (position: number, from: Vertex, to: Vertex) => `${position} ${from}>${to}`;
export const attributeKey = (position: number, vertex: Vertex, name: string, value: number | string) => `${position} ${vertex}.${name}=${value}`;

/** Every pheromone choice of a walk: the transitions (into its chosen nodes, then to the output when it chose to stop) and attribute values. */
export function walkKeys(p: LayerGraphParams, input: 'images' | 'table', chosen: number, ended: boolean): string[] {
  const vertices = verticesOf(p.nodes, input), keys: string[] = [];
  for (let i = 0; i < chosen; i++) {
    keys.push(transitionKey(i + 1, i === 0 ? 'input' : vertices[i - 1], vertices[i]));
    const node = p.nodes[i] as unknown as Record<string, number | string>;
    for (const name of Object.keys(ATTRIBUTES[vertices[i]] ?? {})) keys.push(attributeKey(i + 1, vertices[i], name, node[name]));
  }
  if (ended && chosen > 0) keys.push(transitionKey(chosen + 1, vertices[chosen - 1], 'output'));
  return keys;
}

interface Walked { round: number; depth: number; chosen: number; ended: boolean; notes: Record<string, unknown> }
interface Trained { number: number; fitness: number; nodes: LayerGraphParams['nodes']; failedChildren: number }

export function deepSwarm(given: DeepSwarmOptions = {}): StrategyEntry {
  const o = deepSwarmOptions(given as Record<string, unknown>);
  return {
    description: `ant colony over a layer graph, ${o.ants} ants a round, depth growing to ${o.maxDepth}, greediness ${o.greediness}, weight reuse ${o.reuse} (DeepSwarm; --space layer-graph)`,
    needsLayerGraph: true,
    configure: (options, where) => deepSwarm(deepSwarmOptions({ ...given, ...options }, where)),
    create<P>(ctx: StrategyContext<P>): Strategy<P> {
      const space = requireLayerGraph(ctx.space, 'deepswarm');
      return colony(o, space.input, ctx.rng, ctx.objectives[0]?.direction ?? 'max', ctx.objectives.length) as unknown as Strategy<P>;
    },
  };
}

function colony(o: Required<DeepSwarmOptions>, input: 'images' | 'table', rng: Rng, direction: 'min' | 'max', objectives: number): Strategy<LayerGraphParams> {
  const pheromone = new Map<string, number>();
  const tau = (key: string) => pheromone.get(key) ?? o.startPheromone;
  // Asked and not yet told, by key (the same walk may be asked twice before it is told); and every walk's shape, for the global update.
  const pending = new Map<string, Walked[]>(), shapes = new Map<string, { chosen: number; ended: boolean }>();
  const toldInRound: number[] = [];
  const byPrefix = new Map<string, Trained>(), trained = new Map<number, Trained>();
  let asked = 0, best: { p: LayerGraphParams; fitness: number; value: number } | null = null, snapshotDue = false;
  const keyOf = (p: LayerGraphParams) => JSON.stringify([p.nodes, p.reuse]);

  const acsRule = {
    next(from: Vertex, options: readonly Vertex[], position: number): Vertex {
      const prior = (to: Vertex) => (o.heuristic && from !== 'input' ? TRANSITIONS[from as Exclude<Vertex, 'output'>][to] ?? 1 : 1);
      return options[acsChoice(options.map((to) => tau(transitionKey(position, from, to)) * prior(to)), o.greediness, rng)];
    },
    attribute(vertex: Vertex, name: string, values: readonly (number | string)[], position: number) {
      return values[acsChoice(values.map((v) => tau(attributeKey(position, vertex, name, v))), o.greediness, rng)];
    },
  };
  const randomRule = {
    next: (_f: Vertex, options: readonly Vertex[]) => options[rng.int(options.length)],
    attribute: (_v: Vertex, _n: string, values: readonly (number | string)[]) => values[rng.int(values.length)],
  };

  /** The best trained network sharing the longest prefix with `nodes` that may still be reused. */
  const reuseFor = (nodes: LayerGraphParams['nodes']): LayerGraphParams['reuse'] => {
    if (o.reuse === 'none') return null;
    for (let k = nodes.length; k >= 1; k--) {
      const t = byPrefix.get(JSON.stringify(nodes.slice(0, k)));
      // t is the best network whose walk starts with these k nodes: their layers are the ones copied.
      if (t && t.failedChildren < o.reusePatience) return { parent: t.number, nodes: k };
    }
    return null;
  };

  const reinforceBest = () => {
    if (!best) return;
    const w = shapes.get(keyOf(best.p));
    const deposit = objectives === 1 ? depositOf(best.value, direction) : depositOf(best.fitness, 'max');
    for (const k of walkKeys(best.p, input, w?.chosen ?? best.p.nodes.length, w?.ended ?? false)) pheromone.set(k, globalUpdate(tau(k), o.evaporation, deposit));
    snapshotDue = true;
  };

  return {
    name: 'deepswarm',
    ask() {
      // Ant 0 walks at random one node deep (DeepSwarm's first ant); then rounds of `ants` ants, round r at depth r.
      const round = asked === 0 ? 0 : 1 + Math.floor((asked - 1) / o.ants);
      if (round > o.maxDepth) return null;
      const depth = Math.max(1, round);
      const walk = walkLayerGraph(input, depth, round === 0 ? randomRule : acsRule);
      const p: LayerGraphParams = { nodes: walk.nodes, reuse: reuseFor(walk.nodes) };
      const ended = walk.chosen < depth;
      const notes: Record<string, unknown> = { ant: { round, depth, chosen: walk.chosen } };
      // The table this ant walked on, right after a global update.
      if (snapshotDue) { notes.pheromone = Object.fromEntries([...pheromone].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))); snapshotDue = false; }
      if (round > 0) for (const k of walkKeys(p, input, walk.chosen, ended)) pheromone.set(k, localUpdate(tau(k), o.decay, o.startPheromone));
      const list = pending.get(keyOf(p)) ?? [];
      list.push({ round, depth, chosen: walk.chosen, ended, notes });
      pending.set(keyOf(p), list);
      shapes.set(keyOf(p), { chosen: walk.chosen, ended });
      asked++;
      return p;
    },
    tell(t: FinishedTrial<LayerGraphParams>) {
      // Trials this strategy did not ask (another worker's, on a shared study) still teach it; they belong to no round.
      const w = pending.get(keyOf(t.params))?.shift() ?? null;
      if (t.state !== 'failed' && t.values) {
        const value = t.values[0];
        if (!best || t.fitness > best.fitness) best = { p: t.params, fitness: t.fitness, value };
        const parent = t.params.reuse ? trained.get(t.params.reuse.parent) : undefined;
        if (parent && !(t.fitness > parent.fitness)) parent.failedChildren++;
        const me: Trained = { number: t.number, fitness: t.fitness, nodes: t.params.nodes, failedChildren: 0 };
        trained.set(t.number, me);
        // Each prefix points at the best network that starts with it (a tie goes to the newer, as in DeepSwarm).
        for (let k = 1; k <= t.params.nodes.length; k++) {
          const key = JSON.stringify(t.params.nodes.slice(0, k)), old = byPrefix.get(key);
          if (!old || old.fitness <= t.fitness) byPrefix.set(key, me);
        }
      }
      if (w && w.round > 0) {
        toldInRound[w.round] = (toldInRound[w.round] ?? 0) + 1;
        if (toldInRound[w.round] === o.ants) reinforceBest();
      }
    },
    notes(p: LayerGraphParams) {
      return pending.get(keyOf(p))?.[0]?.notes ?? {};
    },
  };
}
