/**
 * `termaudit compare <baseline> <current> [options]`: the release gate. Compares a current scorecard (or run)
 * with a baseline, prints a table of the scores with their deltas and verdicts, writes compare.json, and exits
 * 5 when a score dropped beyond the noise, fell below a minimum, a new critical issue appeared, a screen
 * changed too much, or (with --pairwise) the judge preferred the baseline in both orders. With
 * --rescore-baseline, a baseline another model scored is first re-scored with the current one.
 */
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { compare, type CompareOptions, type Comparison, type ScoreComparison } from '../compare/index.js';
import { countGateFailures, formatDelta, formatScore, gateHeadline, OVERALL_ID } from '../compare/verdicts.js';
import { PAIRWISE_MAX_FRAMES, pairwiseFramesRule } from '../compare/pairwise.js';
import type { PairwiseEstimate } from '../compare/types.js';
import { DEFAULT_MODEL, JUDGE_DEFAULTS, judgeRules } from '../evaluate/judge-settings.js';
import { formatUsd, type ModelPrices } from '../evaluate/models.js';
import { ConfigError, QualityGateError } from '../errors.js';
import { report } from '../report/index.js';
import { checkSetting, settingOption } from '../settings.js';
import { DEFAULT_MAX_DROP, gateRules, scoreRule } from '../compare/gate-settings.js';
import { checkOutputPath } from '../output-path.js';
import { runCommand } from './command-run.js';
import { eventLine } from './evaluate-events.js';

/** MinScores collects the repeatable `--min-score`: a bare number for everything, `id=N` for one score. */
export interface MinScores {
  all?: number;
  byId: Record<string, number>;
}

/** minScoreOption parses one `--min-score` value (`6`, `contrast=7`, `overall=7`) into the collected minimums. */
export function minScoreOption(value: string, previous: MinScores = { byId: {} }): MinScores {
  const equals = value.indexOf('=');
  const id = equals >= 0 ? value.slice(0, equals).trim() : undefined;
  if (id !== undefined && !/^[a-z0-9][a-z0-9-]*$/i.test(id)) {
    throw new ConfigError(`--min-score: must be N or <criterion>=N, e.g. 6, contrast=7 or overall=7 (got "${value}")`);
  }
  const score = checkSetting(scoreRule, equals >= 0 ? value.slice(equals + 1) : value, id === undefined ? '--min-score' : `--min-score ${id}=`);
  return id === undefined ? { ...previous, all: score } : { ...previous, byId: { ...previous.byId, [id]: score } };
}

interface CompareFlags {
  maxDrop?: number;
  minScore?: MinScores;
  maxDiffPixels?: number;
  maxDiffRatio?: number;
  pairwise?: boolean;
  rescoreBaseline?: boolean;
  pairwiseFrames?: number;
  model?: string;
  baseUrl?: string;
  timeout?: number;
  retries?: number;
  maxCost?: number;
  price?: ModelPrices;
  out?: string;
}

/** scoreRow is one row of the table: name, baseline, current, delta, verdict. */
function scoreRow(score: ScoreComparison): string[] {
  const name = score.id === OVERALL_ID ? 'overall' : `${score.title} (${score.id})`;
  const verdict = score.verdict === 'within-noise' ? `within noise (±${score.noise})` : score.verdict;
  return [name, formatScore(score.baseline), formatScore(score.current), formatDelta(score.delta), score.failed ? `${verdict} ✗` : verdict];
}

/** formatComparisonTable lays the overall score and the criteria out as an aligned text table. */
export function formatComparisonTable(comparison: Comparison): string {
  const rows = [['criterion', 'baseline', 'current', 'delta', 'verdict'], scoreRow(comparison.overall), ...comparison.criteria.map(scoreRow)];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => [...row[column]].length)));
  // Numbers align right, names and verdicts left.
  const cell = (text: string, column: number) => (column >= 1 && column <= 3 ? text.padStart(widths[column]) : text.padEnd(widths[column]));
  return rows.map((row) => row.map(cell).join('  ').trimEnd()).join('\n');
}

/** pairwiseEstimateLine shows the estimate of the pairwise calls: `pairwise: estimated cost $0.0245 for 2 calls × 12 frames (of 24 listed)`. */
export function pairwiseEstimateLine(estimate: PairwiseEstimate): string {
  const frames = estimate.frames === undefined ? '' : ` × ${estimate.frames} frames${estimate.framesListed !== undefined && estimate.framesListed > estimate.frames ? ` (of ${estimate.framesListed} listed; --pairwise-frames shows more)` : ''}`;
  return `pairwise: estimated cost ${formatUsd(estimate.costUsd)} for ${estimate.calls} calls${frames}`;
}

/** registerCompareCommand declares `compare`. */
export function registerCompareCommand(program: Command, _setExitCode?: (code: number) => void): void {
  program
    .command('compare')
    .argument('<baseline>', 'the baseline: a run directory or a scorecard.json')
    .argument('<current>', 'the current run: a run directory or a scorecard.json')
    .option('--max-drop <points>', `largest allowed drop of a score, beyond the judge's noise (default ${DEFAULT_MAX_DROP})`, settingOption(gateRules.maxDrop, '--max-drop'))
    .option('--min-score <score>', 'minimum score: N for overall and every criterion, <criterion>=N or overall=N for one (repeatable)', minScoreOption)
    .option('--max-diff-pixels <n>', 'a screen with more differing pixels fails (run directories only)', settingOption(gateRules.maxDiffPixels, '--max-diff-pixels'))
    .option('--max-diff-ratio <ratio>', 'a screen with a larger share (0–1) of differing pixels fails (run directories only)', settingOption(gateRules.maxDiffRatio, '--max-diff-ratio'))
    .option('--pairwise', 'also ask the vision judge to compare the runs directly, in both orders')
    .option('--pairwise-frames <n>', `the most frames of each run --pairwise shows, spread evenly, first and last kept (default ${PAIRWISE_MAX_FRAMES})`, settingOption(pairwiseFramesRule, '--pairwise-frames'))
    .option(
      '--rescore-baseline',
      "when another model scored the baseline, re-score the baseline's frames with the current scorecard's vision model (its prompts and samples) into rescored-baseline/ beside compare.json, and compare with that",
    )
    .option('--model <id>', `vision model for --pairwise (default ${DEFAULT_MODEL}); --rescore-baseline always uses the current scorecard's`, settingOption(judgeRules.model, '--model'))
    .option('--base-url <url>', "OpenAI-compatible API base URL for --pairwise (default OPENAI_BASE_URL, else OpenAI) and --rescore-baseline (default: the current evaluation's)", settingOption(judgeRules.baseURL, '--base-url'))
    .option('--timeout <duration>', 'time limit of one pairwise or re-scoring call (default 2m)', settingOption(judgeRules.timeoutMs, '--timeout'))
    .option('--retries <n>', `retries of a failed pairwise or re-scoring call: 429, 5xx, timeouts (default ${JUDGE_DEFAULTS.maxRetries})`, settingOption(judgeRules.maxRetries, '--retries'))
    .option('--max-cost <usd>', 'refuse to send the pairwise calls, or the re-scoring calls, when their estimated cost is above this many US dollars (a model without a known price needs --price)', settingOption(judgeRules.maxCost, '--max-cost'))
    .option('--price <prices>', "the pairwise model's price in US dollars per 1M tokens, in=<USD>,cached=<USD>,out=<USD> (default: the registry's)", settingOption(judgeRules.price, '--price'))
    .option('-o, --out <dir>', "directory of compare.json (default: the current run's directory)")
    .action(async (baseline: string, current: string, flags: CompareFlags) => {
      await runCommand({ stages: [] }, async (run) => {
        if (flags.out !== undefined) await checkOutputPath('--out', flags.out);
        const options: CompareOptions = {
          maxDrop: flags.maxDrop,
          minScore: flags.minScore?.all,
          minCriterionScores: flags.minScore?.byId,
          maxDiffPixels: flags.maxDiffPixels,
          maxDiffRatio: flags.maxDiffRatio,
          pairwise: flags.pairwise ? { model: flags.model, baseURL: flags.baseUrl, timeoutMs: flags.timeout, maxRetries: flags.retries, maxCost: flags.maxCost, price: flags.price, maxFrames: flags.pairwiseFrames } : undefined,
          // The model, prompts, samples and price are the current evaluation's; --price is the pairwise model's.
          rescoreBaseline: flags.rescoreBaseline
            ? {
                baseURL: flags.baseUrl,
                timeoutMs: flags.timeout,
                maxRetries: flags.retries,
                maxCost: flags.maxCost,
                signal: run.signal,
                // Its estimate and warnings; the calls are summed up after it.
                onEvent: (event) => {
                  const line = event.type === 'estimate' || event.type === 'warning' ? eventLine(event) : undefined;
                  if (line) run.say(`rescore-baseline: ${line}`);
                },
              }
            : undefined,
          out: flags.out,
          signal: run.signal,
          onPairwiseEstimate: (estimate) => run.say(pairwiseEstimateLine(estimate)),
        };
        const { path, comparison, pairwiseError, notes } = await compare(baseline, current, options);
        for (const note of notes) process.stderr.write(`note: ${note}\n`);
        for (const warning of comparison.warnings ?? []) process.stderr.write(`warning: ${warning}\n`);
        const rescored = comparison.baseline.rescored;
        if (rescored) {
          const calls = `${rescored.calls} call${rescored.calls === 1 ? '' : 's'} (${rescored.fromCache} from cache), cost ${formatUsd(rescored.costUsd)}`;
          process.stdout.write(`baseline re-scored with ${rescored.model} (it was scored by ${comparison.baseline.model}): ${calls}; ${rescored.path}\n`);
        }
        process.stdout.write(`${formatComparisonTable(comparison)}\n`);
        const changedScreens = comparison.screens.filter((screen) => screen.diffPixels > 0 || screen.textChanged).length;
        if (comparison.screens.length > 0) process.stdout.write(`\nscreens: ${changedScreens} of ${comparison.screens.length} changed\n`);
        if (comparison.pairwise) {
          const verdict = comparison.pairwise;
          process.stdout.write(`pairwise: preferred ${verdict.baselineFirst} (baseline shown first), ${verdict.currentFirst} (current shown first), cost ${formatUsd(verdict.costUsd)}\n`);
        }
        if (comparison.failures.length > 0) process.stdout.write(`\n${comparison.failures.map((line) => `FAIL ${line}`).join('\n')}\n`);
        process.stdout.write(`\n${comparison.passed ? 'gate: passed' : 'gate: failed'}\ncompare: ${path}\n`);
        // The current run's reports show the comparison (a section in report.html, gate cases in junit.xml):
        // rebuild them when compare.json sits beside the current scorecard, where `termaudit report` finds it.
        if (dirname(comparison.current.path) === dirname(path)) {
          const rebuilt = await report(comparison.current.path, { onWarning: (message) => process.stderr.write(`warning: ${message}\n`) });
          if (rebuilt.outputs.html) process.stdout.write(`report: ${rebuilt.outputs.html}\n`);
        }
        if (pairwiseError) throw pairwiseError;
        if (!comparison.passed) {
          throw new QualityGateError(`${gateHeadline(countGateFailures(comparison))} (see ${path})`);
        }
      });
    });
}
