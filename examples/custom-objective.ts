/**
 * A study of your own objective, from TypeScript: two statements. Run it with
 * `npx tsx examples/custom-objective.ts` or after `npm run build`: `node dist/examples/custom-objective.js`.
 */
import { createStudy } from '../src/index.js';

const study = await createStudy({
  space: [
    { kind: 'float', name: 'lr', low: 1e-5, high: 1e-1, log: true },
    { kind: 'int', name: 'layers', low: 1, high: 8 },
    { kind: 'categorical', name: 'activation', choices: 3, labels: ['relu', 'tanh', 'gelu'] },
  ],
  objectives: 'score:max',
  strategy: 'tpe',
  seed: 1,
});
const trials = await study.optimize(({ lr, layers, activation }) =>
  -((Math.log10(Number(lr)) + 3) ** 2) - 0.1 * (Number(layers) - 4) ** 2 + (activation === 'gelu' ? 0.5 : 0), { trials: 40 });

const best = trials.reduce((a, b) => (b.values![0] > a.values![0] ? b : a));
console.log(`best of ${trials.length} trials: ${best.arch} → score ${best.values![0].toFixed(3)}`);
