/** Float32 tensors laid back to back in one binary file, as model files and checkpoints store them. */
import { readFileSync } from 'node:fs';

/** Concatenates `parts`; offsets[i] is where part i starts (in floats). */
export function packFloat32(parts: readonly Float32Array[]): { data: Float32Array; offsets: number[] } {
  const data = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  const offsets: number[] = [];
  let offset = 0;
  for (const p of parts) {
    offsets.push(offset);
    data.set(p, offset);
    offset += p.length;
  }
  return { data, offsets };
}

export function readFloat32(path: string): Float32Array {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new Error(`${path}: cannot read the weights (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); it must sit beside its .json, as written`);
  }
  if (buf.byteLength % 4 !== 0) throw new Error(`${path}: ${buf.byteLength} bytes is not a whole number of float32 values; the file is damaged, write it again`);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}
