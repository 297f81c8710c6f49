/** The files a NEAT or WANN run leaves in its output folder: the champion genome, the history and three charts. */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import type { Genome } from './genome.js';
import { genomeDrawing } from './genome-drawing.js';
import type { GenerationSummary } from './run-wann.js';
import { complexityChart, fitnessChart } from './run-charts.js';

/** A generation's sizes as runs record them: the champion's connections, the population's mean connections and hidden nodes. */
export const populationSizes = (g: GenerationSummary): Record<string, number> =>
  ({ 'champion.connections': g.championConnections, 'population.connections': g.meanConnections, 'population.hidden': g.meanHidden });

/** Writes the files and returns the champion's path (the run's model artifact). */
export function writeChampionFiles(out: string, champion: Genome & { wann?: Record<string, unknown> }, history: GenerationSummary[],
  o: { scoreName: string; title: string; weightAgnostic: boolean }): string {
  const model = join(out, 'champion.json');
  writeFileAtomic(model, JSON.stringify(champion, null, 1));
  writeFileAtomic(join(out, 'history.json'), JSON.stringify(history));
  writeFileAtomic(join(out, 'fitness.svg'), fitnessChart(history, o.scoreName, o.weightAgnostic));
  writeFileAtomic(join(out, 'complexity.svg'), complexityChart(history));
  writeFileAtomic(join(out, 'champion.svg'), genomeDrawing(champion, { ...(o.weightAgnostic ? { weightAgnostic: true } : {}), title: o.title }));
  return model;
}
