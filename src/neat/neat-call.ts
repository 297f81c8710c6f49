/**
 * NEAT as a library call (what `topiary neat` does): on xor, run after run with its own seed and the evaluations
 * each needed; on a genome task (swingup, mnist256), one recorded run whose champion is scored on held-out data.
 */
import { OptionError, choiceOption, intOption, optionalNumber } from '../core/option-error.js';
import { ensureWritable } from '../io/writable.js';
import { type RunOptions, recordedCall } from '../store/record-run.js';
import { populationSizes, writeChampionFiles } from './champion-files.js';
import { runNeat } from './run-neat.js';
import { GENOME_TASKS, type GenomeTaskName, makeTask } from './tasks/index.js';
import { neatXor } from './xor.js';

export interface NeatRunOptions extends RunOptions {
  /** xor (default), swingup or mnist256. */
  task?: GenomeTaskName;
  population?: number;
  seed?: number;
  /** xor: independent runs, and the generations each may take. */
  runs?: number;
  maxGenerations?: number;
  /** Other tasks: when to stop (one or both). */
  generations?: number;
  timeBudgetSeconds?: number;
  dataDir?: string;
  /** Path stem for checkpoints (resumed when present). */
  checkpoint?: string;
  /** Other tasks: a folder for the champion, its history and charts. */
  out?: string;
}

export async function neat(o: NeatRunOptions = {}): Promise<Record<string, unknown>> {
  const task = choiceOption(o.task, 'task', GENOME_TASKS, 'xor');
  return task === 'xor' ? neatOnXor(o) : neatOnTask(o, task);
}

function neatOnXor(o: NeatRunOptions): Record<string, unknown> {
  const log = o.log ?? (() => {});
  const runs = intOption(o.runs, 'runs', 100, 1), population = intOption(o.population, 'population', 150, 2);
  const maxGenerations = intOption(o.maxGenerations, 'maxGenerations', 500, 1), seed = intOption(o.seed, 'seed', 0, 0);
  const results = Array.from({ length: runs }, (_, k) => {
    const r = neatXor({ seed: seed + k, population, maxGenerations, checkpoint: o.checkpoint !== undefined ? `${o.checkpoint}.run${k + 1}.json` : undefined });
    log(`run ${String(k + 1).padStart(3)}  ${r.solved ? `solved after ${r.evaluations} evaluations (generation ${r.generations}), ${r.hidden} hidden, ${r.connections} connections` : `not solved in ${maxGenerations} generations`}`);
    return r;
  });
  const solved = results.filter((r) => r.solved);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  const ev = solved.map((r) => r.evaluations), m = mean(ev);
  const summary = {
    task: 'xor', runs, population, solved: solved.length, meanEvaluations: m, sdEvaluations: Math.sqrt(mean(ev.map((e) => (e - m) ** 2))), worstEvaluations: ev.length ? Math.max(...ev) : null,
    meanHidden: mean(solved.map((r) => r.hidden)), meanConnections: mean(solved.map((r) => r.connections)),
  };
  if (!solved.length) log(`none of ${runs} solved within ${maxGenerations} generations (raise maxGenerations)`);
  else log(`${summary.solved} of ${runs} solved; evaluations ${m.toFixed(0)} ± ${summary.sdEvaluations.toFixed(0)} (worst ${summary.worstEvaluations}); ${summary.meanHidden.toFixed(2)} hidden nodes, ${summary.meanConnections.toFixed(2)} enabled connections on average`);
  return summary;
}

function neatOnTask(o: NeatRunOptions, task: Exclude<GenomeTaskName, 'xor'>): Promise<Record<string, unknown>> {
  const log = o.log ?? (() => {});
  if (o.out !== undefined) ensureWritable(o.out, 'dir', 'out');
  const population = intOption(o.population, 'population', 150, 2), seed = intOption(o.seed, 'seed', 0, 0);
  const generations = o.generations === undefined ? undefined : intOption(o.generations, 'generations', 1, 1);
  const timeBudgetSeconds = optionalNumber(o.timeBudgetSeconds, 'timeBudgetSeconds', (v) => v > 0, 'a positive number of seconds');
  if (generations === undefined && timeBudgetSeconds === undefined) throw new OptionError('generations', 'give generations, a time budget or both, so the run knows when to stop');
  const params = { task, population, generations: generations ?? null, timeBudgetSeconds: timeBudgetSeconds ?? null, seed };
  return recordedCall(o, `neat-${task}`, 'neat', params, (recordEpoch) => {
    const t = makeTask({ name: task, dataDir: o.dataDir });
    log(`neat on ${task}: population ${population}, score = ${t.scoreName}, own weights`);
    const r = runNeat({ task: t, population, seed, generations, timeBudgetSeconds, checkpoint: o.checkpoint,
      onGeneration: (g) => {
        if (g.generation % 10 === 0) log(`generation ${String(g.generation).padStart(4)}  best ${g.bestMean.toFixed(4)}  population mean ${g.populationMean.toFixed(4)}  champion ${g.championConnections} connections`);
        recordEpoch(g.generation, { 'fitness.best': g.bestMean, 'fitness.population': g.populationMean, ...populationSizes(g) });
      } });
    log(`champion: ${r.connections} connections, ${r.hidden} hidden; held-out score ${r.heldOutScore.toFixed(4)} (${r.generations} generations, ${r.seconds.toFixed(0)} s)`);
    const summary: Record<string, unknown> = { task, connections: r.connections, hidden: r.hidden, heldOutScore: r.heldOutScore, generations: r.generations, evaluations: r.evaluations, seconds: Number(r.seconds.toFixed(2)) };
    if (o.out !== undefined) {
      summary.model = writeChampionFiles(o.out, r.champion, r.history, { scoreName: t.scoreName, weightAgnostic: false, title: `${task} NEAT champion: ${r.connections} connections, ${r.hidden} hidden` });
    }
    return summary;
  });
}
