/**
 * `termaudit evaluate <input> [options]`: samples frames of a run, a cast or a video, scores them with the
 * rubric prompts on a judge (a vision model through the OpenAI API, or the offline heuristic judge) and
 * writes evaluation.json.
 */
import type { Command } from 'commander';
import { createRunReporter } from '../automation/run-reporter.js';
import { InterruptedError } from '../errors.js';
import { formatTimestamp } from '../sample/frame-label.js';
import { formatUsd } from '../evaluate/models.js';
import { evaluate, DEFAULT_MODEL, type EvaluateEvent, type EvaluateOptions, type JudgeChoice } from '../evaluate/index.js';
import { parseSampleStrategies, type SampleStrategy } from '../sample/index.js';
import { watchInterrupts } from './interrupt.js';
import { overallLine } from './score-command.js';
import { durationOption, integerOption, judgeOption, numberOption } from './option-parsers.js';


interface EvaluateFlags {
  judge: JudgeChoice;
  model?: string;
  baseUrl?: string;
  prompt?: string[];
  ask?: string;
  samples?: number;
  concurrency?: number;
  timeout?: number;
  retries?: number;
  maxCost?: number;
  cache: boolean;
  cacheDir?: string;
  frames?: number;
  strategy?: SampleStrategy[];
  theme?: string;
  out?: string;
  lenient?: boolean;
  automation?: boolean;
}

/** collectPaths gathers a repeatable path option. */
function collectPaths(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** eventLine turns an evaluation event into the line shown to a person, or undefined for none. */
function eventLine(event: EvaluateEvent): string | undefined {
  switch (event.type) {
    case 'judge':
      return `judge: ${event.judge}${event.judge === 'openai' ? ` (${event.model})` : ''}, ${event.reason}`;
    case 'start':
      return undefined;
    case 'warning':
      return `warning: ${event.message}`;
    case 'sampled':
      return `sampled ${event.frames} frames into ${event.outDir}`;
    case 'estimate':
      if (event.calls === 0) return `estimated cost: $0 (all ${event.fromCache} calls are in the response cache)`;
      return (
        `estimated cost: ${formatUsd(event.costUsd)} for ${event.calls} calls` +
        (event.cachedCostUsd !== undefined ? ` (${formatUsd(event.cachedCostUsd)} if the frames hit the prompt cache)` : '') +
        (event.fromCache > 0 ? `; ${event.fromCache} more from the response cache` : '')
      );
    case 'call': {
      const what = event.prompt === 'ask' ? 'question' : `${event.prompt}${event.sample > 0 ? ` #${event.sample + 1}` : ''}`;
      if (event.error) return `${event.done}/${event.total} ${what} failed: ${event.error}`;
      const usage = event.usage;
      const cost = usage && !usage.fromCache && usage.costUsd > 0 ? `, ${formatUsd(usage.costUsd)}` : '';
      const source = usage?.fromCache ? ' (cached)' : usage && usage.latencyMs > 0 ? ` (${(usage.latencyMs / 1000).toFixed(1)} s${cost})` : '';
      return `${event.done}/${event.total} ${what}${source}`;
    }
  }
}

/** registerEvaluateCommand declares `evaluate`. */
export function registerEvaluateCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('evaluate')
    .description('sample frames of a run, cast or video and score them with rubric prompts on a vision model or the offline heuristic judge')
    .argument('<input>', 'a run directory, a session.cast, or a video (mp4, webm, mov, mkv, gif)')
    .option('--judge <judge>', `auto, openai or heuristic (auto: openai when OPENAI_API_KEY is set)`, judgeOption, 'auto' as JudgeChoice)
    .option('--model <id>', `vision model (default ${DEFAULT_MODEL}; see termaudit models)`)
    .option('--base-url <url>', 'OpenAI-compatible API base URL (default OPENAI_BASE_URL, else OpenAI)')
    .option('--prompt <file>', 'rubric prompt file (repeatable; default: every prompt in prompts/)', collectPaths)
    .option('--ask <question>', 'also ask a free question, answered in free text (alone when no --prompt is given)')
    .option('--samples <k>', 'independent answers per prompt; the median is kept, the spread reported (default 1)', integerOption('--samples', 1, 20))
    .option('--concurrency <n>', 'judge calls in flight at once (default 4)', integerOption('--concurrency', 1, 64))
    .option('--timeout <duration>', 'time limit of one call, retried on expiry (default 2m)', durationOption('--timeout'))
    .option('--retries <n>', 'retries of a failed call: 429, 5xx, timeouts (default 3)', integerOption('--retries', 0, 10))
    .option('--max-cost <usd>', 'refuse to start when the estimated cost is above this many US dollars', numberOption('--max-cost', 0, true))
    .option('--no-cache', 'ask again even when the same evaluation is in the response cache')
    .option('--cache-dir <dir>', 'response cache directory (default $TERMAUDIT_CACHE_DIR or ~/.cache/termaudit/evaluations)')
    .option('--frames <n>', 'at most this many frames (default 12)', integerOption('--frames', 1, 100))
    .option('--strategy <list>', 'uniform, changes or markers, comma-separated (default changes)', parseSampleStrategies)
    .option('--theme <name|path>', 'theme for frames of a cast (default: the one it was recorded with)')
    .option('-o, --out <dir>', 'directory of evaluation.json (default: the run directory, or <video>.sample/ for a video)')
    .option('--lenient', 'skip unreadable cast lines instead of failing')
    .option('--automation', 'no live display: print LOG_DIR/STATUS first, then RESULT, EXIT_CODE, DURATION and the output paths')
    .action(async (input: string, flags: EvaluateFlags) => {
      const interrupts = watchInterrupts();
      const reporter = createRunReporter({ automation: flags.automation, command: ['termaudit', ...process.argv.slice(2)], stages: ['sample', 'evaluate'] });
      const say = (line: string) => {
        if (!reporter.automation) process.stderr.write(`${line}\n`);
      };
      const outputs: Record<string, string> = {};
      let running: string | undefined;
      let failure: unknown;
      try {
        const options: EvaluateOptions = {
          judge: flags.judge,
          model: flags.model,
          baseURL: flags.baseUrl,
          prompts: flags.prompt,
          ask: flags.ask,
          samples: flags.samples,
          concurrency: flags.concurrency,
          timeoutMs: flags.timeout,
          maxRetries: flags.retries,
          maxCost: flags.maxCost,
          cache: flags.cache,
          cacheDir: flags.cacheDir,
          sample: { frames: flags.frames, strategies: flags.strategy, theme: flags.theme, lenient: flags.lenient },
          out: flags.out,
          signal: interrupts.first,
          onEvent: (event) => {
            if (event.type === 'start') {
              reporter.attach(event.outDir);
              reporter.startStage((running = 'sample'));
            }
            if (event.type === 'sampled') {
              reporter.finishStage('sample', 'done');
              reporter.startStage((running = 'evaluate'));
            }
            const line = eventLine(event);
            // Calls show as the evaluate stage's progress; everything else as a line of its own.
            if (event.type === 'call') reporter.progress('evaluate', event.done / event.total, line);
            else if (line) say(line);
            if (event.type === 'warning' && reporter.automation) process.stderr.write(`warning: ${event.message}\n`);
          },
        };
        const result = await evaluate(input, options);
        reporter.finishStage('evaluate', 'done');
        running = undefined;
        outputs.evaluation = result.path;
        outputs.frames = result.sample.framesFile;
        outputs.scorecard = result.scorecardPath;
        if (!reporter.automation) {
          const { document } = result;
          for (const prompt of document.results) {
            process.stdout.write(`${prompt.title} (${prompt.prompt})\n`);
            for (const criterion of prompt.criteria) {
              const score = criterion.score === null ? '  –' : criterion.score.toFixed(1).padStart(4);
              const spread = document.judge.samples > 1 && criterion.score !== null ? `  (spread ${criterion.spread})` : '';
              process.stdout.write(`  ${score}${spread}  ${criterion.title}\n`);
            }
          }
          if (document.ask?.text) process.stdout.write(`\n${document.ask.question}\n${document.ask.text}\n`);
          const totals = document.totals;
          const timing = `${document.frames.length} frames from ${formatTimestamp(document.frames[0]?.time ?? 0)} to ${formatTimestamp(document.frames.at(-1)?.time ?? 0)}`;
          process.stdout.write(
            `\n${timing}; ${totals.calls} call${totals.calls === 1 ? '' : 's'} (${totals.fromCache} from cache), ${totals.inputTokens} input tokens (${totals.cachedInputTokens} cached), ${totals.outputTokens} output, cost ${formatUsd(totals.costUsd)}\n`,
          );
          const { scorecard } = result;
          // evaluation.json stays the last line: scripts take the path from there.
          process.stdout.write(`${overallLine(scorecard)}\nscorecard: ${result.scorecardPath}\nevaluation: ${result.path}\n`);
        }
      } catch (error) {
        failure = interrupts.received && !(error instanceof InterruptedError) ? new InterruptedError(interrupts.received) : error;
        if (running) reporter.finishStage(running, 'failed');
      } finally {
        interrupts.dispose();
      }
      await reporter.conclude(failure, outputs);
      setExitCode(0);
    });
}
