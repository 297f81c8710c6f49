/**
 * Finite-difference gradient check: compares autograd's gradient of
 * sum(f(inputs) · probe) with central differences, input by input.
 */
import { backward, noGrad } from './autograd.js';
import { Tensor, tidy } from './tensor.js';

export interface GradcheckResult { maxError: number; worst: string }

export function gradcheck(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], eps = 1e-2, seed = 7): GradcheckResult {
  return tidy(() => {
    for (const x of inputs) { x.requiresGrad = true; x.grad = null; x.keep(); }
    const out0 = f(...inputs);
    let s = seed;
    const probe = new Float64Array(out0.size).map(() => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 - 0.5; });
    const objective = (t: Tensor) => t.data.reduce((acc, v, i) => acc + v * probe[i], 0);
    backward(out0, new Tensor(Float32Array.from(probe), out0.shape));
    let maxError = 0, worst = '';
    inputs.forEach((x, k) => {
      for (let i = 0; i < x.size; i++) {
        const orig = x.data[i];
        const at = (v: number) => noGrad(() => tidy(() => { x.data[i] = v; return objective(f(...inputs)); }));
        const numeric = (at(orig + eps) - at(orig - eps)) / (2 * eps);
        x.data[i] = orig;
        const analytic = x.grad ? x.grad.data[i] : 0;
        const err = Math.abs(numeric - analytic) / Math.max(1, Math.abs(numeric), Math.abs(analytic));
        if (err > maxError) { maxError = err; worst = `input ${k}[${i}]: analytic ${analytic}, numeric ${numeric}`; }
      }
    });
    return { maxError, worst };
  });
}
