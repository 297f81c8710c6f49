/**
 * One call from a Topiary model file (or an evolved op-graph file) to files
 * that TensorFlow.js or ONNX Runtime load: `exportModel(path, { format, out })`.
 */
import { OptionError } from '../core/option-error.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArchModel } from '../arch/build.js';
import { EvolvingNet, type EvNetSpec } from '../evolve/ev-net.js';
import type { Preprocessing } from '../data/prepare.js';
import { writeFileAtomic } from '../io/atomic.js';
import { type Genome, checkGenome } from '../neat/genome.js';
import { loadModel } from '../io/model-file.js';
import type { Sequential } from '../nn/sequential.js';
import { specOf } from '../nn/spec.js';
import { foldSwitches } from '../shrink/fold.js';
import { graphFromArchModel } from './from-arch.js';
import { graphFromGenome } from './from-genome.js';
import { graphFromOpGraph } from './from-opgraph.js';
import { graphFromSequential } from './from-sequential.js';
import type { InferenceGraph } from './graph.js';
import { toOnnx } from './onnx.js';
import { toTfjs } from './tfjs.js';

export const EXPORT_FORMATS = ['tfjs', 'onnx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A model ready to export: its inference graph, its architecture as data, and how it was found. */
export interface ExportSource { graph: InferenceGraph; architecture: unknown; lineage: Record<string, unknown> }

/** A model built from an architecture graph (e.g. the best of a search). */
export function sourceFromArchModel(model: ArchModel, lineage: Record<string, unknown> = {}, pre: Preprocessing = {}): ExportSource {
  return { graph: graphFromArchModel(model, pre), architecture: model.spec(), lineage };
}

/** `pre`: the data scaling to build into the exported model (a model file's metadata.preprocessing). */
export function sourceFromSequential(model: Sequential, inputShape: number[], lineage: Record<string, unknown> = {}, pre: Preprocessing = {}): ExportSource {
  const plain = foldSwitches(model);
  return { graph: graphFromSequential(plain, inputShape, pre), architecture: specOf(plain, inputShape), lineage };
}

export function sourceFromOpGraph(net: EvolvingNet, lineage: Record<string, unknown> = {}): ExportSource {
  const inputs = net.layers[0]?.inputs;
  if (inputs === undefined) throw new Error('export: the op graph has no layers');
  return { graph: graphFromOpGraph(net, [inputs]), architecture: net.toSpec(), lineage };
}

/** A genome file (`topiary neat` or `topiary wann --out`); a weight-agnostic champion is exported at its tuned shared weight. */
function sourceFromGenomeFile(json: Record<string, unknown>, path: string): ExportSource {
  const { wann, ...genome } = json as unknown as Genome & { wann?: { tunedWeight?: unknown } };
  const shared = wann?.tunedWeight;
  if (wann && !(typeof shared === 'number' && Number.isFinite(shared))) throw new Error(`${path}: field "wann.tunedWeight" is ${JSON.stringify(shared)}; expected a number (the shared weight to export with)`);
  checkGenome(genome, path);
  return { graph: graphFromGenome(genome, shared as number | undefined), architecture: genome, lineage: { ...(wann ?? {}), source: path } };
}

/** Reads a `topiary train/shrink --out` model or a `topiary evolve --out` op-graph file. */
export function loadExportSource(path: string, member?: number): ExportSource {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${path}: cannot read (${(e as Error).message}); pass a model .json written by topiary train, shrink or evolve --out`);
  }
  if (json.format === 'topiary-model') {
    const { model, file } = loadModel(path);
    const { preprocessing, ...rest } = file.metadata;
    const pre = (preprocessing ?? {}) as Preprocessing, lineage = { ...rest, source: path, ...(preprocessing ? { preprocessingBuiltIn: true } : {}) };
    return model instanceof ArchModel ? sourceFromArchModel(model, lineage, pre) : sourceFromSequential(model, file.architecture.inputShape, lineage, pre);
  }
  if (json.format === 'topiary-genome') return sourceFromGenomeFile(json, path);
  const members = Array.isArray(json.members) ? (json.members as EvNetSpec[]) : json.format === 'topiary-opgraph' ? [json as unknown as EvNetSpec] : null;
  if (!members) throw new Error(`${path}: field "format" is ${JSON.stringify(json.format)}; expected "topiary-model", "topiary-genome" or an evolve output with "members"`);
  if (member === undefined && members.length > 1) throw new Error(`${path}: holds an ensemble of ${members.length} op graphs; choose one with --member 0..${members.length - 1}`);
  const k = member ?? 0;
  if (!(k >= 0 && k < members.length)) throw new OptionError('member', `got ${k}; ${path} has members 0..${members.length - 1}`);
  const { members: _all, ...rest } = json;
  return sourceFromOpGraph(EvolvingNet.fromSpec(members[k], `${path} members[${k}]`), { ...rest, member: k, source: path });
}

export interface ExportResult { format: ExportFormat; files: { path: string; bytes: number }[] }

/** Writes the model; ONNX to `out` (a file), TensorFlow.js into `out` (a folder: model.json + weights.bin). */
export function writeExport(source: ExportSource, format: ExportFormat, out: string): ExportResult {
  const meta = { architecture: source.architecture, lineage: source.lineage };
  if (format === 'onnx') {
    const bytes = toOnnx(source.graph, { docString: 'Exported by Topiary', metadata: { 'topiary.architecture': JSON.stringify(meta.architecture), 'topiary.lineage': JSON.stringify(meta.lineage) } });
    writeFileAtomic(out, bytes);
    return { format, files: [{ path: out, bytes: bytes.length }] };
  }
  const a = toTfjs(source.graph, { metadata: { topiary: meta } });
  const weights = join(out, a.weightsFile), model = join(out, 'model.json');
  const text = JSON.stringify(a.modelJson);
  // Weights first: model.json on disk always points at complete weights.
  writeFileAtomic(weights, a.weightData);
  writeFileAtomic(model, text);
  return { format, files: [{ path: model, bytes: Buffer.byteLength(text) }, { path: weights, bytes: a.weightData.length }] };
}

export function exportModel(path: string, opts: { format: ExportFormat; out: string; member?: number }): ExportResult {
  if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) throw new OptionError('format', `got "${opts.format}"; expected ${EXPORT_FORMATS.join(' or ')}`);
  return writeExport(loadExportSource(path, opts.member), opts.format, opts.out);
}
