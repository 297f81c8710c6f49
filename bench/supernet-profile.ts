/**
 * `node dist/bench/supernet-profile.js [channels] [threads] [steps]`: times the NB201 supernet training step of
 * `npm run bench -- core` alone, for profiling with `node --cpu-prof`.
 */
import { Rng, backward, poolStats, setBackend, setThreads, softmaxCrossEntropy, tidy } from '../src/core/index.js';
import { Adam } from '../src/optim/index.js';
import { supernet } from './supernet.js';

const [channels, threads, steps] = [Number(process.argv[2] ?? 16), Number(process.argv[3] ?? 2), Number(process.argv[4] ?? 20)];
setBackend('native');
setThreads(threads);
const model = supernet(channels);
const x = new Rng(0).normal([64, 3, 32, 32]).keep();
const labels = Int32Array.from({ length: 64 }, (_, i) => i % 10);
const opt = new Adam(model.parameters(), { lr: 1e-3 });
const step = () => tidy(() => { opt.zeroGrad(); backward(softmaxCrossEntropy(model.forward(x), labels)); opt.step(); });
for (let i = 0; i < 3; i++) step();
const before = poolStats();
const times: number[] = [];
for (let i = 0; i < steps; i++) { const t = performance.now(); step(); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log(`supernet ${channels} ch, ${threads} threads: median ${times[steps >> 1].toFixed(1)} ms/step, min ${times[0].toFixed(1)} ms, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, ` +
  `fresh buffers per step ${((poolStats().misses - before.misses) / steps).toFixed(1)} (${((poolStats().missedFloats - before.missedFloats) / steps / 2 ** 18).toFixed(1)} MiB)`);
