/**
 * `topiary wann --task xor|swingup|mnist256 [--population P] [--generations G] [--time-budget S] [--seed N]
 * [--episodes E] [--workers W] [--checkpoint FILE] [--out DIR] [--data-dir D] [--json]`: weight-agnostic network search (seed 002).
 * The last JSON line has connections, meanScore and sdScore over the shared weights (held out), tunedWeight and tunedScore.
 */
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { GENOME_TASKS, makeTask } from '../neat/tasks/index.js';
import { genomeDrawing } from '../neat/genome-drawing.js';
import { complexityChart, fitnessChart } from '../neat/run-charts.js';
import { workerScorer } from '../neat/population-scorer.js';
import { runWann } from '../neat/run-wann.js';
import { intFlag, numberFlag, optionName, parseArgs } from './args.js';
import { checkOutputs } from './outputs.js';
import { recordedRun } from './recorded-run.js';
import { STORE_FLAGS } from './store-flags.js';

const FLAGS = {
  task: 'string', population: 'string', generations: 'string', 'time-budget': 'string', seed: 'string', episodes: 'string', workers: 'string', checkpoint: 'string', out: 'string',
  'data-dir': 'string', experiment: 'string', json: 'boolean', ...STORE_FLAGS,
} as const;

export async function wannCommand(argv: string[], log: (line: string) => void): Promise<Record<string, unknown>> {
  const p = parseArgs(argv, FLAGS);
  checkOutputs(p, { out: 'dir' });
  const task = String(p.flags.get('task') ?? '');
  if (!(GENOME_TASKS as readonly string[]).includes(task)) throw new Error(`${optionName(p, 'task')}: got ${task ? `"${task}"` : 'nothing'}; expected ${GENOME_TASKS.join(', ')}`);
  const population = intFlag(p, 'population', task === 'mnist256' ? 960 : 192, 2), seed = intFlag(p, 'seed', 0, 0), workers = intFlag(p, 'workers', 1, 1);
  const episodes = p.flags.has('episodes') ? intFlag(p, 'episodes', 1, 1) : undefined;
  const generations = p.flags.has('generations') ? intFlag(p, 'generations', 1, 1) : undefined;
  const timeBudgetSeconds = p.flags.has('time-budget') ? numberFlag(p, 'time-budget', 0, (v) => v > 0, 'a positive number of seconds') : undefined;
  if (generations === undefined && timeBudgetSeconds === undefined) throw new Error(`${optionName(p, 'generations')}: give --generations G, --time-budget SECONDS or both, so the search knows when to stop`);
  const dataDir = p.flags.get('data-dir'), checkpoint = p.flags.get('checkpoint'), out = p.flags.get('out');
  const params = { task, population, generations: generations ?? null, timeBudgetSeconds: timeBudgetSeconds ?? null, seed, episodes: episodes ?? null, workers };
  return recordedRun(p, String(p.flags.get('experiment') ?? `wann-${task}`), 'wann', params, async (recordEpoch) => {
    const spec = { name: task, dataDir: typeof dataDir === 'string' ? resolve(dataDir) : undefined, episodes }, t = makeTask(spec);
    log(`wann on ${task}: population ${population}, score = ${t.scoreName}, mean over shared weights, ${workers} worker${workers > 1 ? 's' : ''}`);
    const scorer = workers > 1 ? workerScorer(spec, workers) : undefined;
    const r = await runWann({ task: t, population, seed, generations, timeBudgetSeconds, checkpoint: typeof checkpoint === 'string' ? checkpoint : undefined, scorer,
      onGeneration: (g) => {
        if (g.generation % 10 === 0) log(`generation ${String(g.generation).padStart(4)}  best mean ${g.bestMean.toFixed(4)}  best ${g.bestMax.toFixed(4)}  population mean ${g.populationMean.toFixed(4)}  champion ${g.championConnections} connections`);
        recordEpoch(g.generation, { bestMean: g.bestMean, bestMax: g.bestMax, populationMean: g.populationMean, championConnections: g.championConnections, meanConnections: g.meanConnections, meanHidden: g.meanHidden });
      } }).finally(() => scorer?.close());
    log(`champion: ${r.connections} connections, ${r.hidden} hidden; held-out score ${r.meanScore.toFixed(4)} ± ${r.sdScore.toFixed(4)} over the shared weights; tuned weight ${r.tunedWeight}: ${r.tunedScore.toFixed(4)} (${r.generations} generations, ${r.seconds.toFixed(0)} s)`);
    const summary: Record<string, unknown> = { task, connections: r.connections, hidden: r.hidden, meanScore: r.meanScore, sdScore: r.sdScore, tunedWeight: r.tunedWeight, tunedScore: r.tunedScore,
      ...(r.ensembleScore !== undefined ? { ensembleAccuracy: r.ensembleScore } : {}), ...(r.trainedScore !== undefined ? { trainedAccuracy: r.trainedScore } : {}),
      heldOut: r.heldOut, generations: r.generations, evaluations: r.evaluations, seconds: Number(r.seconds.toFixed(2)) };
    if (r.ensembleScore !== undefined) log(`ensemble of the ${r.heldOut.length} shared weights: ${r.ensembleScore.toFixed(4)}; best single weight ${Math.max(...r.heldOut).toFixed(4)}${r.trainedScore !== undefined ? `; own weights trained by gradient descent: ${r.trainedScore.toFixed(4)}` : ''}`);
    if (typeof out === 'string') {
      summary.model = join(out, 'champion.json');
      writeFileAtomic(summary.model as string, JSON.stringify({ ...r.champion, wann: { task, tunedWeight: r.tunedWeight, seed } }, null, 1));
      writeFileAtomic(join(out, 'history.json'), JSON.stringify(r.history));
      writeFileAtomic(join(out, 'fitness.svg'), fitnessChart(r.history, t.scoreName));
      writeFileAtomic(join(out, 'complexity.svg'), complexityChart(r.history));
      writeFileAtomic(join(out, 'champion.svg'), genomeDrawing(r.champion, { weightAgnostic: true, title: `${task} champion: ${r.connections} connections, ${r.hidden} hidden, tuned weight ${r.tunedWeight}` }));
    }
    return summary;
  }, log);
}
