/**
 * Weight-agnostic neural networks (Gaier & Ha 2019): topologies searched with
 * no weight training at all. Every connection of a network carries the same
 * shared weight, and a network is scored over a set of such weights, so what
 * survives is structure that works for any of them. Networks start minimal
 * (a random few of the input→output connections) and grow by three operators:
 * insert a node by splitting a connection, add a connection, change a hidden
 * node's activation (plus re-enabling a disabled connection).
 *
 * Each generation is ranked NSGA-style on two objectives: usually (mean score,
 * fewer connections), which favours small networks, and otherwise (mean score,
 * best score). The worst are culled, the best kept unchanged (elitism), and the
 * rest of the next generation are mutated winners of tournaments on rank.
 */
import { Rng } from '../core/random.js';
import { rankOrder } from '../study/pareto.js';
import { ACTIVATION_NAMES, type Activation } from './activations.js';
import { type Genome, type PopulationShape, cloneGenome, enabledCount, minimalGenome, newConnectionEnds, wouldCycle } from './genome.js';

export const WANN_WEIGHTS = [-2, -1, -0.5, 0.5, 1, 2] as const;

export interface WannOptions extends PopulationShape {
  outputActivation?: Activation;
  /** Activations a new or changed hidden node may take. */
  hiddenActivations?: readonly Activation[];
  /** Chance that each input(+bias)→output connection is enabled in a first-generation network. */
  initEnable?: number;
  /** Relative chances of the topology operators; each child gets one of them. */
  addConnection?: number; addNode?: number; changeActivation?: number; enable?: number;
  /** Chance that a generation is ranked on (mean, fewer connections) rather than (mean, best). */
  complexityRanking?: number;
  tournament?: number;
  /** Fractions of the ranked population kept unchanged, and removed before selection. */
  elite?: number; cull?: number;
}

/** Scores of one genome: its mean and best over the shared weights. */
export interface SharedScore { mean: number; max: number }

export interface WannState {
  format: 'topiary-wann-state'; version: 1;
  generation: number; rngPosition: number; nextNode: number; nextInnovation: number; genomes: Genome[];
  connections: [string, number][];
}

export class Wann {
  readonly o: Required<WannOptions>;
  private readonly rng: Rng;
  private nextNode: number;
  private nextInnovation: number;
  /** Innovation numbers of connections by their ends, so the same connection has one number in every genome. */
  private readonly seen = new Map<string, number>();
  genomes: Genome[];
  generation = 0;

  constructor(opts: WannOptions) {
    this.o = { outputActivation: 'linear', hiddenActivations: ACTIVATION_NAMES, initEnable: 0.25, addConnection: 0.2, addNode: 0.25, changeActivation: 0.5, enable: 0.05,
      complexityRanking: 0.8, tournament: 8, elite: 0.2, cull: 0.2, ...opts };
    if (!(this.o.population >= 2)) throw new Error(`wann: population ${this.o.population}; expected at least 2`);
    if (!this.o.hiddenActivations.length) throw new Error('wann: no hidden activations to choose from');
    this.rng = new Rng(opts.seed);
    this.nextNode = this.o.inputs + 1 + this.o.outputs;
    this.nextInnovation = 0;
    this.genomes = Array.from({ length: this.o.population }, () => this.initial());
  }

  state(): WannState {
    return { format: 'topiary-wann-state', version: 1, generation: this.generation, rngPosition: this.rng.position, nextNode: this.nextNode, nextInnovation: this.nextInnovation,
      genomes: this.genomes.map(cloneGenome), connections: [...this.seen] };
  }

  /** Continues a run from its state (with the options it was started with): the same generations follow as without the stop. */
  static restore(opts: WannOptions, s: WannState, where = 'checkpoint'): Wann {
    if (s?.format !== 'topiary-wann-state' || s.version !== 1) throw new Error(`${where}: format/version is ${JSON.stringify([s?.format, s?.version])}; expected ["topiary-wann-state", 1] (delete it to start afresh)`);
    const w = new Wann(opts);
    if (s.genomes.length !== w.o.population) throw new Error(`${where}: holds ${s.genomes.length} genomes but the population is ${w.o.population}; continue with the population it was started with`);
    w.genomes = s.genomes.map(cloneGenome);
    w.generation = s.generation;
    w.nextNode = s.nextNode;
    w.nextInnovation = s.nextInnovation;
    w.seen.clear();
    for (const [k, v] of s.connections) w.seen.set(k, v);
    w.rng.position = s.rngPosition;
    return w;
  }

  private innovation(from: number, to: number): number {
    const key = `${from}>${to}`;
    if (!this.seen.has(key)) this.seen.set(key, this.nextInnovation++);
    return this.seen.get(key)!;
  }

  /** Every input→output connection present, a random few enabled (at least one). */
  private initial(): Genome {
    const g = minimalGenome(this.o.inputs, this.o.outputs, this.o.outputActivation, (from, to) => ({ innovation: this.innovation(from, to), weight: 1, enabled: this.rng.next() < this.o.initEnable }));
    if (!g.connections.some((c) => c.enabled)) g.connections[this.rng.int(g.connections.length)].enabled = true;
    return g;
  }

  /**
   * The order of the genomes, best first, from their scores: NSGA fronts on (mean, −connections) with
   * chance `complexityRanking`, else on (mean, max).
   */
  rank(scores: SharedScore[]): number[] {
    if (scores.length !== this.genomes.length) throw new Error(`wann: got ${scores.length} scores for ${this.genomes.length} genomes`);
    const byComplexity = this.rng.next() < this.o.complexityRanking;
    const points = scores.map((s, i) => [finite(s.mean), byComplexity ? -enabledCount(this.genomes[i]) : finite(s.max)]);
    return rankOrder([{ name: 'mean', direction: 'max' }, { name: 'second', direction: 'max' }], points);
  }

  /** Takes every genome's scores (in `genomes` order) and breeds the next generation. */
  tell(scores: SharedScore[]): void {
    const order = this.rank(scores), P = this.o.population;
    const elite = Math.floor(P * this.o.elite), kept = Math.max(1, order.length - Math.floor(order.length * this.o.cull));
    const rankOf = new Int32Array(order.length);
    order.forEach((g, r) => { rankOf[g] = r; });
    const parents = order.slice(0, kept);
    // Elites pass on unchanged (never mutated: children are clones), so they need no copy.
    const next: Genome[] = order.slice(0, elite).map((i) => this.genomes[i]);
    while (next.length < P) {
      // Tournament on rank: the best-ranked of `tournament` random survivors.
      let winner = parents[this.rng.int(parents.length)];
      for (let t = 1; t < this.o.tournament; t++) { const c = parents[this.rng.int(parents.length)]; if (rankOf[c] < rankOf[winner]) winner = c; }
      const child = cloneGenome(this.genomes[winner]);
      this.mutate(child);
      next.push(child);
    }
    this.genomes = next;
    this.generation++;
  }

  /** One topology operator, chosen by the operators' relative chances; one that cannot apply falls back to the next. */
  mutate(g: Genome): void {
    const ops: [number, (g: Genome) => boolean][] = [
      [this.o.addConnection, (x) => this.addConnection(x)], [this.o.addNode, (x) => this.addNode(x)],
      [this.o.changeActivation, (x) => this.changeActivation(x)], [this.o.enable, (x) => this.enableOne(x)],
    ];
    const total = ops.reduce((a, [p]) => a + p, 0);
    let spin = this.rng.next() * total, k = 0;
    while (k < ops.length - 1 && spin >= ops[k][0]) { spin -= ops[k][0]; k++; }
    for (let tried = 0; tried < ops.length; tried++) if (ops[(k + tried) % ops.length][1](g)) return;
  }

  private randomActivation(except?: Activation): Activation {
    const choices = this.o.hiddenActivations.filter((a) => a !== except);
    return (choices.length ? choices : this.o.hiddenActivations)[this.rng.int(choices.length || this.o.hiddenActivations.length)];
  }

  private addNode(g: Genome): boolean {
    const enabled = g.connections.filter((c) => c.enabled);
    if (!enabled.length) return false;
    const c = enabled[this.rng.int(enabled.length)];
    const id = this.nextNode++;
    c.enabled = false;
    g.nodes.push({ id, kind: 'hidden', activation: this.randomActivation() });
    g.connections.push({ innovation: this.innovation(c.from, id), from: c.from, to: id, weight: 1, enabled: true },
      { innovation: this.innovation(id, c.to), from: id, to: c.to, weight: c.weight, enabled: true });
    return true;
  }

  private addConnection(g: Genome): boolean {
    const ends = newConnectionEnds(g, this.rng, 30);
    if (ends) {
      g.connections.push({ innovation: this.innovation(ends.from, ends.to), ...ends, weight: 1, enabled: true });
      return true;
    }
    return false;
  }

  private changeActivation(g: Genome): boolean {
    const hidden = g.nodes.filter((n) => n.kind === 'hidden');
    if (!hidden.length) return false;
    const n = hidden[this.rng.int(hidden.length)];
    n.activation = this.randomActivation(n.activation);
    return true;
  }

  private enableOne(g: Genome): boolean {
    // Random disabled connections until one closes no cycle: checking all of them first costs a graph search
    // each, and an MNIST genome has some 2,500 (the input→output connections never enabled).
    const off = g.connections.filter((c) => !c.enabled);
    while (off.length) {
      const k = this.rng.int(off.length), c = off[k];
      if (!wouldCycle(g, c.from, c.to)) { c.enabled = true; return true; }
      off[k] = off[off.length - 1];
      off.pop();
    }
    return false;
  }
}

/** A score that failed (NaN, e.g. an overflowing network) ranks below every real one. */
const finite = (v: number) => (Number.isFinite(v) ? v : -Number.MAX_VALUE);
