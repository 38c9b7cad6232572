/**
 * `termaudit run <pipeline.yaml>`: runs every scenario of a pipeline (pretest → record → render → evaluate →
 * compare → report) in parallel, writes the run summary and prints a table of the scenarios. The exit code
 * is the worst scenario's (0 all passed, 2 a gate closed or a stage failed, 3 timeout, 4 interrupted, 5
 * quality gate failed). status.json in the run directory covers every scenario's stages as
 * `<scenario>:<stage>`.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../errors.js';
import { judgeRules, type JudgeSettings } from '../evaluate/judge-settings.js';
import { loadPipeline } from '../pipeline/config.js';
import { checkOutputPath } from '../output-path.js';
import { runPipeline } from '../pipeline/run.js';
import { defaultWorkers, selectScenarios, stageNamesOf } from '../pipeline/run-plan.js';
import { parseShard, type Shard } from '../pipeline/shard.js';
import { formatRunTable } from '../pipeline/summary.js';
import { SCENARIO_STAGES, type ScenarioStage } from '../scenario/stages.js';
import { settingOption } from '../settings.js';
import { runCommand } from './command-run.js';
import { estimateLine } from './evaluate-events.js';
import { integerOption } from './option-parsers.js';

interface RunFlags extends Pick<JudgeSettings, 'judge' | 'model' | 'price' | 'requests' | 'maxCost'> {
  baseUrl?: string;
  workers?: number;
  from?: ScenarioStage;
  run?: string;
  baseline?: string;
  updateBaseline?: boolean;
  shard?: Shard;
  runId?: string;
  outRoot?: string;
  automation?: boolean;
}

/** stageOption parses `--from`. */
function stageOption(value: string): ScenarioStage {
  if (!SCENARIO_STAGES.includes(value as ScenarioStage)) throw new ConfigError(`--from: unknown stage "${value}" (choose from ${SCENARIO_STAGES.join(', ')})`);
  return value as ScenarioStage;
}

/** registerRunCommand declares `run`. */
export function registerRunCommand(program: Command, _setExitCode?: (code: number) => void): void {
  program
    .command('run')
    .argument('<pipeline.yaml>', 'the pipeline file (write one with termaudit init)')
    .option('--workers <n>', `scenarios run at once (default: the CPUs this process may use, here ${defaultWorkers()})`, integerOption('--workers', 1, 256))
    .option('--from <stage>', `re-run from this stage on in an earlier run, reusing the earlier stages' outputs (${SCENARIO_STAGES.join(', ')})`, stageOption)
    .option('--run <id|dir>', 'with --from: the run to continue (default: the latest run of the pipeline)')
    .option('--baseline <run dir>', 'compare each scenario with <run dir>/<scenario> (default: gate.baseline, else <outRoot>/<pipeline>/baseline when it exists)')
    .option('--update-baseline', 'afterwards, copy the scenarios that passed into <outRoot>/<pipeline>/baseline')
    .option('--shard <i/n>', 'run only the i-th of n shares of the scenarios (join the shards with termaudit merge)', parseShard)
    .option('--run-id <id>', 'the run directory name (default: the start time, yyyymmdd-hhmmss UTC); shards of one CI run share it')
    .option('--out-root <dir>', "where runs go, instead of the pipeline's outRoot")
    .option('--judge <judge>', "judge every scenario with auto, openai or heuristic instead of the pipeline's choice", settingOption(judgeRules.judge, '--judge'))
    .option('--model <id>', "vision model for every scenario instead of the pipeline's", settingOption(judgeRules.model, '--model'))
    .option('--base-url <url>', "OpenAI-compatible API base URL for every scenario instead of the pipeline's", settingOption(judgeRules.baseURL, '--base-url'))
    .option('--max-cost <usd>', "refuse to evaluate a scenario whose estimated cost is above this many US dollars, for every scenario instead of the pipeline's evaluate.maxCost (a model without a known price needs --price)", settingOption(judgeRules.maxCost, '--max-cost'))
    .option('--price <prices>', "the model's price in US dollars per 1M tokens, in=<USD>,cached=<USD>,out=<USD>, for every scenario instead of the pipeline's (a model without a known price needs one for --max-cost and evaluate.maxCost)", settingOption(judgeRules.price, '--price'))
    .option('--requests <mode>', "per-prompt or combined (every prompt in one request, cheaper) for every scenario instead of the pipeline's evaluate.requests", settingOption(judgeRules.requests, '--requests'))
    .option('--automation', 'no live display: print LOG_DIR/STATUS first, STAGE lines, then RESULT, EXIT_CODE, DURATION and the output paths')
    .action(async (pipelinePath: string, flags: RunFlags) => {
      const config = await loadPipeline(pipelinePath);
      if (flags.outRoot !== undefined) config.outRoot = resolve(flags.outRoot);
      const scenarios = selectScenarios(config, flags.shard);
      await runCommand({ automation: flags.automation, stages: stageNamesOf(scenarios) }, async (run) => {
        await checkOutputPath(flags.outRoot !== undefined ? '--out-root' : `${pipelinePath}: outRoot`, flags.outRoot ?? config.outRoot);
        const { reporter } = run;
        // In automation mode stdout carries only the protocol lines: the table and notes go to stderr.
        const humanOut = reporter.automation ? process.stderr : process.stdout;
        const result = await runPipeline(config, {
          workers: flags.workers,
          from: flags.from,
          run: flags.run,
          runId: flags.runId,
          baseline: flags.baseline,
          updateBaseline: flags.updateBaseline,
          shard: flags.shard,
          overrides: { judge: flags.judge, model: flags.model, baseURL: flags.baseUrl, price: flags.price, requests: flags.requests, maxCost: flags.maxCost },
          signal: run.signal,
          onRunDirectory: (dir) => reporter.attach(dir),
          onStage: (scenario, stage, status) => {
            const name = `${scenario}:${stage}`;
            if (status === 'running') reporter.startStage(name);
            else reporter.finishStage(name, status === 'reused' ? 'skipped' : status);
          },
          // As `evaluate` does, the estimate is shown before a scenario's paid judge calls are sent.
          onEstimate: (scenario, estimate) => {
            if (!reporter.automation) run.say(`${scenario}: ${estimateLine(estimate)}`);
          },
          onNote: (message) => run.say(`note: ${message}`),
          onWarning: (message) => run.say(`warning: ${message}`),
        });
        humanOut.write(`${formatRunTable(result.summary)}\n`);
        humanOut.write(`report: ${result.files.html}\n`);
        Object.assign(run.outputs, { report: result.files.html, scorecard: result.files.scorecard, junit: result.files.junit }, result.baselineDir ? { baseline: result.baselineDir } : {});
        if (result.failure) throw result.failure;
      });
    });
}
