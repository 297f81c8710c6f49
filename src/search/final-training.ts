/**
 * The network a search found, trained longer at the end (DeepSwarm's last
 * step): the best trial's architecture on the whole training set for
 * `epochs` more epochs, starting from that trial's trained weights when they
 * were kept (else from scratch), ending with its best epoch on validation;
 * saved as a model file and exported to ONNX and TensorFlow.js beside it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadExportSource, writeExport } from '../export/export-model.js';
import type { RunTrial } from '../study/run-study.js';
import type { TrialOutcome, TrialTask } from './train-trial.js';
import type { TrialPool } from './trial-pool.js';

export interface FinalTraining {
  trial: number;
  arch: string;
  /** Whether it continued from the trial's weights. */
  continued: boolean;
  valid: number;
  test: number;
  params: number;
  epochs: number;
  seconds: number;
  files: { model: string; onnx: string; tfjs: string };
}

export async function trainFinal(pool: TrialPool, task: Omit<TrialTask, 'params' | 'saveTo' | 'inherit' | 'maxTrain' | 'keepBest'>, best: RunTrial<unknown>,
  epochs: number, stem: string): Promise<FinalTraining> {
  const weights = typeof best.attrs.model === 'string' ? best.attrs.model.replace(/\.json$/, '') : null;
  const continued = weights !== null && existsSync(`${weights}.json`);
  const outcome: TrialOutcome = await pool.run({ ...task, params: best.params, epochs, keepBest: true, saveTo: stem,
    ...(continued ? { inherit: { model: weights, parent: best.number, whole: true } } : {}) });
  const source = loadExportSource(outcome.model!);
  const onnx = `${stem}.onnx`, tfjs = `${stem}-tfjs`;
  writeExport(source, 'onnx', onnx);
  writeExport(source, 'tfjs', tfjs);
  return { trial: best.number, arch: best.arch, continued, valid: outcome.valid, test: outcome.test, params: outcome.params, epochs: outcome.epochs, seconds: outcome.seconds,
    files: { model: outcome.model!, onnx, tfjs: join(tfjs, 'model.json') } };
}
