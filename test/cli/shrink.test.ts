/** `topiary shrink --json`: compress training, the folded model, and the fixed-size retrain at equal time. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/io/model-file.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

it('shrink reports final sizes, both test scores and saves a plain model of the shrunk size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-shrink-'));
  const r = spawnSync(process.execPath, [CLI, 'shrink', '--dataset', 'add10', '--arch', 'mlp:10-128-1', '--time-budget', '3', '--lr', '3e-3',
    '--lambda', '1e-2', '--batch-size', '32', '--out', join(dir, 'm'), '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { sizes: number[]; testR2: number; fixedSizeRetrain: { testR2: number; arch: string }; model: string; history: unknown[] };
  assert.ok(out.sizes[0] < 128, `sizes ${out.sizes}`);
  assert.ok(Number.isFinite(out.testR2) && Number.isFinite(out.fixedSizeRetrain.testR2));
  assert.equal(out.fixedSizeRetrain.arch, `mlp:10-${out.sizes[0]}-1`);
  const { model } = loadModel(out.model);
  assert.equal(model.parameters()[0].shape[0], out.sizes[0]);
  assert.ok(out.history.length >= 1);
});
