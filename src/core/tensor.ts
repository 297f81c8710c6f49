/** Float32 tensors with reverse-mode autograd and scoped buffer recycling. */
import { acquire, release } from './pool.js';

export type Shape = readonly number[];

/** How a tensor was made: the inputs and how to send a gradient back to them. */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** Gradients for each input (null where the input needs none), given the output gradient. */
  backward(gradOutput: Tensor): (Tensor | null)[];
}

const EMPTY = new Float32Array(0);
const scopes: Tensor[][] = [];
let created = 0;
let liveScoped = 0;

export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function formatShape(shape: Shape): string { return `[${shape.join(', ')}]`; }

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class Tensor {
  data: Float32Array;
  shape: number[];
  requiresGrad: boolean;
  grad: Tensor | null = null;
  node: GradNode | null = null;
  /** A view shares its base's buffer and never releases it. */
  base: Tensor | null = null;
  /** Persistent tensors (parameters, gradients, optimizer state) outlive every scope. */
  persistent = false;
  disposed = false;
  /** Creation order: lets the backward pass tell the gradients it made from tensors that existed before it. */
  readonly serial = created++;

  constructor(data: Float32Array, shape: Shape, requiresGrad = false) {
    if (data.length !== shapeSize(shape)) {
      throw new Error(`Tensor: data has ${data.length} elements but shape ${formatShape(shape)} needs ${shapeSize(shape)}`);
    }
    this.data = data;
    this.shape = shape.slice();
    this.requiresGrad = requiresGrad;
    const scope = scopes[scopes.length - 1];
    if (scope !== undefined) { scope.push(this); liveScoped++; }
  }

  get size(): number { return this.data.length; }
  get rank(): number { return this.shape.length; }

  /** A tensor with an uninitialised (recycled) buffer: the caller must overwrite every element. */
  static empty(shape: Shape): Tensor { return new Tensor(acquire(shapeSize(shape)), shape); }
  static zeros(shape: Shape): Tensor { const t = Tensor.empty(shape); t.data.fill(0); return t; }
  static full(shape: Shape, value: number): Tensor { const t = Tensor.empty(shape); t.data.fill(value); return t; }
  static scalar(value: number): Tensor { return Tensor.full([], value); }
  static from(values: ArrayLike<number>, shape?: Shape): Tensor {
    return new Tensor(Float32Array.from(values), shape ?? [values.length]);
  }

  item(): number {
    if (this.size !== 1) throw new Error(`item(): tensor has shape ${formatShape(this.shape)}, expected one element`);
    return this.data[0];
  }

  toArray(): number[] { return Array.from(this.data); }

  /** Same data, no history. */
  detach(): Tensor {
    const t = new Tensor(this.data, this.shape);
    t.base = this.base ?? this;
    return t;
  }

  /** The same buffer under another shape of equal size (a view: no copy, shares history with nothing). */
  view(shape: Shape): Tensor {
    if (shapeSize(shape) !== this.size) {
      throw new Error(`view: cannot view ${formatShape(this.shape)} (${this.size} elements) as ${formatShape(shape)}`);
    }
    const t = new Tensor(this.data, shape);
    t.base = this.base ?? this;
    return t;
  }

  /** Excludes this tensor (and its base) from the enclosing scopes' disposal. */
  keep(): this {
    this.persistent = true;
    if (this.base) this.base.keep();
    return this;
  }

  assertLive(op: string): void {
    if (this.disposed) {
      throw new Error(`${op}: input tensor ${formatShape(this.shape)} was disposed when its tidy() scope ended; return it from the scope or call keep()`);
    }
  }

  dispose(): void {
    if (this.persistent || this.disposed) return;
    if (this.base === null) release(this.data);
    this.data = EMPTY;
    this.node = null;
    this.disposed = true;
  }
}

/** How many tensors have been created so far (the next tensor's serial). */
export function tensorsCreated(): number { return created; }

/** Number of tensors currently owned by open scopes (for leak checks). */
export function liveScopedTensors(): number { return liveScoped; }

function collect(value: unknown, out: Set<Tensor>): void {
  if (value instanceof Tensor) out.add(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collect(v, out);
  }
}

/**
 * Runs fn; every tensor created inside and not returned (or kept) has its
 * buffer recycled when fn ends. Returned tensors move to the enclosing scope.
 */
export function tidy<T>(fn: () => T): T {
  scopes.push([]);
  let result: T | undefined;
  try {
    result = fn();
    return result;
  } finally {
    const mine = scopes.pop()!;
    liveScoped -= mine.length;
    const returned = new Set<Tensor>();
    collect(result, returned);
    for (const t of [...returned]) for (let b = t.base; b; b = b.base) returned.add(b);
    const parent = scopes[scopes.length - 1];
    for (const t of mine) {
      if (returned.has(t)) {
        if (parent !== undefined) { parent.push(t); liveScoped++; }
      } else if (!t.persistent) {
        t.dispose();
      }
    }
  }
}
