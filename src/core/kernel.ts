/**
 * The kernel interface: every numeric routine Topiary needs, on flat float32
 * buffers. Two backends implement it (`reference` in TypeScript, `native` in
 * C++); everything above this file is backend-agnostic.
 */

export type F32 = Float32Array;

/** Elementwise unary functions; the index of each name is its kernel code. */
export const UNARY_OPS = [
  'identity', 'relu', 'leakyRelu', 'tanh', 'sigmoid', 'softplus', 'gelu', 'sin', 'cos', 'gaussian', 'step',
  'abs', 'neg', 'exp', 'log', 'sqrt', 'square', 'reciprocal',
] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'max', 'min'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

export const REDUCE_OPS = ['sum', 'mean', 'var', 'max'] as const;
export type ReduceOp = (typeof REDUCE_OPS)[number];

function codes<T extends string>(names: readonly T[]): Record<T, number> {
  return Object.fromEntries(names.map((n, i) => [n, i])) as Record<T, number>;
}
export const UNARY_CODE = codes(UNARY_OPS);
export const BINARY_CODE = codes(BINARY_OPS);
export const REDUCE_CODE = codes(REDUCE_OPS);

export const enum BiasMode { None = 0, PerColumn = 1, PerRow = 2 }

/** Conv geometry, packed as Int32Array: [N, C, H, W, OC, KH, KW, SH, SW, PH, PW, OH, OW]. */
export type ConvGeometry = Int32Array;
/** Pool geometry, packed as Int32Array: [N, C, H, W, KH, KW, SH, SW, PH, PW, OH, OW]. */
export type PoolGeometry = Int32Array;

export interface Kernel {
  readonly name: 'reference' | 'native';
  /** Short description (instruction set, threads). */
  describe(): string;
  setThreads(n: number): void;
  threads(): number;

  /** C = act(alpha·op(A)·op(B) + beta·C + bias); beta = 0 never reads C. */
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: F32, lda: number,
    b: F32, ldb: number, beta: number, c: F32, ldc: number, bias: F32 | null, biasMode: BiasMode, act: number,
    actAlpha: number): void;
  conv2dForward(x: F32, w: F32, b: F32 | null, y: F32, g: ConvGeometry): void;
  /** Overwrites gx. */
  conv2dBackwardInput(gy: F32, w: F32, gx: F32, g: ConvGeometry): void;
  /** Overwrites gw and gb. */
  conv2dBackwardFilter(x: F32, gy: F32, gw: F32, gb: F32 | null, g: ConvGeometry): void;
  maxPool2dForward(x: F32, y: F32, argmax: Int32Array, g: PoolGeometry): void;
  maxPool2dBackward(gy: F32, argmax: Int32Array, gx: F32, g: PoolGeometry): void;
  avgPool2dForward(x: F32, y: F32, g: PoolGeometry): void;
  avgPool2dBackward(gy: F32, gx: F32, g: PoolGeometry): void;

  unary(op: number, x: F32, y: F32, n: number, alpha: number): void;
  /** gx = gy · f'(x); uses x or y (the forward output), whichever the derivative needs. */
  unaryBackward(op: number, x: F32 | null, y: F32 | null, gy: F32, gx: F32, n: number, alpha: number): void;
  /** out[i] = a[i·aStrides] ∘ b[i·bStrides] over `shape` (broadcast axes have stride 0). */
  binary(op: number, a: F32, aStrides: Int32Array, b: F32, bStrides: Int32Array, out: F32, shape: Int32Array): void;
  /** Reduces the axes flagged in `reduced`; out has the kept axes, in order. `correction` applies to var. */
  reduce(op: number, x: F32, shape: Int32Array, reduced: Int32Array, out: F32, correction: number): void;

  softmax(x: F32, y: F32, rows: number, cols: number): void;
  /** Mean loss over rows; grad (optional) = d(mean loss)/d(logits). */
  softmaxCrossEntropy(logits: F32, labels: Int32Array, rows: number, cols: number, grad: F32 | null): number;
  /** Mean squared error; grad (optional) = d(mean)/d(pred). */
  mse(pred: F32, target: F32, n: number, grad: F32 | null): number;

  sgd(w: F32, g: F32, velocity: F32 | null, n: number, lr: number, momentum: number, dampening: number,
    nesterov: boolean, weightDecay: number, first: boolean): void;
  adam(w: F32, g: F32, m: F32, v: F32, n: number, lr: number, beta1: number, beta2: number, eps: number,
    weightDecay: number, decoupled: boolean, step: number): void;
  adamax(w: F32, g: F32, m: F32, u: F32, n: number, lr: number, beta1: number, beta2: number, eps: number,
    weightDecay: number, step: number): void;

  /** out[o, j, i] = x[o, idx[j], i]; out may alias x when idx is ascending. */
  indexSelect(x: F32, outer: number, axisLen: number, inner: number, idx: Int32Array, out: F32): void;
  /** out[o, idx[j], i] (+)= src[o, j, i]. */
  indexScatter(src: F32, outer: number, inner: number, idx: Int32Array, out: F32, axisLen: number,
    accumulate: boolean): void;

  /** Counter-based: element i depends only on (seed, counter + i). */
  randomUniform(out: F32, seed: number, counter: number, lo: number, hi: number): void;
  /** Element i uses counters counter + 2i and counter + 2i + 1. */
  randomNormal(out: F32, seed: number, counter: number, mean: number, std: number): void;
  fill(out: F32, value: number): void;

  /**
   * BatchNorm over x [rows, channels, inner] (inner = H·W, or 1): y = (x − mean)/√(var + eps)·gamma + beta per
   * channel. With batchStats the biased mean and variance are computed from x into `mean`/`var`; without, they are read.
   */
  batchNormForward(x: F32, gamma: F32 | null, beta: F32 | null, y: F32, mean: F32, variance: F32, rows: number,
    channels: number, inner: number, eps: number, batchStats: boolean): void;
  /** Gradients of batchNormForward (batchStats: whether mean/var came from x). Overwrites gx, gGamma, gBeta (each optional). */
  batchNormBackward(x: F32, gy: F32, mean: F32, variance: F32, gamma: F32 | null, gx: F32 | null, gGamma: F32 | null,
    gBeta: F32 | null, rows: number, channels: number, inner: number, eps: number, batchStats: boolean): void;
  /** out = alpha·x + beta·out over n elements; beta = 0 never reads out. */
  scaledAdd(x: F32, out: F32, n: number, alpha: number, beta: number): void;
  /** Σ a[i]·b[i] over n elements, accumulated in float64 (the same for any thread count). */
  dot(a: F32, b: F32, n: number): number;
}
