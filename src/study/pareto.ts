/** Pareto fronts, non-dominated sorting with crowding distance (NSGA-II), and hypervolume. */
import { type Objective, dominates, oriented } from './objectives.js';

/** Fronts of indices: front 0 is non-dominated, front 1 is non-dominated once front 0 is removed, … */
export function nondominatedSort(objs: readonly Objective[], points: readonly (readonly number[])[]): number[][] {
  const n = points.length, dominatedBy = new Array<number>(n).fill(0), dominating: number[][] = points.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(objs, points[i], points[j])) { dominating[i].push(j); dominatedBy[j]++; } else if (dominates(objs, points[j], points[i])) { dominating[j].push(i); dominatedBy[i]++; }
    }
  }
  const fronts: number[][] = [];
  let current = points.map((_, i) => i).filter((i) => dominatedBy[i] === 0);
  while (current.length) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) for (const j of dominating[i]) if (--dominatedBy[j] === 0) next.push(j);
    current = next;
  }
  return fronts;
}

/** Crowding distance of each member of one front (boundary points get Infinity). */
export function crowdingDistance(points: readonly (readonly number[])[], front: readonly number[]): Map<number, number> {
  const d = new Map<number, number>(front.map((i) => [i, 0]));
  if (front.length === 0) return d;
  for (let m = 0; m < points[front[0]].length; m++) {
    const sorted = [...front].sort((a, b) => points[a][m] - points[b][m]);
    const lo = points[sorted[0]][m], hi = points[sorted[sorted.length - 1]][m];
    d.set(sorted[0], Infinity);
    d.set(sorted[sorted.length - 1], Infinity);
    if (!(hi > lo)) continue;
    for (let k = 1; k < sorted.length - 1; k++) d.set(sorted[k], d.get(sorted[k])! + (points[sorted[k + 1]][m] - points[sorted[k - 1]][m]) / (hi - lo));
  }
  return d;
}

/** Indices ordered best first: by front, then by crowding distance (larger first), then by index. */
export function rankOrder(objs: readonly Objective[], points: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (const front of nondominatedSort(objs, points)) {
    const cd = crowdingDistance(points, front);
    out.push(...[...front].sort((a, b) => cd.get(b)! - cd.get(a)! || a - b));
  }
  return out;
}

/** Indices of the non-dominated points (duplicates of a front point are kept once, the first). */
export function paretoFront(objs: readonly Objective[], points: readonly (readonly number[])[]): number[] {
  const front = nondominatedSort(objs, points)[0] ?? [];
  const seen = new Set<string>();
  return front.filter((i) => { const k = points[i].join(','); if (seen.has(k)) return false; seen.add(k); return true; }).sort((a, b) => a - b);
}

/**
 * The hypervolume dominated by `points` and bounded by `reference` (a point
 * worse than every interesting one in each objective). Points that do not
 * strictly beat the reference in every objective add nothing. Exact, by
 * slicing along the first objective (fine for the fronts of a search: tens to
 * hundreds of points, a few objectives).
 */
export function hypervolume(objs: readonly Objective[], points: readonly (readonly number[])[], reference: readonly number[]): number {
  if (reference.length !== objs.length) throw new Error(`hypervolume: reference point has ${reference.length} values, expected ${objs.length}`);
  const ref = oriented(objs, reference);
  // Maximisation in every coordinate, shifted so that the reference is the origin.
  const pts = points.map((p) => oriented(objs, p).map((v, i) => v - ref[i])).filter((p) => p.every((v) => v > 0));
  return hvMax(pts);
}

function hvMax(pts: number[][]): number {
  if (pts.length === 0) return 0;
  const d = pts[0].length;
  if (d === 1) return Math.max(...pts.map((p) => p[0]));
  if (d === 2) {
    const sorted = [...pts].sort((a, b) => b[0] - a[0]);
    let area = 0, bestY = 0;
    for (const [x, y] of sorted) if (y > bestY) { area += x * (y - bestY); bestY = y; }
    return area;
  }
  // Slices between consecutive values of the last coordinate.
  const sorted = [...pts].sort((a, b) => b[d - 1] - a[d - 1]);
  let volume = 0;
  for (let k = 0; k < sorted.length; k++) {
    const top = sorted[k][d - 1], bottom = k + 1 < sorted.length ? sorted[k + 1][d - 1] : 0;
    if (top > bottom) volume += (top - bottom) * hvMax(sorted.slice(0, k + 1).map((p) => p.slice(0, d - 1)));
  }
  return volume;
}
