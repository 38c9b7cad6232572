/**
 * scorecard.md: the report's content for pull-request comments and terminals: tables for the criteria and
 * the comparison, the issues as a list, frames as relative links to their PNGs.
 */
import { ISSUE_SEVERITIES } from '../evaluate/types.js';
import { countGateFailures, gateHeadline } from '../compare/verdicts.js';
import { frameLabel } from '../sample/frame-label.js';
import { describeRecordingEnd } from '../record/recording-end.js';
import type { ScorecardFrame } from '../score/types.js';
import { escapeMarkdown } from './markup.js';
import type { ReportInput } from './report-input.js';
import { failingCriteria, orderCriteria, reportGateOf, reportVerdict, topIssues } from './report-plan.js';
import { renderTimelineMarkdown } from './timeline-svg.js';
import { describeCap, describeCommand, extraLabel, formatCount, formatDelta, formatScore, verdictTone } from './score-format.js';
import { formatUsd } from '../evaluate/models.js';

/** scoreBar draws a score as ten cells (`████████░░`), or ten blanks when not assessed. */
export function scoreBar(score: number | null): string {
  if (score === null) return '░'.repeat(10);
  const filled = Math.round(Math.max(0, Math.min(10, score)));
  return '█'.repeat(filled) + '░'.repeat(10 - filled);
}

/** linkTarget makes a relative path safe as a Markdown link target (spaces and parentheses encoded). */
function linkTarget(path: string): string {
  return encodeURI(path).replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** renderMarkdownReport renders scorecard.md from data already loaded (a pure function). */
export function renderMarkdownReport(input: ReportInput): string {
  const { scorecard, minScore } = input;
  const frames = new Map(scorecard.frames.map((frame) => [frame.number, frame]));
  const frameLink = (number: number): string => {
    const frame: ScorecardFrame | undefined = frames.get(number);
    return frame ? `[${escapeMarkdown(frameLabel(number, frame.time))}](${linkTarget(input.scorecardHref + frame.file)})` : `Frame ${number}`;
  };
  const lines: string[] = [];
  const run = scorecard.run;
  lines.push(`# UX report: \`${describeCommand(run.command).replace(/`/g, "'")}\``, '');
  const facts = [
    run.scenario ? `scenario **${escapeMarkdown(run.scenario)}**` : '',
    run.recordedAt ? `recorded ${escapeMarkdown(run.recordedAt)}` : '',
    `${run.duration.toFixed(1)} s`,
    run.ended ? escapeMarkdown(describeRecordingEnd(run.ended)) : '',
    run.git ? `commit \`${run.git.commit.slice(0, 12)}\`${run.git.dirty ? ' (dirty)' : ''}` : '',
  ].filter(Boolean);
  lines.push(facts.join(' · '), '');
  const overall = scorecard.overall;
  const comparisonDoc = input.comparison?.comparison;
  const gate = reportGateOf(input.gate, minScore, scorecard);
  const verdict = reportVerdict(scorecard, comparisonDoc, gate);
  const verdictWords = { passed: '✔ **Passed**', failed: '✘ **Failed**', 'failed-as-expected': '✔ **Failed as expected**', 'not-gated': '**Not gated**' } as const;
  lines.push(`${verdictWords[verdict.status]}: ${escapeMarkdown(verdict.sentence)}`, '');
  const flagged = verdict.flagged.map((item) => `**${escapeMarkdown(item.title)} ${formatScore(item.score)}** (${escapeMarkdown(item.reason)})`);
  lines.push(
    `**Overall: ${formatScore(overall.score)} / 10**${overall.cappedBy !== undefined ? ` (${describeCap(overall)})` : ''}${flagged.length > 0 ? ` · ${flagged.join(' · ')}` : ''} · ${overall.assessed} of ${overall.criteria} criteria assessed${overall.notApplicable ? ` · ${overall.notApplicable} not applicable` : ''} · judge spread ±${overall.spread.toFixed(1)}${minScore !== undefined ? ` · minimum ${minScore}` : ''}`,
    '',
  );
  if (!scorecard.complete) lines.push(`> **Incomplete:** ${scorecard.judge.failedCalls} of ${scorecard.judge.calls} judge calls failed.`, '');
  for (const warning of scorecard.warnings) lines.push(`> Warning: ${escapeMarkdown(warning)}`, '');

  const top = topIssues(scorecard);
  if (top.length > 0) {
    lines.push('## Top issues', '');
    top.forEach((issue, index) => {
      const figure = input.figures?.issues[index];
      const where = figure ? frameLink(figure.frame) : issue.frames.length > 0 ? issue.frames.map(frameLink).join(', ') : 'not tied to a frame';
      lines.push(`${index + 1}. **${issue.severity}**: ${escapeMarkdown(issue.title)} (${where})`, `   ${escapeMarkdown(issue.recommendation)}`);
      if (figure?.href) lines.push('', `   ![Where it shows: frame ${figure.frame}${figure.mark ? `, boxes: ${escapeMarkdown(figure.mark)}` : ''}](${linkTarget(figure.href)})`);
      lines.push('');
    });
  }

  const views = input.figures?.beforeAfter ?? [];
  if (views.length > 0) {
    lines.push('## Before and after', '');
    for (const view of views) {
      const { row } = view.plan;
      lines.push(`### ${escapeMarkdown(row.title)}: ${formatScore(row.baseline)} → ${formatScore(row.current)} (${formatDelta(row.delta)}${row.failed ? ', fails the gate' : ''})`, '');
      const picture = (href: string | undefined, alt: string) => (href ? `![${alt}](${linkTarget(href)})` : '—');
      lines.push('| Baseline | Now | Difference |', '| --- | --- | --- |');
      lines.push(`| ${picture(view.baseline?.href, `${escapeMarkdown(row.title)} in the baseline`)} | ${picture(view.current?.href, `${escapeMarkdown(row.title)} now`)} | ${view.diff?.href ? `${picture(view.diff.href, 'pixels that differ')} ${(view.diff.ratio * 100).toFixed(1)}%` : '—'} |`, '');
      if (view.note) lines.push(escapeMarkdown(view.note), '');
    }
  }

  const ordered = orderCriteria(scorecard, comparisonDoc, gate);
  const failing = failingCriteria(scorecard, comparisonDoc, gate);
  lines.push('| Criterion | Score | | Weight | Spread |', '| --- | ---: | --- | ---: | ---: |');
  const notApplicable = scorecard.criteria.filter((criterion) => criterion.applicable === false);
  for (const criterion of ordered) {
    const below = failing.has(criterion.id);
    lines.push(
      `| ${escapeMarkdown(criterion.title)} | ${below ? '**' : ''}${formatScore(criterion.score)}${below ? '** ✘' : ''} | \`${scoreBar(criterion.score)}\` | ${criterion.weight.toFixed(2)} | ±${criterion.sampleSpread.toFixed(1)} |`,
    );
  }
  lines.push('');
  if (notApplicable.length > 0) {
    lines.push(`Not applicable (left out of the score): ${notApplicable.map((criterion) => escapeMarkdown(criterion.title)).join(', ')}.`, '');
  }

  const report = input.comparison;
  if (report) {
    const comparison = report.comparison;
    lines.push('## Compared with the baseline', '');
    lines.push(`${comparison.passed ? '✔ **Gate passed**' : '✘ **Gate failed**'} · baseline \`${comparison.baseline.path.replace(/`/g, "'")}\` (${escapeMarkdown(comparison.baseline.model)})${comparison.baseline.rescored ? ` · re-scored with ${escapeMarkdown(comparison.baseline.rescored.model)}: the baseline scores below are those` : ''}`, '');
    if (comparison.failures.length > 0) lines.push(escapeMarkdown(gateHeadline(countGateFailures(comparison))), '');
    for (const failure of comparison.failures) lines.push(`- ✘ ${escapeMarkdown(failure)}`);
    if (comparison.failures.length > 0) lines.push('');
    const warnings = comparison.warnings ?? [];
    if (warnings.length > 0) lines.push('Not like for like:', '', ...warnings.map((warning) => `- ⚠ ${escapeMarkdown(warning)}`), '');
    lines.push('| Criterion | Baseline | Current | Δ | Verdict |', '| --- | ---: | ---: | ---: | --- |');
    for (const row of [comparison.overall, ...comparison.criteria]) {
      const tone = verdictTone(row.verdict);
      const marker = tone === 'better' ? '▲ ' : tone === 'worse' ? '▼ ' : '';
      const title = row.id === 'overall' ? `**${escapeMarkdown(row.title)}**` : escapeMarkdown(row.title);
      lines.push(`| ${title} | ${formatScore(row.baseline)} | ${formatScore(row.current)} | ${formatDelta(row.delta)} | ${marker}${row.verdict}${row.failed ? ' ✘' : ''} |`);
    }
    lines.push('');
    if (comparison.newCriticalIssues.length > 0) {
      lines.push('**New critical issues**', '');
      for (const issue of comparison.newCriticalIssues) lines.push(`- ${escapeMarkdown(issue.title)} (frames ${issue.frames.join(', ')}): ${escapeMarkdown(issue.recommendation)}`);
      lines.push('');
    }
    if (comparison.pairwise) {
      const pairwise = comparison.pairwise;
      lines.push(`**Side by side:** preferred ${pairwise.baselineFirst} (baseline first), ${pairwise.currentFirst} (current first)${pairwise.currentWorse ? ': the current run is worse' : ''}. ${escapeMarkdown(pairwise.rationale)}`, '');
    }
    const changed = comparison.screens.filter((screen) => screen.diffPixels > 0 || screen.textChanged);
    if (changed.length > 0) {
      lines.push('### Changed screens', '');
      for (const screen of changed) {
        const links = [
          `[baseline](${linkTarget(report.href + screen.baselineImage)})`,
          `[current](${linkTarget(report.href + screen.currentImage)})`,
          screen.diffImage ? `[diff](${linkTarget(report.href + screen.diffImage)})` : '',
        ].filter(Boolean);
        lines.push(`- **${escapeMarkdown(screen.name)}**${screen.failed ? ' ✘' : ''}: ${formatCount(screen.diffPixels)} pixels (${(screen.diffRatio * 100).toFixed(2)}%)${screen.textChanged ? ', text changed' : ''} · ${links.join(' · ')}`);
        if (screen.textDiff) lines.push('', fence(screen.textDiff, 'diff', '  '), '');
      }
      lines.push('');
    }
  }

  lines.push('## Criteria', '');
  for (const criterion of ordered) {
    lines.push(`### ${escapeMarkdown(criterion.title)}: ${formatScore(criterion.score)}${criterion.score === null ? ' (not assessed)' : ' / 10'}`, '');
    if (criterion.rationale) lines.push(escapeMarkdown(criterion.rationale), '');
    for (const evidence of criterion.evidence) {
      if (evidence.verified === false) lines.push(`- **Unverified:** the judge cited ${frameLink(evidence.frame)}, but ${evidence.quote.trim() === '' ? 'quoted nothing' : `“${escapeMarkdown(evidence.quote)}” does not occur on it`}.`);
      else lines.push(`- ${frameLink(evidence.frame)}${evidence.quote ? `: “${escapeMarkdown(evidence.quote)}”` : ''}`);
    }
    if (criterion.evidence.length > 0) lines.push('');
  }

  if (notApplicable.length > 0) {
    lines.push('### Not applicable', '', ...notApplicable.map((criterion) => `- *${escapeMarkdown(criterion.title)}* (\`${criterion.id}\`): ${escapeMarkdown(criterion.rationale)}`), '');
  }

  lines.push('## Issues', '');
  if (scorecard.issues.length === 0) lines.push('No issues were reported.', '');
  for (const severity of ISSUE_SEVERITIES) {
    for (const issue of scorecard.issues.filter((candidate) => candidate.severity === severity)) {
      const seen = issue.frames.length > 0 ? ` (${issue.frames.map(frameLink).join(', ')})` : '';
      lines.push(`- **${severity}**: ${escapeMarkdown(issue.title)}${seen}`, `  ${escapeMarkdown(issue.recommendation)}`);
    }
  }
  if (scorecard.issues.length > 0) lines.push('');

  if (scorecard.frames.length > 0 || input.videoHref) {
    lines.push('## Frames', '');
    if (input.videoHref) lines.push(`Video: [${escapeMarkdown(input.videoHref)}](${linkTarget(input.videoHref)})`, '');
    if (input.timeline) lines.push(...renderTimelineMarkdown(input.timeline, frameLink), '');
    for (const frame of scorecard.frames) lines.push(`${frame.number}. ${frameLink(frame.number)}${extraLabel(frame) ? `: ${escapeMarkdown(extraLabel(frame)!)}` : ''}`);
    lines.push('');
  }

  const judge = scorecard.judge;
  lines.push(
    '## Judge',
    '',
    `${judge.name} · \`${judge.model.replace(/`/g, "'")}\` · ${judge.samples} sample(s) per prompt · ${judge.calls} calls (${judge.failedCalls} failed, ${judge.fromCache} cached) · ` +
      `${formatCount(judge.tokens.input)} input tokens (${formatCount(judge.tokens.cachedInput)} cached), ${formatCount(judge.tokens.output)} output · ${formatUsd(judge.costUsd)}`,
    '',
    `<sub>termaudit ${escapeMarkdown(scorecard.tool.version)} · scorecard ${escapeMarkdown(scorecard.createdAt)}</sub>`,
    '',
  );
  return lines.join('\n');
}

/** fence wraps text in a code fence longer than any backtick run inside it. */
function fence(text: string, language: string, indent: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const marker = '`'.repeat(longest + 1);
  return [marker + language, ...text.replace(/\n$/, '').split('\n'), marker].map((line) => indent + line).join('\n');
}
