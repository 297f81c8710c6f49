/**
 * `npm run bench -- evolve-compare [--quick]`: evolved op graph vs a plain MLP
 * with about as many parameters, same wall-clock budget, several seeds, on
 * Add10, Airfoil and MNIST (data from TOPIARY_DATA for the last two).
 */
import { resolveDataDir } from '../src/data/data-dir.js';
import { prepare } from '../src/data/prepare.js';
import { loadDataset } from '../src/data/registry.js';
import { EvolvingNet } from '../src/evolve/ev-net.js';
import { trainEvolving } from '../src/evolve/evolve-loop.js';
import { EV_OPS } from '../src/evolve/ops.js';
import { buildModel, parseArch } from '../src/nn/spec.js';
import { Adam } from '../src/optim/adam.js';
import { fit } from '../src/train/fit.js';
import { evaluate } from '../src/train/metrics.js';
import { mean } from '../src/report/aggregate.js';

export function benchEvolveCompare(args: string[]): void {
  const quick = args.includes('--quick');
  const seeds = quick ? [0] : [0, 1, 2];
  const dataDir = resolveDataDir();
  const cases = [{ name: 'add10', budget: quick ? 3 : 8 }, { name: 'airfoil', budget: quick ? 3 : 8 }, { name: 'mnist', budget: quick ? 10 : 30 }];
  console.log(`evolve-compare: seeds ${seeds.join(',')}, data dir ${dataDir}`);
  console.log('dataset   seed  budget_s  evolved_ops  evolved_params  evolved_test  mlp_arch              mlp_params  mlp_test');
  const rows: { name: string; ev: number; mlp: number }[] = [];
  for (const c of cases) {
    let data;
    try { data = loadDataset(c.name, dataDir, 0); } catch (e) { console.log(`${c.name}: skipped (${(e as Error).message.split('.')[0]})`); continue; }
    for (const seed of seeds) {
      const prep = prepare(data, { seed });
      const inSize = data.inputShape.reduce((a, b) => a * b, 1), outSize = data.task === 'classification' ? data.classes! : 1;
      const ev = trainEvolving(EvolvingNet.create(inSize, outSize, [], seed), prep, {
        epochs: 100000, batchSize: 64, lr: 1e-2, seed, allowed: EV_OPS, addPerEpoch: 2, removePerEpoch: 1, maxOps: 40, penalty: 1e-4, timeBudgetSeconds: c.budget,
      });
      const evTest = evaluate(ev.net, prep.test, prep);
      const evParams = ev.net.parameterCount();
      const width = Math.max(1, Math.round((evParams - outSize) / (inSize + 1 + outSize)));
      const arch = `mlp:${inSize}-${width}-${outSize}`;
      const mlp = buildModel(parseArch(arch, data.inputShape), seed);
      fit(mlp, prep, { epochs: 100000, batchSize: 64, optimizer: new Adam(mlp.trainableParameters(), { lr: 1e-2 }), seed, timeBudgetSeconds: c.budget });
      const mlpTest = evaluate(mlp, prep.test, prep);
      const score = (m: typeof evTest) => m.accuracy ?? m.r2!;
      rows.push({ name: c.name, ev: score(evTest), mlp: score(mlpTest) });
      console.log(`${c.name.padEnd(10)}${String(seed).padEnd(6)}${String(c.budget).padEnd(10)}${String(ev.net.opCount).padEnd(13)}${String(evParams).padEnd(16)}${score(evTest).toFixed(4).padEnd(14)}${arch.padEnd(22)}${String(mlp.parameterCount()).padEnd(12)}${score(mlpTest).toFixed(4)}`);
    }
  }
  for (const name of [...new Set(rows.map((r) => r.name))]) {
    const rs = rows.filter((r) => r.name === name), m = (k: 'ev' | 'mlp') => mean(rs.map((r) => r[k]));
    console.log(`mean ${name}: evolved ${m('ev').toFixed(4)}  mlp ${m('mlp').toFixed(4)}  (${name === 'mnist' ? 'test accuracy' : 'test R²'})`);
  }
}
