/**
 * `topiary supermask --dataset D [--arch A] --method zhou|edge-popup [--density P] [--init signed-constant|kaiming]
 * [--epochs E] [--out MODEL] [--json]`: learns only a mask over frozen random weights (seed 002, supermasks).
 */
import { prepare, preprocessingOf } from '../data/prepare.js';
import { saveModel } from '../io/model-file.js';
import { buildModel, parseArch } from '../nn/spec.js';
import { SUPERMASK_METHODS, type SupermaskMethod, WEIGHT_INITS, type WeightInit, trainSupermask } from '../sparse/supermask.js';
import { intFlag, numberFlag, optionName, parseArgs } from './args.js';
import { datasetFromFlags } from './dataset-flags.js';
import { checkOutputs } from './outputs.js';
import { recordedRun, validMetrics } from './recorded-run.js';
import { STORE_FLAGS } from './store-flags.js';

const FLAGS = {
  dataset: 'string', arch: 'string', method: 'string', density: 'string', init: 'string', epochs: 'string', 'batch-size': 'string', lr: 'string', seed: 'string',
  out: 'string', 'data-dir': 'string', target: 'string', task: 'string', experiment: 'string', json: 'boolean', ...STORE_FLAGS,
} as const;

function choice<T extends string>(p: ReturnType<typeof parseArgs>, name: string, choices: readonly T[], fallback?: T): T {
  const v = p.flags.get(name) ?? fallback;
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) throw new Error(`${optionName(p, name)}: got ${v === undefined ? 'nothing' : `"${String(v)}"`}; expected ${choices.join(' or ')}`);
  return v as T;
}

export async function supermaskCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, FLAGS);
  checkOutputs(p, { out: 'file' });
  const method = choice<SupermaskMethod>(p, 'method', SUPERMASK_METHODS);
  const init = choice<WeightInit>(p, 'init', WEIGHT_INITS, 'signed-constant');
  const density = numberFlag(p, 'density', 0.5, (v) => v > 0 && v <= 1, 'a fraction in (0, 1] of the weights each layer keeps');
  if (method === 'zhou' && p.flags.has('density')) throw new Error(`${optionName(p, 'density')}: zhou learns how many weights to keep; the density is edge-popup's (drop the flag, or use --method edge-popup)`);
  const epochs = intFlag(p, 'epochs', 10, 1), batchSize = intFlag(p, 'batch-size', 128, 1), seed = intFlag(p, 'seed', 0, 0);
  const lr = numberFlag(p, 'lr', method === 'edge-popup' ? 0.1 : 0.05, (v) => v > 0, 'a positive number');
  const data = datasetFromFlags(p, seed);
  const prep = prepare(data, { seed });
  const inSize = data.inputShape.reduce((a, b) => a * b, 1), outSize = data.task === 'classification' ? data.classes! : 1;
  const arch = String(p.flags.get('arch') ?? `mlp:${inSize}-300-100-${outSize}`);
  const spec = parseArch(arch, data.inputShape);
  const params = { dataset: data.name, arch, method, density: method === 'edge-popup' ? density : null, init, epochs, batchSize, lr, seed };
  return recordedRun(p, String(p.flags.get('experiment') ?? `supermask-${data.name}`), 'supermask', params, (recordEpoch) => {
    log(`supermask (${method}${method === 'edge-popup' ? `, density ${density}` : ''}) over frozen ${init} weights of ${arch} on ${data.name}, ${epochs} epochs`);
    const r = trainSupermask({ model: buildModel(spec, seed), prep, method, density, init, epochs, batchSize, lr, seed,
      onEpoch: (e) => {
        const v = e.val.accuracy !== undefined ? `val acc ${(e.val.accuracy * 100).toFixed(2)}%` : `val R² ${e.val.r2!.toFixed(4)}`;
        log(`epoch ${String(e.epoch).padStart(3)}  loss ${e.loss.toFixed(4)}  ${v}`);
        recordEpoch(e.epoch, { loss: e.loss, ...validMetrics(e.val) });
      } });
    const summary: Record<string, unknown> = { dataset: data.name, arch, method, init, density: r.density, seconds: Number(r.seconds.toFixed(2)) };
    if (r.test.accuracy !== undefined) summary.testAccuracy = r.test.accuracy;
    if (r.test.r2 !== undefined) summary.testR2 = r.test.r2;
    log(`${r.test.accuracy !== undefined ? `test accuracy ${(r.test.accuracy * 100).toFixed(2)}%` : `test R² ${r.test.r2!.toFixed(4)}`} with ${(r.density * 100).toFixed(1)}% of the random weights kept, none trained`);
    const out = p.flags.get('out');
    if (typeof out === 'string') summary.model = saveModel(r.model, data.inputShape, out, { dataset: data.name, seed, supermask: params, preprocessing: preprocessingOf(prep) });
    return summary;
  }, log);
}
