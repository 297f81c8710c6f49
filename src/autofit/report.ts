/**
 * Autofit's report: report.md with the plan, the winner and every trial, and
 * three SVG charts — the best validation score over time, score against
 * parameters for every trial with the Pareto front marked, and the layer
 * sizes over time during the shrink.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { lineChart } from '../report/svg-chart.js';
import { parseObjectives } from '../study/objectives.js';
import { paretoFront } from '../study/pareto.js';
import type { AutofitPlan } from './plan.js';
import type { ShrinkOutcome } from './jobs.js';

/** One trial as the report shows it; `at` is seconds since autofit started when it finished (undefined: from an earlier run). */
export interface ReportTrial { number: number; round: number; arch: string; state: string; valid: number; params: number; seconds: number; at?: number }

export interface ReportInput {
  dataset: string;
  task: string;
  scoreName: string;
  budgetSeconds: number;
  plan: AutofitPlan;
  trials: ReportTrial[];
  winner: ReportTrial;
  shrink: (ShrinkOutcome & { used: boolean; why: string }) | null;
  final: { arch: string; params: number; test: number; epochs: number; seconds: number; holdOut: boolean; bestEpoch?: number; members: number };
  files: Record<string, string>;
  seconds: number;
  /** Training settings searched per trial (autofit's `tune`), and the winner's, which the shrink and final training used. */
  tuned?: { names: string[]; winner: Record<string, number> };
}

const SIZE_OBJECTIVES = parseObjectives('valid:max,params:min');

/** Writes the charts and report.md into `dir`; returns their paths. */
export function writeReport(dir: string, r: ReportInput): Record<string, string> {
  const done = r.trials.filter((t) => t.state === 'completed' && Number.isFinite(t.valid));
  const timed = done.filter((t) => t.at !== undefined).sort((a, b) => a.at! - b.at!);
  let best = -Infinity;
  const bestSoFar = timed.map((t) => (best = Math.max(best, t.valid)));
  const files: Record<string, string> = {};
  const chart = (name: string, svg: string) => { const path = join(dir, name); writeFileAtomic(path, svg); files[name] = path; };
  chart('best-over-time.svg', lineChart([{ name: `best ${r.scoreName} so far`, x: timed.map((t) => t.at!), y: bestSoFar, points: true }],
    { title: `Best validation ${r.scoreName} over time`, xLabel: 'seconds since start', yLabel: r.scoreName }));
  const front = paretoFront(SIZE_OBJECTIVES, done.map((t) => [t.valid, t.params])).map((i) => done[i]).sort((a, b) => a.params - b.params);
  chart('score-vs-params.svg', lineChart([
    { name: 'trials', x: done.map((t) => t.params), y: done.map((t) => t.valid), points: true, line: false },
    { name: 'Pareto front', x: front.map((t) => t.params), y: front.map((t) => t.valid), points: true },
  ], { title: `Validation ${r.scoreName} against parameters`, xLabel: 'parameters', yLabel: r.scoreName, logX: true }));
  if (r.shrink && r.shrink.sizes.length) {
    const layers = r.shrink.sizes[0].sizes.length;
    chart('shrink-sizes.svg', lineChart(Array.from({ length: layers }, (_, k) => ({
      name: `hidden group ${k + 1}`, x: r.shrink!.sizes.map((s) => s.seconds), y: r.shrink!.sizes.map((s) => s.sizes[k]), points: true,
    })), { title: 'Layer sizes during the shrink', xLabel: 'seconds of compress training', yLabel: 'units' }));
  }
  const row = (t: ReportTrial) => `| ${t.round} | ${t.number} | ${t.arch} | ${t.state} | ${fmt(t.valid)} | ${t.params} | ${t.seconds.toFixed(1)} |`;
  const md = [
    `# Autofit: ${r.dataset}`, '',
    `${r.task}, time budget ${r.budgetSeconds} s, finished in ${r.seconds.toFixed(1)} s.`, '',
    '## Result', '',
    `- **Final network**: ${r.final.arch}${r.final.members > 1 ? ` × ${r.final.members} (networks of other seeds, averaged in one layer stack)` : ''}, ${r.final.params} parameters, test ${r.scoreName} **${fmt(r.final.test)}** (trained ${r.final.holdOut ? `on training rows, keeping${r.final.members > 1 ? ' (first network)' : ''} epoch ${r.final.bestEpoch} of ${r.final.epochs}, the best on validation (the winner overfit in the search)` : `on training + validation rows, ${r.final.epochs} epochs`} in ${r.final.seconds.toFixed(1)} s).`,
    `- **Search winner**: round ${r.winner.round} trial ${r.winner.number}, ${r.winner.arch}, validation ${r.scoreName} ${fmt(r.winner.valid)}, ${r.winner.params} parameters.`,
    r.shrink ? `- **Shrink**: ${r.shrink.used ? 'used' : 'not used'}: ${r.shrink.why}.` : '- **Shrink**: skipped (no time left for it).',
    ...Object.entries(r.files).map(([k, v]) => `- ${k}: \`${v}\``), '',
    '## Plan', '',
    `Space \`${r.plan.space}\`; batch ${r.plan.batchSize}, Adam with learning rate ${r.plan.lr} annealed to 0 (cosine) over each training${r.tuned
      ? ` (${r.tuned.names.join(', ')} searched per trial instead; the winner's, ${Object.entries(r.tuned.winner).map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`).join(', ')}, trained the shrink and final networks)` : ''}; search: ${r.plan.firstRoundSeconds.toFixed(1)} s of trials of ${r.plan.trialSeconds.toFixed(1)} s each, then the best ones again for ${r.plan.secondRoundSeconds.toFixed(1)} s each; shrink ${r.plan.shrinkSeconds.toFixed(1)} s, the rest for the final training.`, '',
    '## Charts', '',
    ...Object.keys(files).map((f) => `![${f}](${f})`), '',
    `## Trials (${r.trials.length})`, '',
    `| round | trial | architecture | state | validation ${r.scoreName} | parameters | seconds |`, '|---|---|---|---|---|---|---|',
    ...r.trials.map(row), '',
  ].join('\n');
  const path = join(dir, 'report.md');
  writeFileAtomic(path, md);
  return { ...files, 'report.md': path };
}

/** A score with two decimals, or a dash when there is none. */
export const fmt = (v: number | undefined): string => (v !== undefined && Number.isFinite(v) ? v.toFixed(2) : '—');
