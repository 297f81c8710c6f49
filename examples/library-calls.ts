/**
 * What the `topiary` commands do, as library calls: each takes typed options and returns what the command prints
 * as JSON. A store records the runs (here in memory). Run it after `npm run build`: `node dist/examples/library-calls.js`.
 */
import { MemoryStore, OptionError, search, shrinkAndCompare, train } from '../src/index.js';

const store = new MemoryStore();
// add10 is generated (no files needed): 10 inputs, a regression target.
const trained = await train({ dataset: 'add10', arch: 'mlp:10-64-1', epochs: 3, seed: 1, store });
console.log(`train: test R² ${trained.testR2!.toFixed(3)}, recorded as run ${trained.runId}`);

const shrunk = await shrinkAndCompare({ dataset: { name: 'add10' }, startWidth: 256, timeBudgetSeconds: 3, seed: 1, store });
console.log(`shrinkAndCompare: ${String(shrunk.startArch)} → ${String(shrunk.finalArch)}`);

const found = await search({ dataset: 'add10', strategies: ['random'], budget: 4, seeds: 1, firstSeed: 1, epochs: 1, workers: 1, store });
console.log(`search: best valid ${Number(found.meanBestValid).toFixed(2)} over ${Number(found.meanTrials)} trials`);

// A wrong option is an OptionError that names it: a front end can point at its own flag or field.
try {
  await train({ dataset: { name: 'add10' }, epochs: 0 });
} catch (e) {
  if (e instanceof OptionError) console.log(`error names option "${e.option}": ${e.message}`);
}
await store.close();
