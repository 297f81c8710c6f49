/** Float32 tensors laid back to back in one binary file, as model files and checkpoints store them. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** SHA-256 of a tensor file's bytes: written beside the tensor table so that a damaged file is refused, not loaded. */
export const float32Digest = (data: Float32Array): string =>
  createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');

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

/** Reads a tensor file; with `digest`, refuses one whose bytes changed since it was written. */
export function readFloat32(path: string, digest?: string): Float32Array {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new Error(`${path}: cannot read the weights (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); it must sit beside its .json, as written`);
  }
  if (buf.byteLength % 4 !== 0) throw new Error(`${path}: ${buf.byteLength} bytes is not a whole number of float32 values; the file is damaged, write it again`);
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  if (digest !== undefined && float32Digest(data) !== digest) throw new Error(`${path}: its contents do not match the checksum written with it; the file is damaged or from another save, write it again`);
  return data;
}
