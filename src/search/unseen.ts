/** Proposals the strategy has not made before: random architectures, drawn until one is new. */
import type { Rng } from '../core/random.js';
import type { SearchSpace } from '../study/space.js';

/** A random architecture whose key is not in `seen`, or null when the space is used up (or none turns up in 1,000 draws). */
export function randomUnseen<P>(space: SearchSpace<P>, rng: Rng, seen: ReadonlySet<string>): P | null {
  if (seen.size >= space.size) return null;
  for (let t = 0; t < 1000; t++) { const p = space.sample(rng); if (!seen.has(space.key(p))) return p; }
  return null;
}

/** A standard normal draw (Box–Muller). */
export function standardNormal(rng: Rng): number {
  const u = Math.max(rng.next(), Number.MIN_VALUE), v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
