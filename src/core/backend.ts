/** Chooses the active kernel backend: native when built, unless TOPIARY_BACKEND says otherwise. */
import type { Kernel } from './kernel.js';
import { nativeKernel, nativeLoadError } from './backends/native.js';
import { referenceKernel } from './backends/reference.js';

export type BackendName = Kernel['name'];

export function availableBackends(): Kernel[] {
  return nativeKernel ? [referenceKernel, nativeKernel] : [referenceKernel];
}

function initial(): Kernel {
  const wanted = process.env.TOPIARY_BACKEND;
  if (wanted === 'reference') return referenceKernel;
  if (wanted === 'native') {
    if (!nativeKernel) throw new Error(`TOPIARY_BACKEND=native but ${nativeLoadError()}`);
    return nativeKernel;
  }
  if (wanted !== undefined && wanted !== '') {
    throw new Error(`TOPIARY_BACKEND must be "native" or "reference", got "${wanted}"`);
  }
  if (!nativeKernel) {
    process.emitWarning(`topiary: using the TypeScript reference backend: ${nativeLoadError()}`);
    return referenceKernel;
  }
  return nativeKernel;
}

let active: Kernel = initial();

/** The kernels every op runs on. */
export function kernel(): Kernel { return active; }

export function setBackend(name: BackendName): Kernel {
  const k = availableBackends().find((b) => b.name === name);
  if (!k) throw new Error(`backend "${name}" is not available: ${nativeLoadError()}`);
  active = k;
  return k;
}

export function setThreads(n: number): void {
  for (const b of availableBackends()) b.setThreads(n);
}
