/**
 * `termaudit score <evaluation.json|run dir> [-o <dir>]`: rebuilds scorecard.json from evaluation.json
 * (and the run's meta.json) and prints the overall and per-criterion scores.
 */
import type { Command } from 'commander';
import { formatScore } from '../compare/verdicts.js';
import { describeCap } from '../report/score-format.js';
import { ISSUE_SEVERITIES } from '../evaluate/types.js';
import { checkOutputPath } from '../output-path.js';
import { score, type Scorecard } from '../score/index.js';

interface ScoreFlags {
  out?: string;
}

/** scoreText formats a score as shown in the terminal: one decimal, or a dash when not assessed, in 4 columns. */
function scoreText(value: number | null): string {
  return formatScore(value).padStart(4);
}

/** overallLine is the one-line summary of a scorecard: overall score, spread and how much was assessed. */
export function overallLine(scorecard: Scorecard): string {
  const { overall } = scorecard;
  const spread = scorecard.judge.samples > 1 && overall.score !== null ? `, spread ${overall.spread.toFixed(1)}` : '';
  const partial = scorecard.complete ? '' : '; incomplete: some judge calls failed';
  const notApplicable = overall.notApplicable ? `, ${overall.notApplicable} not applicable` : '';
  const cap = overall.cappedBy !== undefined ? `${describeCap(overall)}; ` : '';
  return `overall ${scoreText(overall.score).trim()}/10 (${cap}${overall.assessed} of ${overall.criteria} criteria assessed${notApplicable}${spread}${partial})`;
}

/** scorecardLines lists the criteria (score, spreads and noise when there is any, title and id) and counts the issues. */
export function scorecardLines(scorecard: Scorecard): string[] {
  const lines = scorecard.criteria.map((criterion) => {
    const spreads = [
      criterion.sampleSpread > 0 ? `samples ±${criterion.sampleSpread.toFixed(1)}` : '',
      (criterion.noise ?? 0) > 0 ? `noise ±${criterion.noise!.toFixed(1)}` : '',
      criterion.promptSpread > 0 ? `prompts ±${criterion.promptSpread.toFixed(1)}` : '',
    ].filter(Boolean);
    if (criterion.applicable === false) return ` n/a  ${criterion.title} (${criterion.id}): not applicable`;
    return `${scoreText(criterion.score)}  ${criterion.title} (${criterion.id})${spreads.length > 0 ? `  [${spreads.join(', ')}]` : ''}`;
  });
  const counts = ISSUE_SEVERITIES
    .map((severity) => [severity, scorecard.issues.filter((issue) => issue.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  lines.push('', overallLine(scorecard), `issues: ${counts.length > 0 ? counts.join(', ') : 'none'}`);
  return lines;
}

/** registerScoreCommand declares `score`. */
export function registerScoreCommand(program: Command, _setExitCode?: (code: number) => void): void {
  program
    .command('score')
    .argument('<input>', 'an evaluation.json, or a run directory holding one')
    .option('-o, --out <dir>', 'directory of scorecard.json (default: the directory of evaluation.json)')
    .action(async (input: string, flags: ScoreFlags) => {
      if (flags.out !== undefined) await checkOutputPath('--out', flags.out);
      const result = await score(input, { out: flags.out });
      for (const warning of result.scorecard.warnings) process.stderr.write(`warning: ${warning}\n`);
      process.stdout.write(`${scorecardLines(result.scorecard).join('\n')}\nscorecard: ${result.path}\n`);
    });
}
