/**
 * `termaudit evaluate <input> [options]`: samples frames of a run, a cast or a video, scores them with the
 * rubric prompts on a judge (a vision model through the OpenAI API, or the offline heuristic judge) and
 * writes evaluation.json.
 */
import { ConfigError } from '../errors.js';
import { DEFAULT_PROFILE, parseCriterionFlag, PROFILE_NAMES, type CriterionSwitch } from '../evaluate/profiles.js';
import type { Command } from 'commander';
import { formatUsd } from '../evaluate/models.js';
import { checkOutputPaths } from '../output-path.js';
import { DEFAULT_MODEL, JUDGE_DEFAULTS, judgeRules, type JudgeSettings } from '../evaluate/judge-settings.js';
import { formatTimestamp } from '../sample/frame-label.js';
import { sampleRules, SAMPLE_DEFAULTS, type SampleSettings } from '../sample/sample-settings.js';
import { runScenario } from '../scenario/index.js';
import { settingOption } from '../settings.js';
import { reporterHooks, runCommand } from './command-run.js';
import { overallLine } from './score-command.js';
import { callCount, eventLine } from './evaluate-events.js';

interface EvaluateFlags extends Omit<JudgeSettings, 'prompts' | 'criteria' | 'timeoutMs' | 'maxRetries' | 'baseURL'> {
  criterion?: Record<string, CriterionSwitch>;
  baseUrl?: string;
  prompt?: string[];
  ask?: string;
  timeout?: number;
  retries?: number;
  frames?: SampleSettings['frames'];
  strategy?: SampleSettings['strategies'];
  theme?: string;
  out?: string;
  lenient?: boolean;
  automation?: boolean;
}

/** collectPaths gathers a repeatable path option. */
function collectPaths(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** collectCriterion gathers `--criterion id=off|on|<weight>` into criterion switches. */
function collectCriterion(value: string, previous: Record<string, CriterionSwitch> = {}): Record<string, CriterionSwitch> {
  const parsed = parseCriterionFlag(value);
  if (!parsed) throw new ConfigError(`--criterion: expected <criterion id>=off, =on or =<weight greater than 0>, got ${JSON.stringify(value)}`);
  return { ...previous, [parsed[0]]: parsed[1] };
}

/** registerEvaluateCommand declares `evaluate`. */
export function registerEvaluateCommand(program: Command, _setExitCode?: (code: number) => void): void {
  program
    .command('evaluate')
    .argument('<input>', 'a run directory, a session.cast, or a video (mp4, webm, mov, mkv, gif)')
    .option('--judge <judge>', `auto, openai or heuristic (default ${JUDGE_DEFAULTS.judge}: openai when OPENAI_API_KEY is set)`, settingOption(judgeRules.judge, '--judge'))
    .option('--model <id>', `vision model (default ${DEFAULT_MODEL}; see termaudit models)`, settingOption(judgeRules.model, '--model'))
    .option('--base-url <url>', 'OpenAI-compatible API base URL (default OPENAI_BASE_URL, else OpenAI)', settingOption(judgeRules.baseURL, '--base-url'))
    .option('--profile <name>', `which shipped prompts and criteria fit the program: ${PROFILE_NAMES.join(', ')} (default ${DEFAULT_PROFILE}; see prompts/README.md)`, settingOption(judgeRules.profile, '--profile'))
    .option('--prompt <id|file>', "a shipped prompt's id (visual-clarity) or a prompt file (repeatable; replaces the profile's prompts)", collectPaths)
    .option('--criterion <id=setting>', 'switch a criterion: id=off, id=on or id=<weight> (repeatable), e.g. --criterion voting=off --criterion contrast=2', collectCriterion)
    .option('--ask <question>', 'also ask a free question, answered in free text (alone when no --prompt is given)')
    .option('--samples <k>', `independent answers per prompt, asked as k choices of one request where the server allows (n); the median is kept, the spread reported (default ${JUDGE_DEFAULTS.samples})`, settingOption(judgeRules.samples, '--samples'))
    .option('--requests <mode>', `per-prompt (one request per prompt) or combined (every prompt in one request; cheaper) (default ${JUDGE_DEFAULTS.requests})`, settingOption(judgeRules.requests, '--requests'))
    .option('--concurrency <n>', `judge calls in flight at once (default ${JUDGE_DEFAULTS.concurrency})`, settingOption(judgeRules.concurrency, '--concurrency'))
    .option('--timeout <duration>', 'time limit of one call, retried on expiry (default 2m)', settingOption(judgeRules.timeoutMs, '--timeout'))
    .option('--retries <n>', `retries of a failed call: 429, 5xx, timeouts (default ${JUDGE_DEFAULTS.maxRetries})`, settingOption(judgeRules.maxRetries, '--retries'))
    .option('--max-cost <usd>', 'refuse to start when the estimated cost is above this many US dollars (a model without a known price needs --price)', settingOption(judgeRules.maxCost, '--max-cost'))
    .option('--price <prices>', "the model's price in US dollars per 1M tokens, in=<USD>,cached=<USD>,out=<USD> (default: the registry's; see termaudit models)", settingOption(judgeRules.price, '--price'))
    .option('--no-cache', 'ask again even when the same evaluation is in the response cache')
    .option('--cache-dir <dir>', 'response cache directory (default $TERMAUDIT_CACHE_DIR or ~/.cache/termaudit/evaluations)')
    .option('--frames <n>', `at most this many frames (default ${SAMPLE_DEFAULTS.frames})`, settingOption(sampleRules.frames, '--frames'))
    .option('--strategy <list>', `uniform, changes or markers, comma-separated (default ${SAMPLE_DEFAULTS.strategies.join(',')})`, settingOption(sampleRules.strategies, '--strategy'))
    .option('--theme <name|path>', 'theme for frames of a cast (default: the one it was recorded with)')
    .option('-o, --out <dir>', 'directory of everything evaluate writes: evaluation.json, scorecard.json and the frames (in sample/), the input left untouched (default: the run directory, or <video>.sample/ for a video)')
    .option('--lenient', 'skip unreadable cast lines instead of failing')
    .option('--automation', 'no live display: print LOG_DIR/STATUS first, then RESULT, EXIT_CODE, DURATION and the output paths')
    .action(async (input: string, flags: EvaluateFlags) => {
      await runCommand({ automation: flags.automation, stages: ['evaluate'] }, async (run) => {
        await checkOutputPaths({ '--out': flags.out, '--cache-dir': flags.cacheDir });
        const say = (line: string) => {
          if (!run.reporter.automation) run.say(line);
        };
        const { judge, model, baseUrl: baseURL, samples, requests, concurrency, maxCost, price, cache, cacheDir } = flags;
        const outcome = await runScenario(
          {
            stages: ['evaluate'],
            evaluate: {
              input,
              out: flags.out,
              theme: flags.theme,
              sample: { frames: flags.frames, strategies: flags.strategy },
              judge: { judge, model, baseURL, samples, requests, concurrency, maxCost, price, cache, cacheDir, profile: flags.profile, prompts: flags.prompt, criteria: flags.criterion, timeoutMs: flags.timeout, maxRetries: flags.retries },
              ask: flags.ask,
            },
            lenient: flags.lenient,
            signal: run.signal,
          },
          {
            ...reporterHooks(run),
            // Warnings come as evaluate events, shown below.
            onWarning: run.reporter.automation ? (message) => run.say(`warning: ${message}`) : undefined,
            onEvaluateEvent: (event) => {
              const line = eventLine(event);
              // Calls show as the stage's progress; everything else as a line of its own.
              if (event.type === 'call') run.reporter.progress('evaluate', event.done / event.total, line);
              else if (line) say(line);
            },
          },
        );
        const { evaluation, scorecard } = outcome;
        if (evaluation) run.outputs.evaluation = evaluation.path;
        if (evaluation) run.outputs.frames = evaluation.document.sample.framesFile;
        if (scorecard) run.outputs.scorecard = scorecard.path;
        if (outcome.failure) throw outcome.failure;
        if (evaluation && scorecard && !run.reporter.automation) {
          const { document } = evaluation;
          for (const prompt of document.results) {
            process.stdout.write(`${prompt.title} (${prompt.prompt})\n`);
            for (const criterion of prompt.criteria) {
              const score = criterion.applicable === false ? ' n/a' : criterion.score === null ? '  –' : criterion.score.toFixed(1).padStart(4);
              const spread = document.judge.samples > 1 && criterion.score !== null ? `  (spread ${criterion.spread})` : '';
              process.stdout.write(`  ${score}${spread}  ${criterion.title}\n`);
            }
          }
          if (document.ask?.text) process.stdout.write(`\n${document.ask.question}\n${document.ask.text}\n`);
          const totals = document.totals;
          const timing = `${document.frames.length} frames from ${formatTimestamp(document.frames[0]?.time ?? 0)} to ${formatTimestamp(document.frames.at(-1)?.time ?? 0)}`;
          process.stdout.write(
            `\n${timing}; ${callCount(totals.calls)} (${totals.fromCache} from cache), ${totals.inputTokens} input tokens (${totals.cachedInputTokens} cached), ${totals.outputTokens} output, cost ${formatUsd(totals.costUsd)}\n`,
          );
          // evaluation.json stays the last line: scripts take the path from there.
          process.stdout.write(`${overallLine(scorecard.scorecard)}\nscorecard: ${scorecard.path}\nevaluation: ${evaluation.path}\n`);
        }
      });
    });
}
