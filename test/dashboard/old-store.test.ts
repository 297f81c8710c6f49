/**
 * A store written by the code before the library-first redesign (test/fixtures/store-before-library-first.db: a
 * train, a shrink, a table search and a supermask run, made with commit 9dc307b's `topiary` at their defaults) opens,
 * lists and charts in the current code: its old per-epoch names read as the metric vocabulary.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DashboardViews } from '../../src/dashboard/views.js';
import { openStore } from '../../src/store/open.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/store-before-library-first.db', import.meta.url));

it('a store from before the redesign opens, lists its runs and study, and its runs chart under the vocabulary', async () => {
  // A copy: opening a store may migrate it, and the fixture must stay as the old code left it.
  const file = join(mkdtempSync(join(tmpdir(), 'topiary-old-store-')), 'old.db');
  copyFileSync(FIXTURE, file);
  const store = await openStore(`sqlite:${file}`);
  try {
    const runs = await store.listRuns();
    assert.deepEqual(runs.map((r) => [r.kind, r.status]).sort(), [['search', 'completed'], ['shrink', 'completed'], ['supermask', 'completed'], ['train', 'completed']]);
    const views = new DashboardViews(store);
    const overview = await views.overview();
    assert.equal(overview.totals.runs, 4);
    assert.equal(overview.totals.studies, 1, 'the search\'s study');
    const byKind = new Map(runs.map((r) => [r.kind, r.id]));
    const names = async (kind: string) => (await views.run(byKind.get(kind)!))!.series.map((s) => s.name).sort();
    assert.deepEqual(await names('train'), ['lr', 'seconds', 'train.loss', 'valid.loss', 'valid.r2'], 'loss, valLoss and valR2 of the old train run');
    assert.deepEqual(await names('shrink'), ['lambda', 'size.1', 'train.loss', 'valid.r2']);
    assert.deepEqual(await names('supermask'), ['train.loss', 'valid.r2']);
  } finally {
    await store.close();
  }
});
