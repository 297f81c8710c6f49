/** The page shell and its style sheet: one HTML page whose modules draw every view (hash routes: #/, #/study/ID, #/run/ID). */

export const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Topiary dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/uplot.css">
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/uplot.js"></script>
<script type="module" src="/assets/app/app.js"></script>
</head>
<body>
<header id="top"><a href="#/" class="brand">Topiary</a><span id="totals"></span><span id="store"></span></header>
<main id="main"><p class="muted">Loading…</p></main>
</body>
</html>
`;

export const STYLE_CSS = `
:root { --fg: #1d2330; --muted: #6b7280; --line: #e3e6eb; --accent: #2f6f4f; --bad: #b42318; --bg: #fafbfc; font-family: system-ui, sans-serif; font-size: 14px; color: var(--fg); }
body { margin: 0; background: var(--bg); }
header { display: flex; gap: 24px; align-items: baseline; padding: 10px 20px; background: #fff; border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; font-size: 18px; color: var(--accent); text-decoration: none; }
#store { margin-left: auto; color: var(--muted); font-size: 12px; }
main { padding: 16px 20px; max-width: 1400px; }
h1 { font-size: 20px; margin: 4px 0 12px; word-break: break-all; }
h2 { font-size: 15px; margin: 20px 0 8px; }
.muted { color: var(--muted); }
.error { color: var(--bad); white-space: pre-wrap; }
table.list { border-collapse: collapse; width: 100%; background: #fff; }
table.list th, table.list td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
table.list td.wrap { white-space: normal; word-break: break-all; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; background: #eef0f3; }
.badge.live { background: #d9f2e3; color: #13603a; }
.badge.stale, .badge.failed { background: #fde8e6; color: var(--bad); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 16px; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px; min-width: 0; }
.panel h2 { margin-top: 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; word-break: break-all; }
.pheromone { overflow-x: auto; }
.pheromone-table { border-collapse: collapse; font-size: 12px; background: #fff; }
.pheromone-table th, .pheromone-table td { border: 1px solid var(--line); padding: 2px 6px; text-align: right; white-space: nowrap; }
.pheromone-table tbody th { text-align: left; font-weight: normal; }
.vtable { position: relative; height: 420px; overflow: auto; border: 1px solid var(--line); background: #fff; }
.vtable .head, .vtable .row { display: grid; position: absolute; left: 0; right: 0; height: 24px; line-height: 24px; min-width: 100%; }
.vtable .head { position: sticky; top: 0; z-index: 1; background: #f3f4f6; font-weight: 600; cursor: pointer; user-select: none; }
.vtable .row { cursor: pointer; border-bottom: 1px solid #f0f1f3; }
.vtable .row:hover { background: #f5f8f6; }
.vtable .row.selected { background: #e3f0e8; }
.vtable .cell { padding: 0 6px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.toolbar { display: flex; gap: 8px; align-items: center; margin: 6px 0; }
.toolbar input, .toolbar select { font: inherit; padding: 2px 6px; }
canvas.pc { width: 100%; height: 300px; display: block; }
svg.arch text { font: 11px system-ui, sans-serif; }
pre.json { background: #f6f7f9; padding: 8px; overflow: auto; max-height: 240px; font-size: 12px; }
a { color: var(--accent); }
`;
