/**
 * `topiary neat --task swingup|mnist256 [--population 150] [--generations G] [--time-budget S] [--seed N]
 * [--checkpoint FILE] [--out DIR] [--data-dir D] [--json]`: one NEAT run on a genome task, recorded in the store;
 * the last JSON line has connections, hidden, heldOutScore (test accuracy, or mean reward of 10 held-out episodes).
 */
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { genomeDrawing } from '../neat/genome-drawing.js';
import { runNeat } from '../neat/run-neat.js';
import { makeTask } from '../neat/tasks/index.js';
import { complexityChart, fitnessChart } from '../neat/run-charts.js';
import { type Parsed, intFlag, numberFlag, optionName } from './args.js';
import { checkOutputs } from './outputs.js';
import { recordedRun } from './recorded-run.js';

export function neatOnTask(p: Parsed, task: string, log: (line: string) => void): Promise<Record<string, unknown>> {
  checkOutputs(p, { out: 'dir' });
  const population = intFlag(p, 'population', 150, 2), seed = intFlag(p, 'seed', 0, 0);
  const generations = p.flags.has('generations') ? intFlag(p, 'generations', 1, 1) : undefined;
  const timeBudgetSeconds = p.flags.has('time-budget') ? numberFlag(p, 'time-budget', 0, (v) => v > 0, 'a positive number of seconds') : undefined;
  if (generations === undefined && timeBudgetSeconds === undefined) throw new Error(`${optionName(p, 'generations')}: give --generations G, --time-budget SECONDS or both, so the run knows when to stop`);
  const dataDir = p.flags.get('data-dir'), checkpoint = p.flags.get('checkpoint'), out = p.flags.get('out');
  const params = { task, population, generations: generations ?? null, timeBudgetSeconds: timeBudgetSeconds ?? null, seed };
  return recordedRun(p, String(p.flags.get('experiment') ?? `neat-${task}`), 'neat', params, (recordEpoch) => {
    const t = makeTask({ name: task, dataDir: typeof dataDir === 'string' ? resolve(dataDir) : undefined });
    log(`neat on ${task}: population ${population}, score = ${t.scoreName}, own weights`);
    const r = runNeat({ task: t, population, seed, generations, timeBudgetSeconds, checkpoint: typeof checkpoint === 'string' ? checkpoint : undefined,
      onGeneration: (g) => {
        if (g.generation % 10 === 0) log(`generation ${String(g.generation).padStart(4)}  best ${g.bestMean.toFixed(4)}  population mean ${g.populationMean.toFixed(4)}  champion ${g.championConnections} connections`);
        recordEpoch(g.generation, { best: g.bestMean, populationMean: g.populationMean, championConnections: g.championConnections, meanConnections: g.meanConnections, meanHidden: g.meanHidden });
      } });
    log(`champion: ${r.connections} connections, ${r.hidden} hidden; held-out score ${r.heldOutScore.toFixed(4)} (${r.generations} generations, ${r.seconds.toFixed(0)} s)`);
    const summary: Record<string, unknown> = { task, connections: r.connections, hidden: r.hidden, heldOutScore: r.heldOutScore, generations: r.generations, evaluations: r.evaluations, seconds: Number(r.seconds.toFixed(2)) };
    if (typeof out === 'string') {
      summary.model = join(out, 'champion.json');
      writeFileAtomic(summary.model as string, JSON.stringify(r.champion, null, 1));
      writeFileAtomic(join(out, 'history.json'), JSON.stringify(r.history));
      writeFileAtomic(join(out, 'fitness.svg'), fitnessChart(r.history, t.scoreName, false));
      writeFileAtomic(join(out, 'complexity.svg'), complexityChart(r.history));
      writeFileAtomic(join(out, 'champion.svg'), genomeDrawing(r.champion, { title: `${task} NEAT champion: ${r.connections} connections, ${r.hidden} hidden` }));
    }
    return summary;
  }, log);
}
