/**
 * The run's report.html: one self-contained page (the report stage's styles inline, thumbnails as data
 * URLs, nothing fetched) with the run's verdict and a table of the scenarios: status, exit code, why its
 * gate passed or failed (one sentence, then its reasons as a list), overall and per-criterion scores side
 * by side, the first and last sampled frames, and a relative link to each scenario's own report.html. A
 * scenario compared with a baseline (its compare.json) shows each score as `baseline → current (delta)`,
 * coloured by the comparison's verdict; one without shows its current scores. The scores table scrolls
 * sideways inside its box, its criterion column kept in view, so many scenarios never widen the page.
 */
import { ExitCode } from '../errors.js';
import type { Comparison, ScoreComparison } from '../compare/types.js';
import { describeGateFailures } from '../compare/verdicts.js';
import { html, SafeHtml } from '../report/markup.js';
import { documentHead, scrollableRegion } from '../report/report-styles.js';
import { formatDelta, formatScore, scoreBand, verdictTone } from '../report/score-format.js';
import { frameLabel } from '../sample/frame-label.js';
import type { Scorecard } from '../score/types.js';
import { EXPECTED_FAILURE_PREFIX } from './run-plan.js';
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

/** comparedCell shows a score compared with the baseline, `6.0 → 1.0 (−5.0)`, coloured by its verdict's tone. */
function comparedCell(score: ScoreComparison): SafeHtml {
  if (score.verdict === 'not-applicable') return scoreCell(null, true);
  const delta = score.delta === null ? '' : ` (${formatDelta(score.delta)})`;
  return html`<td class="number ${verdictTone(score.verdict)}" title="${score.verdict}${score.failed ? ', fails the gate' : ''}: baseline ${formatScore(score.baseline)}, now ${formatScore(score.current)}">${formatScore(score.baseline)} → <strong>${formatScore(score.current)}</strong>${delta}</td>`;
}

/** scenarioScoreCell shows one score of a scenario (`overall` or a criterion id): compared with its baseline when it was, else as it is. */
function scenarioScoreCell(scenario: ScenarioResult, comparison: Comparison | undefined, id: string): SafeHtml {
  const compared = id === 'overall' ? comparison?.overall : comparison?.criteria.find((criterion) => criterion.id === id);
  if (compared) return comparedCell(compared);
  return id === 'overall' ? scoreCell(scenario.overall) : scoreCell(scenario.criteria?.[id], scenario.notApplicable?.includes(id));
}

/** GateExplanation says why a scenario's gate passed or failed: one sentence, then the reasons behind it. */
export interface GateExplanation {
  sentence: string;
  reasons: string[];
}

/** reasonLines splits a scenario's reason into its parts: the gate's failures are joined with `; ` into one line. */
function reasonLines(reason: string | undefined): string[] {
  return (reason ?? '').split('; ').map((line) => line.trim()).filter(Boolean);
}

/** inStage names the stage a scenario stopped in (` in the record stage`), or '' when unknown. */
function inStage(scenario: ScenarioResult): string {
  return scenario.failedStage ? ` in the ${scenario.failedStage} stage` : '';
}

/**
 * explainGate says in one sentence why a scenario's gate passed or failed, with its reasons listed: a
 * failed comparison's failures (the drops and the score minimums), else the parts of the scenario's
 * reason. A canary (`expect: fail`) that failed its gate reads as expected, one that passed as the miss it is.
 */
export function explainGate(scenario: ScenarioResult, comparison: Comparison | undefined): GateExplanation {
  const failures = comparison && !comparison.passed && comparison.failures.length > 0 ? comparison.failures : undefined;
  const because = (count: number) => (count === 0 ? '.' : count === 1 ? ':' : ` (${count} reasons):`);
  if (scenario.expect === 'fail' && scenario.status === 'passed') {
    const reasons = failures ?? reasonLines(scenario.reason?.startsWith(EXPECTED_FAILURE_PREFIX) ? scenario.reason.slice(EXPECTED_FAILURE_PREFIX.length) : scenario.reason);
    return { sentence: `Failed its quality gate as expected: a canary (expect: fail) of a known-poor display, still caught by the gate${because(reasons.length)}`, reasons };
  }
  if (scenario.expect === 'fail' && scenario.status === 'quality-gate-failed') {
    return { sentence: 'Expected to fail its quality gate (a canary, expect: fail), but it passed: the gate no longer catches this known-poor display.', reasons: [] };
  }
  switch (scenario.status) {
    case 'passed': {
      if (comparison) {
        const minimum = comparison.settings.minScore === undefined ? '' : ` and none is below ${comparison.settings.minScore}`;
        return { sentence: `Passed its quality gate: compared with the baseline, no score dropped by more than ${comparison.settings.maxDrop}${minimum}.`, reasons: comparison.warnings ?? [] };
      }
      if (scenario.compare) return { sentence: `Passed its quality gate, compared with the baseline ${scenario.compare.baseline}.`, reasons: [] };
      return { sentence: 'Passed: every stage it ran succeeded and no score minimum failed; it had no baseline to compare with.', reasons: [] };
    }
    case 'quality-gate-failed': {
      const reasons = (failures ?? reasonLines(scenario.reason)).filter((line) => !line.startsWith('quality gate failed: '));
      const counts = scenario.compare?.failureCounts ? ` (${describeGateFailures(scenario.compare.failureCounts)})` : '';
      return { sentence: `Failed its quality gate${counts}${because(reasons.length)}`, reasons };
    }
    case 'gate-closed':
      return { sentence: `Its ${scenario.failedStage ?? 'pretest'} gate closed, so it was not measured${because(reasonLines(scenario.reason).length)}`, reasons: reasonLines(scenario.reason) };
    case 'failed':
      return { sentence: `Failed${inStage(scenario)}${because(reasonLines(scenario.reason).length)}`, reasons: reasonLines(scenario.reason) };
    case 'timeout':
      return { sentence: `Timed out${inStage(scenario)}; what was recorded was still judged${because(reasonLines(scenario.reason).length)}`, reasons: reasonLines(scenario.reason) };
    case 'interrupted':
      return { sentence: `Interrupted${inStage(scenario)}${because(reasonLines(scenario.reason).length)}`, reasons: reasonLines(scenario.reason) };
    case 'not-run':
      return { sentence: `Not run${because(reasonLines(scenario.reason).length)}`, reasons: reasonLines(scenario.reason) };
    case 'missing': {
      const shard = scenario.shard ? `its shard ${formatShard(scenario.shard)} was not merged` : 'its shard was not merged';
      return { sentence: isAllowedMissing(scenario) ? `No result: ${shard} (allowed by --allow-incomplete).` : `No result: ${shard}.`, reasons: reasonLines(scenario.reason) };
    }
  }
}

function scenarioRow(scenario: ScenarioResult, details: ScenarioDetails | undefined): SafeHtml {
  const [label, tone] = statusLabel(scenario);
  const name = scenario.report ? html`<a href="${relativeHref(scenario.report)}">${scenario.name}</a>` : html`${scenario.name}`;
  const gate = explainGate(scenario, details?.comparison);
  return html`<tr id="scenario-${scenario.name}">
<th scope="row"><strong>${name}</strong></th>
<td><span class="${tone}" style="white-space:nowrap">${label}</span> <span class="muted">· exit ${scenario.exitCode}</span>
<p class="gate">${gate.sentence}</p>${gate.reasons.length > 0 ? html`<ul class="gate-reasons">${gate.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>` : ''}</td>
${scenarioScoreCell(scenario, details?.comparison, 'overall')}
<td class="optional">${details && details.thumbnails.length > 0
  ? html`<span style="display:flex;gap:0.25rem">${details.thumbnails.map((thumbnail) => html`<img src="${thumbnail.src}" alt="${scenario.name}, ${frameLabel(thumbnail.number, thumbnail.time)}" title="${frameLabel(thumbnail.number, thumbnail.time)}" style="width:6.5rem;border:1px solid var(--border);border-radius:3px">`)}</span>`
  : ''}</td>
</tr>
`;
}

/**
 * criteriaTable shows the overall and each criterion as a row and each evaluated scenario as a column
 * (criteria outnumber scenarios); it scrolls sideways in its box with the criterion column kept in view.
 */
function criteriaTable(input: RunReportInput, columns: CriterionColumn[]): SafeHtml {
  const scored = input.summary.scenarios.filter((scenario) => scenario.criteria !== undefined);
  if (columns.length === 0 || scored.length === 0) return html``;
  const compared = scored.filter((scenario) => input.scenarios[scenario.name]?.comparison !== undefined).length;
  const row = (id: string, title: SafeHtml | string) =>
    html`<tr><th scope="row">${title}</th>${scored.map((scenario) => scenarioScoreCell(scenario, input.scenarios[scenario.name]?.comparison, id))}</tr>
`;
  return html`<section aria-labelledby="criteria">
<h2 id="criteria">Scores by criterion</h2>
${compared > 0 ? html`<p class="muted">A scenario compared with its baseline shows baseline → current (change), green when better, red when it dropped or is below its minimum.</p>` : ''}
<div class="table-wrap scores"${scrollableRegion('Table of the scores by criterion')}><table>
<thead><tr><th scope="col">Criterion</th>${scored.map((scenario) => html`<th scope="col" class="number">${scenario.name}</th>`)}</tr></thead>
<tbody>
${row('overall', html`<strong>Overall</strong>`)}${columns.map((column) => row(column.id, column.title))}
</tbody></table></div>
</section>`;
}

/** runStyles are the run report's own rules: the gate's reasons, and the scores table's first column kept in view while it scrolls. */
const runStyles = `
.gate { margin: 0.25rem 0 0; }
.gate-reasons { margin: 0.15rem 0 0; padding-left: 1.1rem; font-size: 0.9em; }
.gate-reasons li { margin: 0.1rem 0; }
.scores th:first-child { position: sticky; left: 0; z-index: 1; background: var(--bg); min-width: 8rem; max-width: 12rem; box-shadow: 1px 0 0 var(--border); }
`;

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
  const page = html`${documentHead(`termaudit run: ${summary.pipeline.name} ${summary.runId}`, runStyles)}
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
<div class="table-wrap"${scrollableRegion('Table of the scenarios')}><table>
<thead><tr><th scope="col">Scenario</th><th scope="col">Status</th><th scope="col" class="number">Overall</th><th scope="col" class="optional">First and last frame</th></tr></thead>
<tbody>
${summary.scenarios.map((scenario) => scenarioRow(scenario, input.scenarios[scenario.name]))}
</tbody></table></div>
<p class="muted">Each scenario's name links to its own report (relative to this file: keep the run directory together).</p>
</section>
${criteriaTable(input, columns)}
<footer class="muted">Made by termaudit. This file is self-contained: it loads nothing from the network.</footer>
</main>
</body>
</html>
`;
  return page.value;
}
