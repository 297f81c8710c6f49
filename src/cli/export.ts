/**
 * `topiary export MODEL --format tfjs|onnx --out DIR_OR_FILE [--member K]`: a model file written by
 * train, shrink or evolve, as files that TensorFlow.js or ONNX Runtime load.
 */
import { EXPORT_FORMATS, type ExportFormat, exportModel } from '../export/index.js';
import { ensureWritable } from '../io/writable.js';
import { intFlag, optionName, parseArgs } from './args.js';

const FLAGS = { format: 'string', out: 'string', member: 'string', json: 'boolean' } as const;

export function exportCommand(argv: string[], log: (line: string) => void): Record<string, unknown> {
  const p = parseArgs(argv, FLAGS);
  const [model, ...extra] = p.positional;
  if (!model || extra.length) throw new Error(`expected one model file, got ${p.positional.length}; usage: topiary export MODEL.json --format ${EXPORT_FORMATS.join('|')} --out DIR_OR_FILE`);
  // exportModel checks the value; here only that there is one.
  const format = p.flags.get('format');
  if (typeof format !== 'string') throw new Error(`--format is required: ${EXPORT_FORMATS.join(' or ')}`);
  const out = p.flags.get('out');
  if (typeof out !== 'string') throw new Error(`--out is required: a folder for tfjs (model.json + weights.bin), a file for onnx (e.g. model.onnx)`);
  ensureWritable(out, format === 'tfjs' ? 'dir' : 'file', optionName(p, 'out'));
  const member = p.flags.has('member') ? intFlag(p, 'member', 0, 0) : undefined;
  const result = exportModel(model, { format: format as ExportFormat, out, member });
  for (const f of result.files) log(`wrote ${f.path} (${f.bytes} bytes)`);
  return { ...result, model };
}
