/**
 * PCA of activations through the eigenvalues of the covariance (or, when
 * there are fewer samples than neurons, of the equivalent Gram matrix):
 * the one symmetric eigenvalue routine of the core (Householder, then implicit QL, in float64).
 */
import { symmetricEigenvalues } from '../core/float64-linalg.js';

export interface PcaResult {
  /** Eigenvalues of the covariance, largest first (variance along each principal axis). */
  eigenvalues: number[];
  explainedVarianceRatio: number[];
  /** Mean squared reconstruction error per sample with k components (k = 0..d): Σ of the dropped eigenvalues. */
  reconstructionError(k: number): number;
  /** Fewest components explaining at least `fraction` of the variance. */
  componentsFor(fraction: number): number;
}


/** PCA of `rows` samples × `cols` features (row-major). */
export function pca(x: ArrayLike<number>, rows: number, cols: number): PcaResult {
  if (rows < 2) throw new Error(`pca: needs at least 2 samples, got ${rows}`);
  if (x.length !== rows * cols) throw new Error(`pca: ${x.length} values for ${rows}x${cols}`);
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += x[i * cols + j] / rows;
  const c = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    const v = x[i * cols + j];
    if (!Number.isFinite(v)) throw new Error(`pca: value at row ${i}, column ${j} is ${v}`);
    c[i * cols + j] = v - mean[j];
  }
  const useGram = rows < cols, n = useGram ? rows : cols;
  const m = new Float64Array(n * n);
  for (let p = 0; p < n; p++) for (let q = 0; q <= p; q++) {
    let s = 0;
    if (useGram) for (let j = 0; j < cols; j++) s += c[p * cols + j] * c[q * cols + j];
    else for (let i = 0; i < rows; i++) s += c[i * cols + p] * c[i * cols + q];
    m[p * n + q] = m[q * n + p] = s / (rows - 1);
  }
  const ev = symmetricEigenvalues(m, n).map((v) => Math.max(0, v));
  while (ev.length < cols) ev.push(0);
  const total = ev.reduce((a, b) => a + b, 0);
  const ratio = ev.map((v) => (total > 0 ? v / total : 0));
  const tail = new Float64Array(ev.length + 1);
  for (let k = ev.length - 1; k >= 0; k--) tail[k] = tail[k + 1] + ev[k];
  return {
    eigenvalues: ev,
    explainedVarianceRatio: ratio,
    reconstructionError: (k) => tail[Math.max(0, Math.min(ev.length, k))] * (rows - 1) / rows,
    componentsFor(fraction) {
      let acc = 0;
      for (let k = 0; k < ratio.length; k++) { acc += ratio[k]; if (acc >= fraction - 1e-12) return k + 1; }
      return ratio.length;
    },
  };
}
