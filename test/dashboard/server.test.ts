/**
 * The dashboard's server: where it listens, what it refuses (other methods, paths outside its routes, files the
 * store does not name) and what its JSON says about a store's studies, trials and runs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js';
import type { Overview, RunPayload, StudyPayload, TrialDetail } from '../../src/dashboard/payloads.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { STORE_SCHEMES, openStore } from '../../src/store/open.js';
import type { ExperimentStore } from '../../src/store/store.js';
import { PG_PASSWORD, testPostgresUrl } from '../postgres-server.js';
import { fillMlpStudy, fillNb201Study } from './fill-store.js';

/** A request with its path sent exactly as written (no client-side normalising of ../ or %2e). */
function raw(base: string, method: string, path: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The same server over a SQLite file and over a real PostgreSQL server (test/postgres-server.ts starts one). */
const BACKENDS: [string, (dir: string) => Promise<ExperimentStore>][] = [
  ['sqlite', async (dir) => new SqliteStore(join(dir, 'store.db'))],
  ['postgresql', async (dir) => { await testPostgresUrl(); return openStore((await STORE_SCHEMES.postgresql.testUrl(dir)).url); }],
];

for (const [backend, open] of BACKENDS) describe(`dashboard server over ${backend}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'topiary-dash-'));
  let store: ExperimentStore;
  const model = join(dir, 'trial-0.json');
  let dash: Dashboard, nb201: number, mlp: number, runId: number;
  const get = async <T>(path: string): Promise<T> => {
    const r = await raw(dash.url, 'GET', path);
    assert.equal(r.status, 200, `${path}: ${r.body}`);
    return JSON.parse(r.body) as T;
  };

  before(async () => {
    store = await open(dir);
    writeFileSync(model, '{"format":"topiary-model"}');
    nb201 = await fillNb201Study(store, 'nb201 study', 5);
    mlp = await fillMlpStudy(store, 'mlp study', model);
    runId = await store.createRun('shrink-add10', 'shrink', { lambda: 0.001 });
    for (let e = 1; e <= 3; e++) await store.logEpoch(runId, e, { loss: 1 / e, 'size.1': 100 - e, 'size.2': 50 - e });
    await store.addArtifact(runId, 'model', model);
    await store.addArtifact(runId, 'onnx', join(dir, 'missing.onnx'));
    await store.finishRun(runId, 'completed', { testR2: 0.9 });
    dash = await startDashboard(store, { port: 0 });
  });
  after(async () => { await dash.close(); await store.close(); });

  it('listens on 127.0.0.1 only by default: another loopback address is refused', async () => {
    assert.equal((dash.server.address() as { address: string }).address, '127.0.0.1');
    const port = (dash.server.address() as { port: number }).port;
    const refused = await new Promise<string>((resolve) => {
      const s = connect({ host: '127.0.0.2', port }, () => { s.destroy(); resolve('connected'); });
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    assert.equal(refused, 'ECONNREFUSED');
  });

  it('answers 404 to paths outside its assets and the files the store names, encoded or not', async () => {
    for (const path of ['/../package.json', '/assets/../../package.json', '/assets/app/../../server.js', '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/app/%2E%2E%2Fserver.js', '/assets/app/..%2f..%2fserver.js', '/assets/app/app.ts', '/assets/app/app.js.map', '/etc/passwd',
      '/files/run/1/../../../etc/passwd', '/files/run/%2e%2e/1', `/files/run/${0}/0`, '/files/study/1/trial/0/..%2fmodel', '/assets/app/%00app.js',
      '/api/study/999', '/api/run/abc', '/files/run/1/1' /* the store names it, but it does not exist */]) {
      const r = await raw(dash.url, 'GET', path);
      assert.equal(r.status, 404, `${path} → ${r.status}`);
    }
  });

  it('refuses every method that could write, and the store is unchanged', async () => {
    const before = JSON.stringify(await get<Overview>('/api/overview'));
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      for (const path of ['/api/overview', `/api/study/${nb201}`, `/api/run/${runId}`, '/']) {
        const r = await raw(dash.url, method, path);
        assert.equal(r.status, 405, `${method} ${path}`);
        assert.equal(r.headers.allow, 'GET, HEAD');
      }
    }
    assert.equal(JSON.stringify(await get<Overview>('/api/overview')), before);
  });

  it('serves the page and its bundled assets with a content security policy that allows only its own scripts', async () => {
    const page = await raw(dash.url, 'GET', '/');
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    for (const src of page.body.match(/(?:src|href)="([^"]+)"/g)!.map((m) => m.split('"')[1]).filter((s) => s.startsWith('/'))) {
      assert.equal((await raw(dash.url, 'GET', src)).status, 200, src);
    }
    assert.ok(!/https?:\/\//.test(page.body), 'nothing loaded from the internet');
  });

  it('sums the store in its overview: studies, runs, trials by state, the best of each study', async () => {
    const o = await get<Overview>('/api/overview');
    assert.deepEqual(o.totals, { studies: 2, runs: 1, trials: 5 + 2 + 3 });
    const s = o.studies.find((x) => x.id === nb201)!;
    assert.deepEqual(s.trials, { waiting: 0, running: 1, completed: 5, failed: 1, pruned: 0 });
    assert.equal(s.best, Math.max(...[0, 1, 2, 3, 4].map((i) => 60 + ((i * 37) % 31))));
    assert.equal(s.source, 'nb201-cifar10 (table lookup)');
    assert.equal(o.runs[0].headline, 'test R² 0.9000');
    // The store URL the page shows: a PostgreSQL password is masked, a file path shown as it is.
    if (backend === 'postgresql') {
      assert.match(o.store, /^postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\//);
      assert.ok(!o.store.includes(PG_PASSWORD), 'no password');
    } else assert.equal(o.store, `sqlite:${join(dir, 'store.db')}`);
  });

  it('sends a study whole, then only the trials that changed since its cursor', async () => {
    const first = await get<StudyPayload>(`/api/study/${nb201}`);
    assert.equal(first.trials.length, 7);
    const t0 = first.trials.find((t) => t.number === 0)!;
    assert.equal(t0.arch, '|none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|none~2|');
    assert.deepEqual(Object.keys(t0.features!), ['0→1', '0→2', '1→2', '0→3', '1→3', '2→3']);
    assert.deepEqual(t0.curve.map(([s]) => s), [12, 100, 200]);
    const quiet = await get<StudyPayload>(`/api/study/${nb201}?since=${first.cursor}`);
    assert.deepEqual(quiet.trials.map((t) => t.state), ['running'], 'only the trial still under way');
    const running = quiet.trials[0];
    const row = (await store.listTrials(nb201, { states: ['running'] }))[0];
    await store.finishTrial(row.id, 'completed', [70, 120], {});
    const next = await get<StudyPayload>(`/api/study/${nb201}?since=${first.cursor}`);
    assert.deepEqual(next.trials.map((t) => [t.number, t.state]), [[running.number, 'completed']]);
    assert.ok(next.cursor > first.cursor);
  });

  it('draws a trial from its space (a cell for NB201, a layer stack for mlp-stack) and links only files that exist', async () => {
    const cell = await get<TrialDetail>(`/api/study/${nb201}/trial/0`);
    assert.equal(cell.drawing?.kind, 'cell');
    assert.equal(cell.drawing?.kind === 'cell' && cell.drawing.edges.length, 6);
    const stack = await get<TrialDetail>(`/api/study/${mlp}/trial/2`);
    assert.deepEqual(stack.drawing, { kind: 'stack', layers: [{ op: 'dense relu', width: 512 }, { op: 'dense relu', width: 128 }, { op: 'dense tanh', width: 32 }] });
    const withModel = await get<TrialDetail>(`/api/study/${mlp}/trial/0`);
    assert.deepEqual(withModel.files.map((f) => f.label), ['model']);
    const file = await raw(dash.url, 'GET', withModel.files[0].url);
    assert.equal(file.body, '{"format":"topiary-model"}');
    assert.match(String(file.headers['content-disposition']), /attachment; filename="trial-0.json"/);
    const run = await get<RunPayload>(`/api/run/${runId}`);
    assert.deepEqual(run.files.map((f) => f.label), ['model'], 'the missing ONNX file is not offered');
    // The run was written with the old name 'loss': the dashboard reads it in the vocabulary.
    assert.deepEqual(run.series.map((s) => s.name).sort(), ['size.1', 'size.2', 'train.loss']);
    assert.deepEqual(run.series.find((s) => s.name === 'size.1')!.values, [99, 98, 97]);
  });
});
