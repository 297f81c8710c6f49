/** Charts of a WANN or NEAT run: fitness and network size over the generations. */
import { lineChart } from '../report/svg-chart.js';
import type { GenerationSummary } from './run-wann.js';

/** `sharedWeights`: a weight-agnostic run, whose scores are means over the shared weights (else each genome's own weights). */
export function fitnessChart(history: GenerationSummary[], scoreName: string, sharedWeights = true): string {
  const x = history.map((h) => h.generation);
  return lineChart([
    { name: sharedWeights ? 'best mean over shared weights' : 'best genome', x, y: history.map((h) => h.bestMean) },
    ...(sharedWeights ? [{ name: 'best single weight', x, y: history.map((h) => h.bestMax), dashed: true }] : []),
    { name: 'population mean', x, y: history.map((h) => h.populationMean) },
  ], { title: 'Fitness over generations', xLabel: 'generation', yLabel: scoreName });
}

export function complexityChart(history: GenerationSummary[]): string {
  const x = history.map((h) => h.generation);
  return lineChart([
    { name: 'champion connections', x, y: history.map((h) => h.championConnections) },
    { name: 'mean connections', x, y: history.map((h) => h.meanConnections) },
    { name: 'mean hidden nodes', x, y: history.map((h) => h.meanHidden), rightAxis: true },
  ], { title: 'Network size over generations', xLabel: 'generation', yLabel: 'enabled connections', y2Label: 'hidden nodes' });
}
