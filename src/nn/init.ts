/** Seeded weight initialisers. */
import type { Rng } from '../core/random.js';
import type { Shape } from '../core/tensor.js';

export type InitName = 'he' | 'xavier' | 'zeros';

/** How a layer with weights is made: with a bias or not, its initialiser, and its random stream (an Rng, or a seed). */
export interface WeightedLayerOptions {
  bias?: boolean;
  init?: InitName;
  seed?: number;
  rng?: Rng;
}

/** Values for a weight of `shape` with the given fan-in / fan-out. */
export function initValues(kind: InitName, rng: Rng, shape: Shape, fanIn: number, fanOut: number): Float32Array {
  switch (kind) {
    case 'he': return rng.normal(shape, 0, Math.sqrt(2 / Math.max(1, fanIn))).data.slice();
    case 'xavier': {
      const limit = Math.sqrt(6 / Math.max(1, fanIn + fanOut));
      return rng.uniform(shape, -limit, limit).data.slice();
    }
    case 'zeros': return new Float32Array(shape.reduce((a, b) => a * b, 1));
  }
}
