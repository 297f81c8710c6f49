/**
 * Every kernel on every available backend (each native instruction set, and
 * the JS small-op path) against the reference backend, on random and awkward
 * shapes (1, 7, 129, empty, and sizes large enough to take threaded paths).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { type Kernel, BiasMode, UNARY_OPS, UNARY_CODE, BINARY_OPS, BINARY_CODE, REDUCE_OPS, REDUCE_CODE } from '../../src/core/kernel.js';
import { referenceKernel as ref } from '../../src/core/backends/reference.js';
import { nativeKernel, nativeIsas, setNativeIsa, setSmallOpThreshold, smallOpThreshold } from '../../src/core/backends/native.js';
import { broadcastShapes, broadcastStrides, collapse } from '../../src/core/ops/broadcast.js';
import { assertClose, randomArray } from '../helpers.js';

interface Target { name: string; kernel: Kernel; setup: () => void }

const defaultThreshold = smallOpThreshold;
const targets: Target[] = [];
if (nativeKernel) {
  const original = nativeIsas()[0];
  for (const isa of nativeIsas()) {
    targets.push({ name: `native/${isa}`, kernel: nativeKernel, setup: () => { setNativeIsa(isa); setSmallOpThreshold(0); } });
  }
  targets.push({ name: 'native/js-small-ops', kernel: nativeKernel, setup: () => { setNativeIsa(original); setSmallOpThreshold(1 << 30); } });
  after(() => { setNativeIsa(original); setSmallOpThreshold(defaultThreshold); });
} else {
  // Without the addon the reference is checked against itself plus the fixed-value tests elsewhere.
  targets.push({ name: 'reference', kernel: ref, setup: () => {} });
}

const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
let seed = 100;
const rnd = (n: number, scale = 1) => randomArray(n, seed++, scale);

/** Runs `run` on the reference and the target with identical inputs and compares every output buffer. */
function same(k: Kernel, run: (k: Kernel) => ArrayLike<number>[], rtol = 1e-5, atol = 1e-5, what = ''): void {
  const expected = run(ref);
  const actual = run(k);
  expected.forEach((e, i) => assertClose(actual[i], e, rtol, atol, `${what} output ${i}`));
}

for (const target of targets) {
  describe(`kernel conformance: ${target.name}`, () => {
    const k = target.kernel;
    it('setup', () => target.setup());

    it('gemm: transposes, strides, alpha/beta, bias, fused activations', () => {
      const shapes: [number, number, number][] = [[1, 1, 1], [7, 129, 13], [129, 7, 300], [0, 5, 3], [5, 0, 3], [4, 5, 0], [33, 65, 263], [130, 260, 520]];
      for (const [m, n, kk] of shapes) for (const ta of [false, true]) for (const tb of [false, true]) {
        const pad = 3;
        const lda = (ta ? m : kk) + pad, ldb = (tb ? kk : n) + pad, ldc = n + pad;
        const a = rnd((ta ? kk : m) * lda + 1), b = rnd((tb ? n : kk) * ldb + 1), c0 = rnd(m * ldc + 1);
        const bias = rnd(Math.max(m, n));
        const cases: [number, number, BiasMode, string][] = [[1, 0, BiasMode.None, 'identity'], [0.5, 0.5, BiasMode.PerColumn, 'relu'],
          [1, 1, BiasMode.PerRow, 'tanh'], [2, 0, BiasMode.PerColumn, 'gelu'], [1, 0, BiasMode.None, 'leakyRelu']];
        for (const [alpha, beta, mode, act] of cases) {
          same(k, (kern) => {
            const c = c0.slice();
            kern.gemm(ta, tb, m, n, kk, alpha, a, lda, b, ldb, beta, c, ldc, bias, mode, UNARY_CODE[act as 'relu'], 0.1);
            return [c];
          }, 1e-4, 1e-4 * Math.sqrt(kk + 1), `gemm ${m}x${n}x${kk} ta=${ta} tb=${tb} ${act}`);
        }
      }
    });

    const convCases = [
      [2, 3, 7, 9, 4, 3, 1, 1], [1, 1, 5, 5, 1, 5, 1, 2], [3, 2, 8, 8, 5, 1, 1, 0], [2, 4, 11, 7, 3, 3, 2, 0],
      [0, 2, 5, 5, 3, 3, 1, 1], [4, 8, 14, 14, 16, 5, 1, 2],
      // Several images per GEMM with a short last chunk: pointwise, wide output (transposed GEMM), strided.
      [13, 6, 8, 8, 7, 1, 1, 0], [11, 4, 14, 14, 64, 5, 1, 2], [7, 3, 9, 9, 5, 3, 2, 1],
    ];
    it('conv2d forward and both backward passes', () => {
      for (const [N, C, H, W, OC, K, S, P] of convCases) {
        const OH = Math.floor((H + 2 * P - K) / S) + 1, OW = Math.floor((W + 2 * P - K) / S) + 1;
        const g = Int32Array.of(N, C, H, W, OC, K, K, S, S, P, P, OH, OW);
        const x = rnd(N * C * H * W), w = rnd(OC * C * K * K), b = rnd(OC), gy = rnd(N * OC * OH * OW);
        const tol = 1e-4 * Math.sqrt(C * K * K + N * OH * OW);
        same(k, (kern) => { const y = new Float32Array(N * OC * OH * OW); kern.conv2dForward(x, w, b, y, g); return [y]; }, 1e-4, tol, `conv fwd ${g}`);
        same(k, (kern) => { const gx = rnd(x.length); kern.conv2dBackwardInput(gy, w, gx, g); return [gx]; }, 1e-4, tol, `conv bwd input ${g}`);
        same(k, (kern) => {
          const gw = rnd(w.length), gb = rnd(OC);
          kern.conv2dBackwardFilter(x, gy, gw, gb, g);
          return [gw, gb];
        }, 1e-4, tol, `conv bwd filter ${g}`);
      }
    });

    it('max and average pooling, forward and backward', () => {
      for (const [N, C, H, W, K, S, P] of [[2, 3, 8, 8, 2, 2, 0], [1, 2, 7, 9, 3, 1, 1], [3, 1, 9, 7, 3, 2, 0], [1, 1, 1, 1, 1, 1, 0], [0, 2, 4, 4, 2, 2, 0], [64, 3, 32, 32, 3, 1, 1], [2, 2, 4, 6, 5, 1, 2]]) {
        const OH = Math.floor((H + 2 * P - K) / S) + 1, OW = Math.floor((W + 2 * P - K) / S) + 1;
        const g = Int32Array.of(N, C, H, W, K, K, S, S, P, P, OH, OW);
        const x = rnd(N * C * H * W), gy = rnd(N * C * OH * OW);
        same(k, (kern) => {
          const y = new Float32Array(gy.length), am = new Int32Array(gy.length), gx = rnd(x.length);
          kern.maxPool2dForward(x, y, am, g);
          kern.maxPool2dBackward(gy, am, gx, g);
          return [y, am, gx];
        }, 1e-6, 1e-6, `maxpool ${g}`);
        same(k, (kern) => {
          const y = new Float32Array(gy.length), gx = rnd(x.length);
          kern.avgPool2dForward(x, y, g);
          kern.avgPool2dBackward(gy, gx, g);
          return [y, gx];
        }, 1e-5, 1e-6, `avgpool ${g}`);
      }
    });

    it('unary functions and their derivatives', () => {
      for (const op of UNARY_OPS) for (const n of [0, 1, 7, 129, 70000]) {
        const positive = op === 'log' || op === 'sqrt' || op === 'reciprocal';
        const x = rnd(n, 3).map((v) => (positive ? Math.abs(v) + 0.1 : v));
        const gy = rnd(n);
        same(k, (kern) => {
          const y = new Float32Array(n), gx = new Float32Array(n);
          kern.unary(UNARY_CODE[op], x, y, n, 0.1);
          kern.unaryBackward(UNARY_CODE[op], x, y, gy, gx, n, 0.1);
          return [y, gx];
        }, 2e-5, 2e-6, `${op} n=${n}`);
      }
    });

    it('broadcasting binary ops', () => {
      const pairs: [number[], number[]][] = [[[7], [7]], [[129, 7], [7]], [[7, 1], [1, 129]], [[2, 3, 4, 5], [3, 1, 5]],
        [[], [4]], [[0, 3], [3]], [[300, 257], [300, 257]], [[1], [1]], [[300, 1, 257], [1, 3, 1]], [[5, 4], []]];
      for (const op of BINARY_OPS) for (const [sa, sb] of pairs) {
        const shape = broadcastShapes(op, sa, sb);
        const a = rnd(prod(sa)), b = rnd(prod(sb)).map((v) => (op === 'div' ? v + Math.sign(v) * 0.5 || 0.5 : v));
        const [s, as, bs] = collapse(shape, broadcastStrides(sa, shape), broadcastStrides(sb, shape));
        same(k, (kern) => {
          const out = new Float32Array(prod(shape));
          if (out.length) kern.binary(BINARY_CODE[op], a, as, b, bs, out, s);
          return [out];
        }, 1e-6, 1e-7, `${op} [${sa}] [${sb}]`);
      }
    });

    it('reductions along axes', () => {
      const cases: [number[], number[]][] = [[[7, 129], [0]], [[7, 129], [1]], [[7, 129], [0, 1]], [[2, 3, 4, 5], [0, 2, 3]],
        [[2, 3, 4, 5], [1]], [[2, 3, 4, 5], [3]], [[1], [0]], [[0, 4], [0]], [[300, 300], [0]]];
      for (const op of REDUCE_OPS) for (const [shape, axes] of cases) {
        if (op === 'max' && prod(shape) === 0) continue;
        const x = rnd(prod(shape));
        const mask = Int32Array.from(shape.map((_, i) => (axes.includes(i) ? 1 : 0)));
        const outN = prod(shape.filter((_, i) => !axes.includes(i)));
        same(k, (kern) => {
          const out = new Float32Array(outN);
          kern.reduce(REDUCE_CODE[op], x, Int32Array.from(shape), mask, out, op === 'var' ? 1 : 0);
          return [out];
        }, 1e-5, 1e-6, `${op} [${shape}] axes [${axes}]`);
      }
    });

    it('fused BatchNorm forward and backward, batch and fixed statistics', () => {
      for (const [N, C, inner] of [[4, 3, 25], [64, 16, 1024], [128, 300, 1], [1, 2, 7], [5, 1, 1]]) {
        const x = rnd(N * C * inner, 2), gy = rnd(N * C * inner), gamma = rnd(C), beta = rnd(C);
        for (const batchStats of [true, false]) {
          same(k, (kern) => {
            const y = new Float32Array(x.length), gx = new Float32Array(x.length), gg = new Float32Array(C), gb = new Float32Array(C);
            const mean = batchStats ? new Float32Array(C) : Float32Array.from({ length: C }, (_, c) => 0.1 * c);
            const variance = batchStats ? new Float32Array(C) : Float32Array.from({ length: C }, (_, c) => 0.5 + c);
            kern.batchNormForward(x, gamma, beta, y, mean, variance, N, C, inner, 1e-5, batchStats);
            kern.batchNormBackward(x, gy, mean, variance, gamma, gx, gg, gb, N, C, inner, 1e-5, batchStats);
            return [y, mean, variance, gx, gg, gb];
          }, 1e-4, 1e-4, `batchnorm [${N}, ${C}, ${inner}] batchStats=${batchStats}`);
        }
      }
    });

    it('scaled add: overwrite, accumulate, general', () => {
      for (const n of [1, 7, 129, 70000]) {
        const x = rnd(n), out0 = rnd(n);
        for (const [alpha, beta] of [[0.2, 0], [1, 1], [-1.5, 0.25]]) {
          same(k, (kern) => { const out = out0.slice(); kern.scaledAdd(x, out, n, alpha, beta); return [out]; }, 1e-6, 1e-6, `scaledAdd n=${n} ${alpha} ${beta}`);
        }
      }
    });

    it('dot product in float64, independent of the thread count', () => {
      for (const n of [0, 1, 15, 17, 129, 70000, 200003]) {
        const a = rnd(n), b = rnd(n);
        same(k, (kern) => [[kern.dot(a, b, n)]], 1e-6, 1e-6, `dot n=${n}`);
      }
    });

    it('softmax, fused softmax cross-entropy and MSE', () => {
      for (const [rows, cols] of [[0, 10], [1, 1], [7, 10], [129, 3]]) {
        const x = rnd(rows * cols, 5), labels = Int32Array.from({ length: rows }, (_, i) => (i * 7) % cols);
        same(k, (kern) => {
          const y = new Float32Array(rows * cols), g = new Float32Array(rows * cols);
          kern.softmax(x, y, rows, cols);
          const loss = kern.softmaxCrossEntropy(x, labels, rows, cols, g);
          return [y, g, [loss]];
        }, 1e-5, 1e-6, `softmax ${rows}x${cols}`);
      }
      for (const n of [0, 1, 129, 70000]) {
        const p = rnd(n), t = rnd(n);
        same(k, (kern) => { const g = new Float32Array(n); return [[kern.mse(p, t, n, g)], g]; }, 1e-5, 1e-7, `mse ${n}`);
      }
    });

    it('optimizer updates: SGD (momentum, Nesterov, decay), Adam, AdamW, AdaMax', () => {
      for (const n of [1, 7, 129, 70000]) {
        const w0 = rnd(n), g = rnd(n), s0 = rnd(n).map(Math.abs), s1 = rnd(n).map(Math.abs);
        for (const [mom, damp, nest, wd, first] of [[0, 0, false, 0, true], [0.9, 0, true, 1e-2, false], [0.5, 0.1, false, 0, false], [0.9, 0, false, 0, true]] as const) {
          same(k, (kern) => { const w = w0.slice(), v = s0.slice(); kern.sgd(w, g, mom ? v : null, n, 0.1, mom, damp, nest, wd, first); return [w, v]; }, 1e-5, 1e-6, `sgd ${n}`);
        }
        for (const decoupled of [false, true]) {
          same(k, (kern) => { const w = w0.slice(), m = s0.slice(), v = s1.slice(); kern.adam(w, g, m, v, n, 1e-2, 0.9, 0.999, 1e-8, 0.01, decoupled, 3); return [w, m, v]; }, 1e-5, 1e-6, `adam ${n}`);
        }
        same(k, (kern) => { const w = w0.slice(), m = s0.slice(), u = s1.slice(); kern.adamax(w, g, m, u, n, 2e-3, 0.9, 0.999, 1e-8, 0.01, 5); return [w, m, u]; }, 1e-5, 1e-6, `adamax ${n}`);
      }
    });

    it('index select and scatter along an axis, including in place', () => {
      for (const [outer, len, inner] of [[1, 1, 1], [3, 7, 5], [1, 129, 1], [4, 10, 0], [0, 3, 2]]) {
        const x = rnd(outer * len * inner);
        const idx = Int32Array.from({ length: Math.ceil(len / 2) }, (_, j) => Math.min(len - 1, 2 * j));
        same(k, (kern) => {
          const out = new Float32Array(outer * idx.length * inner);
          kern.indexSelect(x, outer, len, inner, idx, out);
          const inPlace = x.slice();
          kern.indexSelect(inPlace, outer, len, inner, idx, inPlace);
          const back = new Float32Array(x.length);
          kern.indexScatter(out, outer, inner, idx, back, len, false);
          const acc = x.slice();
          kern.indexScatter(out, outer, inner, idx, acc, len, true);
          return [out, inPlace.subarray(0, out.length), back, acc];
        }, 0, 0, `index ${outer}x${len}x${inner}`);
      }
    });

    it('seeded random numbers match the reference bit for bit (uniform) and to 1e-6 (normal)', () => {
      for (const n of [0, 1, 7, 129, 10000]) {
        same(k, (kern) => { const u = new Float32Array(n); kern.randomUniform(u, 42, 4294967290, -2, 3); return [u]; }, 0, 0, 'uniform');
        same(k, (kern) => { const z = new Float32Array(n); kern.randomNormal(z, 7, 123, 1, 2); return [z]; }, 1e-6, 1e-6, 'normal');
        same(k, (kern) => { const f = new Float32Array(n); kern.fill(f, 3.5); return [f]; }, 0, 0, 'fill');
      }
    });

    it('threads are settable', () => {
      const before = k.threads();
      k.setThreads(1);
      assert.equal(k.threads(), 1);
      k.setThreads(before);
      assert.equal(k.threads(), before);
    });
  });
}
