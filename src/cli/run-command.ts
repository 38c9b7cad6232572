/**
 * `termaudit run <pipeline.yaml>`: runs every scenario of a pipeline (pretest → record → render → evaluate →
 * compare → report) in parallel, writes the run summary and prints a table of the scenarios. The exit code
 * is the worst scenario's (0 all passed, 2 a gate closed or a stage failed, 3 timeout, 4 interrupted, 5
 * quality gate failed). status.json in the run directory covers every scenario's stages as
 * `<scenario>:<stage>`.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createRunReporter, type RunReporter } from '../automation/run-reporter.js';
import { ConfigError, ExecutionError, ExitCode, InterruptedError, QualityGateError, TimeoutError, type TermauditError } from '../errors.js';
import type { JudgeChoice } from '../evaluate/index.js';
import { loadPipeline } from '../pipeline/config.js';
import { runPipeline, type RunPipelineResult } from '../pipeline/run.js';
import { defaultWorkers, selectScenarios, stageNamesOf } from '../pipeline/run-plan.js';
import { parseShard, type Shard } from '../pipeline/shard.js';
import { formatRunTable } from '../pipeline/summary.js';
import { PIPELINE_STAGES, type PipelineStage, type RunSummary } from '../pipeline/types.js';
import { watchInterrupts } from './interrupt.js';
import { integerOption, judgeOption } from './option-parsers.js';

interface RunFlags {
  workers?: number;
  from?: PipelineStage;
  run?: string;
  baseline?: string;
  updateBaseline?: boolean;
  shard?: Shard;
  runId?: string;
  outRoot?: string;
  automation?: boolean;
  judge?: JudgeChoice;
  model?: string;
  baseUrl?: string;
}

/** stageOption parses `--from`. */
function stageOption(value: string): PipelineStage {
  if (!PIPELINE_STAGES.includes(value as PipelineStage)) throw new ConfigError(`--from: unknown stage "${value}" (choose from ${PIPELINE_STAGES.join(', ')})`);
  return value as PipelineStage;
}

/** runFailure is the error a run ends with when some scenario did not pass: its class carries the run's exit code. */
export function runFailure(summary: RunSummary, runDir: string): TermauditError | undefined {
  if (summary.exitCode === ExitCode.success) return undefined;
  const failing = summary.scenarios.filter((scenario) => scenario.status !== 'passed');
  const message = `${failing.length} of ${summary.scenarios.length} scenarios did not pass (${failing
    .map((scenario) => `${scenario.name}: ${scenario.status}`)
    .join(', ')}); see ${resolve(runDir, 'report.html')}`;
  const errors: Record<number, () => TermauditError> = {
    [ExitCode.config]: () => new ConfigError(message),
    [ExitCode.timeout]: () => new TimeoutError(message),
    [ExitCode.interrupted]: () => new InterruptedError('SIGINT', message),
    [ExitCode.qualityGate]: () => new QualityGateError(message),
  };
  return (errors[summary.exitCode] ?? (() => new ExecutionError(message)))();
}

/** registerRunCommand declares `run`. */
export function registerRunCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('run')
    .description('run a pipeline: every scenario through pretest, record, render, evaluate, compare and report, in parallel')
    .argument('<pipeline.yaml>', 'the pipeline file (write one with termaudit init)')
    .option('--workers <n>', `scenarios run at once (default: the CPUs this process may use, here ${defaultWorkers()})`, integerOption('--workers', 1, 256))
    .option('--from <stage>', `re-run from this stage on in an earlier run, reusing the earlier stages' outputs (${PIPELINE_STAGES.join(', ')})`, stageOption)
    .option('--run <id|dir>', 'with --from: the run to continue (default: the latest run of the pipeline)')
    .option('--baseline <run dir>', 'compare each scenario with <run dir>/<scenario> (default: gate.baseline, else <outRoot>/<pipeline>/baseline when it exists)')
    .option('--update-baseline', 'afterwards, copy the scenarios that passed into <outRoot>/<pipeline>/baseline')
    .option('--shard <i/n>', 'run only the i-th of n shares of the scenarios (join the shards with termaudit merge)', parseShard)
    .option('--run-id <id>', 'the run directory name (default: the start time, yyyymmdd-hhmmss UTC); shards of one CI run share it')
    .option('--out-root <dir>', "where runs go, instead of the pipeline's outRoot")
    .option('--judge <judge>', "judge every scenario with auto, openai or heuristic instead of the pipeline's choice", judgeOption)
    .option('--model <id>', "vision model for every scenario instead of the pipeline's")
    .option('--base-url <url>', "OpenAI-compatible API base URL for every scenario instead of the pipeline's")
    .option('--automation', 'no live display: print LOG_DIR/STATUS first, STAGE lines, then RESULT, EXIT_CODE, DURATION and the output paths')
    .action(async (pipelinePath: string, flags: RunFlags) => {
      const config = await loadPipeline(pipelinePath);
      if (flags.outRoot !== undefined) config.outRoot = resolve(flags.outRoot);
      const scenarios = selectScenarios(config, flags.shard);
      const reporter: RunReporter = createRunReporter({
        automation: flags.automation,
        command: ['termaudit', ...process.argv.slice(2)],
        stages: stageNamesOf(scenarios),
      });
      // In automation mode stdout carries only the protocol lines: the table and notes go to stderr.
      const humanOut = reporter.automation ? process.stderr : process.stdout;
      const interrupts = watchInterrupts();
      let result: RunPipelineResult | undefined;
      let failure: unknown;
      try {
        result = await runPipeline(config, {
          workers: flags.workers,
          from: flags.from,
          run: flags.run,
          runId: flags.runId,
          baseline: flags.baseline,
          updateBaseline: flags.updateBaseline,
          shard: flags.shard,
          overrides: { judge: flags.judge, model: flags.model, baseURL: flags.baseUrl },
          signal: interrupts.first,
          onRunDirectory: (dir) => reporter.attach(dir),
          onStage: (scenario, stage, status) => {
            const name = `${scenario}:${stage}`;
            if (status === 'running') reporter.startStage(name);
            else reporter.finishStage(name, status === 'reused' ? 'skipped' : status);
          },
          onNote: (message) => void process.stderr.write(`note: ${message}\n`),
          onWarning: (message) => void process.stderr.write(`warning: ${message}\n`),
        });
        humanOut.write(`${formatRunTable(result.summary)}\n`);
        humanOut.write(`report: ${result.files.html}\n`);
        failure = runFailure(result.summary, result.runDir);
      } catch (error) {
        failure = interrupts.received && !(error instanceof ConfigError) ? new InterruptedError(interrupts.received) : error;
      } finally {
        interrupts.dispose();
      }
      const outputs: Record<string, string> = result ? { report: result.files.html, scorecard: result.files.scorecard, junit: result.files.junit } : {};
      if (result?.baselineDir) outputs.baseline = result.baselineDir;
      await reporter.conclude(failure, outputs);
      setExitCode(0);
    });
}
