/**
 * Statistics and plots per hidden layer of a saved model on its dataset's test split: dead neurons, total variance,
 * the normality of per-neuron variances, mixture fits and PCA (what `topiary diagnose` does).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OptionError, intOption, numberOption, requiredOption } from '../core/option-error.js';
import { prepare } from '../data/prepare.js';
import { datasetOf } from '../data/source.js';
import { loadSequential } from '../io/model-file.js';
import { ensureWritable } from '../io/writable.js';
import { histogramChart, lineChart } from '../report/svg-chart.js';
import { collectActivations } from './collect.js';
import { type LayerReport, layerReport } from './layer-report.js';
import { gammaPdf } from './mixtures.js';
import { normalPdf } from './normal.js';

export interface DiagnoseOptions {
  /** A model file written by train, shrink, search … */
  model: string;
  /** Default: the dataset the model file names. */
  dataset?: string;
  dataDir?: string;
  /** Only this layer (an index), else every hidden layer. */
  layer?: number;
  samples?: number;
  pcaSamples?: number;
  /** A folder for the plots. */
  out?: string;
  log?: (line: string) => void;
}

export function plotVariances(r: LayerReport, title: string): string {
  const curves: { name: string; pdf: (x: number) => number }[] = [];
  if (!('error' in r.expNormal)) {
    const f = r.expNormal;
    curves.push({ name: `exp+normal fit (w_exp ${f.weights[0].toFixed(2)})`, pdf: (x) => f.weights[0] * f.rate * Math.exp(-f.rate * x) * (x >= 0 ? 1 : 0) + f.weights[1] * normalPdf(x, f.mean, f.std) });
  }
  if (!('error' in r.twoGammas)) {
    const g = r.twoGammas, keep = 1 - g.excluded / r.neurons;
    curves.push({ name: `two-gamma fit (w_low ${g.weights[0].toFixed(2)})`, pdf: (x) => keep * (g.weights[0] * gammaPdf(x, g.shapes[0], g.scales[0]) + g.weights[1] * gammaPdf(x, g.shapes[1], g.scales[1])) });
  }
  return histogramChart(r.variances, Math.max(10, Math.min(60, Math.round(Math.sqrt(r.neurons)))), curves,
    { title, xLabel: 'per-neuron activation variance', yLabel: 'density' });
}

export function diagnoseModel(o: DiagnoseOptions): Record<string, unknown> {
  const log = o.log ?? (() => {});
  const modelPath = requiredOption(o.model, 'model', 'the .json written by `topiary train --out`');
  const { model, file } = loadSequential(modelPath, 'diagnose');
  const datasetName = o.dataset ?? (typeof file.metadata.dataset === 'string' ? file.metadata.dataset : undefined);
  if (!datasetName) throw new OptionError('dataset', 'is required (the model file does not name one)');
  const seed = typeof file.metadata.seed === 'number' ? file.metadata.seed : 0;
  const data = datasetOf({ name: datasetName, dataDir: o.dataDir }, seed);
  const prep = prepare(data, { seed });
  const samples = intOption(o.samples, 'samples', 5000, 3);
  const pcaSamples = intOption(o.pcaSamples, 'pcaSamples', 1000, 2);
  const only = o.layer === undefined ? undefined : [numberOption(o.layer, 'layer', 0, Number.isInteger, 'a layer index')];
  const outDir = o.out;
  if (outDir) ensureWritable(outDir, 'dir', 'out');
  const layers = collectActivations(model, prep.test, data.inputShape, samples, only).map((a) => {
    const post = layerReport(a.post, a.samples, a.neurons, { pcaSamples });
    const pre = layerReport(a.pre, a.samples, a.neurons);
    const shap = 'error' in post.shapiro ? post.shapiro.error : `W ${post.shapiro.w.toFixed(4)} (p ${post.shapiro.p.toExponential(2)})`;
    log(`layer ${a.layer} (${a.neurons} neurons, ${a.activation}): dead ${post.dead} (< ${post.threshold}: ${post.deadBelowThreshold}), total variance ${post.totalVariance.toFixed(4)}, Shapiro-Wilk on variances ${shap}, PCA 90%/99% in ${post.pca?.componentsFor90}/${post.pca?.componentsFor99} components`);
    const plots: string[] = [];
    if (outDir) {
      const vp = join(outDir, `layer${a.layer}-variance.svg`), pp = join(outDir, `layer${a.layer}-pca.svg`);
      writeFileSync(vp, plotVariances(post, `Layer ${a.layer}: per-neuron variance of ${a.activation} activations`));
      const ratio = post.pca!.explainedVarianceRatio;
      let acc = 0;
      writeFileSync(pp, lineChart([{ name: 'cumulative explained variance', x: ratio.map((_, i) => i + 1), y: ratio.map((r) => (acc += r)), points: true },
        { name: 'per component', x: ratio.map((_, i) => i + 1), y: ratio, dashed: true }], { title: `Layer ${a.layer}: PCA of activations`, xLabel: 'components', yLabel: 'fraction of variance' }));
      plots.push(vp, pp);
      log(`  plots: ${vp}, ${pp}`);
    }
    const { variances: _v, ...postSummary } = post;
    const { variances: _w, pca: _p, ...preSummary } = pre;
    return { layer: a.layer, neurons: a.neurons, activation: a.activation, postActivation: postSummary, preActivation: preSummary, plots };
  });
  return { model: modelPath, dataset: data.name, samples: Math.min(samples, prep.test.n), layers };
}
