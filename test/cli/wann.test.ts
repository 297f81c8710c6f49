/** topiary wann end to end: a short XOR search recorded in the store with its champion written, and bad flags named with their fix. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkGenome } from '../../src/neat/genome.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

it('searches XOR in two workers, records every generation, writes a valid champion, its charts and drawing, and exports it; bad flags get one clear line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-wann-'));
  try {
    const r = run('wann', '--task', 'xor', '--population', '32', '--generations', '20', '--workers', '2', '--db', join(dir, 's.db'), '--out', join(dir, 'out'), '--json');
    assert.equal(r.status, 0, r.stderr);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    for (const k of ['connections', 'meanScore', 'sdScore', 'tunedWeight', 'tunedScore']) assert.equal(typeof last[k], 'number', k);
    assert.equal(last.generations, 20);
    const champion = JSON.parse(readFileSync(join(dir, 'out', 'champion.json'), 'utf8'));
    checkGenome(champion);
    assert.equal(champion.wann.tunedWeight, last.tunedWeight);
    for (const chart of ['fitness.svg', 'complexity.svg', 'champion.svg']) assert.match(readFileSync(join(dir, 'out', chart), 'utf8'), /^<svg[^]*<\/svg>$/, chart);
    assert.match(readFileSync(join(dir, 'out', 'champion.svg'), 'utf8'), new RegExp(`${last.connections} connections`));
    const exported = run('export', join(dir, 'out', 'champion.json'), '--format', 'onnx', '--out', join(dir, 'champion.onnx'));
    assert.equal(exported.status, 0, exported.stderr);
    assert.ok(readFileSync(join(dir, 'champion.onnx')).length > 100);
    const epochs = run('runs', 'show', String(last.runId), '--db', join(dir, 's.db'));
    assert.equal(epochs.status, 0, epochs.stderr);
    const bad = run('wann', '--task', 'cartpole', '--generations', '2', '--no-store');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--task: got "cartpole"; expected xor, swingup or mnist256/);
    const endless = run('wann', '--task', 'xor', '--no-store');
    assert.equal(endless.status, 1);
    assert.match(endless.stderr, /--generations: give generations, a time budget or both/);
    const noWorkers = run('wann', '--task', 'xor', '--generations', '2', '--workers', '0', '--no-store');
    assert.equal(noWorkers.status, 1);
    assert.match(noWorkers.stderr, /--workers: got "0"; expected a positive integer/);
    assert.ok(!/\n\s+at /.test(bad.stderr + endless.stderr + noWorkers.stderr), 'no stack trace');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
