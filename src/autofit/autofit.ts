/**
 * Autofit: from a dataset to a found, shrunk, exported model within a wall-clock
 * budget. It is the library's parts in sequence, not a second copy of them:
 * a study (regularized evolution over a space suited to the data) whose trials
 * train in parallel worker threads for equal time each; compress training with
 * switches on the winner, kept where it makes the network smaller at no loss
 * of validation score; the final network trained on training + validation rows
 * with the time that is left; its test score, model file, ONNX and TF.js
 * exports, and a report. Every trial is in the experiment store, so a stopped
 * run resumes from the trials it finished.
 */
import { intOption, seedOption } from '../core/option-error.js';
import { type DatasetSource, datasetOf } from '../data/source.js';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Rng } from '../core/random.js';
import type { Dataset } from '../data/dataset.js';
import { TEST_FRACTION, VALIDATION_FRACTION } from '../data/prepare.js';
import { loadExportSource, writeExport } from '../export/export-model.js';
import { ensureWritable } from '../io/writable.js';
import { writeFileAtomic } from '../io/atomic.js';
import { Sequential } from '../nn/sequential.js';
import { type ModelSpec, specOf } from '../nn/spec.js';
import { regularizedEvolution } from '../search/regularized-evolution.js';
import { freeStudyName } from '../search/run-search.js';
import { trainableSpace } from '../search/spaces/index.js';
import { type TrialOutcome, score } from '../search/train-trial.js';
import { JobPool } from '../parallel/job-pool.js';
import { widenDense } from '../shrink/switched.js';
import { MemoryStore } from '../store/memory.js';
import type { ExperimentStore } from '../store/store.js';
import { parseObjectives } from '../study/objectives.js';
import { type RunTrial, runStudy } from '../study/run-study.js';
import { Study } from '../study/study.js';
import type { StrategyEntry } from '../study/strategy.js';
import type { TrainableSpace } from '../search/trainable-space.js';
import type { Tuning } from '../search/spaces/tuned.js';
import { givenList } from './given-list.js';
import type { AutofitJob, AutofitOutcome, FinalOutcome, ShrinkOutcome } from './jobs.js';
import { type AutofitPlan, planAutofit } from './plan.js';
import { type ReportTrial, fmt, writeReport } from './report.js';

export interface AutofitOptions {
  /** Wall-clock seconds for everything, counted from `startedAt`. */
  timeBudgetSeconds: number;
  /** Folder for the model, its exports and the report. */
  out: string;
  /** Parallel trials (default: the machine's cores). */
  workers?: number;
  seed?: number;
  /** Where the study and the run are recorded (default: in memory, kept nowhere). */
  store?: ExperimentStore;
  /** Study name (default `autofit:DATASET:seedN`; a taken name gets #2, #3, … unless `resume`). */
  study?: string;
  /** Continue the study of that name: its finished trials count and are not trained again. */
  resume?: boolean;
  /** `performance.now()` when the budget started (default: now), so that loading the data counts. */
  startedAt?: number;
  /** The first round's strategy (default: regularized evolution sized to the expected number of trials). */
  strategy?: StrategyEntry;
  /** A trainable space by name (TRAINABLE_SPACES) instead of the one the plan picks for the data. */
  space?: string;
  /**
   * The second round continues each promoted network from its first-round weights instead of training it again
   * from scratch (default false).
   */
  inherit?: boolean;
  /** Training settings searched with the architectures (e.g. the learning rate); the winner's are used for the shrink and final training. */
  tune?: Tuning[];
  onProgress?(p: AutofitProgress): void;
  log?(line: string): void;
}

export interface AutofitProgress { phase: 'search' | 'shrink' | 'final' | 'export'; trials: number; best: number | null; activity: string }

export interface AutofitResult {
  task: Dataset['task'];
  testAccuracy?: number;
  testR2?: number;
  /** The final network in words, and as the layer list that builds it. */
  arch: string;
  spec: ModelSpec;
  params: number;
  trials: number;
  seconds: number;
  model: string;
  onnx: string;
  tfjs: string;
  report: string;
  /** The first round's study (the second round's is STUDY:round2:HASH, named by its candidates). */
  study: string;
  plan: AutofitPlan;
  winner: { trial: number; round: number; arch: string; valid: number; params: number };
  shrink: { used: boolean; why: string; params: number; valid: number } | null;
  /** The final network trained on training rows only, ending at its epoch best on validation (the winner overfit in the search). */
  holdOut: boolean;
  /** Networks of the final architecture (seeds seed, seed+1, …) averaged into the final model, merged into one layer stack. */
  members: number;
  runId?: number;
}

/** About how many validation rows the trials are scored on (prepare's default splits). */
const validationRows = (data: Dataset) => Math.round(VALIDATION_FRACTION * (data.test ? 1 : 1 - TEST_FRACTION) * data.train.n);

/** A trial whose validation score is within this many points of the best counts as just as good; the smallest of those wins. */
const TIE_POINTS = 0.1;
/** The shrunk network is used when it keeps the winner's validation score within this many points with at most 90% of its parameters. */
const SHRINK_TOLERANCE = 0.25;

export async function autofit(source: DatasetSource, o: AutofitOptions): Promise<AutofitResult> {
  const startedAt = o.startedAt ?? performance.now();
  const elapsed = () => (performance.now() - startedAt) / 1000;
  const left = () => o.timeBudgetSeconds - elapsed();
  const log = o.log ?? (() => {});
  const seed = seedOption(o.seed);
  const workers = o.workers === undefined ? Math.max(1, availableParallelism()) : intOption(o.workers, 'workers', 1, 1);
  ensureWritable(o.out, 'dir', 'out');
  const data = datasetOf(source, seed, (w) => log(`warning: ${w}`));
  const plan = { ...planAutofit(data, left(), workers), ...(o.space ? { space: o.space } : {}) };
  const store = o.store ?? new MemoryStore();
  const label = datasetLabel(data.name);
  const tune = o.tune && o.tune.length > 0 ? o.tune : undefined;
  const space = trainableSpace(plan.space, 'autofit', undefined, tune);
  const outputs = data.task === 'classification' ? data.classes! : 1;
  const scoreName = data.task === 'classification' ? 'accuracy %' : 'R² × 100';
  const progress = (p: AutofitProgress) => o.onProgress?.(p);
  log(`autofit ${label}: ${data.task}, ${data.train.n} rows, input ${data.inputShape.join('×')}; searching ${plan.space}: ${plan.firstRoundSeconds.toFixed(0)} s of ${plan.trialSeconds.toFixed(1)} s trials on ${workers} worker(s), then the best ${workers} for ${plan.secondRoundSeconds.toFixed(0)} s each`);

  const baseName = o.study ?? `autofit:${label}:seed${seed}`;
  const studyName = o.resume ? baseName : await freeStudyName(store, baseName);
  const config = { autofit: 1, dataset: data.name, space: plan.space, seed, batchSize: plan.batchSize, lr: plan.lr, ...(tune ? { tune } : {}) };
  const runId = await store.createRun(`autofit-${label}`, 'autofit', { ...config, budget: o.timeBudgetSeconds, study: studyName });
  const pool = new JobPool<AutofitJob, AutofitOutcome>(workers, { datasets: [data], entry: new URL('./autofit-worker.js', import.meta.url) });
  // First-round weights, for a second round that inherits them; temporary: a resumed run whose files are gone trains from scratch.
  const weightsDir = o.inherit ? mkdtempSync(join(tmpdir(), 'topiary-autofit-')) : null;
  try {
    // Search in two rounds: many architectures at a short equal time each, then the best few again with more time,
    // so that the winner is not simply the network that learns fastest in a few seconds.
    const finishedAt = new Map<string, number>();
    let best: number | null = null;
    const stage = (name: string, strategy: StrategyEntry, stageConfig: Record<string, unknown>, trialSeconds: number, seconds: number, budget: { trials?: number; seconds?: number },
      parents?: Map<string, number>) =>
      searchRound({ store, name, config: { ...config, ...stageConfig }, space, strategy, seed, workers, pool, data, plan, trialSeconds, seconds, budget, log, weightsDir, parents, tune,
        progress: (activity) => progress({ phase: 'search', trials: finishedAt.size, best, activity }),
        finished: (t) => {
          finishedAt.set(`${name}#${t.number}`, elapsed());
          if (t.state === 'completed' && (best === null || t.metrics.valid > best)) best = t.metrics.valid;
        } });
    const population = Math.max(4, Math.round((plan.firstRoundSeconds * workers) / plan.trialSeconds / 2));
    const first = await stage(studyName, o.strategy ?? regularizedEvolution(population, 3), {}, plan.trialSeconds, plan.firstRoundSeconds,
      { seconds: Math.max(0, plan.firstRoundSeconds - plan.trialSeconds / 2) });
    const promoted = topDistinct(first.trials, workers);
    let second: RoundResult = { name: null, trials: [] };
    if (promoted.length > 1 && plan.secondRoundSeconds >= 2 * plan.trialSeconds) {
      log(`second round: ${promoted.map((t) => t.arch).join(', ')} with ${plan.secondRoundSeconds.toFixed(1)} s each`);
      // Named by its candidates: a resumed run whose first round promotes others starts a second round of its own.
      const candidates = createHash('sha256').update(promoted.map((t) => t.key).join('\n')).digest('hex').slice(0, 8);
      second = await stage(`${studyName}:round2:${candidates}`, givenList(promoted.map((t) => t.params)), { round: 2, candidates: promoted.map((t) => t.key), ...(o.inherit ? { inherit: true } : {}) },
        plan.secondRoundSeconds, plan.secondRoundSeconds, { trials: promoted.length }, new Map(promoted.map((t) => [t.key, t.number])));
    }
    const trials = [...first.trials, ...second.trials];
    const reportTrials: ReportTrial[] = [first, second].flatMap((r) => r.trials.map((t) => ({ number: t.number, round: r === first ? 1 : 2, arch: t.arch, state: t.state,
      valid: t.metrics.valid ?? Number.NaN, params: t.metrics.params ?? 0, seconds: t.metrics.seconds ?? 0, at: t.source === 'resumed' ? undefined : finishedAt.get(`${r.name}#${t.number}`) })));
    const winnerTrial = pickWinner(second.trials.length ? second.trials : first.trials);
    const winnerRound = second.trials.includes(winnerTrial) ? 2 : 1;
    const winner = { trial: winnerTrial.number, round: winnerRound, arch: winnerTrial.arch, valid: winnerTrial.metrics.valid, params: winnerTrial.metrics.params };
    log(`winner: ${winner.arch} (round ${winnerRound} trial ${winner.trial}), validation ${fmt(winner.valid)} ${scoreName}, ${winner.params} parameters`);
    // The winner's own training settings where they were searched, else the plan's.
    const winnerSettings = space.training?.(winnerTrial.params);
    const settings = { batchSize: plan.batchSize, lr: plan.lr, ...winnerSettings };
    const built = space.build(winnerTrial.params, data.inputShape, outputs, seed);
    if (!(built instanceof Sequential)) throw new Error(`autofit: space ${plan.space} builds cell networks, which the shrink and export steps here do not take`);
    let spec = specOf(built, data.inputShape), arch = winner.arch;

    // Shrink: compress training from a wider copy of the winner; used only if smaller at (about) the same validation score.
    const threads = Math.max(1, availableParallelism());
    let shrink: (ShrinkOutcome & { used: boolean; why: string }) | null = null;
    const minFinal = Math.max(plan.trialSeconds, 2);
    if (left() - plan.reserveSeconds - minFinal >= plan.shrinkSeconds && plan.shrinkSeconds >= 1) {
      progress({ phase: 'shrink', trials: trials.length, best, activity: `shrinking ${arch} with switches` });
      const r = await pool.run({ kind: 'shrink', dataset: data.name, seed, ...settings, seconds: plan.shrinkSeconds, spec: widenDense(spec, 2), threads }) as ShrinkOutcome;
      const smaller = r.params <= 0.9 * winner.params, asGood = r.valid >= winner.valid - SHRINK_TOLERANCE;
      // On a small table one validation row weighs more than the tolerance: "as good" cannot be told from "worse" there.
      const rowWeight = data.task === 'classification' ? 100 / validationRows(data) : 0;
      const measurable = rowWeight <= SHRINK_TOLERANCE;
      const used = smaller && asGood && measurable;
      const why = `from ${describeSpec(widenDense(spec, 2))} to ${describeSpec(r.spec)}: ${r.params} parameters (winner ${winner.params}), validation ${fmt(r.valid)} (winner ${fmt(winner.valid)})`
        + (used ? '' : !smaller ? '; not at least 10% smaller' : !asGood ? `; more than ${SHRINK_TOLERANCE} points worse`
          : `; the validation split (about ${validationRows(data)} rows, one row ${fmt(rowWeight)} points) cannot tell a ${SHRINK_TOLERANCE}-point loss`);
      shrink = { ...r, used, why };
      log(`shrink ${used ? 'used' : 'not used'}: ${why}`);
      if (used) { spec = r.spec; arch = describeSpec(r.spec); }
    }

    // Final: the chosen network from scratch with all the time left but the reserve, on training + validation rows,
    // unless the winner overfit in the search (its best epoch came well before its last): then on training rows,
    // ending with the epoch best on validation, and several seeds averaged (see jobs.ts).
    const finalSeconds = Math.max(1, left() - plan.reserveSeconds);
    const holdOut = winnerTrial.metrics.epochs >= 4 && winnerTrial.metrics.bestEpoch < 0.75 * winnerTrial.metrics.epochs;
    // Such a network was best while its learning rate was still high: anneal over twice that many epochs instead of over the time.
    const finalEpochs = holdOut ? Math.max(5, 2 * winnerTrial.metrics.bestEpoch) : undefined;
    progress({ phase: 'final', trials: trials.length, best, activity: holdOut ? `training ${arch} (up to 5 seeds) for at most ${finalEpochs} epochs each` : `training ${arch} on training + validation rows for ${finalSeconds.toFixed(0)} s` });
    log(`final training of ${arch} for ${finalSeconds.toFixed(1)} s on ${holdOut ? `training rows for at most ${finalEpochs} epochs, keeping the epoch best on validation (the winner overfit: best at epoch ${winnerTrial.metrics.bestEpoch} of ${winnerTrial.metrics.epochs})` : 'training + validation rows'}`);
    const final = await pool.run({ kind: 'final', dataset: data.name, seed, ...settings, seconds: finalSeconds, spec, threads, holdOut, epochs: finalEpochs,
      saveTo: join(o.out, 'model'), metadata: { dataset: data.name, seed, autofit: { study: studyName, arch } } }) as FinalOutcome;

    progress({ phase: 'export', trials: trials.length, best, activity: 'writing exports and report' });
    const source = loadExportSource(final.model);
    const onnx = join(o.out, 'model.onnx'), tfjs = join(o.out, 'tfjs');
    writeExport(source, 'onnx', onnx);
    writeExport(source, 'tfjs', tfjs);
    const test = score(final.test);
    const files = { model: final.model, onnx, tfjs: join(tfjs, 'model.json') };
    const reportFiles = writeReport(o.out, { dataset: label, task: data.task, scoreName, budgetSeconds: o.timeBudgetSeconds, plan, trials: reportTrials,
      winner: reportTrials.find((t) => t.number === winner.trial && t.round === winnerRound)!, shrink, final: { arch, params: final.params, test, epochs: final.epochs, seconds: final.seconds, holdOut, bestEpoch: final.bestEpoch, members: final.members }, files, seconds: elapsed(),
      ...(tune ? { tuned: { names: tune.map((t) => t.name), winner: winnerSettings as Record<string, number> } } : {}) });
    const result: AutofitResult = {
      task: data.task, ...(data.task === 'classification' ? { testAccuracy: final.test.accuracy! } : { testR2: final.test.r2! }),
      arch, spec, params: final.params, trials: trials.length, seconds: Number(elapsed().toFixed(2)), model: final.model, onnx, tfjs: files.tfjs,
      report: reportFiles['report.md'], study: studyName, plan, winner,
      shrink: shrink ? { used: shrink.used, why: shrink.why, params: shrink.params, valid: shrink.valid } : null, holdOut, members: final.members,
    };
    writeFileAtomic(join(o.out, 'result.json'), JSON.stringify(result, null, 1));
    const { spec: _spec, plan: _plan, ...summary } = result;
    await store.finishRun(runId, 'completed', summary);
    for (const [kind, path] of [['model', final.model], ['onnx', onnx], ['tfjs', files.tfjs], ['report', reportFiles['report.md']]]) await store.addArtifact(runId, kind, path);
    log(`test ${scoreName} ${fmt(test)} with ${arch}${final.members > 1 ? ` × ${final.members} averaged` : ''} (${final.params} parameters) in ${result.seconds.toFixed(1)} s; files in ${o.out}`);
    return { ...result, runId };
  } catch (e) {
    await store.finishRun(runId, 'failed', undefined, (e as Error).message).catch(() => {});
    throw e;
  } finally {
    await pool.close();
    if (weightsDir) rmSync(weightsDir, { recursive: true, force: true });
  }
}

interface RoundResult { name: string | null; trials: RunTrial<unknown>[] }

interface RoundOptions {
  store: ExperimentStore; name: string; config: Record<string, unknown>; space: TrainableSpace; strategy: StrategyEntry; seed: number; workers: number;
  pool: JobPool<AutofitJob, AutofitOutcome>; data: Dataset; plan: AutofitPlan; trialSeconds: number; seconds: number;
  budget: { trials?: number; seconds?: number }; log(line: string): void; progress(activity: string): void; finished(t: RunTrial<unknown>): void;
  /** Where trials save their weights (null: they save none); with `parents`, a trial continues from its parent's (first-round trial number by key). */
  weightsDir: string | null; parents?: Map<string, number>;
  /** Training settings searched with the architectures. */
  tune?: Tuning[];
}

/** One round of the search: a study whose trials each train for `trialSeconds` (less if the round's time runs out) in the pool. */
async function searchRound(o: RoundOptions): Promise<RoundResult> {
  const objectives = parseObjectives('valid:max');
  const study = await Study.open({ store: o.store, name: o.name, objectives, config: o.config, space: o.space.search,
    strategy: o.strategy.create({ space: o.space.search, rng: new Rng(o.seed), objectives }) });
  if (study.resumed) o.log(`resuming study ${o.name}`);
  const ends = performance.now() + o.seconds * 1000;
  const trials = await runStudy({
    study, concurrency: o.workers, mode: 'async', budget: o.budget,
    evaluate: async (params, trial) => {
      const seconds = Math.max(0.5, Math.min(o.trialSeconds, (ends - performance.now()) / 1000));
      o.progress(`training ${o.space.search.describe(params)}`);
      let stored = 0;
      const parent = o.parents?.get(o.space.search.key(params));
      const parentModel = parent !== undefined && o.weightsDir ? join(o.weightsDir, `round1-trial-${parent}`) : null;
      const inherit = parentModel && existsSync(`${parentModel}.json`) ? { model: parentModel, parent: parent!, steps: [] } : null;
      // The first round (no parents) keeps its weights for the second; the second keeps none.
      const saveTo = o.weightsDir !== null && o.parents === undefined ? join(o.weightsDir, `round1-trial-${trial.number}`) : undefined;
      const weights = { ...(inherit ? { inherit } : {}), ...(saveTo ? { saveTo } : {}) };
      const outcome = await o.pool.run({ kind: 'trial', task: { space: o.plan.space, params, dataset: o.data.name, epochs: 1_000_000, batchSize: o.plan.batchSize, lr: o.plan.lr, seed: o.seed, timeBudgetSeconds: seconds, keepBest: true, ...weights, ...(o.tune ? { tune: o.tune } : {}) } },
        async (epoch, m) => {
          // At most a few rows a second per trial: a small table trains hundreds of epochs in a trial.
          if (performance.now() - stored >= 250) { stored = performance.now(); await trial.report(epoch, { valid: m.valid, params: m.params, seconds: m.seconds }); }
        }) as TrialOutcome;
      return { metrics: { valid: outcome.valid, params: outcome.params, seconds: outcome.seconds, epochs: outcome.epochs, bestEpoch: outcome.bestEpoch ?? outcome.epochs },
        attrs: inherit ? { parent: inherit.parent } : {} };
    },
    onTrial: (t) => {
      o.finished(t);
      o.log(`trial ${String(t.number).padStart(3)}  ${t.arch.padEnd(34)} ${t.state === 'failed' ? `failed: ${t.error}` : `valid ${fmt(t.metrics.valid)}  ${t.metrics.params} params  ${t.metrics.epochs} epochs${t.source === 'resumed' ? '  (from the earlier run)' : ''}`}`);
      o.progress(`trial ${t.number} done`);
    },
  });
  await study.finish('completed');
  return { name: o.name, trials };
}

/** The `k` best completed trials by validation score, one per architecture. */
function topDistinct<P>(trials: RunTrial<P>[], k: number): RunTrial<P>[] {
  const seen = new Set<string>();
  return trials.filter((t) => t.state === 'completed' && Number.isFinite(t.metrics.valid)).sort((a, b) => b.metrics.valid - a.metrics.valid)
    .filter((t) => !seen.has(t.key) && seen.add(t.key)).slice(0, k);
}

/** The smallest completed trial within TIE_POINTS of the best validation score. */
function pickWinner<P>(trials: RunTrial<P>[]): RunTrial<P> {
  const done = trials.filter((t) => t.state === 'completed' && Number.isFinite(t.metrics.valid));
  if (done.length === 0) {
    const failed = trials.find((t) => t.state === 'failed');
    throw new Error(`autofit: no trial finished within the search time${failed ? ` (a trial failed: ${failed.error})` : ''}; give a larger --time-budget`);
  }
  const top = Math.max(...done.map((t) => t.metrics.valid));
  return done.filter((t) => t.metrics.valid >= top - TIE_POINTS).sort((a, b) => a.metrics.params - b.metrics.params)[0];
}

/** A layer list in words: "conv 16k3-32k5 dense 128" or "dense 64-32". */
export function describeSpec(spec: ModelSpec): string {
  const conv = spec.layers.filter((l) => l.type === 'conv2d').map((l) => `${l.out}k${l.kernel}`);
  const dense = spec.layers.filter((l) => l.type === 'dense').slice(0, -1).map((l) => (l.activation === 'relu' ? `${l.out}` : `${l.activation}_${l.out}`));
  return [conv.length ? `conv ${conv.join('-')}` : '', dense.length ? `dense ${dense.join('-')}` : ''].filter(Boolean).join(' ') || 'linear';
}

/** A dataset's name for studies, runs and folders: a CSV file's base name without .csv, else the name itself. */
export const datasetLabel = (name: string): string => (name.startsWith('csv:') ? basename(name.slice(4)).replace(/\.csv$/i, '') : name);
