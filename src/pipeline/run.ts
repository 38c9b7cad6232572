/**
 * `runPipeline` runs a pipeline's scenarios, up to `workers` at once (a p-queue), each in its own directory
 * of the run (`<outRoot>/<pipeline>/<run id>/<scenario>/`, see run-scenario.ts), then writes the run summary
 * (scorecard.json, report.html, junit.xml), points `<outRoot>/<pipeline>/latest` at the run and, when asked,
 * promotes the run to the pipeline's baseline. Everything that can be wrong with the settings (a tape with
 * errors, a missing baseline, a `--from` run without the outputs it reuses) is checked before anything runs.
 * An abort stops every running scenario, keeps what was recorded, marks the waiting ones not-run and still
 * writes the (incomplete) summary.
 */
import { selectPrompts } from '../evaluate/profiles.js';
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import PQueue from 'p-queue';
import { ConfigError, ExecutionError, ExitCode, messageOf, restate, type TermauditError } from '../errors.js';
import { claimNewDirectory, lockDirectory } from '../record/run-directory.js';
import { loadRunnableTape } from '../tape/runner/tape-recording.js';
import type { Tape } from '../tape/tape-types.js';
import { addSecrets, redact } from '../secrets.js';
import { baselineRootOf, findScenarioBaseline, promoteBaseline } from './run-baseline.js';
import { applyExpectation, defaultWorkers, newRunId, notRunResult, RUN_ID_PATTERN, reusedOutputs, selectScenarios, type ScenarioRun } from './run-plan.js';
import { runPipelineScenario, type EstimateEvent, type EvaluateOverrides, type ScenarioStageStatus } from './run-scenario.js';
import type { Shard } from './shard.js';
import { LATEST_LINK_NAME, readRunSummary, summarizeRun, updateLatestLink, writeRunSummary, type RunSummaryFiles } from './summary.js';
import { SCENARIO_STAGES, RUN_SUMMARY_FILE_NAME, type PipelineConfig, type ScenarioStage, type RunSummary, type ScenarioConfig } from './types.js';

/** RunPipelineOptions configure one run of a pipeline. */
export interface RunPipelineOptions {
  /** Scenarios run at once. @default Math.max(1, os.availableParallelism()) (see defaultWorkers) */
  workers?: number;
  /** The first stage to run; the earlier ones reuse the outputs of the run named by `run`. @default 'pretest' */
  from?: ScenarioStage;
  /** With `from`: the run to continue, a run id of this pipeline or a run directory. @default the `latest` run */
  run?: string;
  /** The id of a new run (shards of one CI run share it). @default the start time, yyyymmdd-hhmmss UTC */
  runId?: string;
  /** A run (or baseline) directory whose scenario directories are the baselines. @default each scenario's gate.baseline, else `<outRoot>/<pipeline>/baseline` when it exists */
  baseline?: string;
  /** Copy the scenarios that passed into `<outRoot>/<pipeline>/baseline` afterwards. @default false */
  updateBaseline?: boolean;
  /** Run only this share of the scenarios. @default undefined (all) */
  shard?: Shard;
  /** Judge settings that replace every scenario's. @default {} */
  overrides?: EvaluateOverrides;
  /** Aborting stops every scenario (Ctrl-C); the summary is written with `complete: false`. */
  signal?: AbortSignal;
  /** Called once the run directory exists, before any scenario starts. */
  onRunDirectory?: (runDir: string) => void;
  /** Called when a scenario's stage starts or ends. */
  onStage?: (scenario: string, stage: ScenarioStage, status: ScenarioStageStatus) => void;
  /** Called with a scenario's cost estimate, before its paid judge calls are sent (not for the heuristic judge, which costs nothing). */
  onEstimate?: (scenario: string, estimate: EstimateEvent) => void;
  /** Called with notes worth showing (a baseline without this scenario, a baseline promoted). */
  onNote?: (message: string) => void;
  /** Hears the stages' warnings (e.g. a model near its shutdown date), each once per run, secrets redacted. */
  onWarning?: (message: string) => void;
  /** The clock, for the run id and the summary's times. @default () => new Date() */
  now?: () => Date;
}

/** RunPipelineResult is what a run produced. */
export interface RunPipelineResult {
  runDir: string;
  runId: string;
  summary: RunSummary;
  files: RunSummaryFiles;
  /** The baseline directory, when `updateBaseline` promoted the run. */
  baselineDir?: string;
  /** Why the run did not pass: its worst scenario's error, worded for the whole run (its exit code is the summary's). */
  failure?: TermauditError;
}

/** pipelineDirOf is where a pipeline's runs go: `<outRoot>/<pipeline name>`. */
export function pipelineDirOf(config: PipelineConfig): string {
  return join(resolve(config.outRoot), config.name);
}

/**
 * resolveRunDirectory finds an existing run of the pipeline: a run id, a directory path, or (undefined) the
 * `latest` run. Throws ConfigError when there is none.
 */
export async function resolveRunDirectory(pipelineDir: string, run: string | undefined): Promise<string> {
  if (run === undefined) {
    const latest = join(pipelineDir, LATEST_LINK_NAME);
    if (!existsSync(latest)) throw new ConfigError(`--from: no earlier run of this pipeline (${latest} does not exist); run it once without --from, or name one with --run`);
    return realpath(latest);
  }
  const byId = join(pipelineDir, run);
  const dir = RUN_ID_PATTERN.test(run) && existsSync(byId) ? byId : resolve(run);
  if (!existsSync(dir)) throw new ConfigError(`--run: no run "${run}" (neither ${byId} nor ${resolve(run)} exists)`);
  return realpath(dir);
}

/**
 * loadTapes loads the scenarios' tapes before anything runs, so a tape with errors fails first. A run from a
 * later stage needs them too: a tape's settings (font size, size, theme, outputs) shape render and sampling.
 */
async function loadTapes(scenarios: readonly ScenarioConfig[]): Promise<Map<string, Tape>> {
  const tapes = new Map<string, Tape>();
  for (const scenario of scenarios) if (scenario.tape !== undefined) tapes.set(scenario.name, await loadRunnableTape(scenario.tape));
  return tapes;
}

/**
 * checkPromptSelections loads each scenario's prompts and applies its criterion switches before anything
 * runs, so a switch naming no criterion of its prompts is reported (exit 1) before a recording is made,
 * not after it.
 */
async function checkPromptSelections(config: PipelineConfig, scenarios: readonly ScenarioConfig[]): Promise<void> {
  const problems: string[] = [];
  for (const scenario of scenarios) {
    const where = `${config.path}: scenario ${scenario.name}: evaluate`;
    await selectPrompts(scenario.evaluate, { prompts: `${where}.prompts`, criteria: `${where}.criteria` }).catch((error: unknown) => {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
    });
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)].join('\n'));
}

/**
 * checkContinuedRun throws ConfigError, before anything is written, for a run a `--from` re-run cannot
 * continue: one of another pipeline, or one without the outputs the earlier stages left.
 */
async function checkContinuedRun(config: PipelineConfig, scenarios: readonly ScenarioConfig[], runDir: string, from: ScenarioStage): Promise<void> {
  const summaryPath = join(runDir, RUN_SUMMARY_FILE_NAME);
  const earlier = existsSync(summaryPath) ? (await readRunSummary(runDir)).pipeline : undefined;
  if (earlier && earlier.name !== config.name) {
    throw new ConfigError(`--run: run ${basename(runDir)} is a run of pipeline "${earlier.name}" (${earlier.path}), not of "${config.name}" (${config.path}); nothing was changed`);
  }
  for (const scenario of scenarios) {
    const missing = reusedOutputs(scenario, join(runDir, scenario.name), from).find((file) => !existsSync(file));
    if (missing !== undefined) {
      throw new ConfigError(`--from ${from}: scenario ${scenario.name} has no ${missing} to reuse (did that stage pass in run ${basename(runDir)}?); start earlier with --from, or run without it`);
    }
  }
}

/** runPipeline runs the pipeline's scenarios (see the file comment) and returns the summary and where it is. */
export async function runPipeline(config: PipelineConfig, options: RunPipelineOptions = {}): Promise<RunPipelineResult> {
  const now = options.now ?? (() => new Date());
  const from = options.from ?? 'pretest';
  if (!SCENARIO_STAGES.includes(from)) throw new ConfigError(`--from: unknown stage "${from}" (choose from ${SCENARIO_STAGES.join(', ')})`);
  const workers = options.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1) throw new ConfigError(`--workers: expected a whole number of at least 1, got ${workers}`);
  if (options.runId !== undefined && (!RUN_ID_PATTERN.test(options.runId) || options.runId === LATEST_LINK_NAME || options.runId === 'baseline')) {
    throw new ConfigError(`--run-id: "${options.runId}" is not a usable directory name (letters, digits, ".", "_" and "-"; not "latest" or "baseline")`);
  }
  if (options.run !== undefined && from === 'pretest') throw new ConfigError('--run: names the run that --from continues; add --from <stage> (e.g. --from evaluate)');
  const continuing = from !== 'pretest';
  if (continuing && options.runId !== undefined) throw new ConfigError('--run-id: a --from re-run continues an existing run; name it with --run instead');

  const signal = options.signal ?? new AbortController().signal;
  const scenarios = selectScenarios(config, options.shard);
  const pipelineDir = pipelineDirOf(config);
  const createdAt = now();
  let runDir = continuing ? await resolveRunDirectory(pipelineDir, options.run) : join(pipelineDir, options.runId ?? newRunId(createdAt));
  const tapes = await loadTapes(scenarios);
  await checkPromptSelections(config, scenarios);
  if (continuing) await checkContinuedRun(config, scenarios, runDir, from);
  const baselines = new Map(scenarios.map((scenario) => [scenario.name, findScenarioBaseline(baselineRootOf(scenario, options.baseline, pipelineDir), scenario.name)]));
  addSecrets(config.scenarios.flatMap((scenario) => scenario.secrets));

  // A new run claims its directory atomically; any run holds it with a lock while it writes: two runs of one
  // id (or two re-runs of one run) started together never write over each other.
  if (!continuing) runDir = await claimRunDirectory(runDir, options.runId !== undefined);
  const runId = basename(runDir);
  const release = await lockDirectory(runDir, `run ${runId} (${runDir}) is being written by another termaudit run`);
  try {
    return await runScenarios(config, options, { runDir, runId, createdAt, scenarios, tapes, baselines, from, signal, pipelineDir, now, workers });
  } finally {
    await release();
  }
}

/** RunContext is what runPipeline resolved and checked before the scenarios run. */
interface RunContext {
  runDir: string;
  runId: string;
  createdAt: Date;
  scenarios: ScenarioConfig[];
  tapes: Map<string, Tape>;
  baselines: Map<string, { dir?: string; note?: string }>;
  from: ScenarioStage;
  signal: AbortSignal;
  pipelineDir: string;
  now: () => Date;
  workers: number;
}

/**
 * claimRunDirectory claims a new run's directory: a run id given by the user must be new (ConfigError
 * otherwise); an id made from the start time gets `-2`, `-3`, … when another run started in the same second.
 */
async function claimRunDirectory(runDir: string, named: boolean): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const dir = attempt === 1 ? runDir : `${runDir}-${attempt}`;
    const runId = basename(dir);
    const taken = `run ${runId} already exists (${dir}); choose another --run-id, give each shard its own --out-root, or re-run stages of it with --from <stage> --run ${runId}`;
    try {
      await claimNewDirectory(dir, taken);
      return dir;
    } catch (error) {
      if (named || !(error instanceof ConfigError)) throw error;
    }
  }
}

/** runScenarios runs the scenarios of a claimed run directory and writes the run's summary. */
async function runScenarios(config: PipelineConfig, options: RunPipelineOptions, context: RunContext): Promise<RunPipelineResult> {
  const { runDir, runId, createdAt, scenarios, tapes, baselines, from, signal, pipelineDir, now, workers } = context;
  options.onRunDirectory?.(runDir);
  for (const choice of baselines.values()) if (choice.note) options.onNote?.(redact(choice.note));

  const runs: ScenarioRun[] = [];
  const warned = new Set<string>();
  const queue = new PQueue({ concurrency: workers });
  scenarios.forEach((scenario, index) => {
    void queue.add(async () => {
      if (signal.aborted) {
        runs[index] = notRunResult(scenario, 'the run was interrupted before this scenario started');
        return;
      }
      const run = await runPipelineScenario(scenario, {
        dir: join(runDir, scenario.name),
        from,
        tape: tapes.get(scenario.name),
        baselineDir: baselines.get(scenario.name)?.dir,
        pipeline: config,
        overrides: options.overrides ?? {},
        signal,
        onStage: (stage, status) => options.onStage?.(scenario.name, stage, status),
        onEstimate: (estimate) => options.onEstimate?.(scenario.name, estimate),
        onNote: (message) => options.onNote?.(redact(message)),
        // The same warning from every scenario (say, the model's shutdown date) is said once.
        onWarning: (message) => {
          if (warned.has(message)) return;
          warned.add(message);
          options.onWarning?.(message);
        },
      }).catch((error: unknown): ScenarioRun => {
        // runPipelineScenario turns every stage error into a status; this only catches a bug in it.
        const failure = restate(error, redact(messageOf(error)));
        return { result: { ...notRunResult(scenario, failure.message).result, status: 'failed', exitCode: failure.exitCode }, failure };
      });
      runs[index] = applyExpectation(run, scenario.expect);
    });
  });
  await queue.onIdle();

  const interrupted = signal.aborted;
  const results = runs.map((run) => run.result);
  const summary = summarizeRun({
    config: { name: config.name, path: config.path, sha256: config.sha256 },
    runId,
    createdAt: createdAt.toISOString(),
    finishedAt: now().toISOString(),
    ...(options.shard ? { shards: [options.shard] } : {}),
    scenarios: results,
    complete: !interrupted && results.every((result) => result.status !== 'not-run'),
  });
  const files = await writeRunSummary(runDir, summary);
  // `latest` points at runs of this pipeline's directory only (a --run elsewhere is not its newest run).
  const realDir = async (dir: string) => realpath(dir).catch(() => resolve(dir));
  if (dirname(await realDir(runDir)) === (await realDir(pipelineDir))) await updateLatestLink(pipelineDir, runDir);
  let baselineDir: string | undefined;
  if (options.updateBaseline && !interrupted) {
    baselineDir = await promoteBaseline(pipelineDir, runDir, results);
    const promoted = results.filter((result) => result.status === 'passed').map((result) => result.name);
    options.onNote?.(`baseline: ${baselineDir} now holds ${promoted.length === 0 ? 'no scenario of this run (none passed)' : promoted.join(', ')} from run ${runId}`);
  }
  const failure = runFailure(runs, summary, files.html);
  return { runDir, runId, summary, files, ...(baselineDir ? { baselineDir } : {}), ...(failure ? { failure } : {}) };
}

/** runFailure is the error a run ends with when some scenario did not pass: the worst scenario's, said for the run. */
function runFailure(runs: readonly ScenarioRun[], summary: RunSummary, reportPath: string): TermauditError | undefined {
  const failing = runs.filter((run) => run.result.status !== 'passed');
  const worst = failing.find((run) => run.result.exitCode === summary.exitCode) ?? failing[0];
  if (summary.exitCode === ExitCode.success || !worst) return undefined;
  const list = failing.map((run) => `${run.result.name}: ${run.result.status}`).join(', ');
  return restate(worst.failure ?? new ExecutionError(list), `${failing.length} of ${summary.scenarios.length} scenarios did not pass (${list}); see ${reportPath}`);
}
