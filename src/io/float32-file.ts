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
  const buf = readFileSync(path);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}
