/**
 * Morphism spaces: an architecture is a small root network of a base space (conv-stack or mlp-stack) and the
 * function-preserving steps applied to it since (wider, deeper, larger kernels). Every architecture but the
 * root has a parent trial whose trained weights it inherits: the steps after the parent's are applied to the
 * parent's network, so a child starts where its parent ended instead of from random weights. Built from
 * scratch (no parent), the same root and steps give a fresh network of the same shape.
 */
import { Rng } from '../../core/random.js';
import type { ArchDrawing } from '../../arch/drawing.js';
import { type MorphStep, applyMorphism, describeStep, hiddenGroupCount, morphRefusal, traceShapes, unitGroup } from '../../grow/index.js';
import { Conv2d } from '../../nn/conv2d.js';
import { Dense } from '../../nn/dense.js';
import type { Sequential } from '../../nn/sequential.js';
import type { SearchSpace } from '../../study/space.js';
import type { TrainableSpace } from '../trainable-space.js';
import { type ConvStack, convStackSpace } from './conv-stack.js';
import { type MlpStack, mlpStackSpace } from './mlp-stack.js';

export interface MorphParams<B = unknown> {
  root: B;
  /** Every step from the root, in order. */
  steps: MorphStep[];
  /** The trial whose weights this one inherits (null: trained from scratch). */
  parent: number | null;
  /** How many of `steps` come after the parent's (the ones applied to its weights). */
  newSteps: number;
}

/** Limits a morph space checks when proposing (main thread: it knows the data's shape). */
export interface MorphLimits { inputShape: number[]; outputs: number; maxParams?: number }

export interface MorphSearchSpace<B = unknown> extends SearchSpace<MorphParams<B>> {
  /** The steps that can grow `p` with its function preserved and within the limits. */
  candidateSteps(p: MorphParams<B>): MorphStep[];
  /** `p` grown by `step`, inheriting from trial `parent`. */
  child(p: MorphParams<B>, step: MorphStep, parent: number | null): MorphParams<B>;
  /** Parameters of `p`'s network. */
  parameterCount(p: MorphParams<B>): number;
}

const MAX_WIDTH = { conv: 128, dense: 1024 }, MAX_GROUPS = 6, MAX_KERNEL = 7;
/** Shapes used when no limits are known: only the network's structure matters for describing and drawing. */
const PROBE = { conv: { inputShape: [1, 28, 28], outputs: 10 }, dense: { inputShape: [8], outputs: 1 } };

interface BaseEntry<B> { space: TrainableSpace<B>; root: B; kind: 'conv' | 'dense' }
const BASES: Record<string, () => BaseEntry<unknown>> = {
  'conv-stack': () => ({ space: convStackSpace() as TrainableSpace, root: { blocks: [{ channels: 8, kernel: 3 }], dense: 64 } satisfies ConvStack, kind: 'conv' }),
  'mlp-stack': () => ({ space: mlpStackSpace() as TrainableSpace, root: { layers: [{ width: 16, activation: 'relu' }] } satisfies MlpStack, kind: 'dense' }),
};
export const MORPH_BASES = Object.keys(BASES);

/** The network of `p` with fresh weights (seeded), every step applied. */
function buildFresh<B>(base: BaseEntry<B>, p: MorphParams<B>, inputShape: number[], outputs: number, seed: number): Sequential {
  const model = base.space.build(p.root, inputShape, outputs, seed) as Sequential;
  const rng = new Rng(seed + 1);
  for (const step of p.steps) applyMorphism(model, step, { rng, inputShape });
  return model;
}

/** Every step that grows `m` with its function preserved, within the sizes a search should reach. */
function growthSteps(m: Sequential, inputShape: number[]): MorphStep[] {
  traceShapes(m, inputShape);
  const groups = hiddenGroupCount(m), out: MorphStep[] = [];
  const ctx = { rng: new Rng(0), inputShape };
  for (let g = 0; g < groups; g++) {
    const { producer, width } = unitGroup(m, g);
    const conv = producer instanceof Conv2d;
    if (width * 2 <= (conv ? MAX_WIDTH.conv : MAX_WIDTH.dense)) out.push({ op: 'widen', group: g, width: width * 2, noise: 0.1 });
    if (groups < MAX_GROUPS) out.push(conv ? { op: 'deepen', group: g, kernel: 3 } : { op: 'deepen', group: g });
    if (conv && producer.kernelSize + 2 <= MAX_KERNEL) out.push({ op: 'widen-kernel', group: g, kernel: producer.kernelSize + 2 });
  }
  return out.filter((s) => morphRefusal(m, s, ctx) === null);
}

function stackDrawing(model: Sequential): Extract<ArchDrawing, { kind: 'stack' }> {
  return { kind: 'stack', layers: model.layers.flatMap((l, i) => {
    const last = i === model.layers.length - 1;
    if (l instanceof Conv2d) return [{ op: `conv ${l.kernelSize}×${l.kernelSize}`, width: l.outChannels }];
    if (l instanceof Dense && !last) return [{ op: `dense ${l.activation}`, width: l.outFeatures }];
    return [];
  }) };
}

export function morphTrainable(baseName: string, limits?: MorphLimits): TrainableSpace<MorphParams> & { search: MorphSearchSpace } {
  const make = BASES[baseName];
  if (!make) throw new Error(`morph space: no base space "${baseName}"; expected one of ${MORPH_BASES.join(', ')}`);
  const base = make();
  const shape = limits ?? PROBE[base.kind];
  // What proposing needs of a network, kept per architecture; the network itself is dropped (thousands are proposed).
  const known = new Map<string, { drawing: Extract<ArchDrawing, { kind: 'stack' }>; params: number; steps: MorphStep[] }>();
  const key = (p: MorphParams) => JSON.stringify([p.root, p.steps]);
  const infoOf = (p: MorphParams) => {
    let info = known.get(key(p));
    if (!info) {
      const m = buildFresh(base, p, shape.inputShape, shape.outputs, 0);
      info = { drawing: stackDrawing(m), params: m.parameterCount(), steps: growthSteps(m, shape.inputShape) };
      known.set(key(p), info);
    }
    return info;
  };
  const describe = (p: MorphParams) => {
    // Conv layers as conv-stack writes them (16k3: 16 channels, 3×3), dense layers by width.
    const text = infoOf(p).drawing.layers.map((l) => (l.op.startsWith('conv') ? `${l.width}k${l.op.slice(5, 6)}` : `dense ${l.width}`)).join(' · ');
    return p.parent === null ? text : `${text} ← #${p.parent} ${p.steps.slice(p.steps.length - p.newSteps).map(describeStep).join(', ')}`;
  };
  const candidateSteps = (p: MorphParams): MorphStep[] => infoOf(p).steps
    .filter((s) => limits?.maxParams === undefined || parameterCount(child(p, s, null)) <= limits.maxParams);
  const child = (p: MorphParams, step: MorphStep, parent: number | null): MorphParams => ({ root: p.root, steps: [...p.steps, step], parent, newSteps: parent === null ? p.steps.length + 1 : 1 });
  const parameterCount = (p: MorphParams) => infoOf(p).params;
  const isValid = (p: unknown): p is MorphParams => {
    const q = p as MorphParams | null;
    return typeof q === 'object' && q !== null && base.space.search.isValid(q.root) && Array.isArray(q.steps)
      && (q.parent === null || Number.isInteger(q.parent)) && Number.isInteger(q.newSteps) && q.newSteps >= 0 && q.newSteps <= q.steps.length;
  };
  const search: MorphSearchSpace = {
    name: `morph:${baseName}`, describe, key, isValid, size: Infinity, candidateSteps, child, parameterCount,
    draw: (p) => infoOf(p).drawing,
    sample: () => ({ root: base.root, steps: [], parent: null, newSteps: 0 }),
    mutate(p, rng) {
      const steps = candidateSteps(p);
      return steps.length === 0 ? p : child(p, steps[rng.int(steps.length)], null);
    },
    crossover: (a, _b, rng) => search.mutate(a, rng),
  };
  const root = search.sample(new Rng(0));
  if (limits?.maxParams !== undefined && parameterCount(root) > limits.maxParams) {
    throw new Error(`max-params: the search starts from ${describe(root)} with ${parameterCount(root)} parameters on this data, above the cap of ${limits.maxParams}; raise the cap`);
  }
  return {
    name: `morph:${baseName}`,
    description: `${baseName} grown by function-preserving steps from ${base.space.search.describe(base.root)}; children inherit their parent's weights`,
    search,
    build: (p, inputShape, outputs, seed) => buildFresh(base, p, inputShape, outputs, seed),
    lineage: (p) => (p.parent === null ? null : { parent: p.parent, steps: p.steps.slice(p.steps.length - p.newSteps) }),
  };
}

/** The space as a morph space, or an error naming the strategy that needs one. */
export function requireMorphSpace<P>(space: SearchSpace<P>, strategy: string): MorphSearchSpace {
  const s = space as unknown as Partial<MorphSearchSpace>;
  if (typeof s.candidateSteps !== 'function' || typeof s.child !== 'function') {
    throw new Error(`strategy ${strategy} grows trained networks by function-preserving steps; space ${space.name} is not a morph space (search --space conv-stack or mlp-stack with a morph strategy)`);
  }
  return s as MorphSearchSpace;
}
