/** The IDX format of MNIST and Fashion-MNIST (big-endian header, optionally gzip-compressed). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError } from './errors.js';

export interface IdxArray { dims: number[]; data: Uint8Array }

export function readIdx(path: string, expectedMagic: number): IdxArray {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch {
    throw new DataError(path, 'file not found', 'Check --data-dir / TOPIARY_DATA, or run `topiary datasets verify` to see what is missing');
  }
  let buf: Buffer = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      buf = gunzipSync(raw);
    } catch (e) {
      throw new DataError(path, `gzip data is corrupt or truncated (${(e as Error).message})`, 'Delete the file and download it again');
    }
  }
  if (buf.length < 8) throw new DataError(path, `only ${buf.length} bytes, too short for an IDX header`, 'Download the file again');
  const magic = buf.readUInt32BE(0);
  if (magic !== expectedMagic) {
    throw new DataError(path, `IDX magic is 0x${magic.toString(16).padStart(8, '0')}, expected 0x${expectedMagic.toString(16).padStart(8, '0')}`,
      'This is not the expected IDX file (images use 0x00000803, labels 0x00000801)');
  }
  const rank = magic & 0xff;
  const dims = Array.from({ length: rank }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  const offset = 4 + 4 * rank;
  if (buf.length !== offset + count) {
    throw new DataError(path, `header says ${count} data bytes (${dims.join('x')}) but the file holds ${buf.length - offset}`, 'The file is truncated or corrupt: download it again');
  }
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + offset, count) };
}
