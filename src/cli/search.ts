/**
 * `topiary search`: strategies × seeds as studies in the store, on a tabular
 * benchmark (table lookup, optionally at several fidelities) or by real
 * training in worker threads (--dataset, --space); one or several objectives,
 * an optional pruner. `--workers 0` only creates the studies in a shared
 * store for `topiary worker` processes; `--shared` creates or joins them and
 * works on them as one more worker. Flag parsing only: the search is
 * `runSearch` (and `runWorker`).
 */
import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataDir } from '../data/data-dir.js';
import { readText } from '../data/text-table.js';
import { type TabularBenchmark, loadTabularFidelities } from '../search/benchmark.js';
import { NB201_FILES, NB201_FOLDER } from '../search/nb201-files.js';
import { strategyEntry } from '../search/registry.js';
import { type SearchSource, runSearch } from '../search/run-search.js';
import { trainableSpace } from '../search/spaces/index.js';
import { parseTunings } from '../search/spaces/tuned.js';
import { runWorker } from '../search/worker.js';
import { searchCharts } from '../search/search-charts.js';
import { parseObjectives } from '../study/objectives.js';
import { prunerEntry } from '../study/pruners/index.js';
import type { Scalarization } from '../study/study.js';
import { type Parsed, intFlag, numberFlag, numberList, optionName, parseArgs } from './args.js';
import { checkOutputs } from './outputs.js';
import { ONESHOT_FLAGS, oneShotSearch } from './oneshot-search.js';
import { ONESHOT_STRATEGIES, isOneShotStrategy } from '../oneshot/strategies/index.js';
import { PROXY_FLAGS, estimateFromFlags } from './proxy-flags.js';
import { MORPH_FLAGS, isMorphStrategy, morphSpaceFromFlags } from './morph-flags.js';
import { STORE_FLAGS, storeFromFlags } from './store-flags.js';
import { COLONY_FLAGS, colonyOptions, layerGraphOptions } from './colony-flags.js';

const FLAGS = {
  strategy: 'string', benchmark: 'string', dataset: 'string', space: 'string', budget: 'string', seeds: 'string', 'first-seed': 'string', workers: 'string',
  epochs: 'string', 'batch-size': 'string', lr: 'string', 'max-train': 'string', resume: 'boolean', 'data-dir': 'string', 'arch-col': 'string',
  'valid-col': 'string', 'test-col': 'string', 'cost-col': 'string', 'fidelity-cols': 'string', fidelities: 'string', objectives: 'string', pruner: 'string',
  eta: 'string', study: 'string', shared: 'boolean', scalarize: 'string', reference: 'string', async: 'boolean', plot: 'string', out: 'string', json: 'boolean', ...STORE_FLAGS, ...PROXY_FLAGS, ...ONESHOT_FLAGS, ...MORPH_FLAGS, evidence: 'string', 'time-budget': 'string', tune: 'string', 'predictor-filter': 'string',
  ...COLONY_FLAGS, patience: 'string', 'final-epochs': 'string',
} as const;


const numbers = (p: Parsed, name: string, text: string): number[] => numberList(p, name, text, Number.isFinite, 'comma-separated numbers');

function openBenchmark(name: string, p: Parsed): TabularBenchmark {
  const fidelityFlag = p.flags.get('fidelities');
  if (name === 'nb201-cifar10') {
    const dir = join(resolveDataDir(p.flags.get('data-dir') as string | undefined), NB201_FOLDER);
    const steps = typeof fidelityFlag === 'string' ? numbers(p, 'fidelities', fidelityFlag) : [200];
    return loadTabularFidelities(name, steps.map((step) => {
      const f = NB201_FILES[step];
      if (!f) throw new Error(`${optionName(p, 'fidelities')}: nb201-cifar10 has fidelities 12 and 200 (epochs), got ${step}`);
      return { ...f, step, file: join(dir, f.file) };
    }));
  }
  if (name.startsWith('tabular:')) {
    const file = name.slice(8), col = (k: string, d: string) => String(p.flags.get(k) ?? d);
    const pairs = typeof p.flags.get('fidelity-cols') === 'string'
      ? String(p.flags.get('fidelity-cols')).split(',').map((pair) => {
        const [validCol, costCol, extra] = pair.split(':');
        if (!validCol || costCol === '' || extra !== undefined) throw new Error(`${optionName(p, 'fidelity-cols')}: "${pair}" is not VALID_COL[:COST_COL] (e.g. valid12:cost12,valid200:cost200)`);
        return { validCol, ...(costCol ? { costCol } : {}) };
      })
      : [{ validCol: col('valid-col', 'valid'), costCol: costColumn(file, p) }];
    const steps = typeof fidelityFlag === 'string' ? numbers(p, 'fidelities', fidelityFlag) : pairs.map((_, i) => i + 1);
    if (steps.length !== pairs.length) throw new Error(`${optionName(p, 'fidelities')}: ${steps.length} steps for ${pairs.length} --fidelity-cols pairs`);
    return loadTabularFidelities(name, pairs.map((c, i) => ({ file, step: steps[i], archCol: col('arch-col', 'arch'), ...c,
      ...(i === pairs.length - 1 ? { testCol: col('test-col', 'test') } : {}) })));
  }
  throw new Error(`${optionName(p, 'benchmark')}: got "${name}"; expected nb201-cifar10 or tabular:FILE (with --valid-col, --test-col, --cost-col)`);
}

/** --cost-col, or "cost" when the file has it; a table without costs is searched all the same (every trial costs 0). */
function costColumn(file: string, p: Parsed): string | undefined {
  const given = p.flags.get('cost-col');
  if (typeof given === 'string') return given;
  const header = readText(file).split(/\r?\n/, 1)[0].replace(/^\uFEFF/, '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  return header.includes('cost') ? 'cost' : undefined;
}

function scalarization(p: Parsed): Scalarization | undefined {
  const s = p.flags.get('scalarize');
  if (typeof s !== 'string') return undefined;
  if (s === 'rank') return { kind: 'rank' };
  if (s.startsWith('weights:')) return { kind: 'weights', weights: numbers(p, 'scalarize', s.slice(8)) };
  throw new Error(`${optionName(p, 'scalarize')}: got "${s}"; expected rank or weights:W1,W2,… (one weight per objective, larger is better after each objective's direction)`);
}

export async function searchCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, FLAGS);
  const strategies = String(p.flags.get('strategy') ?? 'random').split(',');
  if (strategies.some(isOneShotStrategy)) {
    const other = strategies.find((s) => !isOneShotStrategy(s));
    if (other) throw new Error(`${optionName(p, 'strategy')}: "${other}" samples and trains architectures one by one while ${strategies.find(isOneShotStrategy)} is a weight-sharing search; run them as separate searches`);
    return oneShotSearch(p, strategies, log);
  }
  for (const f of Object.keys(ONESHOT_FLAGS)) if (p.flags.has(f)) throw new Error(`${optionName(p, f)} is for weight-sharing strategies (${Object.keys(ONESHOT_STRATEGIES).join(', ')}); drop it or pick one of them`);
  for (const n of strategies) strategyEntry(n, optionName(p, 'strategy'));
  // With only a time budget, the clock ends the search: the trial budget is then no limit.
  const budgetSeconds = p.flags.has('time-budget') ? numberFlag(p, 'time-budget', 0, (v) => v > 0, 'seconds > 0') : undefined;
  const budget = intFlag(p, 'budget', budgetSeconds !== undefined ? 1_000_000 : 100, 1);
  const seeds = intFlag(p, 'seeds', 5, 1);
  const trained = p.flags.has('dataset');
  if (trained && p.flags.has('benchmark')) throw new Error('pass either --benchmark (table lookup) or --dataset with --space (real training), not both');
  const objectives = parseObjectives(String(p.flags.get('objectives') ?? 'valid:max'), optionName(p, 'objectives'));
  const pruner = p.flags.has('pruner') ? String(p.flags.get('pruner')) : undefined;
  if (pruner) prunerEntry(pruner, optionName(p, 'pruner'));
  const out = p.flags.get('out');
  // --workers 0: only create the studies, for `topiary worker` processes (on this or other machines) to run.
  const workers = p.flags.has('workers') ? intFlag(p, 'workers', 1, 0) : undefined;
  let source: SearchSource;
  if (trained) {
    const task = {
      dataset: String(p.flags.get('dataset')), dataDir: p.flags.get('data-dir') as string | undefined, epochs: intFlag(p, 'epochs', 2, 1),
      batchSize: intFlag(p, 'batch-size', 128, 1), lr: numberFlag(p, 'lr', 1e-3, (v) => v > 0, 'a positive number'),
      maxTrain: p.flags.has('max-train') ? intFlag(p, 'max-train', 0, 1) : undefined,
      ...(p.flags.has('patience') ? { patience: intFlag(p, 'patience', 5, 1) } : {}),
      ...(typeof p.flags.get('evidence') === 'string' ? { evidence: String(p.flags.get('evidence')) } : {}),
      ...(typeof p.flags.get('tune') === 'string' ? { tune: parseTunings(String(p.flags.get('tune')), optionName(p, 'tune')) } : {}),
    };
    const morph = morphSpaceFromFlags(p, strategies, task);
    if (morph && task.tune) throw new Error(`${optionName(p, 'tune')}: a morph search grows trained networks with the search's training settings; drop --tune or pick another strategy`);
    const spaceName = String(p.flags.get('space') ?? (strategies.some((n) => strategyEntry(n).needsLayerGraph) ? 'layer-graph' : 'mlp-widths'));
    const spaceOptions = !morph && spaceName === 'layer-graph' ? layerGraphOptions(p, task) : undefined;
    const space = morph ?? trainableSpace(spaceName, optionName(p, 'space'), spaceOptions, task.tune);
    // Children inherit their parents' weights from files, so a search that reuses weights always keeps them (in --out, else topiary-trials/).
    const reuses = strategies.some((n) => isMorphStrategy(n) || strategyEntry(n).needsLayerGraph);
    const modelDir = typeof out === 'string' ? out : reuses || p.flags.has('final-epochs') ? 'topiary-trials' : undefined;
    source = { kind: 'trained', space, task, workers: Math.max(1, workers ?? availableParallelism()), modelDir, ...(spaceOptions ? { spaceOptions } : {}) };
  } else {
    if (typeof out === 'string') throw new Error('--out saves trained models; a table benchmark trains none (drop --out or search with --dataset)');
    if (p.flags.has('tune')) throw new Error(`${optionName(p, 'tune')} searches training settings of networks trained here; a table benchmark trains none (drop it or search with --dataset)`);
    for (const f of ['patience', 'final-epochs']) if (p.flags.has(f)) throw new Error(`${optionName(p, f)} is for networks trained here; a table benchmark trains none (drop it or search with --dataset)`);
    source = { kind: 'tabular', bench: openBenchmark(String(p.flags.get('benchmark') ?? 'nb201-cifar10'), p) };
  }
  const estimate = estimateFromFlags(p, source);
  // Outputs are checked before any trial runs, so a typo in a path does not cost the whole search.
  checkOutputs(p, { plot: 'file', out: 'dir' });
  const store = await storeFromFlags(p);
  if ((workers === 0 || p.flags.has('shared')) && store.url === 'memory:') { await store.close(); throw new Error('--workers 0 creates studies for workers to share: pass --storage sqlite:PATH or postgresql://…, not --no-store'); }
  if (p.flags.has('resume') && store.url === 'memory:') throw new Error('--resume continues studies kept in a store; drop --no-store');
  try {
    const outcome = await runSearch({
      strategies, seeds, firstSeed: p.flags.has('first-seed') ? intFlag(p, 'first-seed', 0, 0) : 0, source, objectives, budget, budgetSeconds, pruner,
      eta: numberFlag(p, 'eta', 3, (v) => v > 1, 'a number > 1'), store, study: p.flags.get('study') as string | undefined, resume: p.flags.has('resume'),
      scalarization: scalarization(p), mode: p.flags.has('async') ? 'async' : 'batch',
      reference: typeof p.flags.get('reference') === 'string' ? numbers(p, 'reference', String(p.flags.get('reference'))) : undefined, log,
      createOnly: workers === 0 || p.flags.has('shared'), estimate,
      ...(p.flags.has('predictor-filter') ? { predictorFilter: intFlag(p, 'predictor-filter', 1, 1) } : {}),
      strategyOptions: colonyOptions(p, strategies),
      ...(p.flags.has('final-epochs') ? { finalEpochs: intFlag(p, 'final-epochs', 1, 1) } : {}),
      // --shared joins a study another process created: its name is found, not made unique.
      ...(p.flags.has('shared') ? { resume: true } : {}),
    });
    if (outcome.created && workers === 0) return { created: outcome.created, storage: store.url };
    if (outcome.created) {
      // --shared: this process is one more worker on each study, with --workers training threads.
      const joined = [];
      for (const study of outcome.created) {
        const r = await runWorker({ store, study, concurrency: Math.max(1, workers ?? 1), dataDir: p.flags.get('data-dir') as string | undefined, log });
        joined.push({ study, worker: r.worker, trials: r.trials.length, completed: r.trials.filter((t) => t.state === 'completed').length });
      }
      return { joined, storage: store.url };
    }
    const results = outcome.summaries.map((s, k) => {
      const runs = outcome.runs[k];
      const meanCost = s.meanCost as number;
      const summary: Record<string, unknown> = {
        ...s, [trained ? 'dataset' : 'benchmark']: outcome.label, budget, objectives: objectives.map((o) => `${o.name}:${o.direction}`),
        ...(trained ? { meanTrainingSeconds: meanCost } : { meanSimulatedHours: meanCost / 3600 }),
        ...(outcome.costBudget !== undefined ? { costBudgetPerSeed: outcome.costBudget } : {}),
        ...(typeof out === 'string' ? { bestModels: runs.map((r) => (r.best?.attrs.model as string | undefined) ?? null) } : {}),
      };
      const hv = typeof s.meanHypervolume === 'number' ? `  hypervolume ${s.meanHypervolume.toPrecision(5)} ± ${(s.sdHypervolume as number).toPrecision(3)}` : '';
      log(`${String(s.strategy).padEnd(22)} best ${objectives[0].name} ${(s.meanBestValid as number).toFixed(3)}  test of best ${(s.meanTest as number).toFixed(3)} ± ${(s.stdTest as number).toFixed(3)}${hv}`
        + `  (${seeds} seeds, ${(s.meanTrials as number).toFixed(1)} trials${(s.meanPruned as number) > 0 ? `, ${(s.meanPruned as number).toFixed(1)} pruned` : ''}, ${trained ? `${meanCost.toFixed(0)} s of training` : `${(meanCost / 3600).toFixed(1)} simulated GPU-hours`} each)`);
      return summary;
    });
    if (outcome.reference) log(`hypervolume reference point: ${objectives.map((o, i) => `${o.name}:${o.direction} = ${outcome.reference![i]}`).join(', ')}`);
    const plot = p.flags.get('plot');
    if (typeof plot === 'string') {
      for (const [suffix, svg] of searchCharts(outcome, objectives)) {
        const file = suffix ? plot.replace(/(\.svg)?$/, `${suffix}.svg`) : plot;
        writeFileSync(file, svg);
        log(`plot ${file}`);
      }
    }
    return results.length === 1 ? results[0] : { results };
  } finally {
    await store.close();
  }
}
