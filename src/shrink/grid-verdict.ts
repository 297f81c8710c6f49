/**
 * Reading a compress-training grid the way the journal does: which fixed network
 * was best, the smallest compressed network at least as good (and how many times
 * smaller), and how often compressed beat the fixed network of its own size.
 */

export interface GridScore { lambda: number; depth: number; seed: number; params: number; shrunk: number; fixed: number }

export interface GridVerdict {
  runs: number;
  /** The fixed network with the best test score (its size is the run's final size). */
  bestFixed: GridScore;
  /** The smallest compressed network scoring at least bestFixed.fixed, and bestFixed.params / its params. */
  smallestAsGood: (GridScore & { timesSmaller: number }) | null;
  /** Among compressed networks at most half bestFixed's size, the best-scoring one. */
  bestAtHalf: GridScore | null;
  /** Runs where the compressed network scored above the fixed network of the same final size and time. */
  compressedWins: number;
}

export function gridVerdict(runs: readonly GridScore[]): GridVerdict | null {
  if (runs.length === 0) return null;
  const bestFixed = runs.reduce((a, b) => (b.fixed > a.fixed ? b : a));
  const asGood = runs.filter((r) => r.shrunk >= bestFixed.fixed).sort((a, b) => a.params - b.params)[0];
  const atHalf = runs.filter((r) => 2 * r.params <= bestFixed.params).sort((a, b) => b.shrunk - a.shrunk)[0];
  return {
    runs: runs.length, bestFixed,
    smallestAsGood: asGood ? { ...asGood, timesSmaller: bestFixed.params / asGood.params } : null,
    bestAtHalf: atHalf ?? null,
    compressedWins: runs.filter((r) => r.shrunk > r.fixed).length,
  };
}
