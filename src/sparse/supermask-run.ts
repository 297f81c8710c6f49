/** Supermasks as a recorded run: learn only a mask over frozen random weights (what `topiary supermask` does). */
import { OptionError, choiceOption, intOption, numberOption } from '../core/option-error.js';
import { preprocessingOf } from '../data/prepare.js';
import { type DatasetSource, preparedData } from '../data/source.js';
import { saveModel } from '../io/model-file.js';
import { ensureWritable } from '../io/writable.js';
import { buildModel, parseArch } from '../nn/spec.js';
import { type RunOptions, recordedCall } from '../store/record-run.js';
import { formatValidation, validMetrics } from '../train/metrics.js';
import { SUPERMASK_METHODS, type SupermaskMethod, WEIGHT_INITS, type WeightInit, trainSupermask } from './supermask.js';

export interface SupermaskRunOptions extends RunOptions {
  dataset: DatasetSource;
  /** zhou (learns how many weights to keep) or edge-popup (keeps a fixed density). Required. */
  method: SupermaskMethod;
  arch?: string;
  /** edge-popup's fraction of the weights each layer keeps (0.5). */
  density?: number;
  init?: WeightInit;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
  out?: string;
}

export async function supermask(o: SupermaskRunOptions): Promise<Record<string, unknown>> {
  const log = o.log ?? (() => {});
  const method = choiceOption(o.method, 'method', SUPERMASK_METHODS);
  const init = choiceOption(o.init, 'init', WEIGHT_INITS, 'signed-constant');
  const density = numberOption(o.density, 'density', 0.5, (v) => v > 0 && v <= 1, 'a fraction in (0, 1] of the weights each layer keeps');
  if (method === 'zhou' && o.density !== undefined) throw new OptionError('density', 'zhou learns how many weights to keep; the density is edge-popup\'s (leave it out, or use method edge-popup)');
  const epochs = intOption(o.epochs, 'epochs', 10, 1), batchSize = intOption(o.batchSize, 'batchSize', 128, 1), seed = intOption(o.seed, 'seed', 0, 0);
  const lr = numberOption(o.lr, 'lr', method === 'edge-popup' ? 0.1 : 0.05, (v) => v > 0, 'a positive number');
  if (o.out !== undefined) ensureWritable(o.out, 'file', 'out');
  const { data, prep, inSize, outSize } = preparedData(o.dataset, seed, log);
  const arch = o.arch ?? `mlp:${inSize}-300-100-${outSize}`;
  const spec = parseArch(arch, data.inputShape);
  const params = { dataset: data.name, arch, method, density: method === 'edge-popup' ? density : null, init, epochs, batchSize, lr, seed };
  return recordedCall(o, `supermask-${data.name}`, 'supermask', params, (recordEpoch) => {
    log(`supermask (${method}${method === 'edge-popup' ? `, density ${density}` : ''}) over frozen ${init} weights of ${arch} on ${data.name}, ${epochs} epochs`);
    const r = trainSupermask({ model: buildModel(spec, seed), prep, method, density, init, epochs, batchSize, lr, seed,
      onEpoch: (e) => {
        log(`epoch ${String(e.epoch).padStart(3)}  loss ${e.loss.toFixed(4)}  ${formatValidation(e.val)}`);
        recordEpoch(e.epoch, { 'train.loss': e.loss, ...validMetrics(e.val) });
      } });
    const summary: Record<string, unknown> = { dataset: data.name, arch, method, init, density: r.density, seconds: Number(r.seconds.toFixed(2)) };
    if (r.test.accuracy !== undefined) summary.testAccuracy = r.test.accuracy;
    if (r.test.r2 !== undefined) summary.testR2 = r.test.r2;
    log(`${r.test.accuracy !== undefined ? `test accuracy ${(r.test.accuracy * 100).toFixed(2)}%` : `test R² ${r.test.r2!.toFixed(4)}`} with ${(r.density * 100).toFixed(1)}% of the random weights kept, none trained`);
    if (o.out !== undefined) summary.model = saveModel(r.model, data.inputShape, o.out, { dataset: data.name, seed, supermask: params, preprocessing: preprocessingOf(prep) });
    return summary;
  });
}
