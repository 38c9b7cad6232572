/**
 * One scenario of a pipeline run, stage after stage, in its own directory of the run: pretest (the gate,
 * with the automation arguments, into `pretest/`) → record (without them: the rich display is what is
 * audited; driven by the scenario's tape if any) → render → evaluate (sample, judge, score) → compare
 * (with the baseline, or only the score minimums without one) → report. A closed gate, a failed stage, a
 * time limit or an abort ends the scenario with that status; it never throws.
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compare, compareScorecards, COMPARE_FILE_NAME } from '../compare/index.js';
import { ExecutionError, ExitCode, InterruptedError, QualityGateError, TimeoutError, abortSignalName } from '../errors.js';
import { formatDuration } from '../duration.js';
import { evaluate, type JudgeChoice } from '../evaluate/index.js';
import { pretest } from '../pretest/index.js';
import { CAST_FILE_NAME } from '../record/index.js';
import { recordAndRender } from '../record/record-and-render.js';
import { render, type RenderOptions } from '../render/index.js';
import { report } from '../report/index.js';
import { readComparison } from '../report/report-assets.js';
import { loadScorecard } from '../score/index.js';
import { tapeDriver } from '../tape/runner/record-with-tape.js';
import { layoutOptionsOf, tapeCastTheme, tapeRenderOptions, tapeTarget } from '../tape/runner/tape-recording.js';
import type { Tape } from '../tape/tape-types.js';
import { PRETEST_DIR, errorMessage, scenarioEndOf, stageRuns } from './run-plan.js';
import { PIPELINE_STAGES, type PipelineStage, type ScenarioPlan, type ScenarioResult, type StageRecord } from './types.js';

/** ScenarioStageStatus is what a stage event reports; `reused` stages kept an earlier run's outputs. */
export type ScenarioStageStatus = 'running' | StageRecord['status'];

/** EvaluateOverrides replace every scenario's judge settings (`--judge`, `--model`, `--base-url`). */
export interface EvaluateOverrides {
  judge?: JudgeChoice;
  model?: string;
  baseURL?: string;
}

/** ScenarioRunContext is what one scenario needs from the run around it. */
export interface ScenarioRunContext {
  /** The scenario's directory (absolute), `<run dir>/<scenario>`. */
  dir: string;
  /** The first stage that runs; the earlier ones are reused. */
  from: PipelineStage;
  /** The loaded tape when the scenario has one (loaded before the run starts, so errors come first). */
  tape?: Tape;
  /** The baseline scenario directory holding a scorecard.json, when there is one. */
  baselineDir?: string;
  overrides: EvaluateOverrides;
  /** Stops every stage (Ctrl-C). */
  signal: AbortSignal;
  /** Replaces the scenario's secrets in text written out. */
  redact: (text: string) => string;
  onStage: (stage: PipelineStage, status: ScenarioStageStatus) => void;
  /** Hears the stages' warnings (e.g. a model near its shutdown date), already redacted. @default ignore */
  onWarning?: (message: string) => void;
}

/** GateClosedError is a closed pretest gate: the scenario ends there, unrecorded, with status gate-closed (exit 2). */
class GateClosedError extends ExecutionError {}

/** renderOptionsOf turns the scenario's render settings into render() options. */
function renderOptionsOf(scenario: ScenarioPlan): Omit<RenderOptions, 'outDir'> {
  const settings = scenario.render;
  return {
    formats: settings.formats,
    theme: settings.theme,
    fps: settings.fps,
    width: settings.width,
    height: settings.height,
    fontSize: settings.fontSize,
    speed: settings.speed,
    idleTimeLimit: settings.idleTimeLimitSeconds,
  };
}

/**
 * clearForRerun removes what the stages about to run wrote in an earlier run of this directory: the
 * recorder refuses a directory that holds a cast, and a stale file must not pass for a new one.
 */
async function clearForRerun(dir: string, from: PipelineStage): Promise<void> {
  if (!existsSync(dir)) return;
  if (stageRuns('record', from)) {
    const keep = stageRuns('pretest', from) ? [] : [PRETEST_DIR];
    for (const entry of await readdir(dir)) if (!keep.includes(entry)) await rm(join(dir, entry), { recursive: true, force: true });
  }
}

/** runScenario runs one scenario's stages from `context.from` on and returns its summary entry. */
export async function runScenario(scenario: ScenarioPlan, context: ScenarioRunContext): Promise<ScenarioResult> {
  const { dir, from, signal, redact, tape } = context;
  const stages: ScenarioResult['stages'] = {};
  const result: ScenarioResult = { name: scenario.name, status: 'passed', exitCode: 0, dir: scenario.name, stages };
  let current: PipelineStage = 'pretest';

  const finish = (stage: PipelineStage, status: StageRecord['status'], startedAt: number) => {
    stages[stage] = { status, durationSeconds: Math.round(performance.now() - startedAt) / 1000 };
    context.onStage(stage, status);
  };
  /** step runs one stage (or marks it reused) and records how it went; a throw marks it failed. */
  const step = async <T>(stage: PipelineStage, work: () => Promise<T>): Promise<T | undefined> => {
    current = stage;
    if (!stageRuns(stage, from)) {
      finish(stage, 'reused', performance.now());
      return undefined;
    }
    if (signal.aborted) throw new InterruptedError(abortSignalName(signal), `interrupted before ${stage}`);
    const startedAt = performance.now();
    context.onStage(stage, 'running');
    try {
      const value = await work();
      finish(stage, 'done', startedAt);
      return value;
    } catch (error) {
      finish(stage, 'failed', startedAt);
      throw error;
    }
  };
  const skip = (stage: PipelineStage) => finish(stage, 'skipped', performance.now());

  const target = tape ? tapeTarget(tape, scenario.command, scenario.env) : { command: scenario.command[0], args: scenario.command.slice(1), env: scenario.env };
  const qualityFailures: string[] = [];
  try {
    await clearForRerun(dir, from);

    const gate = scenario.pretest;
    if (gate === false) skip('pretest');
    else {
      await step('pretest', async () => {
        const verdict = await pretest({
          command: scenario.command[0],
          args: scenario.command.slice(1),
          cwd: scenario.cwd,
          env: scenario.env,
          automationArgs: gate.automationArgs,
          mode: gate.mode,
          forMs: gate.forMs,
          timeoutMs: gate.timeoutMs,
          stuckAfterMs: gate.stuckAfterMs,
          expect: gate.expect === undefined ? undefined : new RegExp(gate.expect, 'm'),
          out: join(dir, PRETEST_DIR),
          signal,
          redact,
        });
        if (verdict.verdict === 'pass') return;
        if (verdict.exitCode === 4 || signal.aborted) throw new InterruptedError(abortSignalName(signal), `pretest interrupted: ${verdict.reason}`);
        throw new GateClosedError(`the pretest gate is closed: ${verdict.reason}`);
      });
    }

    const cliRenderOptions = renderOptionsOf(scenario);
    const renderOptions = tape ? tapeRenderOptions(tape, cliRenderOptions) : cliRenderOptions;
    const castTheme = tape ? tapeCastTheme(tape, cliRenderOptions.theme) : undefined;
    await step('record', async () => {
      const { recording } = await recordAndRender({
        command: target.command,
        args: target.args,
        cols: scenario.cols,
        rows: scenario.rows,
        cwd: scenario.cwd,
        env: target.env,
        out: dir,
        timeoutMs: scenario.timeoutMs,
        signal,
        render: false,
        castTheme,
        drive: tape ? tapeDriver(tape, { renderOptions, castTheme }) : undefined,
        redact,
      });
      if (recording.endedBy === 'interrupt') throw new InterruptedError(abortSignalName(signal), `interrupted while recording; what was recorded is kept in ${recording.castPath}`);
      if (recording.endedBy === 'timeout') {
        throw new TimeoutError(`the recording was stopped after ${formatDuration(scenario.timeoutMs ?? 0)} (timeout); what it printed is kept in ${recording.castPath}`);
      }
      if (recording.driveError !== undefined) throw recording.driveError;
    });

    const castPath = join(dir, CAST_FILE_NAME);
    // A tape's inline theme is in the cast header: render takes the cast's theme then.
    await step('render', () => render(castPath, { ...renderOptions, theme: castTheme ? undefined : renderOptions.theme, outDir: dir, signal }));

    const evaluation = scenario.evaluate;
    const evaluated = await step('evaluate', () =>
      evaluate(dir, {
        judge: context.overrides.judge ?? evaluation.judge,
        model: context.overrides.model ?? evaluation.model,
        baseURL: context.overrides.baseURL ?? evaluation.baseURL,
        prompts: evaluation.prompts,
        samples: evaluation.samples,
        concurrency: evaluation.concurrency,
        maxCost: evaluation.maxCost,
        // Sampled frames are drawn like the video (same theme and layout): what the judge sees is what was rendered.
        sample: { frames: evaluation.frames, strategies: evaluation.strategies, theme: castTheme ? undefined : renderOptions.theme, layout: layoutOptionsOf(renderOptions) },
        signal,
        onEvent: (event) => {
          if (event.type === 'warning') context.onWarning?.(redact(event.message));
        },
      }),
    );
    // A reused evaluation (--from compare or report) is read from its scorecard.json.
    const scorecard = evaluated?.scorecard ?? (await loadScorecard(dir)).scorecard;
    result.overall = scorecard.overall.score;
    result.criteria = Object.fromEntries(scorecard.criteria.map((criterion) => [criterion.id, criterion.score]));
    result.scorecard = `${scenario.name}/scorecard.json`;

    const settings = scenario.gate;
    const minimums = { minScore: settings.minScore, minCriterionScores: settings.minScores };
    const hasMinimums = settings.minScore !== undefined || Object.keys(settings.minScores ?? {}).length > 0;
    // Without a baseline only the minimums gate. Compared with itself, a scorecard has no drops and no new
    // issues, so the score gate's failures are exactly its minimums' (one implementation of the gate).
    const minimumFailures = () => compareScorecards(scorecard, scorecard, minimums).failures;
    let pairwiseError: Error | undefined;
    const previousComparison = stageRuns('compare', from) ? undefined : await readComparison(join(dir, COMPARE_FILE_NAME));
    if (previousComparison) {
      // Reused (`--from report`): the earlier comparison still decides the gate.
      qualityFailures.push(...previousComparison.failures);
      result.compare = { passed: previousComparison.passed, failures: previousComparison.failures.map(redact), baseline: previousComparison.baseline.path };
    } else if (!stageRuns('compare', from) && hasMinimums) qualityFailures.push(...minimumFailures());
    if (context.baselineDir === undefined && stageRuns('compare', from)) await rm(join(dir, COMPARE_FILE_NAME), { force: true });
    if (context.baselineDir === undefined && !hasMinimums) skip('compare');
    else {
      await step('compare', async () => {
        if (context.baselineDir === undefined) {
          qualityFailures.push(...minimumFailures());
          return;
        }
        const compared = await compare(context.baselineDir, dir, {
          ...minimums,
          maxDrop: settings.maxDrop,
          maxDiffPixels: settings.maxDiffPixels,
          maxDiffRatio: settings.maxDiffRatio,
          pairwise: settings.pairwise
            ? { model: context.overrides.model ?? evaluation.model, baseURL: context.overrides.baseURL ?? evaluation.baseURL, signal }
            : undefined,
          signal,
        });
        pairwiseError = compared.pairwiseError;
        qualityFailures.push(...compared.comparison.failures);
        result.compare = { passed: compared.comparison.passed, failures: compared.comparison.failures.map(redact), baseline: context.baselineDir };
      });
    }

    // The report comes after compare, so that report.html shows the comparison.
    await step('report', () => report(dir, { minScore: settings.minScore }));
    result.report = `${scenario.name}/report.html`;

    if (pairwiseError) throw new ExecutionError(`compare: ${pairwiseError.message}`, { cause: pairwiseError });
    if (qualityFailures.length > 0) throw new QualityGateError(qualityFailures.join('; '));
    return result;
  } catch (error) {
    const end = error instanceof GateClosedError && !signal.aborted ? { status: 'gate-closed' as const, exitCode: ExitCode.execution } : scenarioEndOf(error, signal.aborted);
    result.status = end.status;
    result.exitCode = end.exitCode;
    result.failedStage = end.status === 'quality-gate-failed' ? 'compare' : current;
    result.reason = redact(end.status === 'interrupted' && !(error instanceof InterruptedError) ? `interrupted during ${current}` : errorMessage(error));
    return result;
  } finally {
    for (const stage of PIPELINE_STAGES) {
      if (stages[stage] === undefined) {
        stages[stage] = { status: 'skipped', durationSeconds: 0 };
        context.onStage(stage, 'skipped');
      }
    }
  }
}
