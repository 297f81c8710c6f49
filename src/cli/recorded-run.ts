/** Runs a command's work as a run in the store (unless --no-store): created before, completed with its summary or failed with its error. */
import type { Parsed } from './args.js';
import { storeFromFlags } from './store-flags.js';

export async function recordedRun(p: Parsed, experiment: string, kind: string, params: Record<string, unknown>,
  work: () => Record<string, unknown> | Promise<Record<string, unknown>>, log: (line: string) => void): Promise<Record<string, unknown>> {
  const store = p.flags.has('no-store') ? null : await storeFromFlags(p);
  try {
    const runId = await store?.createRun(experiment, kind, params);
    if (runId !== undefined) log(`run ${runId} recorded in ${store!.url}`);
    try {
      const summary = await work();
      if (runId !== undefined) {
        const { history: _history, ...kept } = summary;
        await store!.finishRun(runId, 'completed', kept);
        if (typeof summary.model === 'string') await store!.addArtifact(runId, 'model', summary.model);
      }
      return runId === undefined ? summary : { ...summary, runId };
    } catch (e) {
      if (runId !== undefined) await store!.finishRun(runId, 'failed', undefined, (e as Error).message);
      throw e;
    }
  } finally {
    await store?.close();
  }
}
