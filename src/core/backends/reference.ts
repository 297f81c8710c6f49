/**
 * The reference backend: plain loops, float64 accumulation, no cleverness.
 * It is the oracle the native backend is tested against, and the fallback
 * when the addon is not built.
 */
import { type F32, type Kernel, type UnaryOp, BiasMode, UNARY_OPS } from '../kernel.js';
import { normalAt, uniformAt } from '../random-bits.js';

type Fwd = (x: number, alpha: number) => number;
type Grad = (x: number, y: number, alpha: number) => number;

const erf = (x: number): number => {
  // Abramowitz-Stegun 7.1.26 is too coarse for an oracle; use a series/continued fraction split.
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let sum = 0, term = ax;
    for (let n = 0; n < 60; n++) {
      sum += term / (2 * n + 1);
      term *= -ax * ax / (n + 1);
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction (Lentz) for the tail.
  let f = ax, c = ax, d = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    d = ax + an * d; d = 1 / d;
    c = ax + an / c;
    f *= c * d;
  }
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
};

export const UNARY_FORWARD: Record<UnaryOp, Fwd> = {
  identity: (x) => x,
  relu: (x) => (x > 0 ? x : 0),
  leakyRelu: (x, a) => (x > 0 ? x : a * x),
  tanh: (x) => Math.tanh(x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  softplus: (x) => Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  sin: (x) => Math.sin(x),
  cos: (x) => Math.cos(x),
  gaussian: (x) => Math.exp(-0.5 * x * x),
  step: (x) => (x > 0 ? 1 : 0),
  abs: (x) => Math.abs(x),
  neg: (x) => -x,
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  sqrt: (x) => Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
};

export const UNARY_GRAD: Record<UnaryOp, Grad> = {
  identity: () => 1,
  relu: (x) => (x > 0 ? 1 : 0),
  leakyRelu: (x, _y, a) => (x > 0 ? 1 : a),
  tanh: (_x, y) => 1 - y * y,
  sigmoid: (_x, y) => y * (1 - y),
  softplus: (x) => 1 / (1 + Math.exp(-x)),
  gelu: (x) => 0.5 * (1 + erf(x / Math.SQRT2)) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI),
  sin: (x) => Math.cos(x),
  cos: (x) => -Math.sin(x),
  gaussian: (x, y) => -x * y,
  step: () => 0,
  abs: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  neg: () => -1,
  exp: (_x, y) => y,
  log: (x) => 1 / x,
  sqrt: (_x, y) => 0.5 / y,
  square: (x) => 2 * x,
  reciprocal: (_x, y) => -y * y,
};

const FWD = UNARY_OPS.map((n) => UNARY_FORWARD[n]);
const GRAD = UNARY_OPS.map((n) => UNARY_GRAD[n]);

const BIN: ((a: number, b: number) => number)[] = [
  (a, b) => a + b,
  (a, b) => a - b,
  (a, b) => a * b,
  (a, b) => a / b,
  (a, b) => (a > b || Number.isNaN(a) ? a : b),
  (a, b) => (a < b || Number.isNaN(a) ? a : b),
];

const geom = (g: Int32Array) => ({
  N: g[0], C: g[1], H: g[2], W: g[3], OC: g[4], KH: g[5], KW: g[6], SH: g[7], SW: g[8], PH: g[9], PW: g[10],
  OH: g[11], OW: g[12],
});
const pgeom = (g: Int32Array) => ({
  N: g[0], C: g[1], H: g[2], W: g[3], KH: g[4], KW: g[5], SH: g[6], SW: g[7], PH: g[8], PW: g[9], OH: g[10],
  OW: g[11],
});

function forEachIndex(shape: ArrayLike<number>, fn: (idx: number[]) => void): void {
  const nd = shape.length;
  let total = 1;
  for (let d = 0; d < nd; d++) total *= shape[d];
  if (total === 0) return;
  const idx = new Array<number>(nd).fill(0);
  for (let t = 0; t < total; t++) {
    fn(idx);
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
}

let threadCount = 1;

export const referenceKernel: Kernel = {
  name: 'reference',
  describe: () => 'reference (TypeScript, single thread)',
  setThreads: (n) => { threadCount = Math.max(1, n); },
  threads: () => threadCount,

  gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, biasMode, act, actAlpha) {
    const f = FWD[act];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
        let v = alpha * s + (beta === 0 ? 0 : beta * c[i * ldc + j]);
        if (biasMode === BiasMode.PerColumn) v += bias![j];
        else if (biasMode === BiasMode.PerRow) v += bias![i];
        c[i * ldc + j] = f(Math.fround(v), actAlpha);
      }
    }
  },

  conv2dForward(x, w, b, y, gg) {
    const g = geom(gg);
    for (let n = 0; n < g.N; n++) for (let oc = 0; oc < g.OC; oc++) for (let oh = 0; oh < g.OH; oh++) {
      for (let ow = 0; ow < g.OW; ow++) {
        let s = b ? b[oc] : 0;
        for (let c = 0; c < g.C; c++) for (let kh = 0; kh < g.KH; kh++) for (let kw = 0; kw < g.KW; kw++) {
          const ih = oh * g.SH - g.PH + kh, iw = ow * g.SW - g.PW + kw;
          if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
          s += x[((n * g.C + c) * g.H + ih) * g.W + iw] * w[((oc * g.C + c) * g.KH + kh) * g.KW + kw];
        }
        y[((n * g.OC + oc) * g.OH + oh) * g.OW + ow] = s;
      }
    }
  },

  conv2dBackwardInput(gy, w, gx, gg) {
    const g = geom(gg);
    const acc = new Float64Array(g.N * g.C * g.H * g.W);
    for (let n = 0; n < g.N; n++) for (let oc = 0; oc < g.OC; oc++) for (let oh = 0; oh < g.OH; oh++) {
      for (let ow = 0; ow < g.OW; ow++) {
        const go = gy[((n * g.OC + oc) * g.OH + oh) * g.OW + ow];
        for (let c = 0; c < g.C; c++) for (let kh = 0; kh < g.KH; kh++) for (let kw = 0; kw < g.KW; kw++) {
          const ih = oh * g.SH - g.PH + kh, iw = ow * g.SW - g.PW + kw;
          if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
          acc[((n * g.C + c) * g.H + ih) * g.W + iw] += go * w[((oc * g.C + c) * g.KH + kh) * g.KW + kw];
        }
      }
    }
    gx.set(acc);
  },

  conv2dBackwardFilter(x, gy, gw, gb, gg) {
    const g = geom(gg);
    const acc = new Float64Array(g.OC * g.C * g.KH * g.KW);
    const bacc = new Float64Array(g.OC);
    for (let n = 0; n < g.N; n++) for (let oc = 0; oc < g.OC; oc++) for (let oh = 0; oh < g.OH; oh++) {
      for (let ow = 0; ow < g.OW; ow++) {
        const go = gy[((n * g.OC + oc) * g.OH + oh) * g.OW + ow];
        bacc[oc] += go;
        for (let c = 0; c < g.C; c++) for (let kh = 0; kh < g.KH; kh++) for (let kw = 0; kw < g.KW; kw++) {
          const ih = oh * g.SH - g.PH + kh, iw = ow * g.SW - g.PW + kw;
          if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
          acc[((oc * g.C + c) * g.KH + kh) * g.KW + kw] += go * x[((n * g.C + c) * g.H + ih) * g.W + iw];
        }
      }
    }
    gw.set(acc);
    if (gb) gb.set(bacc);
  },

  maxPool2dForward(x, y, argmax, gg) {
    const g = pgeom(gg);
    for (let p = 0; p < g.N * g.C; p++) for (let oh = 0; oh < g.OH; oh++) for (let ow = 0; ow < g.OW; ow++) {
      let best = -Infinity, bi = -1;
      for (let kh = 0; kh < g.KH; kh++) for (let kw = 0; kw < g.KW; kw++) {
        const ih = oh * g.SH - g.PH + kh, iw = ow * g.SW - g.PW + kw;
        if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
        const v = x[p * g.H * g.W + ih * g.W + iw];
        // The first element in the window seeds the max; later ones must be strictly greater (as native).
        if (bi < 0 || v > best) { best = v; bi = ih * g.W + iw; }
      }
      y[p * g.OH * g.OW + oh * g.OW + ow] = best;
      argmax[p * g.OH * g.OW + oh * g.OW + ow] = bi;
    }
  },

  maxPool2dBackward(gy, argmax, gx, gg) {
    const g = pgeom(gg);
    gx.fill(0);
    for (let p = 0; p < g.N * g.C; p++) for (let i = 0; i < g.OH * g.OW; i++) {
      const a = argmax[p * g.OH * g.OW + i];
      if (a >= 0) gx[p * g.H * g.W + a] += gy[p * g.OH * g.OW + i];
    }
  },

  avgPool2dForward(x, y, gg) {
    const g = pgeom(gg);
    for (let p = 0; p < g.N * g.C; p++) for (let oh = 0; oh < g.OH; oh++) for (let ow = 0; ow < g.OW; ow++) {
      let s = 0;
      for (let kh = 0; kh < g.KH; kh++) for (let kw = 0; kw < g.KW; kw++) {
        const ih = oh * g.SH - g.PH + kh, iw = ow * g.SW - g.PW + kw;
        if (ih >= 0 && ih < g.H && iw >= 0 && iw < g.W) s += x[p * g.H * g.W + ih * g.W + iw];
      }
      y[p * g.OH * g.OW + oh * g.OW + ow] = s / (g.KH * g.KW);
    }
  },

  avgPool2dBackward(gy, gx, gg) {
    const g = pgeom(gg);
    gx.fill(0);
    for (let p = 0; p < g.N * g.C; p++) for (let oh = 0; oh < g.OH; oh++) for (let ow = 0; ow < g.OW; ow++) {
      const v = gy[p * g.OH * g.OW + oh * g.OW + ow] / (g.KH * g.KW);
      for (let kh = 0; kh < g.KH; kh++) for (let kw = 0; kw < g.KW; kw++) {
        const ih = oh * g.SH - g.PH + kh, iw = ow * g.SW - g.PW + kw;
        if (ih >= 0 && ih < g.H && iw >= 0 && iw < g.W) gx[p * g.H * g.W + ih * g.W + iw] += v;
      }
    }
  },

  unary(op, x, y, n, alpha) {
    const f = FWD[op];
    for (let i = 0; i < n; i++) y[i] = f(x[i], alpha);
  },

  unaryBackward(op, x, y, gy, gx, n, alpha) {
    const d = GRAD[op];
    for (let i = 0; i < n; i++) gx[i] = gy[i] * d(x ? x[i] : 0, y ? y[i] : 0, alpha);
  },

  binary(op, a, as, b, bs, out, shape) {
    const f = BIN[op];
    if (shape.length === 0) { out[0] = f(a[0], b[0]); return; }
    if (shape.length === 1) {
      const n = shape[0], sa = as[0], sb = bs[0];
      if (op === 0 && sa === 1 && sb === 1) { for (let i = 0; i < n; i++) out[i] = a[i] + b[i]; return; }
      for (let i = 0; i < n; i++) out[i] = f(a[i * sa], b[i * sb]);
      return;
    }
    let o = 0;
    forEachIndex(shape, (idx) => {
      let ai = 0, bi = 0;
      for (let d = 0; d < idx.length; d++) { ai += idx[d] * as[d]; bi += idx[d] * bs[d]; }
      out[o++] = f(a[ai], b[bi]);
    });
  },

  reduce(op, x, shape, reduced, out, correction) {
    const nd = shape.length;
    const ostr = new Array<number>(nd).fill(0);
    let s = 1, count = 1;
    for (let d = nd - 1; d >= 0; d--) {
      if (reduced[d]) count *= shape[d];
      else { ostr[d] = s; s *= shape[d]; }
    }
    const acc = new Float64Array(s).fill(op === 3 ? -Infinity : 0);
    const outIndex = (idx: number[]) => idx.reduce((t, v, d) => t + v * ostr[d], 0);
    let i = 0;
    if (nd === 0) { out[0] = op === 2 ? 0 : x[0]; return; }
    forEachIndex(shape, (idx) => {
      const o = outIndex(idx), v = x[i++];
      if (op === 3) acc[o] = v > acc[o] || Number.isNaN(v) ? v : acc[o];
      else acc[o] += v;
    });
    if (op === 0 || op === 3) { out.set(acc); return; }
    for (let j = 0; j < s; j++) acc[j] /= count;
    if (op === 1) { out.set(acc); return; }
    const sq = new Float64Array(s);
    i = 0;
    forEachIndex(shape, (idx) => { const o = outIndex(idx); const dv = x[i++] - acc[o]; sq[o] += dv * dv; });
    for (let j = 0; j < s; j++) out[j] = count - correction > 0 ? sq[j] / (count - correction) : NaN;
  },

  softmax(x, y, rows, cols) {
    for (let r = 0; r < rows; r++) {
      let m = -Infinity;
      for (let j = 0; j < cols; j++) m = Math.max(m, x[r * cols + j]);
      let s = 0;
      for (let j = 0; j < cols; j++) s += Math.exp(x[r * cols + j] - m);
      for (let j = 0; j < cols; j++) y[r * cols + j] = Math.exp(x[r * cols + j] - m) / s;
    }
  },

  softmaxCrossEntropy(logits, labels, rows, cols, grad) {
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      let m = -Infinity;
      for (let j = 0; j < cols; j++) m = Math.max(m, logits[r * cols + j]);
      let s = 0;
      for (let j = 0; j < cols; j++) s += Math.exp(logits[r * cols + j] - m);
      const lse = Math.log(s) + m;
      loss += lse - logits[r * cols + labels[r]];
      if (grad) {
        for (let j = 0; j < cols; j++) grad[r * cols + j] = (Math.exp(logits[r * cols + j] - lse) - (j === labels[r] ? 1 : 0)) / rows;
      }
    }
    return rows ? loss / rows : 0;
  },

  mse(pred, target, n, grad) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const d = pred[i] - target[i];
      s += d * d;
      if (grad) grad[i] = (2 * d) / n;
    }
    return n ? s / n : 0;
  },

  sgd(w, g, vel, n, lr, momentum, dampening, nesterov, wd, first) {
    for (let i = 0; i < n; i++) {
      let d = g[i] + wd * w[i];
      if (vel) {
        vel[i] = first ? d : momentum * vel[i] + (1 - dampening) * d;
        d = nesterov ? d + momentum * vel[i] : vel[i];
      }
      w[i] -= lr * d;
    }
  },

  adam(w, g, m, v, n, lr, b1, b2, eps, wd, decoupled, step) {
    const bc1 = 1 - Math.pow(b1, step), bc2 = 1 - Math.pow(b2, step);
    for (let i = 0; i < n; i++) {
      const gi = g[i] + (decoupled ? 0 : wd * w[i]);
      const wi = decoupled ? w[i] * (1 - lr * wd) : w[i];
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      w[i] = wi - (lr / bc1) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
    }
  },

  adamax(w, g, m, u, n, lr, b1, b2, eps, wd, step) {
    const bc1 = 1 - Math.pow(b1, step);
    for (let i = 0; i < n; i++) {
      const gi = g[i] + wd * w[i];
      m[i] = b1 * m[i] + (1 - b1) * gi;
      u[i] = Math.max(b2 * u[i], Math.abs(gi) + eps);
      w[i] -= (lr / bc1) * m[i] / u[i];
    }
  },

  indexSelect(x, outer, axisLen, inner, idx, out) {
    // TypedArray.set copies overlapping ranges correctly, which the in-place (aliased) case relies on.
    for (let o = 0; o < outer; o++) for (let j = 0; j < idx.length; j++) {
      out.set(x.subarray((o * axisLen + idx[j]) * inner, (o * axisLen + idx[j] + 1) * inner), (o * idx.length + j) * inner);
    }
  },

  indexScatter(src, outer, inner, idx, out, axisLen, accumulate) {
    for (let o = 0; o < outer; o++) for (let j = 0; j < idx.length; j++) for (let i = 0; i < inner; i++) {
      const d = (o * axisLen + idx[j]) * inner + i, s = (o * idx.length + j) * inner + i;
      out[d] = accumulate ? out[d] + src[s] : src[s];
    }
  },

  randomUniform(out: F32, seed, counter, lo, hi) {
    for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * uniformAt(seed, counter + i);
  },

  randomNormal(out: F32, seed, counter, mean, std) {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * normalAt(seed, counter + 2 * i);
  },

  fill(out, value) { out.fill(value); },

  batchNormForward(x, gamma, beta, y, mean, variance, rows, channels, inner, eps, batchStats) {
    const count = rows * inner;
    for (let c = 0; c < channels; c++) {
      const at = (n: number, i: number) => (n * channels + c) * inner + i;
      if (batchStats) {
        let s = 0;
        for (let n = 0; n < rows; n++) for (let i = 0; i < inner; i++) s += x[at(n, i)];
        const m = s / count;
        let q = 0;
        for (let n = 0; n < rows; n++) for (let i = 0; i < inner; i++) q += (x[at(n, i)] - m) ** 2;
        mean[c] = m;
        variance[c] = q / count;
      }
      const invstd = 1 / Math.sqrt(variance[c] + eps), g = gamma ? gamma[c] : 1, b = beta ? beta[c] : 0;
      for (let n = 0; n < rows; n++) for (let i = 0; i < inner; i++) y[at(n, i)] = (x[at(n, i)] - mean[c]) * invstd * g + b;
    }
  },

  batchNormBackward(x, gy, mean, variance, gamma, gx, gGamma, gBeta, rows, channels, inner, eps, batchStats) {
    const count = rows * inner;
    for (let c = 0; c < channels; c++) {
      const at = (n: number, i: number) => (n * channels + c) * inner + i;
      const invstd = 1 / Math.sqrt(variance[c] + eps);
      let sumGy = 0, sumGyXhat = 0;
      for (let n = 0; n < rows; n++) for (let i = 0; i < inner; i++) {
        sumGy += gy[at(n, i)];
        sumGyXhat += gy[at(n, i)] * (x[at(n, i)] - mean[c]) * invstd;
      }
      if (gGamma) gGamma[c] = sumGyXhat;
      if (gBeta) gBeta[c] = sumGy;
      if (!gx) continue;
      const k = (gamma ? gamma[c] : 1) * invstd;
      for (let n = 0; n < rows; n++) for (let i = 0; i < inner; i++) {
        const xhat = (x[at(n, i)] - mean[c]) * invstd;
        gx[at(n, i)] = batchStats ? k * (gy[at(n, i)] - sumGy / count - xhat * sumGyXhat / count) : k * gy[at(n, i)];
      }
    }
  },

  scaledAdd(x, out, n, alpha, beta) {
    for (let i = 0; i < n; i++) out[i] = beta === 0 ? alpha * x[i] : alpha * x[i] + beta * out[i];
  },

  dot(a, b, n) {
    let total = 0;
    for (let i = 0; i < n; i++) total += a[i] * b[i];
    return total;
  },
};
