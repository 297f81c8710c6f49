/**
 * `npm run bench -- memory [--quick] [--model mlp|supernet]`: resident memory over 10,000 training steps of an MLP
 * 784-1024-10 (batch 128) or of the 16-channel NAS-Bench-201 supernet of the core bench (batch 64).
 */
import { Rng, tidy, backward, softmaxCrossEntropy, kernel, liveScopedTensors, poolStats, type Tensor } from '../src/core/index.js';
import { Dense, Sequential, type Module } from '../src/nn/index.js';
import { Adam } from '../src/optim/index.js';
import { supernet } from './supernet.js';

function workload(name: string): { model: Module; x: Tensor; labels: Int32Array } {
  const rng = new Rng(1);
  if (name === 'mlp') {
    const model = new Sequential([new Dense(784, 1024, { activation: 'relu', seed: 1 }), new Dense(1024, 10, { seed: 2 })]);
    return { model, x: rng.normal([128, 784]).keep(), labels: Int32Array.from({ length: 128 }, (_, i) => i % 10) };
  }
  if (name === 'supernet') return { model: supernet(16), x: rng.normal([64, 3, 32, 32]).keep(), labels: Int32Array.from({ length: 64 }, (_, i) => i % 10) };
  throw new Error(`--model: expected mlp or supernet, got "${name}"`);
}

export function benchMemory(args: string[]): void {
  const steps = args.includes('--quick') ? 2000 : 10000;
  const at = args.indexOf('--model'), name = at >= 0 ? args[at + 1] ?? '' : 'mlp';
  const { model, x, labels } = workload(name);
  const opt = new Adam(model.parameters());
  console.log(`memory bench (${name}): ${kernel().describe()}, ${steps} steps`);
  console.log('step    rss_MiB  heap_MiB  pooled_buffers  live_scoped_tensors');
  const rss: number[] = [];
  for (let s = 1; s <= steps; s++) {
    tidy(() => { opt.zeroGrad(); backward(softmaxCrossEntropy(model.forward(x), labels)); opt.step(); });
    if (s % (steps / 10) === 0 || s === 1) {
      const m = process.memoryUsage();
      rss.push(m.rss / 2 ** 20);
      console.log(`${String(s).padEnd(8)}${(m.rss / 2 ** 20).toFixed(1).padEnd(9)}${(m.heapUsed / 2 ** 20).toFixed(1).padEnd(10)}${String(poolStats().buffers).padEnd(16)}${liveScopedTensors()}`);
    }
  }
  // After the first tenth the pool holds a step's working set; growth beyond that would be a leak.
  console.log(`memory-bench model=${name} steps=${steps} rss_first_tenth_MiB=${rss[1].toFixed(1)} rss_last_MiB=${rss[rss.length - 1].toFixed(1)} growth_MiB=${(rss[rss.length - 1] - rss[1]).toFixed(1)}`);
}
