/**
 * `npm run bench -- proxies --data-dir D [--cells 1000] [--candidates 100] [--seeds 20]`: every zero-cost proxy on
 * random NB201 cells (built at initialisation, one seeded minibatch of 64 CIFAR-10 images), its Spearman
 * correlation with the cells' NAS-Bench-201 CIFAR-10 test accuracy (200 epochs), and NASWOT's protocol: from
 * `candidates` random cells, the one naswot scores highest, over `seeds` seeds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/core/random.js';
import { resolveDataDir } from '../src/data/data-dir.js';
import { loadDataset } from '../src/data/registry.js';
import { parseTable } from '../src/data/text-table.js';
import { PROXIES } from '../src/proxies/index.js';
import { scoreArchitectures } from '../src/proxies/score-archs.js';
import { mean, spearman, std } from '../src/report/aggregate.js';

const flag = (args: string[], name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };

export function benchProxies(args: string[]): void {
  const dir = resolveDataDir(flag(args, 'data-dir', '') || undefined);
  const cells = Number(flag(args, 'cells', '1000')), candidates = Number(flag(args, 'candidates', '100')), seeds = Number(flag(args, 'seeds', '20'));
  const file = join(dir, 'nasbench201-cifar10', 'nb201_200epoch_cifar10valid_extras.csv');
  const table = parseTable(file, readFileSync(file, 'utf8'), { delimiter: ',', header: true });
  const col = (name: string) => table.header!.indexOf(name);
  const archAt = col('arch'), testAt = col('cifar10valid_test_acc');
  const picked = Array.from(new Rng(0).permutation(table.rows.length).subarray(0, cells), (r) => table.rows[r]);
  const names = Object.keys(PROXIES);
  const started = performance.now();
  const scored = scoreArchitectures({ space: 'nb201', dataset: loadDataset('cifar10', dir, 0), archs: picked.map((r) => r[archAt]), proxies: names, batchSize: 64, seed: 0,
    onProgress: (done, total) => { if (done % 100 === 0) process.stderr.write(`${done}/${total} cells scored, ${((performance.now() - started) / 1000).toFixed(0)} s\n`); } });
  const test = picked.map((r) => Number(r[testAt]));
  console.log(`${cells} random NB201 cells (seed 0), batch 64 of the CIFAR-10 subset; Spearman ρ with NB201 CIFAR-10 test accuracy (200 epochs):`);
  for (const n of names) {
    const ms = mean(scored.map((s) => s.seconds[n])) * 1000;
    console.log(`  ${n.padEnd(10)} ρ = ${spearman(scored.map((s) => s.scores[n]), test).toFixed(3)}   ${ms.toFixed(1)} ms per cell`);
  }
  const picks = Array.from({ length: seeds }, (_, s) => {
    const pool = Array.from(new Rng(s + 1).permutation(scored.length).subarray(0, candidates));
    const best = pool.reduce((a, b) => (scored[b].scores.naswot > scored[a].scores.naswot ? b : a));
    return { test: test[best], seconds: pool.reduce((a, i) => a + scored[i].seconds.naswot, 0) };
  });
  const accs = picks.map((p) => p.test);
  console.log(`NASWOT protocol, ${candidates} candidates × ${seeds} seeds: picked cell's test accuracy ${mean(accs).toFixed(2)} ± ${std(accs).toFixed(2)}; naswot scoring ${mean(picks.map((p) => p.seconds)).toFixed(1)} s per seed (model building not counted)`);
  console.log(`table mean test accuracy over the ${cells} cells: ${mean(test).toFixed(2)}; best ${Math.max(...test).toFixed(2)}`);
}
