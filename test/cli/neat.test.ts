/** topiary neat end to end: XOR runs, and one run on swing-up with its champion, charts and drawing written; bad flags named with their fix. */
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

it('solves XOR runs, runs swing-up with its own weights into --out, and names bad flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-neat-'));
  try {
    const xor = run('neat', '--task', 'xor', '--runs', '3', '--json');
    assert.equal(xor.status, 0, xor.stderr);
    const x = JSON.parse(xor.stdout.trim().split('\n').at(-1)!);
    assert.equal(x.solved, 3);
    for (const k of ['meanEvaluations', 'sdEvaluations', 'meanHidden', 'meanConnections']) assert.equal(typeof x[k], 'number', k);
    const r = run('neat', '--task', 'swingup', '--population', '40', '--generations', '4', '--out', join(dir, 'out'), '--db', join(dir, 's.db'), '--json');
    assert.equal(r.status, 0, r.stderr);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    assert.equal(last.generations, 4);
    assert.ok(last.heldOutScore > 0, `held-out reward ${last.heldOutScore}`);
    checkGenome(JSON.parse(readFileSync(join(dir, 'out', 'champion.json'), 'utf8')));
    for (const chart of ['fitness.svg', 'complexity.svg', 'champion.svg']) assert.match(readFileSync(join(dir, 'out', chart), 'utf8'), /^<svg[^]*<\/svg>$/, chart);
    const endless = run('neat', '--task', 'swingup', '--no-store');
    assert.equal(endless.status, 1);
    assert.match(endless.stderr, /--generations: give generations, a time budget or both/);
    const bad = run('neat', '--task', 'pong');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--task: got "pong"; expected xor, swingup or mnist256/);
    assert.ok(!/\n\s+at /.test(bad.stderr + endless.stderr), 'no stack trace');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
