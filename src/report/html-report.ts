/**
 * report.html: one self-contained page (styles inline, images as data URLs, nothing fetched) with the
 * overall score, per-criterion bars, the comparison with a baseline, a filmstrip of the frames, each
 * criterion's rationale with evidence that jumps to its frame, the issues, the video and the judge's cost.
 */
import type { ScreenDiff } from '../compare/types.js';
import { countGateFailures, gateHeadline } from '../compare/verdicts.js';
import { frameLabel } from '../sample/frame-label.js';
import { describeRecordingEnd } from '../record/recording-end.js';
import type { CriterionScore, Scorecard, ScorecardFrame } from '../score/types.js';
import { ISSUE_SEVERITIES } from '../evaluate/types.js';
import { html, SafeHtml, escapeMarkup } from './markup.js';
import type { ReportComparison, ReportInput } from './report-input.js';
import { documentHead } from './report-styles.js';
import { describeCap, describeCommand, extraLabel, formatCount, formatDelta, formatScore, scoreBand, verdictTone } from './score-format.js';
import { formatUsd } from '../evaluate/models.js';

/** renderHtmlReport renders report.html from data already loaded (a pure function). */
export function renderHtmlReport(input: ReportInput): string {
  const { scorecard } = input;
  const framesByNumber = new Map(scorecard.frames.map((frame) => [frame.number, frame]));
  const command = describeCommand(scorecard.run.command);
  const page = html`${documentHead(`termaudit report: ${command}`)}
<main>
<header>
<p class="muted">termaudit UX report${scorecard.run.scenario ? ` · scenario ${scorecard.run.scenario}` : ''}</p>
<h1><code>${command}</code></h1>
${runMeta(scorecard)}
</header>
${summarySection(input)}
${input.comparison ? comparisonSection(input.comparison) : ''}
${recordingSection(input)}
${criteriaSection(scorecard, framesByNumber, input.minScore)}
${issuesSection(scorecard, framesByNumber)}
${framesSection(input)}
${judgeSection(scorecard)}
<footer class="muted">Made by ${scorecard.tool.name} ${scorecard.tool.version} from a scorecard of ${scorecard.createdAt}. This file is self-contained: it loads nothing from the network.</footer>
</main>
</body>
</html>
`;
  return page.value;
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

function scoreClass(score: number | null, minScore: number | undefined): string {
  if (score !== null && minScore !== undefined && score < minScore) return 'poor';
  return scoreBand(score);
}

function summarySection(input: ReportInput): SafeHtml {
  const { scorecard, minScore } = input;
  const overall = scorecard.overall;
  return html`<section aria-labelledby="summary">
<h2 id="summary">Summary</h2>
<div class="overall">
<span class="value ${scoreClass(overall.score, minScore)}">${formatScore(overall.score)}<span class="muted" style="font-size:1.2rem;font-weight:400"> / 10</span></span>
<span class="muted">overall${overall.cappedBy !== undefined ? ` (${describeCap(overall)})` : ''} · ${overall.assessed} of ${overall.criteria} criteria assessed${overall.notApplicable ? ` · ${overall.notApplicable} not applicable` : ''} · judge spread ±${overall.spread.toFixed(1)}${minScore !== undefined ? ` · minimum ${minScore}` : ''}</span>
</div>
${scorecard.complete ? '' : html`<p class="notice">Some judge calls failed (${scorecard.judge.failedCalls} of ${scorecard.judge.calls}): these scores rest on fewer answers than were asked for.</p>`}
${scorecard.warnings.length > 0 ? html`<div class="notice"><p><strong>Warnings</strong></p><ul>${scorecard.warnings.map((warning) => html`<li>${warning}</li>`)}</ul></div>` : ''}
<ul class="bars" aria-label="Score per criterion">
${scorecard.criteria.filter((criterion) => criterion.applicable !== false).map((criterion) => {
  const band = scoreClass(criterion.score, minScore);
  const width = criterion.score === null ? 0 : Math.max(0, Math.min(10, criterion.score)) * 10;
  return html`<li><a class="label" href="#criterion-${criterion.id}">${criterion.title}</a><span class="bar" role="img" aria-label="${criterion.title}: ${criterion.score === null ? 'not assessed' : `${formatScore(criterion.score)} of 10`}"><span class="${band}" style="width:${width.toFixed(0)}%"></span></span><span class="score ${band}">${formatScore(criterion.score)}</span></li>
`;
})}
</ul>
</section>`;
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
<div class="table-wrap"><table>
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
  return html`<pre class="diff" aria-label="Text diff">${lines.map((line) => {
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
  if (frames.length === 0 && !input.videoHref) return html``;
  return html`<section aria-labelledby="recording">
<h2 id="recording">Recording</h2>
${input.videoHref
  ? html`<!-- The video is linked (relative to this file), not embedded: it would make the report too large. Keep it beside report.html. -->
<video controls preload="metadata" src="${input.videoHref}"><a href="${input.videoHref}">Download the recording</a></video>`
  : ''}
${frames.length > 0
  ? html`<h3>Frames</h3><ol class="filmstrip" aria-label="Sampled frames">${frames.map((frame) => {
      const images = input.frameImages[frame.number];
      return html`<li><a href="#frame-${frame.number}">${images ? html`<img src="${images.thumbnail}" alt="Thumbnail of frame ${frame.number}">` : ''}<span class="caption">${frameLabel(frame.number, frame.time)}</span></a></li>`;
    })}</ol>`
  : ''}
</section>`;
}

function criteriaSection(scorecard: Scorecard, framesByNumber: Map<number, ScorecardFrame>, minScore: number | undefined): SafeHtml {
  const applicable = scorecard.criteria.filter((criterion) => criterion.applicable !== false);
  const notApplicable = scorecard.criteria.filter((criterion) => criterion.applicable === false);
  return html`<section aria-labelledby="criteria">
<h2 id="criteria">Criteria</h2>
${applicable.map((criterion) => criterionArticle(criterion, framesByNumber, minScore))}
${notApplicable.length > 0
  ? html`<div class="not-applicable" id="not-applicable"><h3>Not applicable (${notApplicable.length})</h3>
<p class="muted">These criteria do not fit this program. They count in no score, gate or comparison.</p>
<ul>${notApplicable.map((criterion) => html`<li id="criterion-${criterion.id}"><strong>${criterion.title}</strong> <span class="muted">(${criterion.id})</span>: ${criterion.rationale}</li>`)}</ul></div>`
  : ''}
</section>`;
}

function criterionArticle(criterion: CriterionScore, framesByNumber: Map<number, ScorecardFrame>, minScore: number | undefined): SafeHtml {
  const band = scoreClass(criterion.score, minScore);
  return html`<article class="criterion" id="criterion-${criterion.id}">
<h3><span>${criterion.title}</span><span class="${band}">${formatScore(criterion.score)}${criterion.score === null ? ' not assessed' : ' / 10'}</span></h3>
${criterion.rationale ? html`<p>${criterion.rationale}</p>` : html`<p class="muted">No rationale.</p>`}
${criterion.evidence.length > 0
  ? html`<p class="muted">Evidence</p><ul class="evidence">${criterion.evidence.map(
      (evidence) => html`<li>${frameLink(evidence.frame, framesByNumber)}${evidence.quote ? html`<blockquote>${evidence.quote}</blockquote>` : ''}</li>`,
    )}</ul>`
  : ''}
<p class="muted">Weight ${criterion.weight.toFixed(2)} · spread across samples ±${criterion.sampleSpread.toFixed(1)} · across prompts ±${criterion.promptSpread.toFixed(1)}${criterion.prompts.length > 0 ? ` · ${criterion.prompts.map((prompt) => `${prompt.prompt}: ${formatScore(prompt.score)}`).join(', ')}` : ''}</p>
</article>`;
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
<div class="frames">
${scorecard.frames.map((frame) => {
  const citations = scorecard.criteria.flatMap((criterion) => criterion.evidence.filter((evidence) => evidence.frame === frame.number).map((evidence) => ({ criterion, evidence })));
  const issues = scorecard.issues.filter((issue) => issue.frames.includes(frame.number));
  const images = input.frameImages[frame.number];
  const label = frameLabel(frame.number, frame.time);
  return html`<figure class="frame" id="frame-${frame.number}">
<figcaption>${label}${extraLabel(frame) ? html` <span class="muted">· ${extraLabel(frame)}</span>` : ''}</figcaption>
${images ? html`<img src="${images.full}" alt="Terminal screen, ${label}${frame.text ? `: ${firstLine(frame.text)}` : ''}" width="${frame.width}" height="${frame.height}">` : html`<p class="muted">Image not found: ${frame.file}</p>`}
${citations.length > 0 || issues.length > 0
  ? html`<ul class="citations">${citations.map(({ criterion, evidence }) => html`<li><a href="#criterion-${criterion.id}">${criterion.title}</a>${evidence.quote ? html`: <q>${evidence.quote}</q>` : ''}</li>`)}${issues.map((issue) => html`<li><span class="severity ${issue.severity}">${issue.severity}</span> ${issue.title}</li>`)}</ul>`
  : ''}
${frame.text ? html`<details><summary>Screen text</summary><pre>${markQuotes(frame.text, citations.map(({ evidence }) => evidence.quote))}</pre></details>` : ''}
</figure>`;
})}
</div>
</section>`;
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
  ? html`<div class="table-wrap"><table><thead><tr><th scope="col">Prompt</th><th scope="col">Title</th><th scope="col" class="number">Weight</th><th scope="col">sha256</th></tr></thead><tbody>${judge.prompts.map(
      (prompt) => html`<tr><td><code>${prompt.id}</code></td><td>${prompt.title}</td><td class="number">${prompt.weight}</td><td><code title="${prompt.sha256}">${prompt.sha256.slice(0, 12)}</code></td></tr>`,
    )}</tbody></table></div>`
  : ''}
</section>`;
}
