/**
 * `topiary neat --task swingup|mnist256 …` runs once on that task (see neat-task.ts).
 * `topiary neat --task xor [--runs 100] [--population 150] [--max-generations 500] [--seed 0] [--checkpoint STEM] [--json]`: NEAT
 * (seed 002) run after run, each with its own seed; the last JSON line has solved, meanEvaluations, sdEvaluations,
 * meanHidden and meanConnections (means over the solved runs).
 */
import { neatXor } from '../neat/xor.js';
import { GENOME_TASKS } from '../neat/tasks/index.js';
import { intFlag, optionName, parseArgs } from './args.js';
import { neatOnTask } from './neat-task.js';
import { STORE_FLAGS } from './store-flags.js';

export function neatCommand(argv: string[], log: (line: string) => void): Record<string, unknown> | Promise<Record<string, unknown>> {
  const p = parseArgs(argv, { task: 'string', runs: 'string', population: 'string', 'max-generations': 'string', seed: 'string', checkpoint: 'string', json: 'boolean',
    generations: 'string', 'time-budget': 'string', out: 'string', 'data-dir': 'string', experiment: 'string', ...STORE_FLAGS });
  const checkpoint = p.flags.get('checkpoint');
  const task = String(p.flags.get('task') ?? 'xor');
  if (!(GENOME_TASKS as readonly string[]).includes(task)) throw new Error(`${optionName(p, 'task')}: got "${task}"; expected ${GENOME_TASKS.join(', ')}`);
  if (task !== 'xor') return neatOnTask(p, task, log);
  const runs = intFlag(p, 'runs', 100, 1), population = intFlag(p, 'population', 150, 2), maxGenerations = intFlag(p, 'max-generations', 500, 1), seed = intFlag(p, 'seed', 0, 0);
  const results = Array.from({ length: runs }, (_, k) => {
    const r = neatXor({ seed: seed + k, population, maxGenerations, checkpoint: typeof checkpoint === 'string' ? `${checkpoint}.run${k + 1}.json` : undefined });
    log(`run ${String(k + 1).padStart(3)}  ${r.solved ? `solved after ${r.evaluations} evaluations (generation ${r.generations}), ${r.hidden} hidden, ${r.connections} connections` : `not solved in ${maxGenerations} generations`}`);
    return r;
  });
  const solved = results.filter((r) => r.solved);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  const ev = solved.map((r) => r.evaluations), m = mean(ev);
  const summary = {
    task, runs, population, solved: solved.length, meanEvaluations: m, sdEvaluations: Math.sqrt(mean(ev.map((e) => (e - m) ** 2))), worstEvaluations: ev.length ? Math.max(...ev) : null,
    meanHidden: mean(solved.map((r) => r.hidden)), meanConnections: mean(solved.map((r) => r.connections)),
  };
  if (!solved.length) log(`none of ${runs} solved within ${maxGenerations} generations (raise --max-generations)`);
  else log(`${summary.solved} of ${runs} solved; evaluations ${m.toFixed(0)} ± ${summary.sdEvaluations.toFixed(0)} (worst ${summary.worstEvaluations}); ${summary.meanHidden.toFixed(2)} hidden nodes, ${summary.meanConnections.toFixed(2)} enabled connections on average`);
  return summary;
}
