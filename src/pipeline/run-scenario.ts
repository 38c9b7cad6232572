/**
 * One scenario of a pipeline run: its settings turned into a scenario plan (src/scenario) for the stages
 * from `--from` on, run in its own directory of the run, and the outcome turned into the scenario's entry of
 * the run summary. A closed gate, a failed stage, a time limit or an abort ends the scenario with that
 * status; it never throws.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, GateClosedError, type ExitCodeValue } from '../errors.js';
import type { JudgeSettings } from '../evaluate/judge-settings.js';
import type { EvaluateEvent } from '../evaluate/index.js';
import { countGateFailures } from '../compare/verdicts.js';
import { mergeJsonFile } from '../files.js';
import { META_FILE_NAME, PRETEST_DIR_NAME, SCORECARD_FILE_NAME } from '../run-files.js';
import { runScenario, SCENARIO_STAGES, type ScenarioStage, type StageRecord } from '../scenario/index.js';
import type { PipelineIdentity } from '../score/types.js';
import type { Tape } from '../tape/tape-types.js';
import { scenarioEndOf, stageRuns, type ScenarioRun } from './run-plan.js';
import type { ScenarioConfig, ScenarioResult } from './types.js';
import { redact } from '../secrets.js';

/** EstimateEvent is an evaluation's cost estimate, as the evaluate stage reports it. */
export type EstimateEvent = Extract<EvaluateEvent, { type: 'estimate' }>;

/** ScenarioStageStatus is what a stage event reports; `reused` stages kept an earlier run's outputs. */
export type ScenarioStageStatus = 'running' | StageRecord['status'];

/** EvaluateOverrides replace every scenario's judge settings (`--judge`, `--model`, `--base-url`, `--price`, `--requests`, `--max-cost`). */
export type EvaluateOverrides = Pick<JudgeSettings, 'judge' | 'model' | 'baseURL' | 'price' | 'requests' | 'maxCost'>;

/** ScenarioRunContext is what one scenario needs from the run around it. */
export interface ScenarioRunContext {
  /** The scenario's directory (absolute), `<run dir>/<scenario>`. */
  dir: string;
  /** The first stage that runs; the earlier ones are reused. */
  from: ScenarioStage;
  /** The loaded tape when the scenario has one (loaded before the run starts, so errors come first). */
  tape?: Tape;
  /** The baseline scenario directory holding a scorecard.json, when there is one. */
  baselineDir?: string;
  overrides: EvaluateOverrides;
  /** Stops every stage (Ctrl-C). */
  signal: AbortSignal;
  onStage: (stage: ScenarioStage, status: ScenarioStageStatus) => void;
  /** Hears the stages' warnings (e.g. a model near its shutdown date), already redacted. @default ignore */
  onWarning?: (message: string) => void;
  /** Hears notes worth showing (an earlier judge's results kept aside). @default ignore */
  onNote?: (message: string) => void;
  /** Hears the evaluation's cost estimate, made before a paid judge's first call (the heuristic judge makes none). @default ignore */
  onEstimate?: (estimate: EstimateEvent) => void;
  /** The pipeline file the scenario belongs to, written into meta.json with the scenario's name when it is recorded. */
  pipeline: PipelineIdentity;
}

/**
 * clearForRerun removes what the stages about to run wrote in an earlier run of this directory: the
 * recorder refuses a directory that holds a cast, and a stale file must not pass for a new one.
 */
async function clearForRerun(dir: string, from: ScenarioStage): Promise<void> {
  if (!existsSync(dir) || !stageRuns('record', from)) return;
  const keep = stageRuns('pretest', from) ? [] : [PRETEST_DIR_NAME];
  for (const entry of await readdir(dir)) if (!keep.includes(entry)) await rm(join(dir, entry), { recursive: true, force: true });
}

/** runPipelineScenario runs one scenario's stages from `context.from` on and returns its summary entry. */
export async function runPipelineScenario(scenario: ScenarioConfig, context: ScenarioRunContext): Promise<ScenarioRun> {
  const { dir, from, signal } = context;
  await clearForRerun(dir, from);
  // Which pipeline and scenario recorded the run: its scorecard carries them, so compare can tell a baseline of another.
  if (stageRuns('record', from)) {
    await mkdir(dir, { recursive: true });
    await mergeJsonFile(join(dir, META_FILE_NAME), { pipeline: { name: context.pipeline.name, sha256: context.pipeline.sha256 }, scenario: scenario.name });
  }
  const { baseline, ...gate } = scenario.gate;
  // A price is the price of the model it was written for: --model without --price drops the pipeline's.
  const ownPrice = context.overrides.model === undefined || context.overrides.model === scenario.evaluate.model ? scenario.evaluate.price : undefined;
  const judge: JudgeSettings = { ...scenario.evaluate, price: ownPrice, ...Object.fromEntries(Object.entries(context.overrides).filter(([, value]) => value !== undefined)) };
  const outcome = await runScenario(
    {
      stages: SCENARIO_STAGES.filter((stage) => stageRuns(stage, from)),
      reused: SCENARIO_STAGES.filter((stage) => !stageRuns(stage, from) && (stage !== 'pretest' || scenario.pretest !== false)),
      dir,
      target: { command: scenario.command[0], args: scenario.command.slice(1), cwd: scenario.cwd, env: scenario.env },
      tape: context.tape,
      pretest: scenario.pretest === false ? undefined : { ...scenario.pretest, expect: scenario.pretest.expect === undefined ? undefined : new RegExp(scenario.pretest.expect, 'm') },
      record: scenario.record,
      render: scenario.render,
      evaluate: { sample: scenario.sample, judge },
      gate: { ...gate, baselineDir: context.baselineDir, expectFail: scenario.expect === 'fail' },
      signal,
    },
    {
      onStageStart: (stage) => context.onStage(stage, 'running'),
      onStageEnd: (stage, record) => context.onStage(stage, record.status),
      onWarning: context.onWarning,
      onEvaluateEvent: (event) => {
        if (event.type === 'estimate') context.onEstimate?.(event);
        // A re-evaluation by another judge keeps the earlier judge's results beside the new ones.
        if (event.type === 'kept') context.onNote?.(`${scenario.name}: the results of ${event.judge} are kept in ${event.dir} (termaudit report or compare read them there${event.problem ? `; their report could not be rebuilt: ${event.problem}` : ''}); the scenario's own are the new judge's`);
      },
    },
  );

  const result: ScenarioResult = { name: scenario.name, status: 'passed', exitCode: ExitCode.success, dir: scenario.name, stages: outcome.stages };
  const scorecard = outcome.scorecard?.scorecard;
  if (scorecard) {
    result.overall = scorecard.overall.score;
    result.criteria = Object.fromEntries(scorecard.criteria.map((criterion) => [criterion.id, criterion.score]));
    const notApplicable = scorecard.criteria.filter((criterion) => criterion.applicable === false).map((criterion) => criterion.id);
    if (notApplicable.length > 0) result.notApplicable = notApplicable;
  }
  if (scorecard || existsSync(join(dir, SCORECARD_FILE_NAME))) result.scorecard = `${scenario.name}/${SCORECARD_FILE_NAME}`;
  if (outcome.comparison) {
    result.compare = { passed: outcome.comparison.passed, failures: outcome.comparison.failures.map(redact), failureCounts: countGateFailures(outcome.comparison), baseline: context.baselineDir ?? outcome.comparison.baseline.path };
  }
  if (outcome.report) result.report = `${scenario.name}/report.html`;
  if (outcome.failure !== undefined) {
    const end = outcome.failure instanceof GateClosedError && !signal.aborted ? { status: 'gate-closed' as const, exitCode: outcome.failure.exitCode as ExitCodeValue } : scenarioEndOf(outcome.failure, signal.aborted);
    Object.assign(result, { status: end.status, exitCode: end.exitCode, failedStage: outcome.failedStage, reason: outcome.failure.message });
    return { result, failure: outcome.failure };
  }
  return { result };
}
