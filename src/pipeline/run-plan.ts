/**
 * The pure half of `termaudit run`: which scenarios and stages a run covers, the run's id, which earlier
 * outputs a `--from` re-run must find, how a scenario's error becomes its status, and how many workers a
 * machine carries. No files are touched here: `run.ts` and `run-scenario.ts` are the effects.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ExitCode, exitCodeOf, InterruptedError, QualityGateError } from '../errors.js';
import { CAST_FILE_NAME, PRETEST_DIR_NAME, PRETEST_REPORT_FILE_NAME, SCORECARD_FILE_NAME } from '../run-files.js';
import { selectShard, type Shard } from './shard.js';
import { SCENARIO_STAGES, type PipelineConfig, type ScenarioStage, type ScenarioConfig, type ScenarioResult, type ScenarioStatus } from './types.js';

export { BASELINE_DIR_NAME } from '../run-files.js';

/**
 * defaultWorkers is how many scenarios run at once when `--workers` is not given: one per CPU the process
 * may use. Rendering, sampling and encoding are CPU-bound and each keeps about one core busy, while the
 * recording itself runs in real time and mostly waits; so one scenario per core keeps the machine full
 * without making the CPU-bound stages fight each other (which would only slow every scenario down).
 */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** newRunId names a run by its start time, `yyyymmdd-hhmmss` in UTC, so ids sort like the runs. */
export function newRunId(date: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}-${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}`;
}

/** RUN_ID_PATTERN is what a `--run-id` may look like: one safe directory name. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** selectScenarios returns the scenarios of the run: all of them, or the share of `shard`, in file order. */
export function selectScenarios(config: PipelineConfig, shard: Shard | undefined): ScenarioConfig[] {
  if (!shard) return config.scenarios;
  const names = new Set(selectShard(config.scenarios.map((scenario) => scenario.name), shard));
  return config.scenarios.filter((scenario) => names.has(scenario.name));
}

/** stageRuns tells whether `stage` runs in a run that starts at `from` (the earlier ones are reused). */
export function stageRuns(stage: ScenarioStage, from: ScenarioStage): boolean {
  return SCENARIO_STAGES.indexOf(stage) >= SCENARIO_STAGES.indexOf(from);
}

/** stageNamesOf lists the stages of the run as status.json names them: `<scenario>:<stage>`, in run order. */
export function stageNamesOf(scenarios: readonly ScenarioConfig[]): string[] {
  return scenarios.flatMap((scenario) => SCENARIO_STAGES.map((stage) => `${scenario.name}:${stage}`));
}

/**
 * reusedOutputs lists the files a scenario directory must hold for a run that starts at `from`: what the
 * stages before it wrote and the later ones read. Render's video is not needed by evaluate (it samples
 * the cast), so only the cast and, for compare and report, the scorecard are required.
 */
export function reusedOutputs(scenario: ScenarioConfig, scenarioDir: string, from: ScenarioStage): string[] {
  const files: string[] = [];
  if (!stageRuns('pretest', from) && scenario.pretest !== false) files.push(join(scenarioDir, PRETEST_DIR_NAME, PRETEST_REPORT_FILE_NAME));
  if (!stageRuns('record', from)) files.push(join(scenarioDir, CAST_FILE_NAME));
  if (!stageRuns('evaluate', from)) files.push(join(scenarioDir, SCORECARD_FILE_NAME));
  return files;
}

/** ScenarioEnd is how a scenario ended: its status and exit code. */
export interface ScenarioEnd {
  status: ScenarioStatus;
  exitCode: number;
}

/**
 * scenarioEndOf maps what stopped a scenario to its status: an abort is an interruption (4) whatever the
 * stage made of it, a time limit is a timeout (3), a quality gate failure is 5, a bad setting is a failure
 * with exit 1, and anything else a failed stage (2).
 */
export function scenarioEndOf(error: unknown, aborted: boolean): ScenarioEnd {
  if (aborted) return { status: 'interrupted', exitCode: ExitCode.interrupted };
  const code = exitCodeOf(error);
  if (code === ExitCode.interrupted) return { status: 'interrupted', exitCode: code };
  if (code === ExitCode.timeout) return { status: 'timeout', exitCode: code };
  if (code === ExitCode.qualityGate) return { status: 'quality-gate-failed', exitCode: code };
  return { status: 'failed', exitCode: code === ExitCode.config ? ExitCode.config : ExitCode.execution };
}

/** notRunResult is the summary entry of a scenario the run never started (interrupted before its turn). */
export function notRunResult(scenario: ScenarioConfig, reason: string): ScenarioRun {
  const failure = new InterruptedError('SIGINT', reason);
  return { result: { name: scenario.name, status: 'not-run', exitCode: failure.exitCode, reason, dir: scenario.name, stages: {} }, failure };
}

/** EXPECTED_FAILURE_PREFIX opens the reason of a canary that failed its quality gate as expected; the gate's failures follow. */
export const EXPECTED_FAILURE_PREFIX = 'failed its quality gate as expected (canary): ';

/**
 * applyExpectation turns the result of a canary scenario (`expect: fail`) around: failing its quality gate
 * is what it is for (passed, exit 0), passing it means the gate no longer catches a known-poor display
 * (quality-gate-failed, exit 5). Other outcomes (a closed pretest gate, a failed stage) stand as they are.
 * A canary's result says `expect: 'fail'` whatever its outcome, so the reports can tell it apart.
 */
export function applyExpectation(run: ScenarioRun, expect: ScenarioConfig['expect']): ScenarioRun {
  if (expect !== 'fail') return run;
  const result: ScenarioResult = { ...run.result, expect: 'fail' };
  if (result.status === 'quality-gate-failed') {
    return { result: { ...result, status: 'passed', exitCode: ExitCode.success, failedStage: undefined, reason: `${EXPECTED_FAILURE_PREFIX}${result.reason ?? ''}`.trimEnd() } };
  }
  if (result.status === 'passed') {
    const failure = new QualityGateError('expected to fail its quality gate (expect: fail, a known-poor display), but it passed: the gate no longer catches it');
    return { result: { ...result, status: 'quality-gate-failed', exitCode: failure.exitCode, failedStage: 'compare', reason: failure.message }, failure };
  }
  return { ...run, result };
}

/** ScenarioRun is a scenario's entry in the run summary and, when it did not pass, the error it ended with. */
export interface ScenarioRun {
  result: ScenarioResult;
  failure?: Error;
}
