/**
 * history.html: the trend of a scheduled audit. An inline SVG line chart of the overall score and each
 * criterion's score over time (each point titled, for a tooltip), a legend, and a table of the runs with
 * links to their reports. Self-contained like report.html.
 */
import { html, SafeHtml } from './markup.js';
import type { HistoryInput, HistoryRun } from './report-input.js';
import { documentHead, scrollableRegion } from './report-styles.js';
import { formatScore } from './score-format.js';

/** ChartPoint is one run's score on one series, placed in the chart's coordinates. */
export interface ChartPoint {
  x: number;
  y: number;
  score: number;
  /** Index of the run in HistoryInput.runs. */
  run: number;
  at: string;
}

/** ChartSeries is one line of the chart: the overall score or one criterion. */
export interface ChartSeries {
  id: string;
  title: string;
  points: ChartPoint[];
}

/** HistoryChart is the planned chart: its size, plot area, axis ticks and series. */
export interface HistoryChart {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  series: ChartSeries[];
}

const chartSize = { width: 800, height: 360, left: 48, top: 16, right: 24, bottom: 56 };

/**
 * planHistoryChart places every run on a time axis (by `at`; evenly when all runs share one instant) and
 * every score on a 0–10 axis: one series for the overall score, then one per criterion in order of first
 * appearance. A run that did not assess a criterion has no point on that series.
 */
export function planHistoryChart(runs: readonly HistoryRun[]): HistoryChart {
  const { width, height } = chartSize;
  const plot = { left: chartSize.left, top: chartSize.top, right: width - chartSize.right, bottom: height - chartSize.bottom };
  const times = runs.map((run) => Date.parse(run.at));
  const first = Math.min(...times);
  const span = Math.max(...times) - first;
  const xOf = (index: number): number => {
    if (runs.length === 1) return (plot.left + plot.right) / 2;
    const fraction = span > 0 && Number.isFinite(span) ? (times[index]! - first) / span : index / (runs.length - 1);
    return round(plot.left + fraction * (plot.right - plot.left));
  };
  const yOf = (score: number): number => round(plot.bottom - (Math.max(0, Math.min(10, score)) / 10) * (plot.bottom - plot.top));

  const series = new Map<string, ChartSeries>([['overall', { id: 'overall', title: 'Overall', points: [] }]]);
  runs.forEach((run, index) => {
    const point = (score: number): ChartPoint => ({ x: xOf(index), y: yOf(score), score, run: index, at: run.at });
    if (run.scorecard.overall.score !== null) series.get('overall')!.points.push(point(run.scorecard.overall.score));
    for (const criterion of run.scorecard.criteria) {
      if (!series.has(criterion.id)) series.set(criterion.id, { id: criterion.id, title: criterion.title, points: [] });
      if (criterion.score !== null) series.get(criterion.id)!.points.push(point(criterion.score));
    }
  });

  const tickCount = Math.min(runs.length, 6);
  const xTicks = Array.from({ length: tickCount }, (_, tick) => {
    const index = tickCount === 1 ? 0 : Math.round((tick * (runs.length - 1)) / (tickCount - 1));
    return { x: xOf(index), label: runs[index]!.at.slice(0, 10) };
  }).filter((tick, index, ticks) => index === 0 || tick.x !== ticks[index - 1]!.x);
  const yTicks = [0, 2, 4, 6, 8, 10].map((score) => ({ y: yOf(score), label: String(score) }));
  return { width, height, plot, xTicks, yTicks, series: [...series.values()] };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Series colours, distinct in both themes (defined as CSS variables so dark mode can adjust them). */
const seriesStyles = `
:root { --s0: #1b1f24; --s1: #0969da; --s2: #bc4c00; --s3: #1a7f37; --s4: #8250df; --s5: #bf3989; --s6: #0a7f8a; --s7: #9a6700; }
@media (prefers-color-scheme: dark) {
  :root { --s0: #e6edf3; --s1: #58a6ff; --s2: #ffa657; --s3: #3fb950; --s4: #d2a8ff; --s5: #ff9bce; --s6: #39c5cf; --s7: #e3b341; }
}
${Array.from({ length: 8 }, (_, index) => `.s${index} { stroke: var(--s${index}); fill: var(--s${index}); } .legend .s${index} { background: var(--s${index}); }`).join('\n')}
.chart .line { fill: none; stroke-width: 2; }
.chart .line.overall { stroke-width: 3.5; }
.chart circle { stroke: var(--bg); stroke-width: 1; }
`;

/** tickAnchor keeps the labels at the ends of the time axis inside the chart. */
function tickAnchor(x: number, plot: HistoryChart['plot']): 'start' | 'middle' | 'end' {
  if (x - plot.left < 40) return 'start';
  if (plot.right - x < 40) return 'end';
  return 'middle';
}

/** formatRunTime shows when a run was recorded, in UTC to the minute (`2026-11-05 03:00 UTC`). */
export function formatRunTime(at: string): string {
  const time = new Date(at);
  return Number.isNaN(time.getTime()) ? at : `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function renderChart(chart: HistoryChart, runs: readonly HistoryRun[]): SafeHtml {
  const { plot } = chart;
  const dashes = (index: number) => (index >= 8 ? ' stroke-dasharray="6 4"' : '');
  return html`<svg viewBox="0 0 ${chart.width} ${chart.height}" role="img" aria-labelledby="chart-title chart-description" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">Scores over time</title>
<desc id="chart-description">Overall score and the score of each criterion (0 to 10) for ${runs.length} runs, from ${runs[0]?.at ?? ''} to ${runs.at(-1)?.at ?? ''}.</desc>
${chart.yTicks.map((tick) => html`<line class="grid" x1="${plot.left}" x2="${plot.right}" y1="${tick.y}" y2="${tick.y}"/><text x="${plot.left - 8}" y="${tick.y + 4}" text-anchor="end">${tick.label}</text>`)}
<line class="axis" x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}"/>
<line class="axis" x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}"/>
${chart.xTicks.map((tick) => html`<line class="axis" x1="${tick.x}" x2="${tick.x}" y1="${plot.bottom}" y2="${plot.bottom + 5}"/><text x="${tick.x}" y="${plot.bottom + 20}" text-anchor="${tickAnchor(tick.x, plot)}">${tick.label}</text>`)}
<text x="${(plot.left + plot.right) / 2}" y="${chart.height - 8}" text-anchor="middle">Run date</text>
<text x="14" y="${(plot.top + plot.bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(plot.top + plot.bottom) / 2})">Score (0–10)</text>
${chart.series.map((series, index) => {
  const colour = `s${index % 8}`;
  const path = series.points.map((point, pointIndex) => `${pointIndex === 0 ? 'M' : 'L'}${point.x} ${point.y}`).join(' ');
  return html`<g class="series" data-series="${series.id}">
${series.points.length > 1 ? html`<path class="line ${colour}${series.id === 'overall' ? ' overall' : ''}" d="${path}"${new SafeHtml(dashes(index))}/>` : ''}
${series.points.map((point) => html`<circle class="point ${colour}" cx="${point.x}" cy="${point.y}" r="${series.id === 'overall' ? 5 : 4}"><title>${series.title}: ${formatScore(point.score)} · ${point.at}${runs[point.run]?.dir ? ` · ${runs[point.run]!.dir}` : ''}</title></circle>`)}
</g>`;
})}
</svg>`;
}

/** renderHistoryHtml renders history.html from runs already loaded and ordered by time (a pure function). */
export function renderHistoryHtml(input: HistoryInput): string {
  const { runs } = input;
  const chart = planHistoryChart(runs);
  const criteria = chart.series.slice(1);
  const page = html`${documentHead(`termaudit history: ${input.title}`, seriesStyles)}
<main>
<header>
<p class="muted">termaudit UX history</p>
<h1>${input.title}</h1>
<p class="muted">${runs.length} run${runs.length === 1 ? '' : 's'}${runs.length > 0 ? ` from ${formatRunTime(runs[0]!.at)} to ${formatRunTime(runs.at(-1)!.at)}` : ''}</p>
</header>
<section aria-labelledby="trend">
<h2 id="trend">Scores over time</h2>
<div class="chart"${scrollableRegion('Chart of the scores over time')}>${renderChart(chart, runs)}</div>
<ul class="legend" aria-label="Legend">${chart.series.map((series, index) => html`<li><span class="swatch s${index % 8}"${index >= 8 ? new SafeHtml(' style="background:repeating-linear-gradient(90deg,currentColor 0 6px,transparent 6px 10px)"') : ''}></span>${series.title}</li>`)}</ul>
</section>
<section aria-labelledby="runs">
<h2 id="runs">Runs</h2>
<div class="table-wrap"${scrollableRegion('Table of the runs')}><table>
<thead><tr><th scope="col">When</th><th scope="col">Run</th><th scope="col" class="number">Overall</th>${criteria.map((series) => html`<th scope="col" class="number">${series.title}</th>`)}<th scope="col">Judge</th></tr></thead>
<tbody>
${[...runs].reverse().map((run) => {
  const scores = new Map(run.scorecard.criteria.map((criterion) => [criterion.id, criterion.score]));
  return html`<tr><td style="white-space:nowrap"><time datetime="${run.at}">${formatRunTime(run.at)}</time></td><td>${run.reportHref ? html`<a href="${encodeURI(run.reportHref)}">${run.dir || '.'}</a>` : run.dir || '.'}${run.scorecard.run.git ? html` <code>${run.scorecard.run.git.commit.slice(0, 8)}</code>` : ''}</td><td class="number"><strong>${formatScore(run.scorecard.overall.score)}</strong></td>${criteria.map((series) => html`<td class="number">${formatScore(scores.get(series.id))}</td>`)}<td>${run.scorecard.judge.model}</td></tr>
`;
})}
</tbody></table></div>
</section>
<footer class="muted">Made by termaudit. This file is self-contained: it loads nothing from the network.</footer>
</main>
</body>
</html>
`;
  return page.value;
}
