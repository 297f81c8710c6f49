/** SVG line charts: every tick label stays on the canvas; log axes label powers in the data's own units; non-finite values are skipped. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { lineChart } from '../../src/report/svg-chart.js';

// A 12 px sans-serif glyph is at most ~7 px wide.
const GLYPH = 7;

function labels(svg: string): { x: number; anchor: string; text: string }[] {
  return [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+"(?: text-anchor="(\w+)")?>([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), anchor: m[2] ?? 'start', text: m[3] }));
}

it('keeps the widest x tick label inside the canvas on a log axis', () => {
  const svg = lineChart([{ name: 'a', x: [12867, 2290308], y: [0.93, 0.986], points: true }],
    { title: 't', xLabel: 'parameters', yLabel: 'accuracy', logX: true, width: 720 });
  const ticks = labels(svg).filter((l) => l.anchor === 'middle');
  assert.ok(ticks.some((l) => l.text === '2.3e+6'), ticks.map((l) => l.text).join(' '));
  for (const l of ticks) {
    const half = (l.text.length * GLYPH) / 2;
    assert.ok(l.x - half >= 0 && l.x + half <= 720, `"${l.text}" at x=${l.x} leaves the 720 px canvas`);
  }
});

it('draws no NaN coordinates when a series holds non-finite values', () => {
  const svg = lineChart([{ name: 'a', x: [1, 2, 3], y: [1, Number.NaN, 3] }], { title: 't', xLabel: 'x', yLabel: 'y' });
  assert.ok(!/NaN|Infinity/.test(svg));
});
