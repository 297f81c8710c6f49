/**
 * NEAT (Stanley & Miikkulainen 2002): a population of genomes that starts
 * minimal (every input wired to every output) and grows by mutation: weights
 * perturbed or replaced, a connection added, a connection split by a new
 * node. Innovation numbers let crossover align two parents' genes. Genomes
 * are grouped into species by a compatibility distance, and each shares its
 * fitness with its species, so new structure is protected while its weights
 * are tuned. The defaults are the paper's.
 */
import { Rng } from '../core/random.js';
import { type Activation, type Genome, type PopulationShape, cloneGenome as clone, minimalGenome, newConnectionEnds, wouldCycle } from './genome.js';

export interface NeatOptions extends PopulationShape {
  activation?: Activation;
  /** Compatibility distance: c1·excess/N + c2·disjoint/N + c3·mean weight difference. */
  c1?: number; c2?: number; c3?: number;
  threshold?: number;
  weightMutation?: number;
  /** Of mutated weights, the fraction perturbed (the rest get a new random value), and how far (uniform ±power). */
  perturb?: number;
  perturbPower?: number;
  addConnection?: number;
  addNode?: number;
  /** Offspring made by mutation alone, without crossover. */
  mutationOnly?: number;
  interspeciesMating?: number;
  /** Generations without improvement after which a species no longer reproduces. */
  stagnation?: number;
  /** The best fraction of each species that may parent. */
  survival?: number;
}

interface Species { id: number; representative: Genome; members: { genome: Genome; fitness: number }[]; best: number; stale: number }

/** Everything a run needs to continue exactly where it stopped (JSON). */
export interface NeatState {
  format: 'topiary-neat-state'; version: 1;
  generation: number; rngPosition: number; genomes: Genome[]; nextSpecies: number;
  species: { id: number; representative: Genome; best: number; stale: number }[];
  innovations: { next: number; nextNode: number; connections: [string, number][]; splits: [number, { node: number; into: number; out: number }][] };
}

/** Innovation numbers: the same structural change gets the same number wherever it happens. */
class Innovations {
  next: number;
  nextNode: number;
  readonly seenConnections = new Map<string, number>();
  readonly seenSplits = new Map<number, { node: number; into: number; out: number }>();
  constructor(firstInnovation: number, firstNode: number) { this.next = firstInnovation; this.nextNode = firstNode; }
  connection(from: number, to: number): number {
    const key = `${from}>${to}`;
    if (!this.seenConnections.has(key)) this.seenConnections.set(key, this.next++);
    return this.seenConnections.get(key)!;
  }
  split(innovation: number): { node: number; into: number; out: number } {
    if (!this.seenSplits.has(innovation)) this.seenSplits.set(innovation, { node: this.nextNode++, into: this.next++, out: this.next++ });
    return this.seenSplits.get(innovation)!;
  }
}

export class Neat {
  readonly o: Required<NeatOptions>;
  private readonly rng: Rng;
  private readonly innovations: Innovations;
  private species: Species[] = [];
  private nextSpecies = 0;
  genomes: Genome[];
  generation = 0;

  constructor(opts: NeatOptions) {
    this.o = { activation: 'sigmoid', c1: 1, c2: 1, c3: 0.4, threshold: 3, weightMutation: 0.8, perturb: 0.9, perturbPower: 2.5, addConnection: 0.05, addNode: 0.03, mutationOnly: 0.25,
      interspeciesMating: 0.001, stagnation: 15, survival: 0.2, ...opts };
    this.rng = new Rng(opts.seed);
    const { inputs, outputs } = this.o;
    // Node ids: inputs 0..I-1, the bias I, outputs after it; innovations: one per input-or-bias × output connection.
    this.innovations = new Innovations((inputs + 1) * outputs, inputs + 1 + outputs);
    this.genomes = Array.from({ length: this.o.population }, () => this.minimal());
  }

  /** The run's state after the last `tell`, for a checkpoint. */
  state(): NeatState {
    return {
      format: 'topiary-neat-state', version: 1, generation: this.generation, rngPosition: this.rng.position, genomes: this.genomes.map(clone), nextSpecies: this.nextSpecies,
      species: this.species.map((s) => ({ id: s.id, representative: clone(s.representative), best: s.best, stale: s.stale })),
      innovations: { next: this.innovations.next, nextNode: this.innovations.nextNode, connections: [...this.innovations.seenConnections], splits: [...this.innovations.seenSplits] },
    };
  }

  /** Continues a run from its state (with the options it was started with): the same generations follow as without the stop. */
  static restore(opts: NeatOptions, s: NeatState, where = 'checkpoint'): Neat {
    if (s?.format !== 'topiary-neat-state' || s.version !== 1) throw new Error(`${where}: format/version is ${JSON.stringify([s?.format, s?.version])}; expected ["topiary-neat-state", 1] (delete it to start afresh)`);
    const neat = new Neat(opts);
    neat.genomes = s.genomes.map(clone);
    neat.generation = s.generation;
    neat.nextSpecies = s.nextSpecies;
    // JSON has no -Infinity: a species' best before any member was scored comes back as null.
    neat.species = s.species.map((x) => ({ ...x, best: x.best ?? -Infinity, members: [] }));
    neat.innovations.next = s.innovations.next;
    neat.innovations.nextNode = s.innovations.nextNode;
    for (const [k, v] of s.innovations.connections) neat.innovations.seenConnections.set(k, v);
    for (const [k, v] of s.innovations.splits) neat.innovations.seenSplits.set(k, v);
    neat.rng.position = s.rngPosition;
    return neat;
  }

  private minimal(): Genome {
    return minimalGenome(this.o.inputs, this.o.outputs, this.o.activation, (_from, _to, index) => ({ innovation: index, weight: this.randomWeight(), enabled: true }));
  }

  private randomWeight(): number { return (this.rng.next() * 2 - 1) * 2; }

  /** Compatibility distance between two genomes (genes aligned by innovation number). */
  distance(a: Genome, b: Genome): number {
    const ga = new Map(a.connections.map((c) => [c.innovation, c])), gb = new Map(b.connections.map((c) => [c.innovation, c]));
    const maxA = Math.max(-1, ...ga.keys()), maxB = Math.max(-1, ...gb.keys());
    let excess = 0, disjoint = 0, matching = 0, weightDiff = 0;
    for (const [k, c] of ga) {
      const d = gb.get(k);
      if (d) { matching++; weightDiff += Math.abs(c.weight - d.weight); } else if (k > maxB) excess++; else disjoint++;
    }
    for (const k of gb.keys()) if (!ga.has(k)) { if (k > maxA) excess++; else disjoint++; }
    const n = Math.max(ga.size, gb.size) < 20 ? 1 : Math.max(ga.size, gb.size);
    return (this.o.c1 * excess) / n + (this.o.c2 * disjoint) / n + this.o.c3 * (matching ? weightDiff / matching : 0);
  }

  /** Takes the fitness of every genome (in `genomes` order) and breeds the next generation. */
  tell(fitness: number[]): void {
    this.speciate(fitness);
    // Stagnant species stop reproducing, except the one holding the best genome so far, so the population never loses it.
    const champion = this.species.reduce((a, b) => (b.best > a.best ? b : a));
    const alive = this.species.filter((s) => s.stale < this.o.stagnation || s === champion);
    const shared = alive.map((s) => s.members.reduce((a, m) => a + m.fitness, 0) / s.members.length);
    const total = shared.reduce((a, b) => a + b, 0);
    // Offspring per species in proportion to its mean (shared) fitness; rounding remainders go to the best.
    const counts = shared.map((f) => Math.floor(total > 0 ? (f / total) * this.o.population : this.o.population / alive.length));
    const order = shared.map((f, i) => [f, i]).sort((a, b) => b[0] - a[0]).map(([, i]) => i);
    for (let k = 0; counts.reduce((a, b) => a + b, 0) < this.o.population; k++) counts[order[k % order.length]]++;
    const next: Genome[] = [];
    alive.forEach((s, i) => {
      const ranked = [...s.members].sort((a, b) => b.fitness - a.fitness);
      let n = counts[i];
      if (n > 0 && ranked.length > 5) { next.push(clone(ranked[0].genome)); n--; }
      const parents = ranked.slice(0, Math.max(1, Math.ceil(ranked.length * this.o.survival)));
      for (let c = 0; c < n; c++) next.push(this.offspring(parents, alive));
    });
    this.genomes = next.slice(0, this.o.population);
    this.generation++;
  }

  private speciate(fitness: number[]): void {
    for (const s of this.species) s.members = [];
    this.genomes.forEach((genome, i) => {
      const home = this.species.find((s) => this.distance(genome, s.representative) < this.o.threshold);
      if (home) home.members.push({ genome, fitness: fitness[i] });
      else this.species.push({ id: this.nextSpecies++, representative: genome, members: [{ genome, fitness: fitness[i] }], best: -Infinity, stale: 0 });
    });
    this.species = this.species.filter((s) => s.members.length > 0);
    for (const s of this.species) {
      const best = Math.max(...s.members.map((m) => m.fitness));
      if (best > s.best) { s.best = best; s.stale = 0; } else s.stale++;
      s.representative = s.members[this.rng.int(s.members.length)].genome;
    }
  }

  private offspring(parents: { genome: Genome; fitness: number }[], species: Species[]): Genome {
    const pick = () => parents[this.rng.int(parents.length)];
    let child: Genome;
    if (this.rng.next() < this.o.mutationOnly) child = clone(pick().genome);
    else {
      const a = pick();
      const others = this.rng.next() < this.o.interspeciesMating ? species[this.rng.int(species.length)].members : parents;
      const b = others[this.rng.int(others.length)];
      child = this.crossover(a.fitness >= b.fitness ? a.genome : b.genome, a.fitness >= b.fitness ? b.genome : a.genome);
    }
    this.mutate(child);
    return child;
  }

  /** Genes aligned by innovation: matching ones from either parent at random, disjoint and excess from the fitter. */
  private crossover(fitter: Genome, other: Genome): Genome {
    const theirs = new Map(other.connections.map((c) => [c.innovation, c]));
    const connections = fitter.connections.map((c) => {
      const d = theirs.get(c.innovation);
      const gene = { ...(d && this.rng.next() < 0.5 ? d : c) };
      // A gene disabled in either parent stays disabled with probability 3/4.
      gene.enabled = (!c.enabled || (d && !d.enabled)) ? this.rng.next() >= 0.75 : true;
      return gene;
    });
    const child: Genome = { format: 'topiary-genome', version: 1, nodes: fitter.nodes.map((n) => ({ ...n })), connections };
    // Re-enabling may close a cycle (the parents differ in structure): such genes stay disabled.
    for (const c of child.connections) if (c.enabled) { c.enabled = false; if (!wouldCycle(child, c.from, c.to)) c.enabled = true; }
    return child;
  }

  private mutate(g: Genome): void {
    if (this.rng.next() < this.o.weightMutation) {
      for (const c of g.connections) c.weight = this.rng.next() < this.o.perturb ? c.weight + (this.rng.next() * 2 - 1) * this.o.perturbPower : this.randomWeight();
    }
    if (this.rng.next() < this.o.addNode) this.addNode(g);
    if (this.rng.next() < this.o.addConnection) this.addConnection(g);
  }

  private addNode(g: Genome): void {
    const enabled = g.connections.filter((c) => c.enabled);
    if (!enabled.length) return;
    const c = enabled[this.rng.int(enabled.length)];
    const { node, into, out } = this.innovations.split(c.innovation);
    if (g.nodes.some((n) => n.id === node)) return;
    c.enabled = false;
    g.nodes.push({ id: node, kind: 'hidden', activation: this.o.activation });
    g.connections.push({ innovation: into, from: c.from, to: node, weight: 1, enabled: true }, { innovation: out, from: node, to: c.to, weight: c.weight, enabled: true });
  }

  private addConnection(g: Genome): void {
    const ends = newConnectionEnds(g, this.rng, 20);
    if (ends) g.connections.push({ innovation: this.innovations.connection(ends.from, ends.to), ...ends, weight: this.randomWeight(), enabled: true });
  }
}
