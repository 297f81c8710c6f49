/**
 * PCA of activations through the eigenvalues of the covariance (or, when
 * there are fewer samples than neurons, of the equivalent Gram matrix):
 * Householder tridiagonalisation then implicit QL, in float64.
 */

export interface PcaResult {
  /** Eigenvalues of the covariance, largest first (variance along each principal axis). */
  eigenvalues: number[];
  explainedVarianceRatio: number[];
  /** Mean squared reconstruction error per sample with k components (k = 0..d): Σ of the dropped eigenvalues. */
  reconstructionError(k: number): number;
  /** Fewest components explaining at least `fraction` of the variance. */
  componentsFor(fraction: number): number;
}

/** Eigenvalues of a symmetric matrix (row-major n×n, destroyed). */
export function symmetricEigenvalues(a: Float64Array, n: number): number[] {
  const d = new Float64Array(n), e = new Float64Array(n);
  // Householder reduction to tridiagonal form (eigenvalues only).
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    let h = 0, scale = 0;
    if (l > 0) {
      for (let k = 0; k <= l; k++) scale += Math.abs(a[i * n + k]);
      if (scale === 0) e[i] = a[i * n + l];
      else {
        for (let k = 0; k <= l; k++) { a[i * n + k] /= scale; h += a[i * n + k] ** 2; }
        let f = a[i * n + l];
        const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[i * n + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          let gj = 0;
          for (let k = 0; k <= j; k++) gj += a[j * n + k] * a[i * n + k];
          for (let k = j + 1; k <= l; k++) gj += a[k * n + j] * a[i * n + k];
          e[j] = gj / h;
          f += e[j] * a[i * n + j];
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          const fj = a[i * n + j];
          const gj = e[j] - hh * fj;
          e[j] = gj;
          for (let k = 0; k <= j; k++) a[j * n + k] -= fj * e[k] + gj * a[i * n + k];
        }
      }
    } else e[i] = a[i * n + l];
    d[i] = h;
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
  // Implicit QL on the tridiagonal matrix.
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0, m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iter++ === 60) throw new Error('symmetricEigenvalues: QL did not converge');
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = Math.hypot(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1, c = 1, p = 0, i: number;
        for (i = m - 1; i >= l; i--) {
          let f = s * e[i];
          const b = c * e[i];
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) { d[i + 1] -= p; e[m] = 0; break; }
          s = f / r; c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          f = 0;
        }
        if (r === 0 && i >= l) continue;
        d[l] -= p; e[l] = g; e[m] = 0;
      }
    } while (m !== l);
  }
  return Array.from(d).sort((x, y) => y - x);
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
