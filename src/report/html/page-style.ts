/**
 * The page's only stylesheet, inlined: system fonts (nothing to download), light and dark via
 * prefers-color-scheme (charts draw in currentColor), and a print layout without backgrounds.
 */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --card: #f6f8fa;
  --border: #d1d9e0; --warn-bg: #fff8c5; --warn-border: #d4a72c; --good: #1a7f37; --bad: #cf222e; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --card: #151b23; --border: #3d444d;
    --warn-bg: #3b2e00; --warn-border: #9e6a03; --good: #3fb950; --bad: #f85149; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.1rem; margin: 28px 0 8px; }
.sub, .note, figcaption { color: var(--muted); font-size: 0.9rem; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 12px 16px; min-width: 200px; }
.card .label { color: var(--muted); font-size: 0.85rem; }
.card .value { font-size: 1.6rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.up { color: var(--bad); } .down { color: var(--good); }
.callout { background: var(--warn-bg); border: 1px solid var(--warn-border); border-radius: 8px; padding: 10px 14px; margin: 12px 0; }
figure { margin: 0 0 8px; }
figure svg { max-width: 100%; height: auto; display: block; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.85rem; width: 100%; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--border); white-space: nowrap; }
th { text-align: left; } td.num, th.num { text-align: right; }
tfoot td { font-weight: 600; border-top: 2px solid var(--border); }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --card: #fff; --border: #999; --warn-bg: #fff; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  section, figure, .card, tr { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  th, td { white-space: normal; }
}
`;
