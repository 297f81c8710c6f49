/**
 * `npm run bench -- net2net [--data-dir DIR] [--epochs 3]`: Net2Net's MNIST experiment. A small CNN teacher trains
 * for --epochs, then two students start from its weights — every hidden group twice as wide (Net2WiderNet), and
 * one identity layer more after the second conv group and after the dense group (Net2DeeperNet) — and train for
 * --epochs beside the same two architectures from random weights. Students keep the teacher's Adam moments (new
 * units start at zero). Prints the validation loss after each epoch.
 */
import { resolveDataDir } from '../src/data/data-dir.js';
import { type Prepared, prepare } from '../src/data/prepare.js';
import { loadDataset } from '../src/data/registry.js';
import { Rng } from '../src/core/random.js';
import { applyMorphism, hiddenGroupCount, unitGroup, type MorphStep } from '../src/grow/index.js';
import { type ModelSpec, buildModel, specOf } from '../src/nn/spec.js';
import type { Sequential } from '../src/nn/sequential.js';
import { Adam } from '../src/optim/adam.js';
import { fit } from '../src/train/fit.js';
import { evaluate } from '../src/train/metrics.js';

const TEACHER: ModelSpec = {
  format: 'topiary-sequential', version: 1, inputShape: [1, 28, 28], layers: [
    { type: 'conv2d', in: 1, out: 8, kernel: 3, stride: 1, padding: 1, bias: true }, { type: 'activation', op: 'relu', alpha: 0 },
    { type: 'maxpool2d', kernel: 2, stride: 2, padding: 0 },
    { type: 'conv2d', in: 8, out: 16, kernel: 3, stride: 1, padding: 1, bias: true }, { type: 'activation', op: 'relu', alpha: 0 },
    { type: 'maxpool2d', kernel: 2, stride: 2, padding: 0 }, { type: 'flatten' },
    { type: 'dense', in: 16 * 7 * 7, out: 64, activation: 'relu', bias: true }, { type: 'dense', in: 64, out: 10, activation: 'identity', bias: true },
  ],
};

/** A copy of the teacher with its Adam moments, so a student goes on training where the teacher stopped (as growing in place does). */
function copyOf(m: Sequential): Sequential {
  const c = buildModel(specOf(m, TEACHER.inputShape), 0);
  c.parameters().forEach((p, i) => {
    const q = m.parameters()[i];
    p.data.set(q.data);
    for (const [k, slot] of q.slots) p.slot(k).set(slot);
  });
  return c;
}

/** Validation loss after each of `epochs` epochs (index 0: before training); `steps`: Adam steps already taken by inherited moments. */
function train(m: Sequential, data: Prepared, epochs: number, seed: number, steps = 0): number[] {
  const losses = [evaluate(m, data.validation, data).loss];
  const optimizer = new Adam(m.trainableParameters(), { lr: 1e-3 });
  // Parameters that carry moments continue their bias correction; new ones (a deepened layer) start at step 0.
  for (const p of optimizer.params) if (p.slots.has('adam.m')) optimizer.setStepCount(p, steps);
  fit(m, data, { epochs, batchSize: 128, seed, optimizer, callbacks: { onEpochEnd: (e) => { losses.push(e.val.loss); } } });
  return losses;
}

export function benchNet2Net(args: string[]): void {
  const flag = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
  const epochs = Number(flag('epochs') ?? 3);
  const data = prepare(loadDataset('mnist', resolveDataDir(flag('data-dir')), 0), { seed: 0 });
  const teacher = buildModel(TEACHER, 1);
  const curves: Record<string, number[]> = { teacher: train(teacher, data, epochs, 1) };
  const ctx = { rng: new Rng(2), inputShape: TEACHER.inputShape };
  const wider = copyOf(teacher);
  for (let g = 0; g < hiddenGroupCount(wider); g++) applyMorphism(wider, { op: 'widen', group: g, width: 2 * unitGroup(wider, g).width, noise: 0.1 }, ctx);
  const deeper = copyOf(teacher);
  // Deepest first, so the group numbers of the earlier step still hold.
  for (const step of [{ op: 'deepen', group: 2 }, { op: 'deepen', group: 1 }] as MorphStep[]) applyMorphism(deeper, step, ctx);
  const randomOf = (m: Sequential) => buildModel(specOf(m, TEACHER.inputShape), 3);
  const randomWider = randomOf(wider), randomDeeper = randomOf(deeper);
  const teacherSteps = epochs * Math.ceil(data.train.n / 128);
  curves['Net2Wider'] = train(wider, data, epochs, 4, teacherSteps);
  curves['random wider'] = train(randomWider, data, epochs, 4);
  curves['Net2Deeper'] = train(deeper, data, epochs, 4, teacherSteps);
  curves['random deeper'] = train(randomDeeper, data, epochs, 4);
  console.log(`Net2Net on MNIST: validation loss after each epoch (epoch 0: the start; teacher ${teacher.parameterCount()} parameters, wider ${wider.parameterCount()}, deeper ${deeper.parameterCount()})`);
  console.log(`| network | ${Array.from({ length: epochs + 1 }, (_, e) => `epoch ${e}`).join(' | ')} |`);
  console.log(`|---|${'---|'.repeat(epochs + 1)}`);
  for (const [name, c] of Object.entries(curves)) console.log(`| ${name} | ${c.map((v) => v.toFixed(4)).join(' | ')} |`);
  const teacherLast = curves.teacher[epochs];
  for (const s of ['Net2Wider', 'Net2Deeper']) {
    const first = curves[s][1], random = curves[`random ${s.slice(4).toLowerCase()}`][1];
    console.log(`${s}: after its first epoch ${first.toFixed(4)} ${first < teacherLast ? '<' : '>='} teacher's last ${teacherLast.toFixed(4)}, ${first < random ? '<' : '>='} random init's first ${random.toFixed(4)}`);
  }
}
