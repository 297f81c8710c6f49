/** The counter-based generator shared bit-for-bit with the native kernels. */

function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

export function randomBits(seed: number, i: number): number {
  const s = mix32((seed ^ 0x9e3779b9) >>> 0);
  return mix32(((mix32((i ^ s) >>> 0) + s) >>> 0));
}

export function uniformAt(seed: number, i: number): number {
  return (randomBits(seed, i >>> 0) >>> 8) / 16777216;
}

export function normalAt(seed: number, i: number): number {
  const c = i >>> 0;
  const u1 = ((randomBits(seed, c) >>> 8) + 1) / 16777216;
  const u2 = (randomBits(seed, (c + 1) >>> 0) >>> 8) / 16777216;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(6.283185307179586 * u2);
}
