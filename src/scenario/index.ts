/**
 * A scenario is one audit of one program, stage after stage, in one directory: pretest (the gate, run in the
 * target's automation mode into `pretest/`) → record (driven by a tape or not) → render → evaluate (sample,
 * judge, score) → compare (with a baseline, or against the minimum scores alone) → report. Every command
 * that runs stages builds a plan — `record` the record and render stages, `render` and `evaluate` one stage
 * each, `run` all of them for each scenario of a pipeline — and `runScenario` composes them, once: how a
 * tape drives the recording and shapes the render, that a recording stopped early (a time limit, Ctrl-C, a
 * tape's failed step) is still rendered — and, after a time limit, evaluated, compared and reported too, the
 * scenario still ending as a timeout —, which error each stage ends with. Hooks, all optional like a
 * Playwright reporter's, hear the stages start, progress and end. It never throws: how the scenario ended
 * is in its outcome.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compare, compareScorecards, type CompareResult, type RescoreBaselineOptions } from '../compare/index.js';
import type { Comparison } from '../compare/types.js';
import { addGateFailureCounts, countGateFailures, describeGateFailures, gateHeadline, type GateFailureCounts, type GateOutcome } from '../compare/verdicts.js';
import { formatDuration } from '../duration.js';
import { abortSignalName, ExecutionError, GateClosedError, InterruptedError, isSystemError, messageOf, QualityGateError, restate, TermauditError, TimeoutError } from '../errors.js';
import { evaluate, prepareEvaluation, type EvaluateEvent, type EvaluateResult, type JudgeSettings } from '../evaluate/index.js';
import { pretest, type PretestOptions } from '../pretest/index.js';
import { record, type RecordResult } from '../record/index.js';
import { resolveRecordSettings, type RecordSettings } from '../record/record-settings.js';
import { targetEnvironment } from '../record/target.js';
import { describeRenderProgress, render, type RenderResult } from '../render/index.js';
import { planLayout, terminalSizeFor } from '../render/raster/layout.js';
import { overLook, recordedLook } from '../render/recorded-look.js';
import { layoutOf, timelineOf, type OutputFormat, type RenderSettings } from '../render/render-settings.js';
import { castThemeOf, recordingTheme } from '../render/theme.js';
import { report, type ReportResult } from '../report/index.js';
import { readComparison } from '../report/report-assets.js';
import { CAST_FILE_NAME, COMPARE_FILE_NAME, PRETEST_DIR_NAME, SAMPLE_DIR_NAME } from '../run-files.js';
import { defaultSampleDir, openSampleInput, sample, type SampleSettings } from '../sample/index.js';
import { loadScorecard, score, type ScoreResult } from '../score/index.js';
import { tapeDriver } from '../tape/runner/record-with-tape.js';
import { keepEarlierJudgeResults } from './judge-results.js';
import { checkTapePrograms, locateTapeProblem, tapeRender, tapeTarget, type TapeTarget } from '../tape/runner/tape-recording.js';
import { formatScreenDumps, goldenDiff } from '../tape/runner/text-golden.js';
import type { Tape } from '../tape/tape-types.js';
import { SCENARIO_STAGES, type ScenarioStage, type StageRecord } from './stages.js';
import { writeFileAtomic } from '../files.js';
import { maskedNote, redact } from '../secrets.js';

export { SCENARIO_STAGES, type ScenarioStage, type StageRecord } from './stages.js';

/** ScenarioTarget is the program a scenario pretests and records. */
export interface ScenarioTarget {
  /** The program: a name looked up on PATH, or a path (relative ones are taken from `cwd`); with a tape, its Shell by default. */
  command?: string;
  /** @default [] */
  args?: string[];
  /** @default process.cwd() */
  cwd?: string;
  /** Environment added to termaudit's own. @default {} */
  env?: Record<string, string>;
}

/** ScenarioGate is what a scenario must pass, checked by the compare stage. */
export interface ScenarioGate {
  /** Minimum for the overall score and every criterion. */
  minScore?: number;
  /** Minimum per criterion id (`overall` for the overall score). */
  minScores?: Record<string, number>;
  /** Largest allowed drop of a score against the baseline, beyond the judge's noise. @default 1 */
  maxDrop?: number;
  maxDiffPixels?: number;
  maxDiffRatio?: number;
  /** Also ask the vision judge to compare the runs directly. @default false */
  pairwise?: boolean;
  /** When another judge or model scored the baseline, re-score its frames with this run's vision model first (compare's --rescore-baseline). @default false */
  rescoreBaseline?: boolean;
  /** The baseline scenario directory (with a scorecard.json); without one only the minimums gate. */
  baselineDir?: string;
  /** The scenario is a canary (`expect: fail`): its report reads a failed gate as expected. @default false */
  expectFail?: boolean;
}

/** ScenarioPlan says which stages run and with which settings. */
export interface ScenarioPlan {
  /** The stages to run (in SCENARIO_STAGES order, whatever the order here); one with nothing to do is skipped. */
  stages: readonly ScenarioStage[];
  /** Stages whose outputs an earlier run left in `dir` (a `--from` re-run), reported as reused. @default [] */
  reused?: readonly ScenarioStage[];
  /**
   * The scenario's directory. With the record stage it is the run directory (created; it must not hold a
   * recording yet), and when absent a new one is made under `record.outRoot`. Without it, where the cast
   * and the earlier stages' outputs are.
   */
  dir?: string;
  /** The program (pretest, record). With a tape and no command, the tape's Shell runs. */
  target?: ScenarioTarget;
  /** A VHS tape driving the recording; its `Set` lines shape the render under `render`'s, its `Output` lines name outputs. */
  tape?: Tape;
  /** The pretest gate, when the scenario has one (else the stage is skipped). */
  pretest?: Omit<PretestOptions, 'command' | 'args' | 'cwd' | 'env' | 'out' | 'outRoot' | 'signal' | 'onDirectory' | 'onProgress'>;
  record?: RecordSettings;
  /**
   * Render settings (they win over a tape's), plus, for a render of its own, the cast, where outputs go,
   * explicit paths, and whether screen.txt and meta.json go beside them (see RenderOptions.sideFiles).
   */
  render?: RenderSettings & { cast?: string; outDir?: string; outputPaths?: Partial<Record<OutputFormat, string>>; sideFiles?: boolean };
  /** With a tape: compare the screens after each tape command with this text golden, or write it (`update`). */
  golden?: { path: string; update: boolean };
  /** What to evaluate (default: the scenario's directory), where evaluation.json goes, and how. */
  evaluate?: { input?: string; out?: string; theme?: string; sample?: SampleSettings; judge?: JudgeSettings; ask?: string };
  /** The quality gate; without one the compare stage is skipped. */
  gate?: ScenarioGate;
  /** Read what can be read of a cast with unreadable lines. @default false */
  lenient?: boolean;
  /** Stops every stage (Ctrl-C); a recording stopped by it is kept. */
  signal?: AbortSignal;
  /** Stops rendering; the CLI passes its second Ctrl-C, so the first still renders what was recorded. @default signal */
  renderSignal?: AbortSignal;
}

/** ScenarioHooks hear what a scenario does; every hook is optional. */
export interface ScenarioHooks {
  /** The scenario's directory, once it exists (before the first stage writes to it). */
  onDirectory?(dir: string): void;
  onStageStart?(stage: ScenarioStage): void;
  onStageEnd?(stage: ScenarioStage, record: StageRecord): void;
  /** A running stage's progress, 0–1, with a note. */
  onProgress?(stage: ScenarioStage, fraction: number, detail?: string): void;
  /** A problem that does not stop the scenario (a skipped cast line, a model near its shutdown), secrets redacted. */
  onWarning?(message: string): void;
  /** The recording is complete (before it is rendered). */
  onRecorded?(recording: RecordResult): void;
  /** What the evaluate stage does: sampling, the judge chosen, the estimate, each call. */
  onEvaluateEvent?(event: EvaluateEvent): void;
}

/** ScenarioOutcome is what a scenario did and how it ended. */
export interface ScenarioOutcome {
  /** The scenario's directory, once known. */
  dir?: string;
  stages: Partial<Record<ScenarioStage, StageRecord>>;
  recording?: RecordResult;
  rendered?: RenderResult;
  /** A tape's text output: the screen after each command. */
  tapeText?: string;
  evaluation?: EvaluateResult;
  scorecard?: ScoreResult;
  comparison?: Comparison;
  /** compare.json, when this run wrote it. */
  comparisonPath?: string;
  report?: ReportResult;
  /** Why the scenario did not pass: its first failure (a stage's error, or the quality gate's). */
  failure?: TermauditError | Error;
  /** The stage that failed (or `compare` for a failed quality gate). */
  failedStage?: ScenarioStage;
  /** The quality gate's failures (minimums, drops, screens, pairwise), each one line. */
  gateFailures: string[];
  /** The same failures counted by kind: below a minimum, dropped against the baseline, …. */
  gateFailureCounts: GateFailureCounts;
}

/**
 * rescoreSettingsOf takes the connection of the scenario's judge for compare's re-scoring of the baseline
 * (the model, prompts and samples are those the current run was scored with); its warnings reach the hooks.
 */
function rescoreSettingsOf(judge: JudgeSettings | undefined, signal: AbortSignal, hooks: ScenarioHooks): RescoreBaselineOptions {
  const { baseURL, apiKey, timeoutMs, maxRetries, maxCost, price, cache, cacheDir } = judge ?? {};
  return {
    baseURL,
    apiKey,
    timeoutMs,
    maxRetries,
    maxCost,
    price,
    cache,
    cacheDir,
    signal,
    onEvent: (event) => {
      if (event.type === 'warning') hooks.onWarning?.(redact(`rescore-baseline: ${event.message}`));
    },
  };
}

/** keptNote adds where a finished recording is to an error of its render. */
function keptNote(message: string, castPath: string | undefined): string {
  return castPath && !message.includes(castPath) ? `${message}; the recording is kept: render it again with \`termaudit render ${castPath}\`` : message;
}

/**
 * checkGolden writes the tape's text to the golden (`update`) or compares it with the golden, returning a
 * QualityGateError (exit 5) with a line diff when they differ.
 */
async function checkGolden(golden: NonNullable<ScenarioPlan['golden']>, text: string, runDir: string): Promise<QualityGateError | undefined> {
  if (golden.update) {
    await mkdir(dirname(golden.path), { recursive: true });
    await writeFileAtomic(golden.path, text);
    return undefined;
  }
  const diff = goldenDiff(await readFile(golden.path, 'utf8'), text);
  if (diff === '') return undefined;
  return new QualityGateError(`the screens differ from the golden ${golden.path} (run with --update-golden to accept them); the recording is kept in ${runDir}\n${diff}`);
}

/** runScenario runs the plan's stages (see the file comment) and returns what they did; it never throws. */
export async function runScenario(plan: ScenarioPlan, hooks: ScenarioHooks = {}): Promise<ScenarioOutcome> {
  const signal = plan.signal ?? new AbortController().signal;
  const outcome: ScenarioOutcome = { dir: plan.dir, stages: {}, gateFailures: [], gateFailureCounts: addGateFailureCounts() };
  /** gateFailed adds a gate's failures (a comparison, or the minimums alone) to the scenario's. */
  const gateFailed = (gate: GateOutcome) => {
    outcome.gateFailures.push(...gate.failures);
    outcome.gateFailureCounts = addGateFailureCounts(outcome.gateFailureCounts, countGateFailures(gate));
  };
  const shaped = plan.tape
    ? tapeRender(plan.tape, plan.render, plan.record)
    : { settings: plan.render ?? {}, outputPaths: plan.render?.outputPaths, castTheme: undefined, terminal: terminalSizeFor(plan.render ?? {}) };
  /** located runs a check of the render settings; a problem with a value from the tape names its line. */
  const located = <T>(check: () => T): T => (plan.tape ? locateTapeProblem(plan.tape, plan.render ?? {}, check) : check());
  const renderSettings: RenderSettings = shaped.settings;
  /**
   * settingsFor is how a cast is drawn: a tape's recording as its tape says; any other cast with the look
   * kept in its meta.json (recorded-look.ts) under the plan's settings, so that re-rendering or evaluating
   * a recording draws it as it was recorded to be drawn.
   */
  const settingsFor = (cast: string): RenderSettings => (plan.tape ? renderSettings : overLook(recordedLook(cast), renderSettings));
  const dirOf = (): string => {
    if (outcome.dir === undefined) throw new TypeError('runScenario: the plan needs a dir for this stage');
    return outcome.dir;
  };
  const castPath = () => plan.render?.cast ?? join(dirOf(), CAST_FILE_NAME);
  /** A stage whose start is told once the directory it makes exists (see announceDirectory). */
  let startingStage: ScenarioStage | undefined;
  /** announceDirectory makes the scenario's directory known to the hooks, then the start of the stage that made it. */
  const announceDirectory = (dir: string) => {
    outcome.dir = dir;
    hooks.onDirectory?.(dir);
    if (startingStage) hooks.onStageStart?.(startingStage);
    startingStage = undefined;
  };
  /** An end of the recording that still lets the render run: a time limit, an interrupt, a failed tape step, a golden that differs. */
  let stopped: TermauditError | Error | undefined;
  let pairwiseError: Error | undefined;

  const hasMinimums = plan.gate?.minScore !== undefined || Object.keys(plan.gate?.minScores ?? {}).length > 0;
  /** hasWork tells whether a planned stage has anything to do: a gate to pretest with, a baseline or minimums to compare with. */
  const hasWork = (stage: ScenarioStage): boolean => {
    if (stage === 'pretest') return plan.pretest !== undefined && plan.target?.command !== undefined;
    if (stage === 'compare') return plan.gate?.baselineDir !== undefined || hasMinimums;
    return true;
  };

  /**
   * What each stage does. The record stage returns `stopped` when the recording ended early (see `stopped`):
   * it failed, but what it recorded is still rendered.
   */
  const stageWork: Record<ScenarioStage, () => Promise<'done' | 'stopped'>> = {
    async pretest() {
      const { command, args, cwd, env } = plan.target!;
      const verdict = await pretest({ ...plan.pretest!, command: command!, args, cwd, env, out: join(dirOf(), PRETEST_DIR_NAME), signal });
      const masked = maskedNote("the pretest's output", 'its logs and the report', verdict.maskedSecrets);
      if (masked) hooks.onWarning?.(masked);
      if (verdict.failure instanceof InterruptedError || signal.aborted) throw new InterruptedError(abortSignalName(signal), `pretest interrupted: ${verdict.reason}`);
      if (verdict.failure) throw new GateClosedError(`the pretest gate is closed: ${verdict.reason}`);
      return 'done';
    },

    async record() {
      const commandLine = plan.target?.command ? [plan.target.command, ...(plan.target.args ?? [])] : [];
      const target: TapeTarget = plan.tape ? tapeTarget(plan.tape, commandLine, plan.target?.env) : { command: commandLine[0], args: commandLine.slice(1), env: plan.target?.env ?? {} };
      const cwd = plan.target?.cwd;
      if (plan.tape) await checkTapePrograms(plan.tape, target, targetEnvironment(process.env, target.env).PATH, resolve(cwd ?? '.'));
      // The render's settings are checked before anything is recorded: a typo never costs a recording.
      // The frame size gives the terminal its size (as VHS does) unless the columns and rows are given.
      const recordSettings = resolveRecordSettings(shaped.terminal, plan.record);
      if (plan.stages.includes('render')) located(() => planLayout(recordSettings.cols, recordSettings.rows, renderSettings));
      // A tape's text output is its screen after each command (not every frame), collected while it runs.
      const screenDumps = plan.tape && (plan.golden || renderSettings.formats?.includes('txt')) ? ([] as string[]) : undefined;
      const theme = located(() => recordingTheme(shaped.castTheme, renderSettings.theme));
      const recording = await record({
        ...plan.record,
        cols: recordSettings.cols,
        rows: recordSettings.rows,
        command: target.command,
        args: target.args,
        cwd,
        env: target.env,
        out: plan.dir,
        theme: castThemeOf(theme),
        render: renderSettings,
        signal,
        drive: plan.tape ? tapeDriver(plan.tape, { render: renderSettings, castTheme: shaped.castTheme, screenDumps, shellPrompt: target.shell }) : undefined,
        onDirectory: announceDirectory,
      });
      outcome.recording = recording;
      const masked = maskedNote('the target', 'the cast and everything made from it', recording.maskedSecrets);
      if (masked) hooks.onWarning?.(masked);
      hooks.onRecorded?.(recording);
      if (screenDumps) outcome.tapeText = formatScreenDumps(screenDumps);
      const kept = `what was recorded until then is kept in ${recording.dir}`;
      if (recording.driveError !== undefined) {
        stopped = recording.driveError instanceof Error ? recording.driveError : new ExecutionError(String(recording.driveError));
        if (stopped instanceof TermauditError) stopped.message += `\n${kept}`;
      } else if (recording.endedBy === 'timeout') {
        const signal = recording.stoppedWith ? ` with ${recording.stoppedWith}` : '';
        stopped = new TimeoutError(`${target.command} was stopped after ${formatDuration(recordSettings.timeoutMs ?? 0)} (timeout)${signal}; ${kept}`);
      } else if (recording.endedBy === 'interrupt') {
        const name = abortSignalName(signal);
        stopped = new InterruptedError(name, `interrupted by ${name}; ${kept}`);
      } else if (plan.golden && outcome.tapeText !== undefined) {
        // The recording itself went well: only the golden's gate may fail.
        stopped = await checkGolden(plan.golden, outcome.tapeText, recording.dir);
        return 'done';
      }
      return stopped ? 'stopped' : 'done';
    },

    async render() {
      const cast = castPath();
      const settings = settingsFor(cast);
      const rendered = await render(cast, {
        ...settings,
        // A tape's inline theme is in the cast header: render takes the cast's theme then.
        theme: shaped.castTheme ? undefined : settings.theme,
        outDir: plan.render?.outDir ?? dirOf(),
        outputPaths: shaped.outputPaths,
        sideFiles: plan.render?.sideFiles,
        lenient: plan.lenient,
        signal: plan.renderSignal ?? signal,
        onProgress: (progress) => hooks.onProgress?.('render', ...describeRenderProgress(progress)),
        onWarning: (message) => hooks.onWarning?.(redact(message)),
      });
      outcome.rendered = rendered;
      if (outcome.tapeText !== undefined && rendered.outputs.txt) await writeFileAtomic(rendered.outputs.txt, outcome.tapeText);
      return 'done';
    },

    async evaluate() {
      const theme = plan.evaluate?.theme ?? (shaped.castTheme ? undefined : renderSettings.theme);
      const onWarning = (message: string) => hooks.onWarning?.(redact(message));
      const emit = (event: EvaluateEvent) => {
        if (event.type === 'warning') onWarning(event.message);
        hooks.onEvaluateEvent?.(event);
      };
      // Settings, key and prompts are checked before anything is read or written.
      const options = { ...plan.evaluate?.judge, ask: plan.evaluate?.ask, lenient: plan.lenient, signal, onEvent: emit };
      const prepared = await prepareEvaluation(options);
      const opened = await openSampleInput(plan.evaluate?.input ?? dirOf(), { lenient: plan.lenient, theme, signal, onWarning });
      const { source } = opened;
      // A cast is drawn, and its times read, as its video was rendered.
      const settings = source.kind === 'cast' ? settingsFor(source.path) : renderSettings;
      const timeline = timelineOf(settings);
      // Where evaluation.json goes is known before sampling, so a scenario of its own can report there from the start.
      const outDir = resolve(plan.evaluate?.out ?? outcome.dir ?? (source.kind === 'cast' ? dirname(source.path) : defaultSampleDir(source)));
      if (outcome.dir === undefined) {
        await mkdir(outDir, { recursive: true });
        announceDirectory(outDir);
      }
      emit({ type: 'start', outDir });
      // An earlier judge's results there are kept beside the new ones (judges/<judge>/), not overwritten.
      const kept = await keepEarlierJudgeResults(outDir, plan.evaluate?.judge ?? {});
      if (kept) emit({ type: 'kept', ...kept });
      // Frames are drawn like the video (theme, layout) on its timeline: what the judge sees is what was rendered.
      // With an output directory of its own (`evaluate -o`), the frames go there too: the input is only read.
      const sampleDir = plan.evaluate?.out !== undefined ? join(outDir, SAMPLE_DIR_NAME) : undefined;
      const sampled = await sample(opened, { ...plan.evaluate?.sample, out: sampleDir, theme, layout: layoutOf(settings), timeline, lenient: plan.lenient, signal, onWarning });
      emit({ type: 'sampled', frames: sampled.frames.length, outDir: sampled.outDir });
      const evaluated = await evaluate(sampled, { ...options, timeline, out: outDir, prepared });
      outcome.evaluation = evaluated;
      // The scorecard is written after partial evaluations too; it never hides the evaluation's own failure.
      const scored = await score(evaluated.path).catch((error: unknown) => ({ error }));
      if (evaluated.failure) throw evaluated.failure;
      if ('error' in scored) throw scored.error;
      outcome.scorecard = scored;
      return 'done';
    },

    async compare() {
      const gate = plan.gate!;
      const minimums = { minScore: gate.minScore, minCriterionScores: gate.minScores };
      const current = outcome.scorecard ?? (await loadScorecard(dirOf()));
      if (gate.baselineDir === undefined) {
        // Compared with itself, a scorecard has no drops and no new issues: the gate's failures are exactly its
        // minimums' (one implementation of the gate).
        gateFailed(compareScorecards(current.scorecard, current.scorecard, minimums));
        return 'done';
      }
      const compared: CompareResult = await compare(gate.baselineDir, dirOf(), {
        ...minimums,
        maxDrop: gate.maxDrop,
        maxDiffPixels: gate.maxDiffPixels,
        maxDiffRatio: gate.maxDiffRatio,
        pairwise: gate.pairwise ? { ...plan.evaluate?.judge, signal } : undefined,
        rescoreBaseline: gate.rescoreBaseline ? rescoreSettingsOf(plan.evaluate?.judge, signal, hooks) : undefined,
        signal,
      });
      pairwiseError = compared.pairwiseError;
      for (const warning of compared.comparison.warnings ?? []) hooks.onWarning?.(redact(warning));
      outcome.comparison = compared.comparison;
      outcome.comparisonPath = compared.path;
      gateFailed(compared.comparison);
      return 'done';
    },

    async report() {
      // The report comes after compare, so that report.html shows the comparison.
      const gate = plan.gate;
      outcome.report = await report(dirOf(), {
        minScore: gate?.minScore,
        // The verdict at the top of report.html is the gate's own: its failures, minimums and whether a failure is expected.
        gate: gate && (gate.baselineDir !== undefined || hasMinimums) ? { failures: outcome.gateFailures, minScore: gate.minScore, minScores: gate.minScores, expectFail: gate.expectFail } : undefined,
      });
      return 'done';
    },
  };

  /** reuse marks a stage kept from an earlier run; a reused comparison still decides the gate. */
  const reuse = async (stage: ScenarioStage) => {
    outcome.stages[stage] = { status: 'reused', durationSeconds: 0 };
    hooks.onStageEnd?.(stage, outcome.stages[stage]);
    if (stage !== 'compare' || !plan.gate) return;
    const previous = await readComparison(join(dirOf(), COMPARE_FILE_NAME));
    if (previous) {
      outcome.comparison = previous;
      gateFailed(previous);
    } else if (hasMinimums) {
      const { scorecard } = await loadScorecard(dirOf());
      gateFailed(compareScorecards(scorecard, scorecard, { minScore: plan.gate.minScore, minCriterionScores: plan.gate.minScores }));
    }
  };

  let current: ScenarioStage | undefined;
  /** The stage whose end stopped the scenario early (the record stage). */
  let stoppedStage: ScenarioStage | undefined;
  try {
    for (const stage of SCENARIO_STAGES) {
      if (plan.reused?.includes(stage)) {
        await reuse(stage);
        continue;
      }
      if (!plan.stages.includes(stage)) continue;
      // After a recording stopped early the render still runs (a video of what was recorded), and after a time
      // limit every later stage: what was recorded is judged, scored and reported, the scenario still a timeout.
      if (stopped !== undefined && stage !== 'render' && !(stopped instanceof TimeoutError)) break;
      // A comparison made in an earlier run must not pass for this one's.
      if (stage === 'compare' && plan.gate?.baselineDir === undefined) await rm(join(dirOf(), COMPARE_FILE_NAME), { force: true });
      if (!hasWork(stage)) continue;
      const stageSignal = stage === 'render' ? (plan.renderSignal ?? signal) : signal;
      if (stageSignal.aborted && stopped !== undefined) break;
      current = stage;
      if (stageSignal.aborted) throw new InterruptedError(abortSignalName(stageSignal), `interrupted before ${stage}`);
      const startedAt = performance.now();
      // A stage that makes the scenario's directory starts, for the hooks, once it exists: reporters write there.
      if (stage === 'record' || outcome.dir === undefined) startingStage = stage;
      else hooks.onStageStart?.(stage);
      let status: StageRecord['status'] = 'failed';
      try {
        status = (await stageWork[stage]()) === 'stopped' ? 'failed' : 'done';
      } catch (error) {
        outcome.failedStage = stage;
        throw error;
      } finally {
        outcome.stages[stage] = { status, durationSeconds: Math.round(performance.now() - startedAt) / 1000 };
        hooks.onStageEnd?.(stage, outcome.stages[stage]);
      }
      if (stopped !== undefined) stoppedStage ??= outcome.failedStage ??= stage;
    }
    if (stopped === undefined && pairwiseError) throw new ExecutionError(`compare: ${pairwiseError.message}`, { cause: pairwiseError });
    if (stopped === undefined && outcome.gateFailures.length > 0) {
      outcome.failedStage = 'compare';
      throw new QualityGateError(`${gateHeadline(outcome.gateFailureCounts)}: ${outcome.gateFailures.map(redact).join('; ')}`);
    }
    if (stopped !== undefined) {
      // A timeout (exit 3) outranks what the later stages found (the worst-exit order): they are said with it.
      if (pairwiseError) stopped.message += `; compare: ${pairwiseError.message}`;
      if (outcome.gateFailures.length > 0) stopped.message += `; its quality gate failed too (${describeGateFailures(outcome.gateFailureCounts)}): ${outcome.gateFailures.join('; ')}`;
      throw stopped;
    }
  } catch (error) {
    outcome.failedStage ??= current;
    let failure = error instanceof Error ? error : new ExecutionError(String(error));
    // A stage that failed after a time limit (the judge, say) does not hide the timeout the scenario ended with.
    if (stopped instanceof TimeoutError && failure !== stopped && !(failure instanceof InterruptedError) && !signal.aborted) {
      const stage = current === undefined ? '' : `${current} `;
      stopped.message += `; then ${stage}failed: ${messageOf(failure)}`;
      failure = stopped;
      outcome.failedStage = stoppedStage;
    }
    // A system error (a full disk, a file that cannot be read) is worded here, so that the redaction below applies to it.
    if (isSystemError(failure)) failure = restate(failure, messageOf(failure));
    // An error that follows an interrupt (a killed target, an aborted encoder) is the interrupt.
    if (signal.aborted && !(failure instanceof InterruptedError) && !(failure instanceof TimeoutError)) {
      const name = abortSignalName(signal);
      failure = new InterruptedError(name, `interrupted by ${name} during ${outcome.failedStage ?? 'the scenario'}`);
    }
    // A render that failed after this scenario recorded: the recording is still there to render again.
    if (outcome.recording && outcome.failedStage === 'render' && failure instanceof TermauditError) failure.message = keptNote(failure.message, outcome.recording.castPath);
    failure.message = redact(failure.message);
    outcome.failure = failure;
  }
  for (const stage of plan.stages) {
    if (outcome.stages[stage] === undefined) {
      outcome.stages[stage] = { status: 'skipped', durationSeconds: 0 };
      hooks.onStageEnd?.(stage, outcome.stages[stage]);
    }
  }
  return outcome;
}
