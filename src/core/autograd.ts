/** Reverse-mode differentiation over GradNodes, no-grad scopes and anomaly mode. */
import { kernel } from './backend.js';
import { BINARY_CODE } from './kernel.js';
import { type GradNode, Tensor, formatShape, sameShape, tensorsCreated } from './tensor.js';

let gradEnabled = true;
let anomaly = false;

export function isGradEnabled(): boolean { return gradEnabled; }

/** Runs fn without recording operations for differentiation. */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try { return fn(); } finally { gradEnabled = prev; }
}

/** When on, every op checks its output (and every backward step its gradients) for NaN/Inf. */
export function setAnomalyMode(on: boolean): void { anomaly = on; }
export function anomalyMode(): boolean { return anomaly; }

export function checkFinite(op: string, t: Tensor, what: string): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0) {
      throw new Error(`anomaly: op "${op}" produced ${Number.isNaN(v) ? 'NaN' : 'Inf'} in its ${what} (shape ${formatShape(t.shape)}, first at flat index ${i})`);
    }
  }
}

/** Whether an op on these inputs must record history (lets hot ops skip building a backward closure). */
export function tracking(a: Tensor, b?: Tensor): boolean {
  return gradEnabled && (a.requiresGrad || (b !== undefined && b.requiresGrad));
}

/** Attaches history to an op's output when any input needs a gradient. */
export function record(out: Tensor, op: string, inputs: readonly Tensor[], backward: GradNode['backward']): Tensor {
  if (anomaly) checkFinite(op, out, 'output');
  if (!gradEnabled) return out;
  let needs = false;
  for (const t of inputs) if (t.requiresGrad) { needs = true; break; }
  if (!needs) return out;
  out.requiresGrad = true;
  out.node = { op, inputs, backward };
  return out;
}

function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const inputs = top[0].node?.inputs ?? [];
    if (top[1] < inputs.length) {
      const next = inputs[top[1]++];
      if (next.requiresGrad && !seen.has(next)) { seen.add(next); stack.push([next, 0]); }
    } else {
      order.push(top[0]);
      stack.pop();
    }
  }
  return order.reverse();
}

/**
 * Accumulates d(root)/d(leaf) into leaf.grad for every leaf that requires a
 * gradient. Leaf gradients are persistent; free them with zeroGrad.
 */
export function backward(root: Tensor, gradRoot?: Tensor): void {
  if (!root.requiresGrad) throw new Error('backward: the tensor does not require a gradient (no parameter contributed to it)');
  if (gradRoot === undefined && root.size !== 1) {
    throw new Error(`backward: root has shape ${formatShape(root.shape)}; pass a gradient of that shape or reduce it to a scalar first`);
  }
  noGrad(() => new GradientSums(gradRoot ?? Tensor.full(root.shape, 1)).run(root));
}

/**
 * The pending gradient of each tensor during one backward pass. A gradient is released as soon as nothing pending
 * refers to its buffer, so a step's peak memory holds the activations and a frontier of gradients, not every
 * gradient of the step; and a tensor read by many ops sums its gradients into one buffer it owns.
 */
class GradientSums {
  private readonly pending = new Map<Tensor, Tensor>();
  /** Pending entries per buffer (a gradient and its views share one). */
  private readonly refs = new Map<Tensor, number>();
  /** Sums made here and not yet handed to any backward function: safe to add into in place. */
  private readonly owned = new Set<Tensor>();
  private readonly firstSerial = tensorsCreated();
  /**
   * Gradients replaced by a sum while a node's input gradients are being handed out: released only after all of them
   * are, since a backward function may return one tensor for several inputs (weightedSum([x, x, y], [1, 1, 1])).
   */
  private readonly replaced: Tensor[] = [];

  constructor(private readonly rootGrad: Tensor) {}

  run(root: Tensor): void {
    this.put(root, this.rootGrad);
    for (const t of topoOrder(root)) {
      const g = this.take(t);
      if (g === undefined) continue;
      if (t.node === null) {
        accumulateLeaf(t, g);
        this.releaseIfUnused(g);
        continue;
      }
      const inGrads = t.node.backward(g);
      const inputs = t.node.inputs;
      for (let i = 0; i < inputs.length; i++) {
        const gi = inGrads[i];
        const input = inputs[i];
        if (gi === null || gi === undefined || !input.requiresGrad) continue;
        if (anomaly) checkFinite(`${t.node.op} (backward)`, gi, `gradient for input ${i}`);
        this.accumulate(input, gi);
      }
      this.releaseIfUnused(g);
      for (const gi of inGrads) if (gi) this.releaseIfUnused(gi);
      for (const prev of this.replaced.splice(0)) this.releaseIfUnused(prev);
    }
  }

  private accumulate(input: Tensor, gi: Tensor): void {
    const prev = this.pending.get(input);
    if (prev === undefined) { this.put(input, gi); return; }
    if (!sameShape(prev.shape, gi.shape)) {
      throw new Error(`backward: gradients for one tensor disagree in shape (${formatShape(prev.shape)} vs ${formatShape(gi.shape)})`);
    }
    if (this.owned.has(prev)) {
      kernel().scaledAdd(gi.data, prev.data, prev.size, 1, 1);
      return;
    }
    const sum = Tensor.empty(prev.shape);
    const s = new Int32Array([1]);
    kernel().binary(BINARY_CODE.add, prev.data, s, gi.data, s, sum.data, new Int32Array([sum.size]));
    this.take(input);
    this.replaced.push(prev);
    this.put(input, sum);
    this.owned.add(sum);
  }

  private put(t: Tensor, g: Tensor): void {
    this.pending.set(t, g);
    const buffer = g.base ?? g;
    this.refs.set(buffer, (this.refs.get(buffer) ?? 0) + 1);
  }

  private take(t: Tensor): Tensor | undefined {
    const g = this.pending.get(t);
    if (g === undefined) return undefined;
    this.pending.delete(t);
    this.owned.delete(g);
    const buffer = g.base ?? g;
    this.refs.set(buffer, this.refs.get(buffer)! - 1);
    return g;
  }

  /** Releases a gradient's buffer when this pass made it and no pending gradient shares it. */
  private releaseIfUnused(g: Tensor): void {
    const buffer = g.base ?? g;
    if (buffer.serial < this.firstSerial || buffer.persistent || buffer === this.rootGrad) return;
    if ((this.refs.get(buffer) ?? 0) > 0) return;
    this.refs.delete(buffer);
    buffer.dispose();
  }
}

function accumulateLeaf(leaf: Tensor, g: Tensor): void {
  if (!sameShape(g.shape, leaf.shape)) {
    throw new Error(`backward: gradient shape ${formatShape(g.shape)} does not match tensor ${formatShape(leaf.shape)}`);
  }
  if (leaf.grad === null) {
    // Adopt the buffer when we own it outright; copy when it is a view or already some leaf's gradient.
    leaf.grad = g.persistent || g.base !== null ? copyOf(g) : g;
    leaf.grad.keep();
  } else {
    // The leaf's gradient buffer is its own (adopted or copied above), so a later pass adds into it.
    kernel().scaledAdd(g.data, leaf.grad.data, g.size, 1, 1);
  }
}

/** Returns a leaf's (persistent) gradient buffer to the pool. */
function releaseGrad(t: Tensor): void {
  if (t.grad === null) return;
  t.grad.persistent = false;
  t.grad.dispose();
  t.grad = null;
}

function copyOf(t: Tensor): Tensor {
  const c = Tensor.empty(t.shape);
  c.data.set(t.data);
  return c;
}

/** Releases the gradients of the given tensors. */
export function zeroGrad(tensors: Iterable<Tensor>): void {
  for (const t of tensors) releaseGrad(t);
}
