/**
 * history.html: the trend of a scheduled audit. An inline SVG line chart of the overall score and each
 * criterion's score over time (each point titled, for a tooltip), a legend, and a table of the runs with
 * links to their reports. Self-contained like report.html. Runs of several scenarios (or commands) get a
 * chart, legend and table each (groupHistoryRuns): one line through two programs' scores is no trend.
 *
 * Telling 19 series apart: each series has a colour (8 of them) and a marker shape (5 of them), both
 * advancing by one per series, so no two of the first 40 series share the pair and neighbours differ in
 * both; series from the ninth on are dashed too, and the overall is drawn thicker with larger markers.
 * The legend shows each series' line and marker, and each entry is a button (aria-pressed) that hides or
 * shows its series.
 *
 * What is shown at first: with more than DEFAULT_SHOWN_CRITERIA criteria, a chart of every series is a
 * tangle, so the page opens on the overall, the LOWEST_SHOWN_CRITERIA criteria scoring lowest in the
 * newest run, and the criteria whose score moved the most across the runs (any movement), up to
 * DEFAULT_SHOWN_CRITERIA criteria; the others start toggled off, and "Show all" brings them back. Only the
 * small inline script hides anything: without it (scripts off, a viewer that strips them) every series is
 * drawn, as the legend's pressed buttons say.
 *
 * Readable on a phone: the chart is planned twice, for a wide and a narrow layout (CHART_LAYOUTS), and a
 * media query shows the one that fits, so the SVG is drawn near its own size and its 12 px text stays
 * at least 10 px on screen; the time axis gets only as many date labels as fit side by side.
 */
import { html, SafeHtml } from './markup.js';
import type { HistoryInput, HistoryRun } from './report-input.js';
import { documentHead, scrollableRegion } from './report-styles.js';
import { formatScore } from './score-format.js';

/** MarkerShape is how a series' points are drawn. */
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'triangle-down';

/** MARKER_SHAPES are the marker shapes, in the order series take them. */
export const MARKER_SHAPES: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'triangle-down'];

/** SERIES_COLOURS is how many colours series take in turn (CSS variables --s0 … --s7, adjusted for dark mode). */
export const SERIES_COLOURS = 8;

/** DEFAULT_SHOWN_CRITERIA is the most criteria the chart shows before a reader toggles more on. */
export const DEFAULT_SHOWN_CRITERIA = 6;

/** LOWEST_SHOWN_CRITERIA is how many of the lowest-scoring criteria (newest run) are shown first. */
export const LOWEST_SHOWN_CRITERIA = 3;

/** CHART_FONT_SIZE is the size of the chart's text in SVG units (the layouts keep it near that on screen). */
export const CHART_FONT_SIZE = 12;

/** MAX_X_TICKS is the most date labels on the time axis, however wide. */
export const MAX_X_TICKS = 6;

/** ChartPoint is one run's score on one series, placed in the chart's coordinates. */
export interface ChartPoint {
  x: number;
  y: number;
  score: number;
  /** Index of the run in HistoryInput.runs. */
  run: number;
  at: string;
}

/** ChartSeries is one line of the chart: the overall score or one criterion, with how it is drawn. */
export interface ChartSeries {
  id: string;
  title: string;
  points: ChartPoint[];
  /** Index of its colour, 0 … SERIES_COLOURS − 1 (the overall's is 0, the text colour). */
  colour: number;
  marker: MarkerShape;
  /** Drawn dashed (series from the ninth on, whose colours repeat). */
  dashed: boolean;
  /** Shown when the page opens (see the file comment); hidden ones are toggled off by the page's script. */
  shown: boolean;
}

/** ChartTick is one date label of the time axis. */
export interface ChartTick {
  x: number;
  label: string;
  anchor: 'start' | 'middle' | 'end';
}

/** HistoryChart is the planned chart: its size, plot area, axis ticks and series. */
export interface HistoryChart {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: ChartTick[];
  yTicks: { y: number; label: string }[];
  series: ChartSeries[];
}

/** ChartLayout is the size of a chart and the margins around its plot, in SVG units. */
export interface ChartLayout {
  width: number;
  height: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * CHART_LAYOUTS are the two sizes history.html draws: `wide` for windows wider than 48rem (about 740 to
 * 1120 px of container: 12 px text shows at 11 to 17 px) and `narrow` below, at most 30rem wide (about
 * 300 to 480 px: 10.5 to 17 px).
 */
export const CHART_LAYOUTS = {
  wide: { width: 800, height: 360, left: 48, top: 16, right: 24, bottom: 56 },
  narrow: { width: 340, height: 280, left: 36, top: 12, right: 12, bottom: 52 },
} as const satisfies Record<string, ChartLayout>;

/** labelWidth estimates the width of a label in SVG units (a generous 0.62 em per character of a sans-serif). */
function labelWidth(label: string): number {
  return label.length * CHART_FONT_SIZE * 0.62;
}

/**
 * planTimeTicks picks date labels that fit side by side: evenly spaced runs, as many as the plot's width
 * holds (at most MAX_X_TICKS), each anchored so it stays inside the chart, then dropping any label that
 * would touch the one before it or repeats its date.
 */
function planTimeTicks(runs: readonly HistoryRun[], xOf: (index: number) => number, width: number, plotWidth: number): ChartTick[] {
  const gap = 8;
  const widest = Math.max(...runs.map((run) => labelWidth(run.at.slice(0, 10))));
  const count = Math.max(1, Math.min(runs.length, MAX_X_TICKS, Math.floor(plotWidth / (widest + gap))));
  const ticks: ChartTick[] = [];
  let right = -Infinity;
  for (let tick = 0; tick < count; tick++) {
    const index = count === 1 ? 0 : Math.round((tick * (runs.length - 1)) / (count - 1));
    const x = xOf(index);
    const label = runs[index]!.at.slice(0, 10);
    const half = labelWidth(label) / 2;
    const anchor = x - half < 2 ? 'start' : x + half > width - 2 ? 'end' : 'middle';
    const left = anchor === 'start' ? x : anchor === 'end' ? x - 2 * half : x - half;
    if (left < right + gap || label === ticks.at(-1)?.label) continue;
    ticks.push({ x, label, anchor });
    right = left + 2 * half;
  }
  return ticks;
}

/**
 * shownByDefault picks the criteria shown when the page opens (see the file comment): all of them when
 * there are at most DEFAULT_SHOWN_CRITERIA, else the lowest in their newest score, then those that moved
 * most (largest minus smallest score), ties in series order.
 */
function shownByDefault(criteria: readonly ChartSeries[]): Set<string> {
  if (criteria.length <= DEFAULT_SHOWN_CRITERIA) return new Set(criteria.map((series) => series.id));
  const scored = criteria.filter((series) => series.points.length > 0);
  const lowest = [...scored].sort((a, b) => a.points.at(-1)!.score - b.points.at(-1)!.score).slice(0, LOWEST_SHOWN_CRITERIA);
  const spread = (series: ChartSeries) => Math.max(...series.points.map((point) => point.score)) - Math.min(...series.points.map((point) => point.score));
  const moved = scored.filter((series) => spread(series) > 0 && !lowest.includes(series)).sort((a, b) => spread(b) - spread(a));
  return new Set([...lowest, ...moved].slice(0, DEFAULT_SHOWN_CRITERIA).map((series) => series.id));
}

/**
 * planHistoryChart places every run on a time axis (by `at`; evenly when all runs share one instant) and
 * every score on a 0–10 axis, in `layout` (default the wide one): one series for the overall score, then
 * one per criterion in order of first appearance, each with its colour, marker and whether it is shown at
 * first. A run that did not assess a criterion has no point on that series.
 */
export function planHistoryChart(runs: readonly HistoryRun[], layout: ChartLayout = CHART_LAYOUTS.wide): HistoryChart {
  const { width, height } = layout;
  const plot = { left: layout.left, top: layout.top, right: width - layout.right, bottom: height - layout.bottom };
  const times = runs.map((run) => Date.parse(run.at));
  const first = Math.min(...times);
  const span = Math.max(...times) - first;
  const xOf = (index: number): number => {
    if (runs.length === 1) return (plot.left + plot.right) / 2;
    const fraction = span > 0 && Number.isFinite(span) ? (times[index]! - first) / span : index / (runs.length - 1);
    return round(plot.left + fraction * (plot.right - plot.left));
  };
  const yOf = (score: number): number => round(plot.bottom - (Math.max(0, Math.min(10, score)) / 10) * (plot.bottom - plot.top));

  const newSeries = (id: string, title: string, index: number): ChartSeries => ({
    id,
    title,
    points: [],
    colour: index % SERIES_COLOURS,
    marker: MARKER_SHAPES[index % MARKER_SHAPES.length]!,
    dashed: index >= SERIES_COLOURS,
    shown: true,
  });
  const series = new Map<string, ChartSeries>([['overall', newSeries('overall', 'Overall', 0)]]);
  runs.forEach((run, index) => {
    const point = (score: number): ChartPoint => ({ x: xOf(index), y: yOf(score), score, run: index, at: run.at });
    if (run.scorecard.overall.score !== null) series.get('overall')!.points.push(point(run.scorecard.overall.score));
    for (const criterion of run.scorecard.criteria) {
      if (!series.has(criterion.id)) series.set(criterion.id, newSeries(criterion.id, criterion.title, series.size));
      if (criterion.score !== null) series.get(criterion.id)!.points.push(point(criterion.score));
    }
  });
  const criteria = [...series.values()].slice(1);
  const shown = shownByDefault(criteria);
  for (const criterion of criteria) criterion.shown = shown.has(criterion.id);

  const xTicks = runs.length === 0 ? [] : planTimeTicks(runs, xOf, width, plot.right - plot.left);
  const yTicks = [0, 2, 4, 6, 8, 10].map((score) => ({ y: yOf(score), label: String(score) }));
  return { width, height, plot, xTicks, yTicks, series: [...series.values()] };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Series colours, distinct in both themes (CSS variables so dark mode can adjust them), and the chart's layout rules. */
const chartStyles = `
:root { --s0: #1b1f24; --s1: #0969da; --s2: #bc4c00; --s3: #1a7f37; --s4: #8250df; --s5: #bf3989; --s6: #0a7f8a; --s7: #9a6700; }
@media (prefers-color-scheme: dark) {
  :root { --s0: #e6edf3; --s1: #58a6ff; --s2: #ffa657; --s3: #3fb950; --s4: #d2a8ff; --s5: #ff9bce; --s6: #39c5cf; --s7: #e3b341; }
}
${Array.from({ length: SERIES_COLOURS }, (_, index) => `.s${index} { stroke: var(--s${index}); fill: var(--s${index}); }`).join('\n')}
.chart svg { width: 100%; height: auto; display: block; }
.chart .narrow { display: none; max-width: 30rem; }
@media (max-width: 48rem) { .chart .wide { display: none; } .chart .narrow { display: block; } }
.chart .axis { stroke: var(--muted); stroke-width: 1; }
.chart .grid { stroke: var(--border); stroke-width: 1; }
.chart text { fill: var(--muted); font-size: ${CHART_FONT_SIZE}px; }
.chart .line, .legend .line { fill: none; stroke-width: 2; }
.chart .line.overall, .legend .line.overall { stroke-width: 3.5; }
.chart .point, .legend .point { stroke: var(--bg); stroke-width: 1; }
.chart .series.off { display: none; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; padding: 0; margin: 0.5rem 0; }
.legend button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 4px; padding: 0.1rem 0.5rem; cursor: pointer; display: inline-flex; align-items: center; gap: 0.35rem; }
.legend button:focus-visible, .legend-actions button:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.legend button[aria-pressed="false"] { color: var(--muted); border-style: dashed; text-decoration: line-through; }
.legend button[aria-pressed="false"] svg { opacity: 0.35; }
.legend-actions button { font: inherit; color: var(--link); background: none; border: none; padding: 0; text-decoration: underline; cursor: pointer; }
`;

/** markerShape draws a marker of `size` (its half-width) centred at (x, y). */
function markerShape(marker: MarkerShape, x: number, y: number, size: number, classes: string, title?: SafeHtml): SafeHtml {
  const r = round;
  const polygon = (points: [number, number][]) => html`<polygon class="${classes}" points="${points.map(([px, py]) => `${r(px)},${r(py)}`).join(' ')}">${title ?? ''}</polygon>`;
  const shapes = {
    circle: () => html`<circle class="${classes}" cx="${x}" cy="${y}" r="${size}">${title ?? ''}</circle>`,
    square: () => html`<rect class="${classes}" x="${r(x - size * 0.85)}" y="${r(y - size * 0.85)}" width="${r(size * 1.7)}" height="${r(size * 1.7)}">${title ?? ''}</rect>`,
    triangle: () => polygon([[x, y - size * 1.15], [x + size * 1.1, y + size * 0.8], [x - size * 1.1, y + size * 0.8]]),
    diamond: () => polygon([[x, y - size * 1.2], [x + size * 1.2, y], [x, y + size * 1.2], [x - size * 1.2, y]]),
    'triangle-down': () => polygon([[x, y + size * 1.15], [x + size * 1.1, y - size * 0.8], [x - size * 1.1, y - size * 0.8]]),
  } satisfies Record<MarkerShape, () => SafeHtml>;
  return shapes[marker]();
}

/** seriesClasses are the classes of a series' line or marker: its colour, and `overall` for the thicker one. */
function seriesClasses(series: ChartSeries, part: 'line' | 'point'): string {
  return `${part} s${series.colour}${series.id === 'overall' ? ' overall' : ''}`;
}

function renderChart(chart: HistoryChart, runs: readonly HistoryRun[], name: keyof typeof CHART_LAYOUTS, idOf: (base: string) => string, what: string): SafeHtml {
  const { plot } = chart;
  const dashes = (series: ChartSeries) => new SafeHtml(series.dashed ? ' stroke-dasharray="6 4"' : '');
  return html`<svg class="${name}" viewBox="0 0 ${chart.width} ${chart.height}" role="img" aria-labelledby="${idOf(`chart-title-${name}`)} ${idOf(`chart-description-${name}`)}" xmlns="http://www.w3.org/2000/svg">
<title id="${idOf(`chart-title-${name}`)}">Scores over time${what}</title>
<desc id="${idOf(`chart-description-${name}`)}">Overall score and the score of each criterion (0 to 10) for ${runs.length} runs, from ${runs[0]?.at ?? ''} to ${runs.at(-1)?.at ?? ''}.</desc>
${chart.yTicks.map((tick) => html`<line class="grid" x1="${plot.left}" x2="${plot.right}" y1="${tick.y}" y2="${tick.y}"/><text x="${plot.left - 8}" y="${tick.y + 4}" text-anchor="end">${tick.label}</text>`)}
<line class="axis" x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}"/>
<line class="axis" x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}"/>
${chart.xTicks.map((tick) => html`<line class="axis" x1="${tick.x}" x2="${tick.x}" y1="${plot.bottom}" y2="${plot.bottom + 5}"/><text class="x-tick" x="${tick.x}" y="${plot.bottom + 20}" text-anchor="${tick.anchor}">${tick.label}</text>`)}
<text x="${(plot.left + plot.right) / 2}" y="${chart.height - 8}" text-anchor="middle">Run date</text>
<text x="14" y="${(plot.top + plot.bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(plot.top + plot.bottom) / 2})">Score (0–10)</text>
${chart.series.map((series) => {
  const path = series.points.map((point, pointIndex) => `${pointIndex === 0 ? 'M' : 'L'}${point.x} ${point.y}`).join(' ');
  return html`<g class="series" data-series="${series.id}">
${series.points.length > 1 ? html`<path class="${seriesClasses(series, 'line')}" d="${path}"${dashes(series)}/>` : ''}
${series.points.map((point) => markerShape(series.marker, point.x, point.y, series.id === 'overall' ? 5 : 4, seriesClasses(series, 'point'), html`<title>${series.title}: ${formatScore(point.score)} · ${point.at}${runs[point.run]?.dir ? ` · ${runs[point.run]!.dir}` : ''}</title>`))}
</g>`;
})}
</svg>`;
}

/** legendSwatch draws a series' line and marker, as the chart does, for its legend entry. */
function legendSwatch(series: ChartSeries): SafeHtml {
  return html`<svg width="28" height="14" viewBox="0 0 28 14" aria-hidden="true" focusable="false"><line class="${seriesClasses(series, 'line')}" x1="1" x2="27" y1="7" y2="7"${new SafeHtml(series.dashed ? ' stroke-dasharray="4 3"' : '')}/>${markerShape(series.marker, 14, 7, series.id === 'overall' ? 5 : 4, seriesClasses(series, 'point'))}</svg>`;
}

/**
 * legendScript makes the legend's buttons toggle their series (in both layouts) and hides, once, the series
 * not shown at first. Without it every series stays drawn and every button pressed.
 */
const legendScript = `(() => {
  for (const section of document.querySelectorAll('.trend')) {
    const buttons = [...section.querySelectorAll('.legend button[data-series]')];
    const set = (button, on) => {
      button.setAttribute('aria-pressed', String(on));
      for (const group of section.querySelectorAll('.chart .series')) if (group.dataset.series === button.dataset.series) group.classList.toggle('off', !on);
    };
    const note = section.querySelector('.legend-note');
    const count = () => { note.textContent = buttons.filter((button) => button.getAttribute('aria-pressed') === 'true').length + ' of ' + buttons.length + ' series shown. Press a legend entry to show or hide its series.'; };
    for (const button of buttons) {
      if (button.dataset.shown === 'false') set(button, false);
      button.addEventListener('click', () => { set(button, button.getAttribute('aria-pressed') !== 'true'); count(); });
    }
    section.querySelector('.show-all').addEventListener('click', () => { for (const button of buttons) set(button, true); count(); });
    section.querySelector('.legend-actions').hidden = false;
    count();
  }
})();`;

/**
 * HistoryGroup is the runs of one audited thing: a pipeline's scenario (`nightly · login`), else the
 * recorded command, in time order. Each gets a chart and a table of its own: scores of different programs
 * on one line would read as a trend.
 */
export interface HistoryGroup {
  /** What the runs audited, for the heading; empty when nothing says. */
  label: string;
  runs: HistoryRun[];
}

/** groupHistoryRuns splits runs (in time order) by what they audited, groups ordered by label; the runs keep their order. */
export function groupHistoryRuns(runs: readonly HistoryRun[]): HistoryGroup[] {
  const groups = new Map<string, HistoryRun[]>();
  for (const run of runs) {
    const { scenario, pipeline, command } = run.scorecard.run;
    const label = scenario !== undefined ? (pipeline ? `${pipeline.name} · ${scenario}` : scenario) : (command?.join(' ') ?? '');
    groups.set(label, [...(groups.get(label) ?? []), run]);
  }
  return [...groups].map(([label, grouped]) => ({ label, runs: grouped })).sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * renderGroup renders one group's chart, legend and table. `index` keeps the ids of each group apart (the
 * first group's are the plain ones); `heading` is the level of the section titles (h2 alone, h3 under a
 * group's own heading).
 */
function renderGroup(group: HistoryGroup, index: number, heading: 'h2' | 'h3'): SafeHtml {
  const { runs } = group;
  const idOf = (base: string) => (index === 0 ? base : `${base}-${index + 1}`);
  const chart = planHistoryChart(runs);
  const narrow = planHistoryChart(runs, CHART_LAYOUTS.narrow);
  const criteria = chart.series.slice(1);
  const what = group.label && heading === 'h3' ? `: ${group.label}` : '';
  const title = (id: string, text: string) => (heading === 'h2' ? html`<h2 id="${id}">${text}</h2>` : html`<h3 id="${id}">${text}</h3>`);
  return html`<section class="trend" aria-labelledby="${idOf('trend')}">
${title(idOf('trend'), 'Scores over time')}
<div class="chart"${scrollableRegion(`Chart of the scores over time${what}`)}>${renderChart(chart, runs, 'wide', idOf, what)}${renderChart(narrow, runs, 'narrow', idOf, what)}</div>
<ul class="legend" aria-label="Legend${what}: press an entry to show or hide its series">${chart.series.map((series) => html`<li><button type="button" data-series="${series.id}" data-shown="${String(series.shown)}" aria-pressed="true">${legendSwatch(series)}${series.title}</button></li>`)}</ul>
<p class="legend-actions muted" hidden><span id="${idOf('legend-note')}" class="legend-note" aria-live="polite"></span> <button type="button" id="${idOf('show-all')}" class="show-all">Show all</button></p>
</section>
<section aria-labelledby="${idOf('runs')}">
${title(idOf('runs'), 'Runs')}
<div class="table-wrap"${scrollableRegion(`Table of the runs${what}`)}><table>
<thead><tr><th scope="col">When</th><th scope="col">Run</th><th scope="col" class="number">Overall</th>${criteria.map((series) => html`<th scope="col" class="number">${series.title}</th>`)}<th scope="col">Judge</th></tr></thead>
<tbody>
${[...runs].reverse().map((run) => {
  const scores = new Map(run.scorecard.criteria.map((criterion) => [criterion.id, criterion.score]));
  return html`<tr><td style="white-space:nowrap"><time datetime="${run.at}">${formatRunTime(run.at)}</time></td><td>${run.reportHref ? html`<a href="${encodeURI(run.reportHref)}">${run.dir || '.'}</a>` : run.dir || '.'}${run.scorecard.run.git ? html` <code>${run.scorecard.run.git.commit.slice(0, 8)}</code>` : ''}</td><td class="number"><strong>${formatScore(run.scorecard.overall.score)}</strong></td>${criteria.map((series) => html`<td class="number">${formatScore(scores.get(series.id))}</td>`)}<td>${run.scorecard.judge.model}</td></tr>
`;
})}
</tbody></table></div>
</section>`;
}

/**
 * renderHistoryHtml renders history.html from runs already loaded and ordered by time (a pure function):
 * one chart and table when the runs audited one thing, else a section for each (see groupHistoryRuns),
 * listed at the top.
 */
export function renderHistoryHtml(input: HistoryInput): string {
  const { runs } = input;
  const groups = groupHistoryRuns(runs);
  const body =
    groups.length <= 1
      ? renderGroup(groups[0] ?? { label: '', runs: [] }, 0, 'h2')
      : html`<nav aria-label="What the runs audited"><p>${groups.length} audited programs or scenarios:</p><ul>${groups.map((group, index) => html`<li><a href="#group-${index + 1}">${group.label || 'unnamed'}</a> (${group.runs.length} run${group.runs.length === 1 ? '' : 's'})</li>`)}</ul></nav>
${groups.map((group, index) => html`<section class="group" aria-labelledby="group-${index + 1}">
<h2 id="group-${index + 1}">${group.label || 'unnamed'}</h2>
${renderGroup(group, index, 'h3')}
</section>`)}`;
  const page = html`${documentHead(`termaudit history: ${input.title}`, chartStyles)}
<main>
<header>
<p class="muted">termaudit UX history</p>
<h1>${input.title}</h1>
<p class="muted">${runs.length} run${runs.length === 1 ? '' : 's'}${runs.length > 0 ? ` from ${formatRunTime(runs[0]!.at)} to ${formatRunTime(runs.at(-1)!.at)}` : ''}</p>
</header>
${body}
<script>${new SafeHtml(legendScript)}</script>
<footer class="muted">Made by termaudit. This file is self-contained: it loads nothing from the network.</footer>
</main>
</body>
</html>
`;
  return page.value;
}

/** formatRunTime shows when a run was recorded, in UTC to the minute (`2026-11-05 03:00 UTC`). */
export function formatRunTime(at: string): string {
  const time = new Date(at);
  return Number.isNaN(time.getTime()) ? at : `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
