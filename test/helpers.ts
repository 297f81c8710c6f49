/** Small shared helpers for tests. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { formatNb201 } from '../src/arch/nb201.js';

/** Deterministic values in [-1, 1) from a simple LCG (independent of the library's RNG). */
export function randomArray(n: number, seed = 1, scale = 1): Float32Array {
  const out = new Float32Array(n);
  // Scramble the seed so that neighbouring seeds give unrelated sequences.
  let s = Math.imul((seed ^ 0x5bd1e995) >>> 0, 0x27d4eb2d) >>> 0;
  s = (s ^ (s >>> 15)) >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

/** Asserts |a − b| <= atol + rtol·|b| elementwise, naming the first mismatch. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-5, atol = 1e-6, what = 'values'): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} vs expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      assert.fail(`${what}: element ${i} is ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

/** Parses a JSON fixture from test/fixtures (works from the compiled dist/test tree). */
export function fixture<T>(name: string): T {
  const url = new URL(`../../test/fixtures/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

/**
 * Writes a made-up table over all 5^6 NAS-Bench-201 cells: `header`, then one row per cell from
 * `row(cellString, genotype, index)`. Returns the file's path.
 */
export function writeNb201Table(path: string, header: string, row: (cell: string, g: number[], i: number) => string): string {
  const rows = [header];
  for (let i = 0; i < 5 ** 6; i++) {
    const g = Array.from({ length: 6 }, (_, e) => Math.floor(i / 5 ** e) % 5);
    rows.push(row(formatNb201(g), g, i));
  }
  writeFileSync(path, rows.join('\n'));
  return path;
}
