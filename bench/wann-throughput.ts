/**
 * `npm run bench -- wann [--data-dir D] [--quick]`: genome evaluations per second on MNIST-256 (1,000 training
 * images, six shared weights each), for populations grown by the WANN operators to a few sizes, on one thread.
 */
import { setThreads } from '../src/core/backend.js';
import { resolveDataDir } from '../src/data/data-dir.js';
import { loadDataset } from '../src/data/registry.js';
import { enabledCount, hiddenCount } from '../src/neat/genome.js';
import { compile } from '../src/neat/network.js';
import { mnist256Task } from '../src/neat/tasks/mnist256.js';
import { WANN_WEIGHTS, Wann } from '../src/neat/wann.js';

export function benchWannThroughput(args: string[]): void {
  const at = args.indexOf('--data-dir'), quick = args.includes('--quick');
  setThreads(1);
  const t0 = Date.now();
  const task = mnist256Task(loadDataset('mnist256', resolveDataDir(at >= 0 ? args[at + 1] : undefined), 0));
  console.log(`mnist256 loaded and deskewed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const wann = new Wann({ inputs: 256, outputs: 10, population: quick ? 32 : 96, seed: 0, initEnable: 0.05 });
  for (const growth of quick ? [0, 20] : [0, 20, 60]) {
    for (let g = 0; g < growth; g++) for (const genome of wann.genomes) wann.mutate(genome);
    const start = process.hrtime.bigint();
    for (const genome of wann.genomes) task.sharedScores(compile(genome), WANN_WEIGHTS, 1);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9, n = wann.genomes.length;
    const conns = wann.genomes.reduce((a, g) => a + enabledCount(g), 0) / n, hidden = wann.genomes.reduce((a, g) => a + hiddenCount(g), 0) / n;
    console.log(`after ${String(growth).padStart(2)} mutations each: ${conns.toFixed(0)} connections, ${hidden.toFixed(1)} hidden on average; ${(n / seconds).toFixed(1)} genomes/s (${(n * WANN_WEIGHTS.length / seconds).toFixed(0)} network evaluations/s) on 1 thread`);
  }
}
