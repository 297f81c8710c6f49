/**
 * Net2WiderNet: a hidden group gains units. With net2net each new unit copies an existing one (incoming
 * weights, bias, BatchNorm and switch entries) and the copied unit's outgoing weights are shared out among
 * its copies, so the next layer sees the same sum. With zero, new units are freshly initialised and their
 * outgoing weights are zero. Parameters grow in place, so optimizer state of the old units stays with them
 * and new entries start with zero gradient and moments.
 */
import { initValues } from '../nn/init.js';
import { BatchNorm } from '../nn/batchnorm.js';
import type { Parameter } from '../nn/parameter.js';
import { Switch } from '../shrink/switch.js';
import type { MorphContext, Morphism, MorphResult, WidenStep } from './morphism.js';
import { type UnitGroup, unitGroup } from './unit-group.js';
import type { Rng } from '../core/random.js';

export const widen: Morphism<WidenStep> = {
  op: 'widen',
  description: 'add units to a hidden group (Net2WiderNet: copies with shared outgoing weights, or fresh units with zero outgoing weights)',
  refusal(model, step) {
    let g: UnitGroup;
    try { g = unitGroup(model, step.group); } catch (e) { return (e as Error).message; }
    if (!Number.isInteger(step.width) || step.width <= g.width) return `width must be an integer above the group's ${g.width} units, got ${step.width}`;
    if (step.mode !== undefined && step.mode !== 'net2net' && step.mode !== 'zero') return `mode must be net2net or zero, got ${String(step.mode)}`;
    if (step.noise !== undefined && !(step.noise >= 0 && step.noise < 1)) return `noise must be in [0, 1), got ${step.noise}`;
    if (step.inputNoise !== undefined && !(step.inputNoise >= 0)) return `inputNoise must be a number >= 0, got ${step.inputNoise}`;
    return null;
  },
  apply(model, step, ctx): MorphResult {
    const g = unitGroup(model, step.group);
    const n = g.width, added = step.width - n;
    const plan = step.mode === 'zero' ? null : copyPlan(n, added, step.noise ?? 0, ctx.rng);
    widenProducer(g, added, plan, ctx, step.inputNoise ?? 0);
    for (const i of g.carriers) {
      const m = model.layers[i];
      if (m instanceof BatchNorm) {
        const fresh = [1, 0, 0, 1];
        m.ownParameters().forEach((p, k) => insertCopies(p, n, added, plan, fresh[k]));
      } else if (m instanceof Switch) {
        insertCopies(m.beta, n, added, plan, 1);
        const ema = new Float64Array(n + added);
        ema.set(m.signEma);
        for (let j = 0; j < added; j++) ema[n + j] = plan ? m.signEma[plan.source[j]] : 1;
        m.signEma = ema;
      }
    }
    widenConsumer(g, added, plan);
    return { added: [] };
  },
};

/** Which unit each new unit copies, and the part of the outgoing weights each copy (the original included) keeps. */
interface CopyPlan { source: Int32Array; originalPart: Float32Array; copyPart: Float32Array }

function copyPlan(n: number, added: number, noise: number, rng: Rng): CopyPlan {
  // Cycling through one random order copies every unit once before any twice: the load stays even.
  const order = rng.permutation(n);
  const source = Int32Array.from({ length: added }, (_, j) => order[j % n]);
  const copies: number[][] = Array.from({ length: n }, () => []);
  source.forEach((u, j) => copies[u].push(j));
  const originalPart = new Float32Array(n).fill(1), copyPart = new Float32Array(added);
  for (let u = 0; u < n; u++) {
    if (copies[u].length === 0) continue;
    const c = copies[u].length + 1;
    const raw = Array.from({ length: c }, () => 1 + (noise > 0 ? noise * gaussian(rng) : 0));
    const total = raw.reduce((a, b) => a + b, 0);
    originalPart[u] = raw[0] / total;
    copies[u].forEach((j, k) => { copyPart[j] = raw[k + 1] / total; });
  }
  return { source, originalPart, copyPart };
}

function gaussian(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12), v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Appends `added` entries on axis 0 of a per-unit parameter: copies of the sources, or `fresh`. */
function insertCopies(p: Parameter, n: number, added: number, plan: CopyPlan | null, fresh: number): void {
  const per = p.size / n, init = new Float32Array(added * per);
  for (let j = 0; j < added; j++) {
    if (plan) init.set(p.data.subarray(plan.source[j] * per, (plan.source[j] + 1) * per), j * per);
    else init.fill(fresh, j * per, (j + 1) * per);
  }
  p.insert(0, n, added, init);
}

function widenProducer(g: UnitGroup, added: number, plan: CopyPlan | null, ctx: MorphContext, inputNoise: number): void {
  const { weight, bias } = g.producer;
  if (plan) {
    insertCopies(weight, g.width, added, plan, 0);
    if (inputNoise > 0) jitterRows(weight.data, g.width, added, inputNoise, ctx.rng);
  }
  else weight.insert(0, g.width, added, initValues('he', ctx.rng, [added, ...weight.shape.slice(1)], g.producer.fanIn, added));
  if (bias) insertCopies(bias, g.width, added, plan, 0);
}

/** Adds noise to rows n…n+added−1 of a [rows, per] weight, scaled by each row's own standard deviation. */
function jitterRows(w: Float32Array, n: number, added: number, scale: number, rng: Rng): void {
  const per = w.length / (n + added);
  for (let j = n; j < n + added; j++) {
    const row = w.subarray(j * per, (j + 1) * per);
    const mean = row.reduce((a, b) => a + b, 0) / per;
    const sd = Math.sqrt(row.reduce((a, b) => a + (b - mean) ** 2, 0) / per);
    for (let i = 0; i < per; i++) row[i] += scale * sd * gaussian(rng);
  }
}

function widenConsumer(g: UnitGroup, added: number, plan: CopyPlan | null): void {
  const w = g.consumer.weight, n = g.width;
  const outs = w.shape[0], inner = w.size / (outs * n);
  const init = new Float32Array(outs * added * inner);
  if (plan) {
    for (let o = 0; o < outs; o++) {
      const row = w.data.subarray(o * n * inner, (o + 1) * n * inner);
      for (let j = 0; j < added; j++) {
        const src = plan.source[j] * inner, dst = (o * added + j) * inner;
        for (let s = 0; s < inner; s++) init[dst + s] = row[src + s] * plan.copyPart[j];
      }
      for (let u = 0; u < n; u++) for (let s = 0; s < inner; s++) row[u * inner + s] *= plan.originalPart[u];
    }
  }
  // A convolution's weight has one input channel per unit on axis 1; a dense layer after a Flatten has `inner` columns per unit.
  if (w.shape[1] === n) w.insert(1, n, added, init);
  else w.insert(1, n * inner, added * inner, init);
}
