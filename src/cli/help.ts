/**
 * `topiary --help` and `topiary COMMAND --help`: every option of a command with one line each. Lines are
 * looked up as "COMMAND FLAG" first (where a command's default differs), then "FLAG"; a flag with no line
 * is listed as undocumented, which the help test refuses.
 */
export const COMMAND_SUMMARIES: Record<string, string> = {
  train: 'train one network on a dataset (--arch mlp:… or cnn:…)',
  datasets: 'list, verify or download the public datasets',
  runs: 'list or show the runs in an experiment store (runs list | runs show ID)',
  diagnose: 'per-layer activation statistics and plots of a trained model',
  study: 'study width | study shrink (grids), study list | study show NAME (studies in a store)',
  evolve: 'evolve an op graph while it trains (seed 000)',
  shrink: 'shrink a wide network with switches while it trains, against a fixed network (seed 001)',
  search: 'architecture search: strategies × seeds as studies, by table lookup or training',
  export: 'export a model file to ONNX or TensorFlow.js',
  worker: 'work on a shared study created with search --workers 0',
};

const DOCS: Record<string, string> = {
  'add-per-epoch': 'ops added per epoch (default 2)',
  arch: 'architecture: mlp:IN-H1-…-OUT or cnn:C1-C2:D1 (default: one hidden layer of 256)',
  'arch-col': 'column holding the architecture string (default arch)',
  async: 'ask for a new trial as soon as any ends (default: batches told in order, reproducible)',
  'batch-size': 'mini-batch size (default 128)',
  benchmark: 'nb201-cifar10 or tabular:FILE (table lookup instead of training; default nb201-cifar10)',
  budget: 'trials per seed; with --fidelities, the cost of that many full evaluations (default 100)',
  checkpoint: 'checkpoint stem, written every epoch and resumed if present (must belong to the same run)',
  concurrency: 'trials this worker trains at once (default 1)',
  config: 'YAML or JSON file whose keys are flag names (flags on the command line win)',
  'cost-col': 'column holding the training cost (default cost, when the file has it; else every trial costs 0)',
  'data-dir': 'folder with the datasets (default $TOPIARY_DATA or ~/.cache/topiary/datasets)',
  dataset: 'dataset name (mnist, fashion-mnist, cifar10, airfoil, poker, adult, add10) or csv:FILE',
  datasets: 'comma-separated datasets of the grid',
  db: 'SQLite store file (shorthand for --storage sqlite:PATH; default ./topiary.db)',
  depths: 'comma-separated numbers of hidden layers (1-4)',
  ensemble: 'members trained with seeds seed, seed+1, … (default 1)',
  epochs: 'training epochs (default 10)',
  'search epochs': 'training epochs of each trial (default 2)',
  'evolve epochs': 'training epochs (default 100)',
  'shrink epochs': 'epoch limit (default 1000; the time budget usually ends first)',
  'study epochs': 'training epochs of each network (default 5)',
  eta: 'reduction factor of the halving pruners (default 3)',
  experiment: 'experiment name the run is recorded under',
  fidelities: 'fidelity steps of the table, e.g. 12,200 (nb201-cifar10: epochs 12 and 200)',
  'fidelity-cols': 'VALID[:COST] column pairs per fidelity, lowest first (tabular:FILE)',
  'first-seed': 'first seed of the range (default 0)',
  format: 'export: onnx or tfjs; runs: table or json',
  hidden: 'comma-separated hidden layer widths before the op graph',
  json: 'print one JSON object as the last line of stdout (other lines go to stderr)',
  lambda: 'initial L1 penalty λ on the switches (default 1e-3)',
  'lambda-decay': 'λ is divided by this every epoch (default 2^(1/10); 1: constant)',
  'lambda-decay-every': 'count the decay in batches instead of epochs',
  lambdas: 'comma-separated λ values of the grid',
  layer: 'hidden layer to analyse (default: all)',
  layers: 'hidden layers of the start network (1-4; widths from the journal)',
  limit: 'most runs to list (default 100)',
  lr: 'learning rate (default 1e-3)',
  'evolve lr': 'learning rate (default 1e-2)',
  'lr-schedule': 'constant or cosine over the time budget (default constant)',
  'max-ops': 'most ops in the graph (default 40)',
  'max-train': 'train each trial on at most this many rows (a cheaper proxy)',
  member: 'ensemble member to export (default: all, averaged)',
  model: 'model file (MODEL.json or the stem given to --out)',
  'no-store': 'record nothing (an in-memory store)',
  norm: 'normalisation of op outputs: batch, l2 or none',
  objectives: 'NAME:max|min,… over the trial metrics (default valid:max; tables: valid, test, cost; training: valid, params, cost, epochs)',
  ops: 'comma-separated op names allowed in the graph',
  optimizer: 'adam, adamw, adamax or sgd (default adam)',
  out: 'where to write the result (a model stem, a folder or a file)',
  'search out': 'folder for every trained trial\'s model (trial-N.json per strategy and seed)',
  patience: 'stop after this many epochs without a better validation loss',
  'pca-samples': 'rows used for the PCA (default 2000)',
  penalty: 'complexity penalty per op (default 1e-4)',
  plot: 'SVG chart to write (with several objectives also -hypervolume.svg and -pareto.svg)',
  pruner: 'early stopping: none, median, sha, asha or hyperband (default none)',
  reference: 'hypervolume reference point, one value per objective (default: the worst values)',
  'remove-per-epoch': 'ops removed per epoch (default 1)',
  report: 'JSON report file of the run',
  resume: 'continue the studies of the same names (finished trials are not run again)',
  rule: 'when a unit dies: sign-flip or threshold (default sign-flip)',
  samples: 'rows used for the statistics (default 2000)',
  scalarize: 'one score from several objectives for single-objective strategies: rank or weights:W1,W2,…',
  schedule: 'learning-rate schedule: cosine, step or constant (default cosine)',
  seed: 'random seed: the same seed gives the same result (default 0)',
  seeds: 'how many seeds (default 5)',
  'study seeds': 'how many seeds per width (default 3)',
  'study shrink seeds': 'how many seeds per setting (default 2)',
  'shrink time-budget': 'seconds of compress training, and the same for the fixed network (default 60)',
  'study shrink time-budget': 'seconds of compress training per run (default 30)',
  'study shrink out': 'folder for the plots and summary.json (default study-shrink)',
  'study out': 'folder for the plots and summary.json (default study-width-DATASET)',
  'study shrink epochs': 'epoch limit per run',
  settle: 'last fraction of the budget trained without penalty or surgery (default 0)',
  shared: 'create or join the studies in a shared store and work on them as one more worker',
  space: 'search space for training: nb201, mlp-cell, mlp-widths, mlp-stack (default mlp-widths)',
  'stale-after': 'seconds without a heartbeat after which a trial is taken as dead (default 120)',
  'start-width': 'width of every hidden layer of the start network',
  storage: 'store URL: sqlite:PATH (default sqlite:./topiary.db), memory: or postgresql://user:password@host/db',
  strategy: 'comma-separated: grid, random, genetic, reinforce, regularized-evolution (rea), nsga2 (default random)',
  study: 'study name (a prefix when there are several strategies or seeds)',
  'switch-lr-scale': 'the switches learn this many times faster than the weights (default 1)',
  target: 'target column of a csv: dataset',
  task: 'classification or regression (default: from the target column)',
  'test-col': 'column holding the test score (default test)',
  threads: 'kernel threads (default: the CPUs this process may use)',
  'time-budget': 'seconds of training',
  'valid-col': 'column holding the validation score (default valid)',
  'weight-decay': 'decoupled weight decay λ₂ (default 1e-4)',
  'width-scale': 'scale of the journal\'s start widths (default 1)',
  widths: 'comma-separated hidden widths to compare',
  workers: 'trials trained at once in worker threads (default: the cores); 0 with a shared store: only create the studies',
};

export class HelpRequest extends Error {
  constructor(readonly flags: Record<string, 'string' | 'boolean'>) { super('help'); }
}

export function commandHelp(command: string, flags: Record<string, 'string' | 'boolean'>): string[] {
  const rows = Object.entries(flags).map(([flag, kind]) => [`--${flag}${kind === 'string' ? ' VALUE' : ''}`, DOCS[`${command} ${flag}`] ?? DOCS[flag] ?? '(undocumented)']);
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return [`topiary ${command}: ${COMMAND_SUMMARIES[command] ?? ''}`, '', ...rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`)];
}

export function generalHelp(commands: string[]): string[] {
  const width = Math.max(...commands.map((c) => c.length)) + 2;
  return ['usage: topiary COMMAND [options]   (topiary COMMAND --help lists its options)', '',
    ...commands.map((c) => `  ${c.padEnd(width)}${COMMAND_SUMMARIES[c] ?? ''}`)];
}
