/**
 * report.html: one self-contained page (styles inline, images as data URLs, nothing fetched) with the
 * overall score, per-criterion bars, the comparison with a baseline, a filmstrip of the frames, each
 * criterion's rationale with evidence that jumps to its frame, the issues, the video and the judge's cost.
 */
import type { ScoreComparison, ScreenDiff } from '../compare/types.js';
import { countGateFailures, gateHeadline } from '../compare/verdicts.js';
import { formatTimestamp, frameLabel } from '../sample/frame-label.js';
import { describeRecordingEnd } from '../record/recording-end.js';
import type { CriterionScore, Scorecard, ScorecardEvidence, ScorecardFrame } from '../score/types.js';
import { boxStroke, cellBoxes, overlaySvgShapes, type PixelBox } from './evidence-figures.js';
import { failingCriteria, orderCriteria, reportGateOf, reportVerdict, topIssues, type ReportGate, type ReportVerdict, type VerdictStatus } from './report-plan.js';
import { renderTimelineSvg, timelineStyles } from './timeline-svg.js';
import { ISSUE_SEVERITIES } from '../evaluate/types.js';
import { html, SafeHtml, escapeMarkup } from './markup.js';
import type { FigureView, ReportComparison, ReportInput } from './report-input.js';
import { documentHead, scrollableRegion } from './report-styles.js';
import { describeCap, describeCommand, extraLabel, formatCount, formatDelta, formatScore, scoreBand, verdictTone } from './score-format.js';
import { formatUsd } from '../evaluate/models.js';

/** renderHtmlReport renders report.html from data already loaded (a pure function). */
export function renderHtmlReport(input: ReportInput): string {
  const { scorecard } = input;
  const framesByNumber = new Map(scorecard.frames.map((frame) => [frame.number, frame]));
  const command = describeCommand(scorecard.run.command);
  const comparison = input.comparison?.comparison;
  const gate = reportGateOf(input.gate, input.minScore, scorecard);
  const verdict = reportVerdict(scorecard, comparison, gate);
  const page = html`${documentHead(`termaudit report: ${command}`, figureStyles + timelineStyles)}
<main>
<header>
<p class="muted">termaudit UX report${scorecard.run.scenario ? ` · scenario ${scorecard.run.scenario}` : ''}</p>
<h1><code>${command}</code></h1>
</header>
${verdictSection(input, verdict)}
<div class="lead${(input.figures?.beforeAfter.length ?? 0) > 0 ? ' two' : ''}">
${topIssuesSection(input, framesByNumber)}
${beforeAfterSection(input, framesByNumber)}
</div>
${recordingSection(input)}
${criteriaSection(input, framesByNumber, gate)}
${input.comparison ? comparisonSection(input.comparison) : ''}
${issuesSection(scorecard, framesByNumber)}
${framesSection(input)}
<section aria-labelledby="run-details">
<h2 id="run-details">Run</h2>
${runMeta(scorecard)}
</section>
${judgeSection(scorecard)}
<footer class="muted">Made by ${scorecard.tool.name} ${scorecard.tool.version} from a scorecard of ${scorecard.createdAt}. This file is self-contained: it loads nothing from the network.</footer>
</main>
</body>
</html>
`;
  return page.value;
}


/** Styles of the evidence figures: a crop with its SVG boxes laid exactly over it. */
const figureStyles = `
.verdict { border: 2px solid var(--border); border-radius: 8px; padding: 0.75rem 1rem; margin: 0.75rem 0 1rem; }
.verdict.failed { border-color: var(--poor); } .verdict.passed { border-color: var(--good); }
.verdict .headline { font-size: 1.2rem; margin: 0 0 0.5rem; }
.verdict .scores { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 1.25rem; margin: 0; }
.verdict .value { font-size: 2.4rem; font-weight: 700; line-height: 1; }
.chips { display: flex; flex-wrap: wrap; gap: 0.4rem; list-style: none; padding: 0; margin: 0; }
.chip { border: 1px solid var(--poor); border-radius: 999px; padding: 0.05rem 0.6rem; font-size: 0.95rem; }
.chip strong { color: var(--poor); }
.shot { position: relative; display: block; line-height: 0; border: 1px solid var(--border); border-radius: 4px; overflow: hidden; background: #000; }
.shot img { width: 100%; height: auto; }
.shot svg { position: absolute; inset: 0; width: 100%; height: 100%; pointer-events: none; }
.lead { display: grid; gap: 0 1.5rem; }
.lead.two { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
.lead h2 { margin-top: 0.5rem; }
.top-issues { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 0.75rem; list-style: none; padding: 0; margin: 0; }
.lead.two .top-issues { grid-template-columns: 1fr; }
.top-issues > li { border: 1px solid var(--border); border-radius: 8px; padding: 0.5rem; min-width: 0; display: flex; flex-direction: column; gap: 0.35rem; }
.lead.two .top-issues > li { display: grid; grid-template-columns: minmax(0, 11fr) minmax(0, 13fr); gap: 0 0.75rem; align-items: start; }
.lead.two .top-issues > li > a { grid-row: span 3; }
.lead h3 { margin-top: 0.25rem; }
.top-issues p { margin: 0; }
.top-issues .recommendation { font-size: 0.9rem; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0.75rem; }
.lead.two .pair { grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); }
@media (max-width: 60rem) { .lead.two { grid-template-columns: minmax(0, 1fr); } .lead.two .top-issues > li { display: flex; flex-direction: column; } }
.pair figure { margin: 0; min-width: 0; }
.pair figcaption { font-size: 0.9rem; }
.unverified { color: var(--fair); font-weight: 600; }
details.not-applicable > summary { cursor: pointer; padding: 0.5rem 0; font-weight: 600; }
`;

/** shot draws a picture with its evidence boxes over it (an SVG in the picture's own pixels, so it scales with it). */
function shot(src: string, width: number, height: number, boxes: readonly PixelBox[], alt: string, title?: string): SafeHtml {
  const stroke = boxStroke(width);
  return html`<span class="shot"><img src="${src}" alt="${alt}" width="${width}" height="${height}">${boxes.length > 0
    ? html`<svg viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" aria-hidden="true">${title ? html`<title>${title}</title>` : ''}${new SafeHtml(overlaySvgShapes(boxes, stroke))}</svg>`
    : ''}</span>`;
}

/** figureShot draws a FigureView, or says why there is no picture. */
function figureShot(figure: FigureView | undefined, alt: string): SafeHtml {
  if (!figure?.src) return html`<p class="muted">No picture of this frame.</p>`;
  return shot(figure.src, figure.width, figure.height, figure.boxes, alt, figure.mark);
}

const verdictWords = {
  passed: '✔ Passed',
  failed: '✘ Failed',
  'failed-as-expected': '✔ Failed as expected',
  'not-gated': 'Not gated',
} as const satisfies Record<VerdictStatus, string>;

/** verdictSection is the first thing a reader sees: passed or failed and why, the overall with any criterion it must not hide. */
function verdictSection(input: ReportInput, verdict: ReportVerdict): SafeHtml {
  const { scorecard } = input;
  const overall = scorecard.overall;
  const tone = verdict.status === 'failed' ? 'failed' : verdict.status === 'not-gated' ? '' : 'passed';
  // A failed run's overall is never drawn in the good band's green: the reason sits beside it.
  const band = verdict.status === 'failed' || verdict.flagged.length > 0 ? (scoreBand(overall.score) === 'good' ? 'fair' : scoreBand(overall.score)) : scoreBand(overall.score);
  return html`<section aria-labelledby="verdict" class="verdict ${tone}">
<h2 id="verdict" class="headline" style="border:0;padding:0;margin:0 0 0.5rem"><span class="${verdict.status === 'failed' ? 'worse' : verdict.status === 'not-gated' ? 'neutral' : 'better'}">${verdictWords[verdict.status]}</span></h2>
<p class="headline">${verdict.sentence}</p>
<div class="scores">
<span><span class="value ${band}">${formatScore(overall.score)}</span><span class="muted"> / 10 overall</span></span>
${verdict.flagged.length > 0
  ? html`<ul class="chips" aria-label="Criteria the overall must not hide">${verdict.flagged.map((item) => html`<li class="chip"><a href="#criterion-${item.id}">${item.title}</a> <strong>${formatScore(item.score)}</strong> <span class="muted">${item.reason}</span></li>`)}</ul>`
  : ''}
</div>
<p class="muted" style="margin:0.5rem 0 0">${overall.cappedBy !== undefined ? `${describeCap(overall)} · ` : ''}${overall.assessed} of ${overall.criteria} criteria assessed${overall.notApplicable ? ` · ${overall.notApplicable} not applicable` : ''}${verdict.criticalIssues > 0 ? ` · ${verdict.criticalIssues} critical issue${verdict.criticalIssues === 1 ? '' : 's'}` : ''} · ${scorecard.run.duration.toFixed(1)} s recorded${scorecard.run.ended ? ` · ${describeRecordingEnd(scorecard.run.ended)}` : ''} · judge ${scorecard.judge.model}</p>
${scorecard.complete ? '' : html`<p class="notice">Some judge calls failed (${scorecard.judge.failedCalls} of ${scorecard.judge.calls}): these scores rest on fewer answers than were asked for.</p>`}
${scorecard.warnings.length > 0 ? html`<details class="notice"><summary>${scorecard.warnings.length} warning${scorecard.warnings.length === 1 ? '' : 's'}</summary><ul>${scorecard.warnings.map((warning) => html`<li>${warning}</li>`)}</ul></details>` : ''}
</section>`;
}

/** topIssuesSection shows the three worst issues, each with a crop of where it shows and the boxes on it. */
function topIssuesSection(input: ReportInput, framesByNumber: Map<number, ScorecardFrame>): SafeHtml {
  const issues = topIssues(input.scorecard);
  if (issues.length === 0) return html`<section aria-labelledby="top-issues"><h2 id="top-issues">Top issues</h2><p>No issues were reported.</p></section>`;
  return html`<section aria-labelledby="top-issues">
<h2 id="top-issues">Top issues</h2>
<ol class="top-issues">
${issues.map((issue, index) => {
  const figure = input.figures?.issues[index];
  const frame = figure ? framesByNumber.get(figure.frame) : undefined;
  const where = frame ? frameLabel(frame.number, frame.time) : '';
  return html`<li>
${figure ? html`<a href="#frame-${figure.frame}" aria-label="${where}, in full">${figureShot(figure, `Where it shows: ${where}${figure.whole ? '' : ' (part of the screen)'}`)}</a>` : ''}
<p><span class="severity ${issue.severity}">${issue.severity}</span> <strong>${issue.title}</strong></p>
<p class="recommendation">${issue.recommendation}</p>
<p class="muted" style="font-size:0.9rem">${frame ? html`${frameLink(frame.number, framesByNumber)}${figure?.mark ? ` · boxes: ${figure.mark}` : figure && figure.boxes.length > 0 ? ' · boxed: the quoted text' : ''}` : 'Not tied to a frame'}${issue.count > 1 ? ` · reported ${issue.count} times` : ''}</p>
</li>`;
})}
</ol>
${input.scorecard.issues.length > issues.length ? html`<p class="muted"><a href="#issues">All ${input.scorecard.issues.length} issues</a></p>` : ''}
</section>`;
}

/** beforeAfterSection shows each criterion that dropped against the baseline: its evidence then and now, and the difference. */
function beforeAfterSection(input: ReportInput, framesByNumber: Map<number, ScorecardFrame>): SafeHtml {
  const views = input.figures?.beforeAfter ?? [];
  if (views.length === 0) return html``;
  return html`<section aria-labelledby="before-after">
<h2 id="before-after">Before and after</h2>
${views.map((view) => {
  const { row } = view.plan;
  const frame = view.current ? framesByNumber.get(view.current.frame) : undefined;
  return html`<h3 id="before-after-${row.id}"><a href="#criterion-${row.id}">${row.title}</a>: ${formatScore(row.baseline)} → <span class="worse">${formatScore(row.current)}</span> <span class="muted">(${formatDelta(row.delta)}${row.failed ? ', fails the gate' : ''})</span></h3>
<div class="pair">
<figure><figcaption>Baseline${view.baseline ? ` · frame ${view.baseline.frame}${view.baselineTime !== undefined ? ` · ${formatTimestamp(view.baselineTime)}` : ''}` : ''}</figcaption>${figureShot(view.baseline, `${row.title} in the baseline`)}</figure>
<figure><figcaption>Now${frame ? html` · ${frameLink(frame.number, framesByNumber)}` : ''}${view.current?.mark ? ` · boxes: ${view.current.mark}` : ''}</figcaption>${figureShot(view.current, `${row.title} now`)}</figure>
${view.diff?.src ? html`<figure><figcaption>Difference · ${(view.diff.ratio * 100).toFixed(1)}% of pixels</figcaption>${shot(view.diff.src, view.diff.width, view.diff.height, [], `Pixels that differ between the baseline and now, for ${row.title}`)}</figure>` : ''}
</div>
${view.note ? html`<p class="muted">${view.note}</p>` : ''}`;
})}
</section>`;
}

function runMeta(scorecard: Scorecard): SafeHtml {
  const run = scorecard.run;
  const rows: [string, string][] = [];
  if (run.recordedAt) rows.push(['Recorded', run.recordedAt]);
  rows.push(['Length', `${run.duration.toFixed(1)} s`]);
  if (run.ended) rows.push(['Ended', describeRecordingEnd(run.ended)]);
  if (run.cols && run.rows) rows.push(['Terminal', `${run.cols}×${run.rows}`]);
  if (run.git) rows.push(['Commit', `${run.git.commit.slice(0, 12)}${run.git.dirty ? ' (uncommitted changes)' : ''}`]);
  rows.push(['Input', `${run.input.path} (${run.input.kind})`]);
  rows.push(['Judge', `${scorecard.judge.name} · ${scorecard.judge.model}`]);
  return html`<dl class="meta">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}

function comparisonSection(report: ReportComparison): SafeHtml {
  const { comparison } = report;
  const rows = [comparison.overall, ...comparison.criteria];
  const isChanged = (screen: ScreenDiff) => screen.diffPixels > 0 || screen.textChanged || screen.failed;
  const changedScreens = comparison.screens.filter(isChanged);
  const unchangedScreens = comparison.screens.filter((screen) => !isChanged(screen));
  return html`<section aria-labelledby="comparison">
<h2 id="comparison">Compared with the baseline</h2>
<p class="notice ${comparison.passed ? 'passed' : 'failed'}"><strong class="${comparison.passed ? 'better' : 'worse'}">${comparison.passed ? '✔ Gate passed' : '✘ Gate failed'}</strong> · baseline ${comparison.baseline.path} (${comparison.baseline.model}, ${comparison.baseline.createdAt})${comparison.baseline.rescored ? ` · re-scored with ${comparison.baseline.rescored.model}: the baseline scores below are those` : ''} · allowed drop ${comparison.settings.maxDrop}${comparison.settings.minScore !== undefined ? ` · minimum score ${comparison.settings.minScore}` : ''}</p>
${comparison.failures.length > 0 ? html`<p class="worse">${gateHeadline(countGateFailures(comparison))}</p><ul>${comparison.failures.map((failure) => html`<li class="worse">${failure}</li>`)}</ul>` : ''}
${(comparison.warnings ?? []).length > 0 ? html`<h3>Not like for like</h3>
<ul>${(comparison.warnings ?? []).map((warning) => html`<li class="neutral">${warning}</li>`)}</ul>` : ''}
<div class="table-wrap"${scrollableRegion('Table of the scores compared with the baseline')}><table>
<thead><tr><th scope="col">Criterion</th><th scope="col" class="number">Baseline</th><th scope="col" class="number">Current</th><th scope="col" class="number">Δ</th><th scope="col" class="number optional">Noise</th><th scope="col">Verdict</th></tr></thead>
<tbody>
${rows.map((row) => {
  const tone = verdictTone(row.verdict);
  const marker = tone === 'better' ? '▲ ' : tone === 'worse' ? '▼ ' : '';
  return html`<tr><th scope="row">${row.id === 'overall' ? html`<strong>${row.title}</strong>` : row.title}</th><td class="number">${formatScore(row.baseline)}</td><td class="number">${formatScore(row.current)}</td><td class="number ${tone}">${formatDelta(row.delta)}</td><td class="number optional">±${row.noise.toFixed(1)}</td><td class="${tone}">${marker}${row.verdict}${row.failed ? ' (fails)' : ''}</td></tr>
`;
})}
</tbody></table></div>
${comparison.newCriticalIssues.length > 0
  ? html`<h3>New critical issues</h3><ul>${comparison.newCriticalIssues.map((issue) => html`<li><strong class="worse">${issue.title}</strong> (frames ${issue.frames.join(', ')}): ${issue.recommendation}</li>`)}</ul>`
  : ''}
${comparison.pairwise
  ? html`<h3>Side-by-side judgement</h3><p>With the baseline shown first the judge preferred <strong>${comparison.pairwise.baselineFirst}</strong>; with the current run first, <strong>${comparison.pairwise.currentFirst}</strong>.${comparison.pairwise.currentWorse ? html` <span class="worse">Both orders find the current run worse.</span>` : ''}</p><p>${comparison.pairwise.rationale}</p>`
  : ''}
${comparison.screens.length > 0 ? html`<h3>Screens</h3>${changedScreens.map((screen) => screenDiff(screen, report.images))}${unchangedScreens.length > 0 ? html`<p class="muted">Identical in both runs: ${unchangedScreens.map((screen) => screen.name).join(', ')}.</p>` : ''}` : ''}
</section>`;
}

function screenDiff(screen: ScreenDiff, images: Record<string, string>): SafeHtml {
  const changed = screen.diffPixels > 0 || screen.textChanged;
  const image = (path: string | undefined, caption: string, alt: string) => {
    const source = path ? images[path] : undefined;
    if (!source) return path ? html`<figure><figcaption>${caption}</figcaption><p class="muted">Image not found: ${path}</p></figure>` : '';
    return html`<figure><figcaption>${caption}</figcaption><img src="${source}" alt="${alt}" width="${screen.width}" height="${screen.height}"></figure>`;
  };
  return html`<article class="criterion">
<h4 style="margin:0.75rem 0 0.25rem">${screen.name} <span class="${screen.failed ? 'worse' : changed ? 'neutral' : 'better'}">${screen.failed ? '✘ fails' : changed ? 'changed' : 'identical'}</span></h4>
<p class="muted">${formatCount(screen.diffPixels)} pixels differ (${(screen.diffRatio * 100).toFixed(2)}%)${screen.textChanged ? ' · the text changed' : ''}</p>
${changed ? html`<div class="screens">
${image(screen.baselineImage, 'Baseline', `Baseline screen at ${screen.name}`)}
${image(screen.currentImage, 'Current', `Current screen at ${screen.name}`)}
${image(screen.diffImage, 'Difference', `Pixels that differ at ${screen.name}, highlighted`)}
</div>` : ''}
${screen.textDiff ? textDiff(screen.textDiff) : ''}
</article>`;
}

function textDiff(diff: string): SafeHtml {
  const lines = diff.replace(/\n$/, '').split('\n');
  return html`<pre class="diff"${scrollableRegion('Text diff')}>${lines.map((line) => {
    const kind = line.startsWith('+') && !line.startsWith('+++') ? 'added' : line.startsWith('-') && !line.startsWith('---') ? 'removed' : '';
    return html`<span class="${kind}">${line || ' '}</span>`;
  })}</pre>`;
}

function frameLink(number: number, framesByNumber: Map<number, ScorecardFrame>): SafeHtml {
  const frame = framesByNumber.get(number);
  return frame ? html`<a href="#frame-${number}">${frameLabel(number, frame.time)}</a>` : html`Frame ${number}`;
}

function recordingSection(input: ReportInput): SafeHtml {
  const frames = input.scorecard.frames;
  if (frames.length === 0 && !input.videoHref && !input.timeline) return html``;
  return html`<section aria-labelledby="recording">
<h2 id="recording">Recording</h2>
${input.videoHref
  ? html`<!-- The video is linked (relative to this file), not embedded: it would make the report too large. Keep it beside report.html. -->
<video controls preload="metadata"${input.videoPoster ? html` poster="${input.videoPoster}"` : ''} src="${input.videoHref}"><a href="${input.videoHref}">Download the recording</a></video>`
  : ''}
${input.timeline ? renderTimelineSvg(input.timeline, frames) : ''}
${frames.length > 0
  ? html`<h3>Frames</h3><ol class="filmstrip" aria-label="Sampled frames">${frames.map((frame) => {
      const images = input.frameImages[frame.number];
      return html`<li><a href="#frame-${frame.number}">${images ? html`<img src="${images.thumbnail}" alt="Thumbnail of frame ${frame.number}">` : ''}<span class="caption">${frameLabel(frame.number, frame.time)}</span></a></li>`;
    })}</ol>`
  : ''}
</section>`;
}

function criteriaSection(input: ReportInput, framesByNumber: Map<number, ScorecardFrame>, gate: ReportGate | undefined): SafeHtml {
  const { scorecard } = input;
  const comparison = input.comparison?.comparison;
  const ordered = orderCriteria(scorecard, comparison, gate);
  const failing = failingCriteria(scorecard, comparison, gate);
  const rows = new Map((comparison?.criteria ?? []).map((row) => [row.id, row]));
  const notApplicable = scorecard.criteria.filter((criterion) => criterion.applicable === false);
  return html`<section aria-labelledby="criteria">
<h2 id="criteria">Criteria</h2>
<p class="muted">Failing first, then by drop against the baseline, then by score.</p>
<ul class="bars" aria-label="Score per criterion">
${ordered.map((criterion) => {
  const band = failing.has(criterion.id) ? 'poor' : scoreBand(criterion.score);
  const width = criterion.score === null ? 0 : Math.max(0, Math.min(10, criterion.score)) * 10;
  const row = rows.get(criterion.id);
  const delta = row && row.delta !== null && Math.round(row.delta * 10) !== 0 ? html` <span class="${verdictTone(row.verdict)}" style="font-weight:400">${formatDelta(row.delta)}</span>` : '';
  return html`<li><a class="label" href="#criterion-${criterion.id}">${criterion.title}${failing.has(criterion.id) ? ' ✘' : ''}</a><span class="bar" role="img" aria-label="${criterion.title}: ${criterion.score === null ? 'not assessed' : `${formatScore(criterion.score)} of 10`}"><span class="${band}" style="width:${width.toFixed(0)}%"></span></span><span class="score ${band}">${formatScore(criterion.score)}${delta}</span></li>
`;
})}
</ul>
${ordered.map((criterion) => criterionArticle(criterion, framesByNumber, failing.has(criterion.id), rows.get(criterion.id)))}
${notApplicable.length > 0
  ? html`<details class="not-applicable" id="not-applicable"><summary>Not applicable (${notApplicable.length})</summary>
<p>These criteria do not fit this program. They count in no score, gate or comparison.</p>
<ul>${notApplicable.map((criterion) => html`<li id="criterion-${criterion.id}"><strong>${criterion.title}</strong> <span class="muted">(${criterion.id})</span>: ${criterion.rationale}</li>`)}</ul></details>`
  : ''}
</section>`;
}

function criterionArticle(criterion: CriterionScore, framesByNumber: Map<number, ScorecardFrame>, failing: boolean, row: ScoreComparison | undefined): SafeHtml {
  const band = failing ? 'poor' : scoreBand(criterion.score);
  return html`<article class="criterion" id="criterion-${criterion.id}">
<h3><span>${criterion.title}${failing ? html` <span class="worse">✘ fails</span>` : ''}</span><span class="${band}">${formatScore(criterion.score)}${criterion.score === null ? ' not assessed' : ' / 10'}${row && row.baseline !== null ? html` <span class="muted" style="font-weight:400">(baseline ${formatScore(row.baseline)})</span>` : ''}</span></h3>
${criterion.rationale ? html`<p>${criterion.rationale}</p>` : html`<p class="muted">No rationale.</p>`}
${criterion.evidence.length > 0
  ? html`<p class="muted">Evidence</p><ul class="evidence">${criterion.evidence.map((evidence) => evidenceItem(evidence, framesByNumber))}</ul>`
  : ''}
<p class="muted">Weight ${criterion.weight.toFixed(2)} · spread across samples ±${criterion.sampleSpread.toFixed(1)} · across prompts ±${criterion.promptSpread.toFixed(1)}${criterion.noise !== undefined ? ` · noise ±${criterion.noise.toFixed(1)}` : ''}${criterion.prompts.length > 0 ? ` · ${criterion.prompts.map((prompt) => `${prompt.prompt}: ${formatScore(prompt.score)}`).join(', ')}` : ''}</p>
</article>`;
}

/** evidenceItem shows one evidence item: its frame and quote, or, when the quote is not on that frame, says so instead of showing it as evidence. */
function evidenceItem(evidence: ScorecardEvidence, framesByNumber: Map<number, ScorecardFrame>): SafeHtml {
  if (evidence.verified === false) {
    return html`<li><span class="unverified">Unverified:</span> the judge cited ${frameLink(evidence.frame, framesByNumber)}, but ${evidence.quote.trim() === '' ? 'quoted nothing' : html`<q>${evidence.quote}</q> does not occur on it`}.</li>`;
  }
  const boxed = (evidence.cells?.length ?? 0) > 0 ? html` <span class="muted">· boxed on the frame${evidence.mark ? `: ${evidence.mark}` : ''}</span>` : '';
  return html`<li>${frameLink(evidence.frame, framesByNumber)}${boxed}${evidence.quote ? html`<blockquote>${evidence.quote}</blockquote>` : ''}</li>`;
}

function issuesSection(scorecard: Scorecard, framesByNumber: Map<number, ScorecardFrame>): SafeHtml {
  return html`<section aria-labelledby="issues">
<h2 id="issues">Issues</h2>
${scorecard.issues.length === 0 ? html`<p>No issues were reported.</p>` : ''}
${ISSUE_SEVERITIES.map((severity) => {
  const issues = scorecard.issues.filter((issue) => issue.severity === severity);
  if (issues.length === 0) return '';
  return html`<h3>${severity[0]!.toUpperCase() + severity.slice(1)} (${issues.length})</h3><ul class="issues">${issues.map(
    (issue) => html`<li><span class="severity ${severity}">${severity}</span> <strong>${issue.title}</strong>${issue.count > 1 ? html` <span class="muted">(reported ${issue.count} times)</span>` : ''}<br>${issue.recommendation}${issue.frames.length > 0 ? html`<br><span class="muted">Seen in</span> ${joinLinks(issue.frames.map((number) => frameLink(number, framesByNumber)))}` : ''}</li>`,
  )}</ul>`;
})}
</section>`;
}

function joinLinks(links: SafeHtml[]): SafeHtml {
  return new SafeHtml(links.map((link) => link.value).join(', '));
}

function framesSection(input: ReportInput): SafeHtml {
  const { scorecard } = input;
  if (scorecard.frames.length === 0) return html``;
  return html`<section aria-labelledby="frame-views">
<h2 id="frame-views">Frames in full</h2>
<p class="muted">Boxes mark the evidence on each frame: the quoted text, or what was measured (such as text below 4.5:1 contrast). Hover a box's frame for what it marks.</p>
<div class="frames">
${scorecard.frames.map((frame) => {
  const citations = scorecard.criteria.flatMap((criterion) => criterion.evidence.filter((evidence) => evidence.frame === frame.number).map((evidence) => ({ criterion, evidence })));
  const verified = citations.filter(({ evidence }) => evidence.verified !== false);
  const issues = scorecard.issues.filter((issue) => issue.frames.includes(frame.number));
  const issueCells = issues.flatMap((issue) => (issue.locations ?? []).filter((location) => location.frame === frame.number && location.verified !== false).flatMap((location) => location.cells ?? []));
  const cells = [...verified.flatMap(({ evidence }) => evidence.cells ?? []), ...issueCells];
  const boxes = frame.grid ? uniqueBoxes(cellBoxes(cells, frame.grid)) : [];
  const images = input.frameImages[frame.number];
  const label = frameLabel(frame.number, frame.time);
  const marks = [...new Set(verified.filter(({ evidence }) => (evidence.cells?.length ?? 0) > 0).map(({ criterion }) => criterion.title))];
  return html`<figure class="frame" id="frame-${frame.number}">
<figcaption>${label}${extraLabel(frame) ? html` <span class="muted">· ${extraLabel(frame)}</span>` : ''}</figcaption>
${images ? shot(images.full, frame.width, frame.height, boxes, `Terminal screen, ${label}${frame.text ? `: ${firstLine(frame.text)}` : ''}`, marks.length > 0 ? `Evidence of ${marks.join(', ')}` : undefined) : html`<p class="muted">Image not found: ${frame.file}</p>`}
${citations.length > 0 || issues.length > 0
  ? html`<ul class="citations">${citations.map(({ criterion, evidence }) => html`<li><a href="#criterion-${criterion.id}">${criterion.title}</a>${evidence.verified === false ? html` <span class="unverified">unverified quote</span>` : evidence.quote ? html`: <q>${evidence.quote}</q>` : ''}</li>`)}${issues.map((issue) => html`<li><span class="severity ${issue.severity}">${issue.severity}</span> ${issue.title}</li>`)}</ul>`
  : ''}
${frame.text ? html`<details><summary>Screen text</summary><pre${scrollableRegion(`Screen text, ${label}`)}>${markQuotes(frame.text, verified.map(({ evidence }) => evidence.quote))}</pre></details>` : ''}
</figure>`;
})}
</div>
</section>`;
}

/** uniqueBoxes drops boxes drawn twice (two criteria citing the same cells). */
function uniqueBoxes(boxes: readonly PixelBox[]): PixelBox[] {
  const seen = new Set<string>();
  return boxes.filter((box) => {
    const key = `${box.x},${box.y},${box.width},${box.height}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function firstLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  return line.trim().slice(0, 120);
}

/** markQuotes escapes a screen's text and wraps every occurrence of the quoted passages in `<mark>`. */
export function markQuotes(text: string, quotes: readonly string[]): SafeHtml {
  const ranges: [number, number][] = [];
  for (const quote of new Set(quotes.map((candidate) => candidate.trim()).filter((candidate) => candidate.length > 0))) {
    for (let index = text.indexOf(quote); index >= 0; index = text.indexOf(quote, index + quote.length)) ranges.push([index, index + quote.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let position = 0;
  for (const [start, end] of ranges) {
    if (end <= position) continue;
    const from = Math.max(start, position);
    out += escapeMarkup(text.slice(position, from)) + `<mark>${escapeMarkup(text.slice(from, end))}</mark>`;
    position = end;
  }
  return new SafeHtml(out + escapeMarkup(text.slice(position)));
}

function judgeSection(scorecard: Scorecard): SafeHtml {
  const judge = scorecard.judge;
  const rows: [string, string][] = [
    ['Judge', judge.name],
    ['Model', judge.model],
    ...(judge.baseURL ? ([['Endpoint', judge.baseURL]] as [string, string][]) : []),
    ['Samples per prompt', String(judge.samples)],
    ['Calls', `${judge.calls} (${judge.failedCalls} failed, ${judge.fromCache} from cache)`],
    ['Tokens', `${formatCount(judge.tokens.input)} in (${formatCount(judge.tokens.cachedInput)} cached) · ${formatCount(judge.tokens.output)} out`],
    ['Cost', formatUsd(judge.costUsd)],
  ];
  return html`<section aria-labelledby="judge">
<h2 id="judge">Judge and cost</h2>
<dl class="meta">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>
${judge.prompts.length > 0
  ? html`<div class="table-wrap"${scrollableRegion('Table of the prompts')}><table><thead><tr><th scope="col">Prompt</th><th scope="col">Title</th><th scope="col" class="number">Weight</th><th scope="col">sha256</th></tr></thead><tbody>${judge.prompts.map(
      (prompt) => html`<tr><td><code>${prompt.id}</code></td><td>${prompt.title}</td><td class="number">${prompt.weight}</td><td><code title="${prompt.sha256}">${prompt.sha256.slice(0, 12)}</code></td></tr>`,
    )}</tbody></table></div>`
  : ''}
</section>`;
}
