/**
 * Trainable tensors that can be resized in place. Every resize applies to the
 * value, the gradient and every optimizer slot alike, so a layer can gain or
 * lose neurons mid-training without disturbing the state of the survivors.
 */
import { kernel } from '../core/backend.js';
import { Tensor, type Shape, formatShape } from '../core/tensor.js';
import { axisSplit, checkIndices } from '../core/ops/shape.js';

export class Parameter extends Tensor {
  /** Optimizer state with the parameter's shape (e.g. "adam.m"), resized with it. */
  readonly slots = new Map<string, Float32Array>();
  name: string;
  /** Multiplies the optimizer's learning rate for this parameter (e.g. switches that must move faster than weights). */
  lrScale = 1;
  /**
   * Per-entry mask (1 keeps, 0 prunes), or null for a dense parameter. A pruned entry is held at exactly zero, and so
   * are its gradient and optimizer state: the layer computes with w ⊙ m without knowing about masks, and the
   * dense export of a masked model is simply its weights.
   */
  mask: Float32Array | null = null;

  constructor(data: Float32Array, shape: Shape, name = 'param', trainable = true) {
    super(data, shape, trainable);
    this.persistent = true;
    this.name = name;
  }

  static fromTensor(t: Tensor, name?: string, trainable = true): Parameter {
    return new Parameter(Float32Array.from(t.data), t.shape, name, trainable);
  }

  /** The named optimizer slot, created as zeros on first use. */
  slot(key: string): Float32Array {
    let s = this.slots.get(key);
    if (s === undefined) { s = new Float32Array(this.size); this.slots.set(key, s); }
    return s;
  }

  /** Sets the mask (or removes it, with null) and zeroes what it prunes: values, gradient and optimizer state. */
  setMask(mask: Float32Array | null): void {
    if (mask !== null) {
      if (mask.length !== this.size) throw new Error(`mask for parameter "${this.name}" ${formatShape(this.shape)} has ${mask.length} entries, expected ${this.size}`);
      if (mask.some((v) => v !== 0 && v !== 1)) throw new Error(`mask for parameter "${this.name}" holds values other than 0 and 1`);
    }
    this.mask = mask === null ? null : Float32Array.from(mask);
    this.applyMask();
  }

  /** Zeroes the pruned entries of the value, the gradient and every optimizer slot (for a new mask). */
  applyMask(): void {
    if (this.mask === null) return;
    for (const b of this.buffers(false)) multiplyInPlace(b.get(), this.mask);
  }

  /**
   * Around each optimizer step: the gradient before (so the moments of pruned entries stay zero) and the value
   * after (so no update, e.g. weight decay, moves a pruned weight).
   */
  maskGradient(): void { if (this.mask !== null && this.grad !== null) multiplyInPlace(this.grad.data, this.mask); }
  maskValue(): void { if (this.mask !== null) multiplyInPlace(this.data, this.mask); }

  /** Entries the mask keeps (all, without a mask). */
  get unmasked(): number {
    if (this.mask === null) return this.size;
    let n = 0;
    for (const v of this.mask) n += v;
    return n;
  }

  /** Every buffer shaped like the parameter: value, gradient, optimizer slots, and (with `withMask`) the mask. */
  private buffers(withMask = true): { get: () => Float32Array; set: (b: Float32Array) => void; fill?: number }[] {
    const list: { get: () => Float32Array; set: (b: Float32Array) => void; fill?: number }[] = [{ get: () => this.data, set: (b: Float32Array) => { this.data = b; } }];
    const g = this.grad;
    if (g !== null) list.push({ get: () => g.data, set: (b) => { g.data = b; } });
    for (const key of this.slots.keys()) {
      list.push({ get: () => this.slots.get(key)!, set: (b) => { this.slots.set(key, b); } });
    }
    // Entries inserted later (new units) are not pruned: their mask starts at 1.
    if (withMask && this.mask !== null) list.push({ get: () => this.mask!, set: (b) => { this.mask = b; }, fill: 1 });
    return list;
  }

  private checkAxis(op: string, axis: number): void {
    if (!Number.isInteger(axis) || axis < 0 || axis >= this.rank) {
      throw new Error(`${op}: axis ${axis} is out of range for parameter "${this.name}" ${formatShape(this.shape)}`);
    }
  }

  /**
   * Keeps only the entries `indices` along `axis`, in ascending order. Done in
   * place: survivors move towards the start of the existing buffers.
   */
  select(axis: number, indices: ArrayLike<number>): this {
    this.checkAxis('Parameter.select', axis);
    const idx = Int32Array.from(new Set(Array.from(indices))).sort();
    checkIndices(`Parameter.select on "${this.name}"`, idx, this.shape[axis]);
    const [outer, len, inner] = axisSplit(this.shape, axis);
    const newSize = outer * idx.length * inner;
    for (const b of this.buffers()) {
      const buf = b.get();
      kernel().indexSelect(buf, outer, len, inner, idx, buf);
      b.set(buf.subarray(0, newSize));
    }
    this.shape[axis] = idx.length;
    if (this.grad) this.grad.shape[axis] = idx.length;
    return this;
  }

  /** Removes the entries `indices` along `axis`. */
  remove(axis: number, indices: ArrayLike<number>): this {
    this.checkAxis('Parameter.remove', axis);
    const drop = new Set(Array.from(indices));
    for (const i of drop) checkIndices(`Parameter.remove on "${this.name}"`, Int32Array.of(i), this.shape[axis]);
    const keep: number[] = [];
    for (let i = 0; i < this.shape[axis]; i++) if (!drop.has(i)) keep.push(i);
    return this.select(axis, keep);
  }

  /**
   * Inserts `count` entries along `axis` before position `at`. Values come from
   * `init` (shape of the parameter with `count` on `axis`) or are zero; the
   * gradient and optimizer slots of new entries start at zero.
   */
  insert(axis: number, at: number, count: number, init?: Float32Array): this {
    this.checkAxis('Parameter.insert', axis);
    const len = this.shape[axis];
    if (!Number.isInteger(at) || at < 0 || at > len) {
      throw new Error(`Parameter.insert on "${this.name}": position ${at} is outside [0, ${len}]`);
    }
    const [outer, , inner] = axisSplit(this.shape, axis);
    if (init !== undefined && init.length !== outer * count * inner) {
      throw new Error(`Parameter.insert on "${this.name}": init has ${init.length} values, expected ${outer * count * inner}`);
    }
    const oldPos = new Int32Array(len), newPos = new Int32Array(count);
    for (let i = 0; i < len; i++) oldPos[i] = i < at ? i : i + count;
    for (let j = 0; j < count; j++) newPos[j] = at + j;
    const newLen = len + count;
    this.buffers().forEach((b, k) => {
      const grown = new Float32Array(outer * newLen * inner);
      kernel().indexScatter(b.get(), outer, inner, oldPos, grown, newLen, false);
      if (k === 0 && init !== undefined) kernel().indexScatter(init, outer, inner, newPos, grown, newLen, false);
      if (b.fill !== undefined) kernel().indexScatter(new Float32Array(outer * count * inner).fill(b.fill), outer, inner, newPos, grown, newLen, false);
      b.set(grown);
    });
    this.shape[axis] = newLen;
    if (this.grad) this.grad.shape[axis] = newLen;
    return this;
  }
}

function multiplyInPlace(buf: Float32Array, mask: Float32Array): void {
  // + 0 turns the -0 of a negative value times 0 into 0, so pruned entries are plain zeros.
  for (let i = 0; i < mask.length; i++) buf[i] = buf[i] * mask[i] + 0;
}
