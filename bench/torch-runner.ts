/** Runs bench/torch_core.py under the fair settings from DEVELOPERS.md. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../bench/torch_core.py', import.meta.url));

export type TorchVariant = 'plain' | 'hugetlb';

/** A Python that can import torch, or null. */
export function findTorchPython(): string | null {
  const candidates = [process.env.TOPIARY_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => !!c);
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

export function runTorch(python: string, variant: TorchVariant, threads: number, cases: string[],
  iters: Record<string, number>): Record<string, number> {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: String(threads) };
  // The machine pins OpenBLAS to Haswell kernels, which halves PyTorch's GEMM: unset it for PyTorch only.
  delete env.OPENBLAS_CORETYPE;
  if (variant === 'hugetlb') env.GLIBC_TUNABLES = 'glibc.malloc.hugetlb=1';
  const r = spawnSync(python, [SCRIPT, JSON.stringify({ threads, cases, iters })], { env, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`PyTorch benchmark failed (${variant}, ${threads} threads): ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return (JSON.parse(lines[lines.length - 1]) as { results: Record<string, number> }).results;
}
