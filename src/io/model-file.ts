/**
 * The Topiary model format: MODEL.json (architecture + tensor table + metadata)
 * and MODEL.weights.bin (little-endian float32 tensors back to back).
 */
import { readFileSync } from 'node:fs';
import { ArchModel, type ArchModelSpec, buildArchModel } from '../arch/build.js';
import { validateArch } from '../arch/graph.js';
import { cellSpace } from '../arch/spaces/index.js';
import { Sequential } from '../nn/sequential.js';
import { type ModelSpec, buildModel, specOf, validateSpec } from '../nn/spec.js';
import { sameShape } from '../core/tensor.js';
import { writeFileAtomic } from './atomic.js';
import { float32Digest, packFloat32, readFloat32 } from './float32-file.js';

export interface ModelFile {
  format: 'topiary-model';
  version: 1;
  /** A layer stack, or an architecture graph with its search space (from `topiary search --out`). */
  architecture: ModelSpec | ArchModelSpec;
  tensors: { name: string; shape: number[]; offset: number }[];
  weightsFile: string;
  /** SHA-256 of the weights file (files written before it existed have none). */
  weightsSha256?: string;
  /** Per-weight masks of pruned parameters (1 keeps, 0 pruned), stored after the tensors in the weights file. */
  masks?: { tensor: number; offset: number }[];
  metadata: Record<string, unknown>;
}

const paths = (base: string) => {
  const stem = base.replace(/\.json$/, '');
  return { json: `${stem}.json`, bin: `${stem}.weights.bin`, binName: `${stem.split('/').pop()}.weights.bin` };
};

export function saveModel(model: Sequential | ArchModel, inputShape: number[], path: string, metadata: Record<string, unknown> = {}): string {
  const p = paths(path);
  const params = model.parameters();
  const masked = params.flatMap((q, tensor) => (q.mask ? [{ tensor, mask: q.mask }] : []));
  const { data: weights, offsets } = packFloat32([...params.map((q) => q.data), ...masked.map((m) => m.mask)]);
  const tensors = params.map((q, i) => ({ name: `${i}:${q.name}`, shape: [...q.shape], offset: offsets[i] }));
  const file: ModelFile = { format: 'topiary-model', version: 1, architecture: model instanceof ArchModel ? model.spec() : specOf(model, inputShape), tensors, weightsFile: p.binName,
    weightsSha256: float32Digest(weights), ...(masked.length ? { masks: masked.map((m, k) => ({ tensor: m.tensor, offset: offsets[params.length + k] })) } : {}), metadata };
  // Weights first: a JSON file on disk always points at complete weights.
  writeFileAtomic(p.bin, new Uint8Array(weights.buffer));
  writeFileAtomic(p.json, JSON.stringify(file, null, 1));
  return p.json;
}

export function loadModel(path: string): { model: Sequential | ArchModel; file: ModelFile } {
  const p = paths(path);
  let file: ModelFile;
  try {
    file = JSON.parse(readFileSync(p.json, 'utf8')) as ModelFile;
  } catch (e) {
    throw new Error(`${p.json}: cannot read model (${(e as Error).message}); pass the .json written by \`topiary train --out\``);
  }
  if (file.format !== 'topiary-model' || file.version !== 1) {
    throw new Error(`${p.json}: field "format"/"version" is ${JSON.stringify([file.format, file.version])}; expected ["topiary-model", 1]`);
  }
  if (!Array.isArray(file.tensors) || file.tensors.some((t) => !Array.isArray(t?.shape) || !Number.isInteger(t?.offset) || t.offset < 0)) {
    throw new Error(`${p.json}: field "tensors" is not a list of { shape, offset }; the file is damaged, save the model again`);
  }
  let model: Sequential | ArchModel;
  try {
    model = buildSaved(file.architecture, `${p.json} architecture`);
  } catch (e) {
    throw new Error(`${(e as Error).message.startsWith(p.json) ? '' : `${p.json}: `}${(e as Error).message}`);
  }
  const weights = readFloat32(p.bin, typeof file.weightsSha256 === 'string' ? file.weightsSha256 : undefined);
  const params = model.parameters();
  if (params.length !== file.tensors.length) throw new Error(`${p.json}: ${file.tensors.length} tensors listed, the architecture has ${params.length}`);
  params.forEach((q, i) => {
    const t = file.tensors[i];
    if (!sameShape(t.shape, q.shape)) throw new Error(`${p.json}: tensors[${i}] has shape [${t.shape}], the architecture needs [${q.shape}]`);
    if (t.offset + q.size > weights.length) throw new Error(`${p.bin}: truncated (needs ${t.offset + q.size} floats, has ${weights.length}); save the model again`);
    q.data.set(weights.subarray(t.offset, t.offset + q.size));
  });
  const masks = file.masks ?? [];
  if (!Array.isArray(masks)) throw new Error(`${p.json}: field "masks" is not a list of { tensor, offset }; the file is damaged, save the model again`);
  masks.forEach((m, k) => {
    const q = params[m?.tensor];
    if (!q || !Number.isInteger(m.offset) || m.offset < 0) throw new Error(`${p.json}: masks[${k}] names tensor ${JSON.stringify(m?.tensor)} at offset ${JSON.stringify(m?.offset)}; expected a tensor index below ${params.length} and an offset >= 0`);
    if (m.offset + q.size > weights.length) throw new Error(`${p.bin}: truncated (mask ${k} needs ${m.offset + q.size} floats, has ${weights.length}); save the model again`);
    try {
      q.setMask(weights.subarray(m.offset, m.offset + q.size));
    } catch (e) {
      throw new Error(`${p.json}: masks[${k}]: ${(e as Error).message}`);
    }
  });
  const used = Math.max(file.tensors.reduce((end, t, i) => Math.max(end, t.offset + params[i].size), 0), ...masks.map((m) => m.offset + params[m.tensor].size));
  if (weights.length !== used) throw new Error(`${p.bin}: holds ${weights.length} floats, the model uses ${used}; it belongs to another model or is damaged`);
  if (params.some((q) => q.data.some((v) => !Number.isFinite(v)))) throw new Error(`${p.bin}: some weights are NaN or infinite; the model is unusable, train it again`);
  return { model, file };
}

function buildSaved(a: ModelSpec | ArchModelSpec, where: string): Sequential | ArchModel {
  if (a?.format !== 'topiary-arch-model') {
    validateSpec(a, where);
    return buildModel(a, 0);
  }
  validateArch(a.arch, `${where}.arch`);
  if (a.channels !== undefined && !(Number.isInteger(a.channels) && a.channels > 0)) throw new Error(`${where}.channels: got ${JSON.stringify(a.channels)}; expected a positive integer (the cell's width)`);
  return buildArchModel(a.arch, cellSpace(a.arch.space, `${where}.arch.space`, a.channels !== undefined ? { channels: a.channels } : undefined), a.inputShape, a.outputs, 0);
}

/** Layer stacks only (diagnostics and the layer-based tools read Sequential models). */
export function loadSequential(path: string, purpose: string): { model: Sequential; file: ModelFile } {
  const r = loadModel(path);
  if (!(r.model instanceof Sequential)) throw new Error(`${path}: ${purpose} reads layer stacks; this model is an architecture graph of space "${(r.file.architecture as ArchModelSpec).arch.space}"`);
  return { model: r.model, file: r.file };
}
