/** Small bad inputs, each named with the fix: numbers in other notations, impossible widths, missing or garbage stores, damaged model files. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'topiary-bad-'));
const noStack = (s: string) => assert.ok(!/\n\s+at /.test(s), `no stack trace: ${s}`);

it('numbers must be decimal; widths must fit in a tensor', () => {
  const hex = run('train', '--dataset', 'add10', '--epochs', '0x10', '--no-store');
  assert.equal(hex.status, 1);
  assert.match(hex.stderr, /--epochs: got "0x10"; expected a number/);
  const wide = run('train', '--dataset', 'add10', '--arch', 'mlp:10-2000000000-1', '--no-store');
  assert.equal(wide.status, 1);
  assert.match(wide.stderr, /--arch: layer 1 of "mlp:10-2000000000-1" would have 10 × 2000000000 = 2\.00e\+10 weights, more than one tensor can hold/);
  noStack(hex.stderr + wide.stderr);
});

it('a missing store is not created by a command that only reads; a garbage store file is named', () => {
  const missing = run('runs', 'list', '--db', join(dir, 'nope', 'x.db'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no store at .*nope\/x\.db/);
  assert.ok(!existsSync(join(dir, 'nope')), 'no folder created');
  const garbage = join(dir, 'garbage.db');
  writeFileSync(garbage, 'this is not a database, just some text '.repeat(200));
  const r = run('runs', 'list', '--db', garbage);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /garbage\.db: not a usable SQLite store \(file is not a database\); pass another --db, or move this file away/);
  noStack(missing.stderr + r.stderr);
});

it('runs list: --limit, and long experiment names stay aligned', () => {
  const db = join(dir, 'runs.db');
  for (const e of ['short', 'a-much-longer-experiment-name-than-usual']) assert.equal(run('train', '--dataset', 'add10', '--arch', 'mlp:10-4-1', '--epochs', '1', '--db', db, '--experiment', e).status, 0);
  const lines = run('runs', 'list', '--db', db).stdout.trim().split('\n');
  assert.equal(lines.length, 3);
  const col = (l: string) => l.indexOf(' train ');
  assert.equal(col(lines[1]), col(lines[2]), lines.join('\n'));
  assert.equal(run('runs', 'list', '--db', db, '--limit', '1').stdout.trim().split('\n').length, 2);
});

it('damaged model files: missing, too long or non-finite weights are refused, naming the file', () => {
  const stem = join(dir, 'm');
  assert.equal(run('train', '--dataset', 'add10', '--arch', 'mlp:10-4-1', '--epochs', '1', '--no-store', '--out', stem).status, 0);
  const bin = `${stem}.weights.bin`, keep = join(dir, 'keep.bin');
  copyFileSync(bin, keep);
  const exp = () => run('export', `${stem}.json`, '--format', 'onnx', '--out', join(dir, 'm.onnx'));
  rmSync(bin);
  assert.match(exp().stderr, /m\.weights\.bin: cannot read the weights \(ENOENT\); it must sit beside its \.json/);
  const good = readFileSync(keep);
  writeFileSync(bin, Buffer.concat([good, good]));
  assert.match(exp().stderr, /m\.weights\.bin: its contents do not match the checksum written with it/);
  // Files written before weights carried a checksum: the length and the values are still checked.
  const json = readFileSync(`${stem}.json`, 'utf8');
  writeFileSync(`${stem}.json`, JSON.stringify({ ...JSON.parse(json), weightsSha256: undefined }));
  assert.match(exp().stderr, /m\.weights\.bin: holds \d+ floats, the model uses \d+; it belongs to another model or is damaged/);
  const nan = Buffer.from(good);
  nan.writeFloatLE(Number.NaN, 0);
  writeFileSync(bin, nan);
  assert.match(exp().stderr, /m\.weights\.bin: some weights are NaN or infinite/);
  writeFileSync(bin, good.subarray(0, good.length - 2));
  const r = exp();
  assert.match(r.stderr, /is not a whole number of float32 values/);
  noStack(r.stderr);
});

it('every command lists every one of its options with a line of help', () => {
  const general = run('--help');
  assert.equal(general.status, 0);
  const commands = [...general.stdout.matchAll(/^ {2}(\w+) /gm)].map((m) => m[1]);
  assert.ok(commands.length >= 10 && commands.includes('search') && commands.includes('worker'), general.stdout);
  for (const args of [...commands.filter((c) => c !== 'study').map((c) => [c]), ['study', 'width'], ['study', 'shrink'], ['study', 'list']]) {
    const r = run(...args, '--help');
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    const flags = r.stdout.split('\n').filter((l) => l.startsWith('  --'));
    assert.ok(flags.length >= 2, `${args.join(' ')} lists its options`);
    assert.deepEqual(flags.filter((l) => l.includes('(undocumented)')), [], `${args.join(' ')} has undocumented options`);
  }
});

it('help lists every entry of every registry it names (strategies, pruners, proxies, spaces, optimizers, schedules, datasets, stores)', async () => {
  const lib = await import('../../src/index.js');
  const { STRATEGIES } = await import('../../src/search/registry.js');
  const { ONESHOT_STRATEGIES } = await import('../../src/oneshot/strategies/index.js');
  const { TRAINABLE_SPACES } = await import('../../src/search/spaces/index.js');
  const helpOf = (...args: string[]) => run(...args, '--help').stdout;
  const line = (text: string, flag: string) => text.split('\n').find((l) => l.startsWith(`  --${flag} `)) ?? '';
  const search = helpOf('search'), train = helpOf('train'), score = helpOf('score');
  const expectAll = (text: string, names: readonly string[], what: string) => {
    for (const n of names) assert.ok(new RegExp(`\\b${n.replace(/[-:]/g, '\\$&')}\\b`).test(text), `${what}: "${n}" is missing from ${JSON.stringify(text)}`);
  };
  expectAll(line(search, 'strategy'), [...Object.keys(STRATEGIES), ...Object.keys(ONESHOT_STRATEGIES)], 'search --strategy');
  expectAll(line(search, 'pruner'), Object.keys(lib.PRUNERS), 'search --pruner');
  expectAll(line(search, 'proxy'), Object.keys(lib.PROXIES), 'search --proxy');
  expectAll(line(score, 'proxies'), Object.keys(lib.PROXIES), 'score --proxies');
  expectAll(line(search, 'space'), [...Object.keys(TRAINABLE_SPACES), ...Object.keys(lib.CELL_SPACES)], 'search --space');
  expectAll(line(search, 'storage'), Object.keys(lib.STORE_SCHEMES), 'search --storage');
  expectAll(line(train, 'optimizer'), Object.keys(lib.OPTIMIZERS), 'train --optimizer');
  expectAll(line(train, 'schedule'), Object.keys(lib.SCHEDULES), 'train --schedule');
  expectAll(line(train, 'dataset'), lib.DATASETS.map((d) => d.name), 'train --dataset');
});

it('a mistyped option fails before any store is opened: no store file is created', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-lazy-store-'));
  const db = join(dir, 'runs.db');
  for (const args of [['train', '--dataset', 'add10', '--epochs', '0'], ['shrink', '--dataset', 'add10', '--rule', 'nope'], ['search', '--benchmark', 'nb201-cifar10', '--seeds', '0']]) {
    const r = run(...args, '--db', db);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(!existsSync(db), `${args[0]} with a bad option created ${db}`);
  }
  const ok = run('train', '--dataset', 'add10', '--epochs', '1', '--db', db);
  assert.equal(ok.status, 0, ok.stderr);
  assert.ok(existsSync(db), 'a run that starts is recorded');
  rmSync(dir, { recursive: true, force: true });
});
