/**
 * Training checkpoints: parameters, optimizer slots and step counts, epoch and
 * history in one JSON + one binary, written so an interruption at any moment
 * leaves the previous checkpoint intact.
 */
import { existsSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { sameShape } from '../core/tensor.js';
import { writeFileAtomic } from '../io/atomic.js';
import { float32Digest, packFloat32, readFloat32 } from '../io/float32-file.js';
import type { Module } from '../nn/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Parameter } from '../nn/parameter.js';

export interface CheckpointState<H> {
  epoch: number; history: H[]; bestLoss: number; staleEpochs: number;
  /** Numbers the run needs back besides its tensors (e.g. a random stream's position). */
  extra?: Record<string, number>;
}

/** What a checkpoint needs of the optimizers: each parameter's step count (one optimizer, or several over disjoint parameters). */
export type StepCounter = Pick<Optimizer, 'stepCount' | 'setStepCount'>;

/** Several optimizers over disjoint parameters, as one step counter for a checkpoint. */
export function stepCounters(optimizers: readonly (Optimizer | null)[]): StepCounter {
  const owner = (p: Parameter) => optimizers.find((o) => o?.params.includes(p)) ?? null;
  return { stepCount: (p) => owner(p)?.stepCount(p) ?? 0, setStepCount: (p, n) => owner(p)?.setStepCount(p, n) };
}

/** What a checkpoint belongs to (dataset, architecture, optimizer, seed, …): resuming it under other settings is refused. */
export type CheckpointOwner = Record<string, string | number | boolean | null>;

interface CheckpointFile<H> extends CheckpointState<H> {
  format: 'topiary-checkpoint'; version: 1; binFile: string; owner?: CheckpointOwner; binSha256?: string;
  tensors: { param: number; slot: string | null; shape: number[]; offset: number; steps: number }[];
}

export function saveCheckpoint<H>(stem: string, model: Module, opt: StepCounter, state: CheckpointState<H>, owner?: CheckpointOwner): void {
  const params = model.parameters();
  const parts: { param: number; slot: string | null; data: Float32Array; shape: number[] }[] = [];
  params.forEach((p, i) => {
    parts.push({ param: i, slot: null, data: p.data, shape: [...p.shape] });
    for (const [k, v] of p.slots) parts.push({ param: i, slot: k, data: v, shape: [...p.shape] });
  });
  const { data: bin, offsets } = packFloat32(parts.map((q) => q.data));
  const tensors = parts.map((q, i) => ({ param: q.param, slot: q.slot, shape: q.shape, offset: offsets[i], steps: opt.stepCount(params[q.param]) }));
  const binFile = `${basename(stem)}.ckpt-e${state.epoch}.bin`;
  writeFileAtomic(join(dirname(stem), binFile), new Uint8Array(bin.buffer));
  const file: CheckpointFile<H> = { format: 'topiary-checkpoint', version: 1, binFile, tensors, binSha256: float32Digest(bin), ...state, ...(owner ? { owner } : {}) };
  writeFileAtomic(`${stem}.ckpt.json`, JSON.stringify(file));
  for (const f of readdirSync(dirname(stem))) {
    if (f.startsWith(`${basename(stem)}.ckpt-e`) && f.endsWith('.bin') && f !== binFile) unlinkSync(join(dirname(stem), f));
  }
}

/** Restores a checkpoint into a model of the same architecture; null when there is none. */
export function loadCheckpoint<H>(stem: string, model: Module, opt: StepCounter, owner?: CheckpointOwner): CheckpointState<H> | null {
  const path = `${stem}.ckpt.json`;
  if (!existsSync(path)) return null;
  let file: CheckpointFile<H>;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as CheckpointFile<H>;
  } catch (e) {
    throw new Error(`${path}: not a readable checkpoint (${(e as Error).message}); delete it to start afresh, or pass another --checkpoint`);
  }
  if (file?.format !== 'topiary-checkpoint' || file.version !== 1) throw new Error(`${path}: not a version-1 Topiary checkpoint; delete it to start afresh, or pass another --checkpoint`);
  for (const [k, v] of Object.entries(owner ?? {})) {
    const had = file.owner?.[k];
    if (had !== undefined && had !== v) {
      throw new Error(`${path}: this checkpoint belongs to a run with ${k} ${JSON.stringify(had)}, this run has ${JSON.stringify(v)}; pass another --checkpoint, or the settings it was made with`);
    }
  }
  if (typeof file.binFile !== 'string' || !Array.isArray(file.tensors) || !Number.isInteger(file.epoch)) {
    throw new Error(`${path}: fields "binFile", "tensors" or "epoch" are missing or wrong; the checkpoint is damaged, delete it to start afresh`);
  }
  const bin = readFloat32(join(dirname(stem), basename(file.binFile)), typeof file.binSha256 === 'string' ? file.binSha256 : undefined);
  const params = model.parameters();
  for (const t of file.tensors) {
    const p = params[t?.param];
    if (!p || !Array.isArray(t.shape) || !sameShape(p.shape, t.shape)) {
      throw new Error(`${path}: tensor for parameter ${t.param} has shape [${t.shape}], the model has [${p?.shape ?? 'none'}]; the checkpoint belongs to another architecture`);
    }
    if (!Number.isInteger(t.offset) || t.offset < 0 || t.offset + p.size > bin.length) throw new Error(`${path}: tensor for parameter ${t.param} lies outside ${file.binFile}; the checkpoint is damaged, delete it to start afresh`);
    const dst = t.slot === null ? p.data : p.slot(t.slot);
    dst.set(bin.subarray(t.offset, t.offset + p.size));
    opt.setStepCount(p, t.steps);
  }
  return { epoch: file.epoch, history: file.history, bestLoss: file.bestLoss, staleEpochs: file.staleEpochs, ...(file.extra ? { extra: file.extra } : {}) };
}

/** Deletes a checkpoint's files (once its run has finished, they are not needed). */
export function removeCheckpoint(stem: string): void {
  const dir = dirname(stem), json = `${stem}.ckpt.json`;
  if (existsSync(json)) unlinkSync(json);
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) if (f.startsWith(`${basename(stem)}.ckpt-e`) && f.endsWith('.bin')) unlinkSync(join(dir, f));
}
