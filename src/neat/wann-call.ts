/**
 * Weight-agnostic network search as a recorded run (what `topiary wann` does): topologies scored by their mean over
 * shared weights, the champion tuned to its best single weight and scored on held-out data.
 */
import { OptionError, choiceOption, intOption, optionalNumber } from '../core/option-error.js';
import { ensureWritable } from '../io/writable.js';
import { type RunOptions, recordedCall } from '../store/record-run.js';
import { populationSizes, writeChampionFiles } from './champion-files.js';
import { workerScorer } from './population-scorer.js';
import { runWann } from './run-wann.js';
import { GENOME_TASKS, type GenomeTaskName, makeTask } from './tasks/index.js';

export interface WannRunOptions extends RunOptions {
  /** xor, swingup or mnist256. Required. */
  task: GenomeTaskName;
  population?: number;
  generations?: number;
  timeBudgetSeconds?: number;
  seed?: number;
  /** swingup: episodes per evaluation. */
  episodes?: number;
  /** Processes scoring the population (1: in this thread). */
  workers?: number;
  dataDir?: string;
  checkpoint?: string;
  out?: string;
}

export async function wann(o: WannRunOptions): Promise<Record<string, unknown>> {
  const log = o.log ?? (() => {});
  if (o.out !== undefined) ensureWritable(o.out, 'dir', 'out');
  const task = choiceOption(o.task, 'task', GENOME_TASKS);
  const population = intOption(o.population, 'population', task === 'mnist256' ? 960 : 192, 2), seed = intOption(o.seed, 'seed', 0, 0), workers = intOption(o.workers, 'workers', 1, 1);
  const episodes = o.episodes === undefined ? undefined : intOption(o.episodes, 'episodes', 1, 1);
  const generations = o.generations === undefined ? undefined : intOption(o.generations, 'generations', 1, 1);
  const timeBudgetSeconds = optionalNumber(o.timeBudgetSeconds, 'timeBudgetSeconds', (v) => v > 0, 'a positive number of seconds');
  if (generations === undefined && timeBudgetSeconds === undefined) throw new OptionError('generations', 'give generations, a time budget or both, so the search knows when to stop');
  const params = { task, population, generations: generations ?? null, timeBudgetSeconds: timeBudgetSeconds ?? null, seed, episodes: episodes ?? null, workers };
  return recordedCall(o, `wann-${task}`, 'wann', params, async (recordEpoch) => {
    const spec = { name: task, dataDir: o.dataDir, episodes }, t = makeTask(spec);
    log(`wann on ${task}: population ${population}, score = ${t.scoreName}, mean over shared weights, ${workers} worker${workers > 1 ? 's' : ''}`);
    const scorer = workers > 1 ? workerScorer(spec, workers) : undefined;
    const r = await runWann({ task: t, population, seed, generations, timeBudgetSeconds, checkpoint: o.checkpoint, scorer,
      onGeneration: (g) => {
        if (g.generation % 10 === 0) log(`generation ${String(g.generation).padStart(4)}  best mean ${g.bestMean.toFixed(4)}  best ${g.bestMax.toFixed(4)}  population mean ${g.populationMean.toFixed(4)}  champion ${g.championConnections} connections`);
        recordEpoch(g.generation, { 'fitness.best-mean': g.bestMean, 'fitness.best-max': g.bestMax, 'fitness.population': g.populationMean, ...populationSizes(g) });
      } }).finally(() => scorer?.close());
    log(`champion: ${r.connections} connections, ${r.hidden} hidden; held-out score ${r.meanScore.toFixed(4)} ± ${r.sdScore.toFixed(4)} over the shared weights; tuned weight ${r.tunedWeight}: ${r.tunedScore.toFixed(4)} (${r.generations} generations, ${r.seconds.toFixed(0)} s)`);
    const summary: Record<string, unknown> = { task, connections: r.connections, hidden: r.hidden, meanScore: r.meanScore, sdScore: r.sdScore, tunedWeight: r.tunedWeight, tunedScore: r.tunedScore,
      ...(r.ensembleScore !== undefined ? { ensembleAccuracy: r.ensembleScore } : {}), ...(r.trainedScore !== undefined ? { trainedAccuracy: r.trainedScore } : {}),
      heldOut: r.heldOut, generations: r.generations, evaluations: r.evaluations, seconds: Number(r.seconds.toFixed(2)) };
    if (r.ensembleScore !== undefined) log(`ensemble of the ${r.heldOut.length} shared weights: ${r.ensembleScore.toFixed(4)}; best single weight ${Math.max(...r.heldOut).toFixed(4)}${r.trainedScore !== undefined ? `; own weights trained by gradient descent: ${r.trainedScore.toFixed(4)}` : ''}`);
    if (o.out !== undefined) {
      summary.model = writeChampionFiles(o.out, { ...r.champion, wann: { task, tunedWeight: r.tunedWeight, seed } }, r.history,
        { scoreName: t.scoreName, weightAgnostic: true, title: `${task} champion: ${r.connections} connections, ${r.hidden} hidden, tuned weight ${r.tunedWeight}` });
    }
    return summary;
  });
}
