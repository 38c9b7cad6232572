/**
 * The style sheet inlined into every HTML page termaudit writes (report.html, history.html, a run's
 * report.html, calibration.html): no external CSS or fonts, so the files open from disk anywhere. Light and
 * dark themes follow `prefers-color-scheme`; every text colour keeps a contrast of at least 4.5:1 against
 * its background in both themes; the layout fits a phone's width, and what is too wide for it scrolls in a
 * region a keyboard can reach (scrollableRegion). test/report/accessibility.test.ts checks the pages with axe-core.
 */
import { html, SafeHtml } from './markup.js';

/** reportStyles is the CSS of every HTML report. */
export const reportStyles = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --surface: #f6f8fa; --border: #d0d7de;
  --link: #0550ae; --accent: #8250df; --good: #1a7f37; --fair: #9a6700; --poor: #cf222e; --none: #6e7781;
  --mark: #fff1a8; --added-bg: #dafbe1; --removed-bg: #ffebe9;
  --track: #eaeef2;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --surface: #161b22; --border: #3d444d;
    --link: #58a6ff; --accent: #d2a8ff; --good: #3fb950; --fair: #d29922; --poor: #ff7b72; --none: #8b949e;
    --mark: #5c4a00; --added-bg: #12361f; --removed-bg: #4a1d1d;
    --track: #262c36;
  }
}
* { box-sizing: border-box; }
.not-applicable { color: var(--muted); background: var(--surface); border: 1px dashed var(--border); border-radius: 6px; padding: 0 1rem; margin-top: 1rem; }
.not-applicable strong { color: var(--muted); }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
a { color: var(--link); }
a:focus-visible, [role="region"][tabindex="0"]:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0 0.25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--border); }
h3 { font-size: 1.1rem; margin: 1.25rem 0 0.5rem; overflow-wrap: anywhere; }
p, li, dd, figcaption, blockquote { overflow-wrap: anywhere; }
td, th { overflow-wrap: break-word; }
tbody th { font-weight: 400; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
pre { background: var(--surface); border: 1px solid var(--border); border-radius: 6px; padding: 0.5rem 0.75rem; overflow-x: auto; max-width: 100%; margin: 0.5rem 0; }
img { max-width: 100%; height: auto; display: block; }
.muted { color: var(--muted); }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.5rem 0; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; min-width: 0; }
.notice { border-left: 4px solid var(--fair); background: var(--surface); padding: 0.5rem 0.75rem; margin: 0.75rem 0; }
.notice.failed { border-left-color: var(--poor); }
.notice.passed { border-left-color: var(--good); }
.overall { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 1rem; margin: 0.5rem 0 1rem; }
.overall .value { font-size: 3rem; font-weight: 700; line-height: 1; }
.good { color: var(--good); } .fair { color: var(--fair); } .poor { color: var(--poor); } .none { color: var(--none); }
.better { color: var(--good); } .neutral { color: var(--muted); } .worse { color: var(--poor); }
.bars { list-style: none; padding: 0; margin: 0; }
.bars li { display: grid; grid-template-columns: minmax(7rem, 16rem) 1fr 3.5rem; gap: 0.75rem; align-items: center; padding: 0.2rem 0; }
.bars .label { min-width: 0; }
.bar { height: 0.9rem; background: var(--track); border-radius: 0.45rem; overflow: hidden; }
.bar span { display: block; height: 100%; border-radius: 0.45rem; }
.bar .good { background: var(--good); } .bar .fair { background: var(--fair); } .bar .poor { background: var(--poor); }
.bars .score { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.table-wrap { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { border-bottom: 1px solid var(--border); padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { font-weight: 600; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.criterion { border: 1px solid var(--border); border-radius: 8px; padding: 0.25rem 1rem 0.75rem; margin: 1rem 0; }
.criterion h3 { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.5rem; }
.evidence { list-style: none; padding: 0; }
.evidence li { margin: 0.4rem 0; }
blockquote { margin: 0.25rem 0 0; padding: 0.1rem 0.75rem; border-left: 3px solid var(--border); color: var(--fg); }
.issues li { margin: 0.5rem 0; }
.severity { display: inline-block; font-size: 0.8rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; padding: 0 0.4rem; border: 1px solid currentColor; border-radius: 4px; }
.severity.critical { color: var(--poor); } .severity.major { color: var(--fair); } .severity.minor { color: var(--muted); }
.filmstrip { display: flex; gap: 0.75rem; overflow-x: auto; list-style: none; padding: 0 0 0.5rem; margin: 0.5rem 0; max-width: 100%; }
.filmstrip li { flex: 0 0 10rem; }
.filmstrip a { display: block; text-decoration: none; color: var(--fg); }
.filmstrip img { width: 100%; border: 1px solid var(--border); border-radius: 4px; }
.filmstrip .caption { font-size: 0.85rem; }
.frames { display: grid; gap: 1.5rem; }
.frame { margin: 0; padding: 0.75rem; border: 1px solid var(--border); border-radius: 8px; scroll-margin-top: 0.5rem; min-width: 0; }
.frame:target { outline: 3px solid var(--accent); outline-offset: 2px; background: var(--surface); }
.frame figcaption { font-weight: 600; margin-bottom: 0.5rem; }
.frame img { border-radius: 4px; }
.frame:target img { width: 100%; }
.frame .citations { margin: 0.5rem 0 0; padding-left: 1.25rem; }
mark { background: var(--mark); color: var(--fg); }
.screens { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0.75rem; }
.screens figure { margin: 0; min-width: 0; }
.screens figcaption { font-size: 0.9rem; color: var(--muted); }
.diff span { display: block; }
.diff .added { background: var(--added-bg); }
.diff .removed { background: var(--removed-bg); }
video { width: 100%; max-height: 70vh; background: #000; border-radius: 6px; }
footer { margin: 2rem 0 1rem; font-size: 0.9rem; }
@media (max-width: 40rem) {
  table { font-size: 0.85rem; }
  th, td { padding: 0.3rem 0.25rem; }
  .optional { display: none; }
  main { padding: 0.75rem; }
  .overall .value { font-size: 2.4rem; }
  .bars li { grid-template-columns: 1fr 3rem; }
  .bars .label { grid-column: 1 / -1; }
  .meta { grid-template-columns: 1fr; }
  .meta dd { margin-bottom: 0.35rem; }
  .criterion { padding: 0.25rem 0.75rem 0.5rem; }
}
`;

/**
 * documentHead opens a self-contained report page: doctype, viewport (phones), both color schemes and the
 * shared styles inline (plus `extraStyles`), up to and including `<body>`.
 */
export function documentHead(title: string, extraStyles = ''): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<style>${new SafeHtml(reportStyles + extraStyles)}</style>
</head>
<body>`;
}

/**
 * scrollableRegion is the attributes (with a leading space) of an element that scrolls sideways when the page
 * is narrow: a `.table-wrap`, the history chart, a `<pre>`. Without them a keyboard cannot scroll it unless
 * it holds a link (WCAG 2.1.1); they make it a Tab stop, scrolled with the arrow keys, that a screen reader
 * announces as a region named `label`.
 */
export function scrollableRegion(label: string): SafeHtml {
  return html` role="region" aria-label="${label}" tabindex="0"`;
}
