/**
 * `topiary search`: flags → the library's `search` (every kind: a table benchmark, networks trained here in worker
 * threads, or a weight-sharing supernet; `--workers 0` only creates the studies for `topiary worker` processes,
 * `--shared` joins them as one more worker).
 */
import { type BenchmarkColumns, type Scalarization, type SearchOptions, parseTunings, search } from '../index.js';
import { type Parsed, numberList, optionName, parseArgs } from './args.js';
import { optionsFromFlags, stringArg, withFlagNames } from './flag-options.js';
import { STORE_FLAGS, lazyStoreFromFlags } from './store-flags.js';

const FLAGS = {
  strategy: 'string', benchmark: 'string', dataset: 'string', space: 'string', budget: 'string', seeds: 'string', 'first-seed': 'string', workers: 'string',
  epochs: 'string', 'batch-size': 'string', lr: 'string', 'max-train': 'string', resume: 'boolean', 'data-dir': 'string', 'arch-col': 'string',
  'valid-col': 'string', 'test-col': 'string', 'cost-col': 'string', 'fidelity-cols': 'string', fidelities: 'string', objectives: 'string', pruner: 'string',
  eta: 'string', study: 'string', shared: 'boolean', scalarize: 'string', reference: 'string', async: 'boolean', plot: 'string', out: 'string', json: 'boolean',
  proxy: 'string', 'proxy-filter': 'string', cells: 'string', channels: 'string', 'arch-lr': 'string', 'train-epochs': 'string', 'max-params': 'string',
  evidence: 'string', 'time-budget': 'string', tune: 'string', 'predictor-filter': 'string', patience: 'string', 'final-epochs': 'string',
  ants: 'string', 'max-depth': 'string', greediness: 'string', heuristic: 'boolean', reuse: 'string', 'reuse-patience': 'string', ...STORE_FLAGS,
} as const;

const COLONY = { numbers: ['ants', 'max-depth', 'greediness', 'reuse-patience'], strings: ['reuse'], booleans: ['heuristic'] } as const;

function scalarization(p: Parsed): Scalarization | undefined {
  const s = stringArg(p, 'scalarize');
  if (s === undefined) return undefined;
  if (s === 'rank') return { kind: 'rank' };
  if (s.startsWith('weights:')) return { kind: 'weights', weights: numberList(p, 'scalarize', s.slice(8), Number.isFinite, 'comma-separated numbers') };
  throw new Error(`${optionName(p, 'scalarize')}: got "${s}"; expected rank or weights:W1,W2,… (one weight per objective, larger is better after each objective's direction)`);
}

function columns(p: Parsed): BenchmarkColumns | undefined {
  const c: BenchmarkColumns = { arch: stringArg(p, 'arch-col'), valid: stringArg(p, 'valid-col'), test: stringArg(p, 'test-col'), cost: stringArg(p, 'cost-col') };
  const pairs = stringArg(p, 'fidelity-cols');
  if (pairs !== undefined) c.fidelities = pairs.split(',').map((pair) => {
    const [validCol, costCol, extra] = pair.split(':');
    if (!validCol || costCol === '' || extra !== undefined) throw new Error(`${optionName(p, 'fidelity-cols')}: "${pair}" is not VALID_COL[:COST_COL] (e.g. valid12:cost12,valid200:cost200)`);
    return { validCol, ...(costCol ? { costCol } : {}) };
  });
  return Object.values(c).some((v) => v !== undefined) ? c : undefined;
}

export async function searchCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, FLAGS);
  const colony = optionsFromFlags(p, COLONY), tune = stringArg(p, 'tune');
  const options: SearchOptions = {
    strategies: stringArg(p, 'strategy')?.split(','), columns: columns(p), scalarize: scalarization(p), log,
    ...(Object.keys(colony).length > 0 ? { strategyOptions: colony } : {}), ...(tune !== undefined ? { tune: parseTunings(tune, optionName(p, 'tune')) } : {}),
    ...optionsFromFlags(p, {
      numbers: ['budget', 'seeds', 'first-seed', 'workers', 'epochs', 'batch-size', 'lr', 'max-train', 'eta', 'proxy-filter', 'cells', 'channels', 'arch-lr',
        'train-epochs', 'max-params', 'time-budget', 'predictor-filter', 'patience', 'final-epochs'],
      strings: ['benchmark', 'dataset', 'space', 'data-dir', 'objectives', 'pruner', 'study', 'plot', 'out', 'proxy', 'evidence'],
      booleans: ['resume', 'shared', 'async'], numberLists: ['fidelities', 'reference'],
    }),
  };
  const store = lazyStoreFromFlags(p);
  try {
    return await withFlagNames(p, () => search({ ...options, store }));
  } finally {
    await store.close();
  }
}
