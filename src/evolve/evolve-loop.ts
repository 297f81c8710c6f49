/**
 * The seed's loop: train one epoch, prune the leaf op with the least effect on
 * the output, add random ops; with policies for how many ops come and go, a
 * cap, a complexity penalty, a time budget, and resumable checkpoints.
 */
import { existsSync, readFileSync } from 'node:fs';
import { add, mul } from '../core/ops/elementwise.js';
import { Rng } from '../core/random.js';
import { Tensor, tidy } from '../core/tensor.js';
import type { Prepared } from '../data/prepare.js';
import { writeFileAtomic } from '../io/atomic.js';
import { Adam } from '../optim/adam.js';
import type { LrSchedule } from '../optim/schedules.js';
import { trainEpoch } from '../train/epoch.js';
import { type Metrics, type TrainingSettings, evaluate } from '../train/metrics.js';
import { EvolvingNet, type EvNetSpec } from './ev-net.js';
import type { EvOpName } from './ops.js';

export interface EvolvePolicy {
  /** Ops added after each epoch (while under maxOps). */
  addPerEpoch: number;
  /** Leaf ops pruned after each epoch (before adding). */
  removePerEpoch: number;
  maxOps: number;
  /** λ in loss + λ·Σ|output weights of ops|: pushes ops towards zero weight, so pruning costs nothing. */
  penalty: number;
}

export interface EvolveOptions extends EvolvePolicy, TrainingSettings {
  allowed: readonly EvOpName[];
  /** Learning rate per epoch (default: constant lr). */
  schedule?: LrSchedule;
  timeBudgetSeconds?: number;
  /** File for a checkpoint after every epoch; an existing one is resumed. */
  checkpoint?: string;
  /** After each epoch, with the network as it now is (to describe it: its formula, its ops). */
  onEpoch?(log: EvolveEpochLog, net: EvolvingNet): void;
}

export interface EvolveEpochLog { epoch: number; loss: number; val: Metrics; ops: number; added: string[]; removed: string[]; seconds: number }

interface Checkpoint {
  format: 'topiary-evolve-checkpoint'; version: 1; epoch: number; rngPosition: number; history: EvolveEpochLog[];
  net: EvNetSpec; slots: Record<string, number[]>[]; steps: number[];
}

export function describeOp(net: EvolvingNet, layer: number, k: number): string {
  const op = net.layers[layer].ops[k];
  const o = (x: typeof op.a | null) => (x === null ? '' : x.kind === 'input' ? `x${x.index + 1}` : x.kind === 'op' ? `op${x.index}` : `c=${x.param.data[0].toFixed(2)}`);
  return `${op.fn}(${o(op.a)}${op.b ? `, ${o(op.b)}` : ''})`;
}

export function trainEvolving(initial: EvolvingNet, data: Prepared, opts: EvolveOptions): { net: EvolvingNet; history: EvolveEpochLog[]; stoppedBy: 'epochs' | 'time-budget' } {
  let net = initial;
  let history: EvolveEpochLog[] = [];
  let first = 0;
  const structureRng = new Rng(opts.seed ^ 0x5eed);
  let opt = new Adam(net.trainableParameters(), { lr: opts.lr });
  if (opts.checkpoint && existsSync(opts.checkpoint)) {
    const ck = JSON.parse(readFileSync(opts.checkpoint, 'utf8')) as Checkpoint;
    if (ck.format !== 'topiary-evolve-checkpoint' || ck.version !== 1) throw new Error(`${opts.checkpoint}: not a version-1 evolve checkpoint`);
    net = EvolvingNet.fromSpec(ck.net, opts.checkpoint);
    opt = new Adam(net.trainableParameters(), { lr: opts.lr });
    net.trainableParameters().forEach((p, i) => {
      for (const [k, v] of Object.entries(ck.slots[i] ?? {})) p.slot(k).set(v);
      opt.setStepCount(p, ck.steps[i] ?? 0);
    });
    structureRng.position = ck.rngPosition;
    history = ck.history;
    first = ck.epoch;
  }
  // Pruning scores come from a fixed slice of the training data, so they do not depend on batch order.
  const probeRows = Math.min(512, data.train.n);
  const probe = { x: data.train.x.subarray(0, probeRows * (data.train.x.length / data.train.n)), n: probeRows };
  const start = performance.now();
  let stoppedBy: 'epochs' | 'time-budget' = 'epochs';
  for (let epoch = first; epoch < opts.epochs; epoch++) {
    if (opts.timeBudgetSeconds !== undefined && (performance.now() - start) / 1000 >= opts.timeBudgetSeconds) { stoppedBy = 'time-budget'; break; }
    const t0 = performance.now();
    opt.lr = opts.schedule ? opts.schedule.at(epoch) : opts.lr;
    const { loss } = trainEpoch(net, data, {
      optimizer: opt, batchSize: opts.batchSize, seed: opts.seed, epoch,
      penalty: opts.penalty > 0
        ? () => net.layers.reduce<Tensor | null>((acc, l) => { const p = mul(l.opWeightL1(), opts.penalty); return acc ? add(acc, p) : p; }, null)
        : undefined,
    });
    const removed: string[] = [], added: string[] = [];
    tidy(() => {
      const px = new Tensor(Float32Array.from(probe.x), [probe.n, probe.x.length / probe.n]);
      net.eval();
      for (let r = 0; r < opts.removePerEpoch; r++) {
        let best: { layer: number; index: number; score: number } | null = null;
        let h = px;
        net.layers.forEach((l, li) => {
          for (const s of l.leafScores(h)) if (!best || s.score < best.score) best = { layer: li, ...s };
          h = l.forward(h);
        });
        if (best === null) break;
        const { layer, index } = best as { layer: number; index: number };
        removed.push(describeOp(net, layer, index));
        opt.removeParameters(net.layers[layer].removeOp(index));
      }
    });
    for (let a = 0; a < opts.addPerEpoch && net.opCount < opts.maxOps; a++) {
      const li = structureRng.int(net.layers.length);
      opt.addParameters(net.layers[li].addRandomOp(structureRng, opts.allowed));
      added.push(describeOp(net, li, net.layers[li].ops.length - 1));
    }
    const val = evaluate(net, data.validation, data);
    const log: EvolveEpochLog = { epoch: epoch + 1, loss, val, ops: net.opCount, added, removed, seconds: (performance.now() - t0) / 1000 };
    history.push(log);
    if (opts.checkpoint) {
      const params = net.trainableParameters();
      const ck: Checkpoint = { format: 'topiary-evolve-checkpoint', version: 1, epoch: epoch + 1, rngPosition: structureRng.position, history,
        net: net.toSpec(), slots: params.map((p) => Object.fromEntries([...p.slots].map(([k, v]) => [k, Array.from(v)]))), steps: params.map((p) => opt.stepCount(p)) };
      writeFileAtomic(opts.checkpoint, JSON.stringify(ck));
    }
    opts.onEpoch?.(log, net);
  }
  return { net, history, stoppedBy };
}
