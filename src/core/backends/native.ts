/**
 * The native backend: the C++ addon built by `npm install`. Tiny elementwise
 * calls stay in JavaScript, where they cost less than crossing into C++.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Kernel } from '../kernel.js';
import { referenceKernel as ref } from './reference.js';
import { FLAT_BINARY } from './small-ops.js';

type Addon = Omit<Kernel, 'name' | 'describe' | 'threads'> & {
  setIsa(isa: string): boolean;
  info(): { isa: string; threads: number };
};

const ADDON_PATH = fileURLToPath(new URL('../../../../native/build/Release/topiary_native.node', import.meta.url));

/** Below this many elements, elementwise ops run in JS (N-API call overhead dominates). */
export let smallOpThreshold = 2048;
export function setSmallOpThreshold(n: number): void { smallOpThreshold = n; }

let loadError: string | null = null;

function load(): Addon | null {
  if (!existsSync(ADDON_PATH)) {
    loadError = `native addon not built (${ADDON_PATH} missing; run \`npm install\` and see native/build.log)`;
    return null;
  }
  try {
    const addon = createRequire(import.meta.url)(ADDON_PATH) as Addon;
    const isa = process.env.TOPIARY_ISA;
    if (isa && !addon.setIsa(isa)) throw new Error(`TOPIARY_ISA=${isa} is not supported by this CPU or build`);
    const threads = Number(process.env.TOPIARY_THREADS);
    if (threads > 0) addon.setThreads(threads);
    return addon;
  } catch (e) {
    loadError = `native addon failed to load: ${(e as Error).message}`;
    return null;
  }
}

const addon = load();

export function nativeLoadError(): string | null { return loadError; }

const ISAS = ['avx512', 'avx2', 'generic'] as const;

/** Instruction sets the addon can run on this CPU, fastest first. */
export function nativeIsas(): string[] {
  if (!addon) return [];
  const current = addon.info().isa;
  const ok = ISAS.filter((isa) => addon.setIsa(isa));
  addon.setIsa(current);
  return ok;
}

/** Switches the native kernels to another instruction set (for tests and benchmarks). */
export function setNativeIsa(isa: string): void {
  if (!addon || !addon.setIsa(isa)) throw new Error(`native instruction set "${isa}" is not available (have: ${nativeIsas().join(', ') || 'none'})`);
}

function makeNative(a: Addon): Kernel {
  return {
    name: 'native',
    describe: () => { const i = a.info(); return `native (${i.isa}, ${i.threads} threads)`; },
    setThreads: (n) => a.setThreads(n),
    threads: () => a.info().threads,
    gemm: a.gemm,
    conv2dForward: a.conv2dForward,
    conv2dBackwardInput: a.conv2dBackwardInput,
    conv2dBackwardFilter: a.conv2dBackwardFilter,
    maxPool2dForward: a.maxPool2dForward,
    maxPool2dBackward: a.maxPool2dBackward,
    avgPool2dForward: a.avgPool2dForward,
    avgPool2dBackward: a.avgPool2dBackward,
    unary: (op, x, y, n, alpha) => (n < smallOpThreshold ? ref.unary(op, x, y, n, alpha) : a.unary(op, x, y, n, alpha)),
    unaryBackward: (op, x, y, gy, gx, n, alpha) =>
      n < smallOpThreshold ? ref.unaryBackward(op, x, y, gy, gx, n, alpha) : a.unaryBackward(op, x, y, gy, gx, n, alpha),
    binary(op, x, xs, y, ys, out, shape) {
      if (out.length >= smallOpThreshold) a.binary(op, x, xs, y, ys, out, shape);
      else if (op < 4 && shape.length === 1 && xs[0] === 1 && ys[0] === 1) FLAT_BINARY[op](x, y, out, out.length);
      else ref.binary(op, x, xs, y, ys, out, shape);
    },
    reduce: a.reduce,
    softmax: a.softmax,
    softmaxCrossEntropy: a.softmaxCrossEntropy,
    mse: a.mse,
    sgd: a.sgd,
    adam: a.adam,
    adamax: a.adamax,
    indexSelect: a.indexSelect,
    indexScatter: a.indexScatter,
    randomUniform: a.randomUniform,
    randomNormal: a.randomNormal,
    fill: a.fill,
    batchNormForward: a.batchNormForward,
    batchNormBackward: a.batchNormBackward,
    scaledAdd: (x, out, n, alpha, beta) => (n < smallOpThreshold ? ref.scaledAdd(x, out, n, alpha, beta) : a.scaledAdd(x, out, n, alpha, beta)),
    dot: (x, y, n) => (n < smallOpThreshold ? ref.dot(x, y, n) : a.dot(x, y, n)),
  };
}

export const nativeKernel: Kernel | null = addon ? makeNative(addon) : null;
