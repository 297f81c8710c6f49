/** `npm run bench -- memory`: resident memory over 10,000 MLP 784-1024-10 training steps. */
import { Rng, tidy, backward, softmaxCrossEntropy, kernel, liveScopedTensors, poolStats } from '../src/core/index.js';
import { Dense, Sequential } from '../src/nn/index.js';
import { Adam } from '../src/optim/index.js';

export function benchMemory(args: string[]): void {
  const steps = args.includes('--quick') ? 2000 : 10000;
  const model = new Sequential([new Dense(784, 1024, { activation: 'relu', seed: 1 }), new Dense(1024, 10, { seed: 2 })]);
  const opt = new Adam(model.parameters());
  const x = new Rng(1).normal([128, 784]).keep();
  const labels = Int32Array.from({ length: 128 }, (_, i) => i % 10);
  console.log(`memory bench: ${kernel().describe()}, ${steps} steps`);
  console.log('step    rss_MiB  heap_MiB  pooled_buffers  live_scoped_tensors');
  for (let s = 1; s <= steps; s++) {
    tidy(() => { opt.zeroGrad(); backward(softmaxCrossEntropy(model.forward(x), labels)); opt.step(); });
    if (s % (steps / 10) === 0 || s === 1) {
      const m = process.memoryUsage();
      console.log(`${String(s).padEnd(8)}${(m.rss / 2 ** 20).toFixed(1).padEnd(9)}${(m.heapUsed / 2 ** 20).toFixed(1).padEnd(10)}${String(poolStats().buffers).padEnd(16)}${liveScopedTensors()}`);
    }
  }
}
