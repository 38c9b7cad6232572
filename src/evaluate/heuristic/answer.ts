/**
 * Turns measures into a judge's answer: the verdict of each criterion of the prompt (scoring.ts) with how
 * far it could move between recordings (score-noise.ts), the evidence found in the frames the judge was given (the frame where the measured thing shows, quoting its
 * on-screen row), the problems that concern the prompt's criteria as issues, and a summary. Pure: the same
 * prompt, measures and frames give the same answer.
 */
import type { Evidence, JudgeAnswer, JudgeFrame, JudgeIssue, RubricPrompt } from '../types.js';
import type { HeuristicMeasures } from './measures.js';
import { scoreNoise, SHARE_NOISE, TIMING_NOISE } from './score-noise.js';
import { findProblems, HEURISTIC_CRITERIA, isHeuristicCriterion, scoreCriterion, type Focus } from './scoring.js';
import { ContrastTable, lowContrastCells, readScreen } from './screen-reading.js';

/** rowsOf returns a frame's on-screen rows (trailing blanks trimmed), from its text or its snapshot. */
function rowsOf(frame: JudgeFrame): string[] {
  if (frame.text !== undefined) return frame.text.split('\n').map((row) => row.trimEnd());
  return [];
}

function lastNonBlank(rows: readonly string[]): string {
  for (let index = rows.length - 1; index >= 0; index--) if (rows[index].trim() !== '') return rows[index];
  return '';
}

/** nearestFrame returns the frame shown at a recording time: the last one at or before it, else the first. */
function nearestFrame(frames: readonly JudgeFrame[], time: number): JudgeFrame {
  let best = frames[0];
  for (const frame of frames) if (frame.time <= time + 1e-9) best = frame;
  return best;
}

/** framesShowing returns the frames with a row containing `text` (none when `text` is empty). */
function framesShowing(frames: readonly JudgeFrame[], text: string | undefined): JudgeFrame[] {
  const wanted = text?.trim();
  if (!wanted) return [];
  return frames.filter((frame) => rowsOf(frame).some((row) => row.includes(wanted)));
}

/** quoteFrom picks the row to quote: one containing `text` when shown, else the last non-blank row. */
function quoteFrom(frame: JudgeFrame, text: string | undefined): string {
  const rows = rowsOf(frame);
  const wanted = text?.trim();
  if (wanted) {
    const row = rows.find((candidate) => candidate.includes(wanted));
    if (row !== undefined) return row.trim();
  }
  return lastNonBlank(rows).trim();
}

/** quoted returns the evidence of a frame, or none when the frame shows nothing to quote. */
function quoted(frame: JudgeFrame, quote: string): Evidence[] {
  return quote === '' ? [] : [{ frame: frame.number, quote }];
}

/** nearestQuotable returns the evidence of the frame nearest a time that shows any text (none when no frame does). */
function nearestQuotable(frames: readonly JudgeFrame[], time: number): Evidence[] {
  const byDistance = [...frames].sort((a, b) => Math.abs(a.time - time) - Math.abs(b.time - time) || b.time - a.time);
  for (const frame of byDistance) {
    const evidence = quoted(frame, quoteFrom(frame, undefined));
    if (evidence.length > 0) return evidence;
  }
  return [];
}

/**
 * findEvidence locates a focus in the frames; pure. Evidence always quotes text shown on its frame: a focus
 * whose frame shows nothing (a blank screen) moves to the nearest frame that shows text, or gives none.
 */
export function findEvidence(focus: Focus | undefined, measures: HeuristicMeasures, frames: readonly JudgeFrame[]): Evidence[] {
  if (!focus || frames.length === 0) return [];
  switch (focus.kind) {
    case 'time': {
      const frame = framesShowing(frames, focus.text).reduce<JudgeFrame | undefined>(
        (best, candidate) => (!best || Math.abs(candidate.time - focus.time) < Math.abs(best.time - focus.time) ? candidate : best),
        undefined,
      ) ?? nearestFrame(frames, focus.time);
      const evidence = quoted(frame, quoteFrom(frame, focus.text));
      return evidence.length > 0 ? evidence : nearestQuotable(frames, frame.time);
    }
    case 'final': {
      // The screen the user last saw (the sample stage keeps it as the last frame): the latest frame showing
      // the wanted row, or the final screen's last row; else the latest frame with text.
      const wanted = focus.text ?? lastNonBlank(measures.text?.final.text.split('\n') ?? []);
      const showing = framesShowing(frames, wanted).at(-1);
      if (showing) return quoted(showing, quoteFrom(showing, wanted));
      return nearestQuotable(frames, frames[frames.length - 1].time);
    }
    case 'pattern': {
      for (const frame of frames) {
        const row = rowsOf(frame).find((candidate) => candidate.trim() !== '' && focus.pattern.test(candidate));
        if (row !== undefined) return [{ frame: frame.number, quote: row.trim() }];
      }
      return focus.fallback ? findEvidence({ kind: 'time', time: focus.fallback.time, text: focus.fallback.text }, measures, frames) : [];
    }
    case 'contrast': {
      const theme = measures.text?.theme;
      if (!theme) return [];
      const table = new ContrastTable(theme);
      let best: { frame: JudgeFrame; lowCells: number; text: number; quote: string } | undefined;
      for (const frame of frames) {
        if (!frame.snapshot) continue;
        const reading = readScreen(frame.snapshot, table);
        const quote = (reading.worstRow >= 0 ? reading.rows[reading.worstRow] : lastNonBlank(reading.rows)).trim();
        if (quote === '') continue;
        const better = !best || reading.worstRowCells > best.lowCells || (reading.worstRowCells === best.lowCells && reading.textCells > best.text);
        if (better) best = { frame, lowCells: reading.worstRowCells, text: reading.textCells, quote };
      }
      if (!best) return [];
      // The cells below 4.5:1 are what a reader cannot read: the report draws them, not just the quoted row.
      const cells = focus.cells && best.lowCells > 0 ? lowContrastCells(best.frame.snapshot!, table) : [];
      return [{ frame: best.frame.number, quote: best.quote, ...(cells.length > 0 ? { cells, mark: 'text below 4.5:1 contrast' } : {}) }];
    }
  }
}

/** DISCLAIMER ends every rationale: the scores come from fixed scales on measurements. */
const DISCLAIMER = 'Heuristic score on a fixed scale, not a judgement of taste.';

/** noiseNote says how far a score could move between recordings, when it could move at all. */
function noiseNote(noise: number): string {
  if (noise === 0) return '';
  return ` Another recording of the same program could score ±${noise.toFixed(1)} (timings ±${TIMING_NOISE * 100} %, time-weighted shares ±${SHARE_NOISE * 100} %).`;
}

/** heuristicAnswer answers a rubric prompt from the measures of the recording and the judge's frames; pure. */
export function heuristicAnswer(prompt: RubricPrompt, measures: HeuristicMeasures, frames: readonly JudgeFrame[]): JudgeAnswer {
  const criteria: JudgeAnswer['criteria'] = {};
  const scored: Array<{ id: string; score: number }> = [];
  for (const criterion of prompt.criteria) {
    const verdict = scoreCriterion(criterion.id, measures);
    if (verdict.applicable === false) {
      // The reason alone: reports show it under "Not applicable".
      const reason = verdict.measurement;
      criteria[criterion.id] = { applicable: false, score: null, rationale: `${reason[0]!.toUpperCase()}${reason.slice(1)}.`, evidence: [] };
      continue;
    }
    if (verdict.score === null) {
      criteria[criterion.id] = { applicable: true, score: null, rationale: verdict.measurement, evidence: [] };
      continue;
    }
    scored.push({ id: criterion.id, score: verdict.score });
    const how = isHeuristicCriterion(criterion.id) ? HEURISTIC_CRITERIA[criterion.id] : '';
    const noise = scoreNoise(criterion.id, measures);
    criteria[criterion.id] = {
      applicable: true,
      score: verdict.score,
      rationale: `Measured: ${verdict.measurement}. Scale: ${how}. ${DISCLAIMER}${noiseNote(noise)}`,
      evidence: findEvidence(verdict.focus, measures, frames),
      noise,
    };
  }
  const asked = new Set(prompt.criteria.map((criterion) => criterion.id));
  const issues: JudgeIssue[] = findProblems(measures)
    .filter((problem) => problem.criteria.some((id) => asked.has(id)))
    .map((problem) => {
      const where = findEvidence(problem.focus, measures, frames)[0];
      return {
        severity: problem.severity,
        title: problem.title,
        frame: where?.frame ?? null,
        recommendation: problem.recommendation,
        ...(where ? { quote: where.quote, ...(where.cells ? { cells: where.cells, mark: where.mark } : {}) } : {}),
      };
    });
  return { criteria, issues, summary: summaryOf(prompt, scored, issues, measures) };
}

function summaryOf(prompt: RubricPrompt, scored: Array<{ id: string; score: number }>, issues: readonly JudgeIssue[], measures: HeuristicMeasures): string {
  const source = measures.source === 'video' ? 'the video\'s pixels' : `${measures.states} screen states of the cast`;
  const head = `Heuristic judge (measurements, not a model): ${scored.length} of ${prompt.criteria.length} criteria measured from ${source} over ${measures.duration.toFixed(1)} s.`;
  if (scored.length === 0) return `${head} Nothing in this prompt could be measured.`;
  const lowest = [...scored].sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : 1)).slice(0, 2);
  const mean = scored.reduce((sum, item) => sum + item.score, 0) / scored.length;
  return `${head} Mean ${mean.toFixed(1)}/10; lowest ${lowest.map((item) => `${item.id} ${item.score}`).join(', ')}; ${issues.length} problems found.`;
}

/** measurementReport describes every measure in plain text (the heuristic judge's answer to `--ask`); pure. */
export function measurementReport(question: string, measures: HeuristicMeasures): string {
  const lines = [
    'This is the heuristic judge: it measures the recording and does not understand questions (no model was asked).',
    `Question: ${question}`,
    `Measured from a ${measures.source}: ${measures.duration.toFixed(1)} s, ${measures.states} distinct screen states.`,
  ];
  for (const id of Object.keys(HEURISTIC_CRITERIA)) {
    const verdict = scoreCriterion(id, measures);
    const noise = scoreNoise(id, measures);
    const score = verdict.applicable === false ? 'not applicable' : verdict.score === null ? 'not scored' : `${verdict.score}/10${noise > 0 ? ` ±${noise.toFixed(1)}` : ''}`;
    lines.push(`- ${id}: ${score} — ${verdict.measurement}`);
  }
  const problems = findProblems(measures);
  if (problems.length > 0) {
    lines.push('Problems found:');
    for (const problem of problems) lines.push(`- [${problem.severity}] ${problem.title}: ${problem.recommendation}`);
  }
  return lines.join('\n');
}
