/** The worker pool: a worker that dies fails only its own trial, is replaced, and the pool goes on. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { TrialPool } from '../../src/search/trial-pool.js';

it('a worker thread that dies fails only its trial; the others finish and the pool keeps working', async () => {
  const pool = new TrialPool(2);
  const task = (epochs: number) => ({ space: 'mlp-widths', params: [0, 1], dataset: 'add10', epochs, batchSize: 64, lr: 1e-3, seed: 0, maxTrain: 600 });
  try {
    let killed = false;
    const slots = (pool as unknown as { all: Set<{ worker: Worker; task: number | null }> }).all;
    const doomed = pool.run(task(200), async () => {
      // Kill this trial's own worker after its first epoch.
      if (!killed) { killed = true; const mine = [...slots].find((s) => s.task === 0)!; void mine.worker.terminate(); }
    });
    const fine = pool.run(task(2));
    await assert.rejects(doomed, /trial stopped: its worker thread exited/);
    assert.equal((await fine).epochs, 2);
    const after = await Promise.all([pool.run(task(1)), pool.run(task(1))]);
    assert.deepEqual(after.map((o) => o.epochs), [1, 1]);
  } finally {
    await pool.close();
  }
});
