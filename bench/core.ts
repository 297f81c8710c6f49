/**
 * `npm run bench -- core [--quick] [--cases=a,b]`: Topiary's native kernels against PyTorch
 * on CPU, side by side, alternating rounds, medians. Last line is machine-readable.
 */
import {
  Rng, Tensor, tidy, backward, softmaxCrossEntropy, add, kernel, setThreads, setBackend, matmul, noGrad,
} from '../src/core/index.js';
import { Dense, Conv2d, MaxPool2d, Flatten, Activation, Sequential, type Module } from '../src/nn/index.js';
import { Adam } from '../src/optim/index.js';
import { dartsStep, supernet } from './supernet.js';
import { findTorchPython, runTorch, type TorchVariant } from './torch-runner.js';

interface Case { name: string; label: string; threads: number[]; unit: 'ms' | 'us'; samples?: number }

const CASES: Case[] = [
  { name: 'gemm_128x784x1024', label: 'GEMM 128x784x1024', threads: [1, 2], unit: 'ms' },
  { name: 'gemm_128x1024x10', label: 'GEMM 128x1024x10', threads: [1, 2], unit: 'us' },
  { name: 'gemm_1024x1024x1024', label: 'GEMM 1024^3', threads: [1, 2], unit: 'ms' },
  { name: 'mlp_784_1024_10', label: 'MLP 784-1024-10 step, b128', threads: [1, 2], unit: 'ms', samples: 128 },
  { name: 'mlp_784_4096_4096_10', label: 'MLP 784-4096-4096-10 step, b128', threads: [2], unit: 'ms', samples: 128 },
  { name: 'cnn_lenet', label: 'LeNet CNN step, b64', threads: [1, 2], unit: 'ms', samples: 64 },
  { name: 'tinyop_add128', label: 'tiny op: add 128-vectors', threads: [1], unit: 'us' },
  { name: 'supernet_c16', label: 'NB201 supernet step, 16 ch, b64', threads: [1, 2], unit: 'ms', samples: 64 },
  { name: 'supernet_c32', label: 'NB201 supernet step, 32 ch, b64', threads: [2], unit: 'ms', samples: 64 },
  { name: 'darts_step_c16', label: 'DARTS search step (α + weights), 16 ch, b64', threads: [2], unit: 'ms', samples: 128 },
  { name: 'surgery_4096', label: 'remove 50% of 4096 units + Adam', threads: [2], unit: 'ms' },
];

function iterations(quick: boolean): Record<string, number> {
  const s = quick ? 0.3 : 1;
  return {
    gemm_128x784x1024: Math.ceil(200 * s), gemm_128x1024x10: Math.ceil(2000 * s), gemm_1024x1024x1024: Math.ceil(20 * s),
    mlp_784_1024_10: Math.ceil(100 * s), mlp_784_4096_4096_10: Math.ceil(10 * s), cnn_lenet: Math.ceil(20 * s),
    tinyop_add128: Math.ceil(1000 * s), supernet_c16: Math.ceil(10 * s), supernet_c32: Math.ceil(10 * s), darts_step_c16: Math.ceil(10 * s), surgery_4096: quick ? 3 : 5,
  };
}

function perIter(fn: () => void, n: number): number {
  for (let i = 0; i < Math.max(2, Math.floor(n / 5)); i++) fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t) / 1000 / n;
}

function mlp(sizes: number[], seed: number): Sequential {
  return new Sequential(sizes.slice(1).map((out, i) =>
    new Dense(sizes[i], out, { activation: i < sizes.length - 2 ? 'relu' : 'identity', seed: seed + i })));
}

function lenet(): Sequential {
  return new Sequential([new Conv2d(1, 32, 5, { padding: 2, seed: 1 }), new Activation('relu'), new MaxPool2d(2),
    new Conv2d(32, 64, 5, { padding: 2, seed: 2 }), new Activation('relu'), new MaxPool2d(2), new Flatten(),
    new Dense(3136, 1024, { activation: 'relu', seed: 3 }), new Dense(1024, 10, { seed: 4 })]);
}

function trainStep(model: Module, x: Tensor, labels: Int32Array): () => void {
  const opt = new Adam(model.parameters(), { lr: 1e-3 });
  return () => tidy(() => {
    opt.zeroGrad();
    backward(softmaxCrossEntropy(model.forward(x), labels));
    opt.step();
  });
}

function surgeryOnce(): number {
  const model = mlp([784, 4096, 4096, 10], 1);
  const rng = new Rng(2);
  const x = rng.normal([128, 784]).keep();
  trainStep(model, x, Int32Array.from({ length: 128 }, (_, i) => i % 10))();
  const [l1, l2] = model.layers as Dense[];
  const keep = Array.from({ length: 2048 }, (_, i) => 2 * i);
  const t = performance.now();
  l1.selectOutputs(keep);
  l2.selectInputs(keep);
  return (performance.now() - t) / 1000;
}

function runOurs(name: string, iters: Record<string, number>): number {
  // Each case starts from a collected heap, as each PyTorch run starts in a fresh process: the tiny-op case is
  // otherwise timed against the garbage of the training steps before it (0.17 µs alone, up to 0.35 after LeNet).
  (globalThis as { gc?: () => void }).gc?.();
  const rng = new Rng(0);
  const n = iters[name];
  const labels = (b: number) => Int32Array.from({ length: b }, (_, i) => i % 10);
  return tidy(() => {
    switch (name) {
      case 'gemm_128x784x1024': case 'gemm_128x1024x10': case 'gemm_1024x1024x1024': {
        const [m, k, nn] = name.slice(5).split('x').map(Number);
        const a = rng.normal([m, k]), b = rng.normal([k, nn]);
        return noGrad(() => perIter(() => tidy(() => { matmul(a, b); }), n));
      }
      case 'mlp_784_1024_10': return perIter(trainStep(mlp([784, 1024, 10], 1), rng.normal([128, 784]), labels(128)), n);
      case 'mlp_784_4096_4096_10': return perIter(trainStep(mlp([784, 4096, 4096, 10], 1), rng.normal([128, 784]), labels(128)), n);
      case 'supernet_c16': case 'supernet_c32':
        return perIter(trainStep(supernet(Number(name.slice(-2))), rng.normal([64, 3, 32, 32]), labels(64)), n);
      case 'darts_step_c16': return perIter(dartsStep(16, 1), n);
      case 'cnn_lenet': return perIter(trainStep(lenet(), rng.normal([64, 1, 28, 28]), labels(64)), n);
      case 'tinyop_add128': {
        const a = rng.normal([128]), b = rng.normal([128]);
        return perIter(() => tidy(() => { for (let i = 0; i < 1000; i++) add(a, b); }), n) / 1000;
      }
      case 'surgery_4096': {
        const times = Array.from({ length: n }, surgeryOnce).sort((p, q) => p - q);
        return times[Math.floor(n / 2)];
      }
    }
    throw new Error(`unknown case ${name}`);
  });
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

export function benchCore(args: string[]): void {
  const quick = args.includes('--quick');
  const rounds = quick ? 3 : 5;
  const iters = iterations(quick);
  setBackend('native');
  const python = findTorchPython();
  console.log(`topiary core bench: ${kernel().describe()}, ${rounds} alternating rounds${quick ? ' (quick)' : ''}`);
  if (!python) console.log('PyTorch not found: install it with `apt-get install python3-torch` (or set TOPIARY_PYTHON); ratios are skipped');
  const only = args.find((a) => a.startsWith('--cases='))?.slice('--cases='.length).split(',');
  const cases = only ? CASES.filter((c) => only.includes(c.name)) : CASES;
  if (only && cases.length !== only.length) throw new Error(`--cases: unknown case in ${only.join(',')}; expected names from ${CASES.map((c) => c.name).join(', ')}`);
  const threadSet = [...new Set(cases.flatMap((c) => c.threads))];
  const key = (c: string, t: number) => `${c}@${t}`;
  const ours = new Map<string, number[]>(), torch: Record<TorchVariant, Map<string, number[]>> = { plain: new Map(), hugetlb: new Map() };
  const push = (m: Map<string, number[]>, k: string, v: number) => { m.set(k, [...(m.get(k) ?? []), v]); };
  for (let r = 0; r < rounds; r++) {
    for (const t of threadSet) {
      const names = cases.filter((c) => c.threads.includes(t)).map((c) => c.name);
      setThreads(t);
      for (const c of names) push(ours, key(c, t), runOurs(c, iters));
      if (python) {
        for (const v of ['plain', 'hugetlb'] as TorchVariant[]) {
          const res = runTorch(python, v, t, names, iters);
          for (const c of names) push(torch[v], key(c, t), res[c]);
        }
      }
    }
    process.stderr.write(`round ${r + 1}/${rounds} done\n`);
  }
  setThreads(2);
  const fmt = (s: number | undefined, unit: 'ms' | 'us') => (s === undefined ? 'n/a' : unit === 'ms' ? `${(s * 1e3).toFixed(3)} ms` : `${(s * 1e6).toFixed(3)} us`);
  const rows: string[][] = [['case', 'threads', 'topiary', 'torch', 'torch+hugetlb', 'speed vs torch', 'vs torch+hugetlb']];
  const ratio = (c: string, t: number, v: TorchVariant) => {
    const o = ours.get(key(c, t)), p = torch[v].get(key(c, t));
    return o && p ? median(p) / median(o) : undefined;
  };
  for (const c of cases) for (const t of c.threads) {
    const o = median(ours.get(key(c.name, t))!);
    const p = torch.plain.get(key(c.name, t)), h = torch.hugetlb.get(key(c.name, t));
    const r1 = ratio(c.name, t, 'plain'), r2 = ratio(c.name, t, 'hugetlb');
    rows.push([c.label, String(t), fmt(o, c.unit), fmt(p && median(p), c.unit), fmt(h && median(h), c.unit),
      r1 ? `${r1.toFixed(2)}x` : 'n/a', r2 ? `${r2.toFixed(2)}x` : 'n/a']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i])).join('  '));
  console.log('speed = PyTorch time / Topiary time (higher is better); ratios in the last line use the faster PyTorch variant.');
  const conservative = (c: string, t: number) => {
    const rs = [ratio(c, t, 'plain'), ratio(c, t, 'hugetlb')].filter((x): x is number => x !== undefined);
    return rs.length ? Math.min(...rs).toFixed(2) : 'n/a';
  };
  const ourMedian = (c: string, t: number) => { const o = ours.get(key(c, t)); return o ? median(o) : NaN; };
  const tiny = (ourMedian('tinyop_add128', 1) * 1e6).toFixed(3);
  const surgery = (ourMedian('surgery_4096', 2) / ourMedian('mlp_784_4096_4096_10', 2)).toFixed(3);
  console.log(`core-bench mlp_ratio=${conservative('mlp_784_1024_10', 2)} cnn_ratio=${conservative('cnn_lenet', 2)} cnn_ratio_1t=${conservative('cnn_lenet', 1)} tinyop_us=${tiny} surgery_steps=${surgery} supernet_ratio=${conservative('supernet_c16', 2)} supernet_ratio_c32=${conservative('supernet_c32', 2)} darts_step_ratio=${conservative('darts_step_c16', 2)}`);
}
