/**
 * The run's report.html: one self-contained page (the report stage's styles inline, thumbnails as data
 * URLs, nothing fetched) with the run's verdict and a table of the scenarios: status, exit code, reason,
 * overall and per-criterion scores side by side, the first and last sampled frames, and a relative link
 * to each scenario's own report.html.
 */
import { ExitCode } from '../errors.js';
import type { Comparison } from '../compare/types.js';
import { gateHeadline } from '../compare/verdicts.js';
import { html, SafeHtml } from '../report/markup.js';
import { documentHead } from '../report/report-styles.js';
import { formatScore, scoreBand } from '../report/score-format.js';
import { frameLabel } from '../sample/frame-label.js';
import type { Scorecard } from '../score/types.js';
import { formatShard } from './shard.js';
import { isAllowedMissing, type RunSummary, type ScenarioResult, type ScenarioStatus } from './types.js';

/** ScenarioThumbnail is a small image of one sampled frame, as a data URL. */
export interface ScenarioThumbnail {
  number: number;
  time: number;
  src: string;
}

/** ScenarioDetails is what the run reports show of a scenario beyond its ScenarioResult. */
export interface ScenarioDetails {
  /** The scenario's scorecard, when it was evaluated and is readable. */
  scorecard?: Scorecard;
  /** The scenario's compare.json, when it was compared with a baseline. */
  comparison?: Comparison;
  /** First and last sampled frames (none when there is no scorecard or no readable frame). */
  thumbnails: ScenarioThumbnail[];
}

/** RunReportInput is everything the run's report.html and junit.xml are drawn from. */
export interface RunReportInput {
  summary: RunSummary;
  /** Details by scenario name; a scenario without an entry is shown from the summary alone. */
  scenarios: Record<string, ScenarioDetails>;
}

/** statusLabels say each status in words, with its tone (reusing the report's better/neutral/worse colours). */
const statusLabels = {
  passed: ['✔ passed', 'better'],
  'gate-closed': ['✘ gate closed', 'worse'],
  failed: ['✘ failed', 'worse'],
  'quality-gate-failed': ['✘ quality gate failed', 'worse'],
  timeout: ['✘ timed out', 'worse'],
  interrupted: ['✘ interrupted', 'worse'],
  'not-run': ['– not run', 'neutral'],
  missing: ['✘ missing', 'worse'],
} as const satisfies Record<ScenarioStatus, readonly [string, 'better' | 'neutral' | 'worse']>;

/** statusLabel says how a scenario ended; a missing scenario the merge allowed is not shown as a failure. */
function statusLabel(scenario: ScenarioResult): readonly [string, 'better' | 'neutral' | 'worse'] {
  return isAllowedMissing(scenario) ? ['– missing (allowed)', 'neutral'] : statusLabels[scenario.status];
}

/** missingShards names the shards a merge lacks (`2/3, 3/3`), from its missing scenarios; '' when none is missing. */
function missingShards(summary: RunSummary): string {
  const shards = summary.scenarios.flatMap((scenario) => (scenario.status === 'missing' && scenario.shard ? [formatShard(scenario.shard)] : []));
  return [...new Set(shards)].join(', ');
}

/** CriterionColumn is one criterion shown across scenarios. */
interface CriterionColumn {
  id: string;
  title: string;
}

/** criterionColumns lists every criterion any scenario scored, in order of first appearance, titled from the scorecards. */
function criterionColumns(input: RunReportInput): CriterionColumn[] {
  const titles = new Map<string, string>();
  for (const scenario of input.summary.scenarios) {
    const fromScorecard = new Map(input.scenarios[scenario.name]?.scorecard?.criteria.map((criterion) => [criterion.id, criterion.title]) ?? []);
    for (const id of Object.keys(scenario.criteria ?? {})) if (!titles.has(id)) titles.set(id, fromScorecard.get(id) ?? id);
  }
  return [...titles].map(([id, title]) => ({ id, title }));
}

/** relativeHref turns a path relative to the run directory into a URL path (each segment encoded). */
function relativeHref(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function scoreCell(score: number | null | undefined, notApplicable = false): SafeHtml {
  if (notApplicable) return html`<td class="number muted" title="not applicable">n/a</td>`;
  const band = scoreBand(score ?? null);
  return html`<td class="number ${band}">${formatScore(score)}</td>`;
}

function scenarioRow(scenario: ScenarioResult, details: ScenarioDetails | undefined): SafeHtml {
  const [label, tone] = statusLabel(scenario);
  const name = scenario.report ? html`<a href="${relativeHref(scenario.report)}">${scenario.name}</a>` : html`${scenario.name}`;
  // Without a reason, a failed comparison explains itself with its failures.
  const why = scenario.reason ?? (scenario.compare && !scenario.compare.passed ? [...(scenario.compare.failureCounts ? [gateHeadline(scenario.compare.failureCounts)] : []), ...scenario.compare.failures].join('; ') : '');
  const reason = `${scenario.failedStage && why ? `${scenario.failedStage}: ` : ''}${why}`;
  return html`<tr id="scenario-${scenario.name}">
<th scope="row"><strong>${name}</strong></th>
<td><span class="${tone}" style="white-space:nowrap">${label}</span> <span class="muted">· exit ${scenario.exitCode}</span>${reason ? html`<br><span class="muted">${reason}</span>` : ''}</td>
${scoreCell(scenario.overall)}
<td class="optional">${details && details.thumbnails.length > 0
  ? html`<span style="display:flex;gap:0.25rem">${details.thumbnails.map((thumbnail) => html`<img src="${thumbnail.src}" alt="${scenario.name}, ${frameLabel(thumbnail.number, thumbnail.time)}" title="${frameLabel(thumbnail.number, thumbnail.time)}" style="width:6.5rem;border:1px solid var(--border);border-radius:3px">`)}</span>`
  : ''}</td>
</tr>
`;
}

/** criteriaTable shows each criterion as a row and each evaluated scenario as a column (criteria outnumber scenarios). */
function criteriaTable(scenarios: readonly ScenarioResult[], columns: CriterionColumn[]): SafeHtml {
  const scored = scenarios.filter((scenario) => scenario.criteria !== undefined);
  if (columns.length === 0 || scored.length === 0) return html``;
  return html`<section aria-labelledby="criteria">
<h2 id="criteria">Scores by criterion</h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Criterion</th>${scored.map((scenario) => html`<th scope="col" class="number">${scenario.name}</th>`)}</tr></thead>
<tbody>
${columns.map((column) => html`<tr><th scope="row">${column.title}</th>${scored.map((scenario) => scoreCell(scenario.criteria?.[column.id], scenario.notApplicable?.includes(column.id)))}</tr>
`)}
</tbody></table></div>
</section>`;
}

function runMeta(summary: RunSummary): SafeHtml {
  const rows: [string, string][] = [
    ['Run', summary.runId],
    ['Started', summary.createdAt],
  ];
  if (summary.finishedAt) rows.push(['Finished', summary.finishedAt]);
  if (summary.shards && summary.shards.length > 0) rows.push(['Shards', summary.shards.map(formatShard).join(', ')]);
  rows.push(['Pipeline', `${summary.pipeline.path} (sha256 ${summary.pipeline.sha256.slice(0, 12)})`]);
  return html`<dl class="meta">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}

/** incompleteNotice says why a run is incomplete: the shards missing from its merge, else an interruption or scenarios that did not run. */
function incompleteNotice(summary: RunSummary): string {
  const missing = missingShards(summary);
  if (missing === '') return 'This run is incomplete: it was interrupted, or some scenarios did not run.';
  const plural = missing.includes(',');
  return `This run is incomplete: shard${plural ? 's' : ''} ${missing} ${plural ? 'are' : 'is'} missing from the merge, so ${plural ? 'their' : 'its'} scenarios have no result (listed as missing).`;
}

/** renderRunHtml renders the run's report.html from data already loaded (a pure function). */
export function renderRunHtml(input: RunReportInput): string {
  const { summary } = input;
  const columns = criterionColumns(input);
  const total = summary.scenarios.length;
  const verdict = summary.exitCode === ExitCode.success ? (summary.complete ? 'passed' : 'passed so far') : 'failed';
  const page = html`${documentHead(`termaudit run: ${summary.pipeline.name} ${summary.runId}`)}
<main>
<header>
<p class="muted">termaudit pipeline run</p>
<h1>${summary.pipeline.name}</h1>
${runMeta(summary)}
</header>
<section aria-labelledby="summary">
<h2 id="summary">Summary</h2>
<div class="overall">
<span class="value ${scoreBand(summary.overall.score)}">${formatScore(summary.overall.score)}<span class="muted" style="font-size:1.2rem;font-weight:400"> / 10</span></span>
<span class="muted">mean overall score · ${summary.overall.passed} of ${total} scenario${total === 1 ? '' : 's'} passed${summary.overall.failed > 0 ? ` · ${summary.overall.failed} failed` : ''}</span>
</div>
<p class="notice ${summary.exitCode === ExitCode.success ? 'passed' : 'failed'}"><strong class="${summary.exitCode === ExitCode.success ? 'better' : 'worse'}">Run ${verdict}</strong> · exit code ${summary.exitCode}</p>
${summary.complete ? '' : html`<p class="notice">${incompleteNotice(summary)}</p>`}
</section>
<section aria-labelledby="scenarios">
<h2 id="scenarios">Scenarios</h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Scenario</th><th scope="col">Status</th><th scope="col" class="number">Overall</th><th scope="col" class="optional">First and last frame</th></tr></thead>
<tbody>
${summary.scenarios.map((scenario) => scenarioRow(scenario, input.scenarios[scenario.name]))}
</tbody></table></div>
<p class="muted">Each scenario's name links to its own report (relative to this file: keep the run directory together).</p>
</section>
${criteriaTable(summary.scenarios, columns)}
<footer class="muted">Made by termaudit. This file is self-contained: it loads nothing from the network.</footer>
</main>
</body>
</html>
`;
  return page.value;
}
