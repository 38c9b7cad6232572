/**
 * Merging shards: `termaudit run --shard i/n` on n machines writes n run directories of one pipeline;
 * `mergeRuns` joins them into one run directory (the scenario directories copied side by side) with one
 * summary, report.html and junit.xml, as if the run had not been split. Inputs are checked before anything
 * is written: same pipeline file (name and sha256), one shard count, no scenario twice. A shard that is not
 * among the inputs does not pass unnoticed: its scenarios (read from the pipeline file when it is at hand
 * and unchanged, else the shard itself) are listed as `missing`, and fail the merged run with exit 2
 * unless the merge allows it (`--allow-incomplete`).
 */
import { cp, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError, ExitCode } from '../errors.js';
import { LOCK_FILE_NAME, lockDirectory } from '../record/run-directory.js';
import { sha256Hex } from '../hash.js';
import { scenarioNamesOf } from './config.js';
import { compareNames, formatShard, selectShard, type Shard } from './shard.js';
import { LATEST_LINK_NAME, readRunSummary, summarizeRun, updateLatestLink, writeRunSummary } from './summary.js';
import type { RunSummary, ScenarioResult } from './types.js';

/** MergeOptions controls where the merged run goes. */
export interface MergeOptions {
  /** The merged run directory; must not exist or be empty. @default `<pipeline dir>/<first input's run id>-merged`, beside the first input */
  out?: string;
  /** Accept missing shards: their scenarios are listed as missing without failing the merged run. @default false (they fail it with exit 2) */
  allowIncomplete?: boolean;
  /** Receives each warning (missing shards). */
  onWarning?: (message: string) => void;
}

/** MergeResult is the merged run directory, its summary, and what was said along the way. */
export interface MergeResult {
  runDir: string;
  summary: RunSummary;
  warnings: string[];
  /** `<pipeline dir>/latest`, when it was pointed at the merged run (the merged run sits beside an input). */
  latest?: string;
}

/** MergePlanOptions are what planMerge knows besides the summaries. */
export interface MergePlanOptions {
  /** The pipeline's scenario names, when its file is at hand and unchanged: a missing shard's scenarios are named. @default unknown */
  scenarioNames?: readonly string[];
  /** See MergeOptions.allowIncomplete. @default false */
  allowIncomplete?: boolean;
}

/** MergePlan is what planMerge decided from the input summaries alone. */
export interface MergePlan {
  pipeline: RunSummary['pipeline'];
  /**
   * Every input's scenarios and those of the missing shards, sorted by name (the order shards are dealt in),
   * with the input each comes from (none for a missing one).
   */
  scenarios: { result: ScenarioResult; from?: number }[];
  shards?: Shard[];
  complete: boolean;
  createdAt: string;
  finishedAt?: string;
  warnings: string[];
}


/** missingResult is the summary entry of a scenario (or, its names unknown, a whole shard) that a merge lacks. */
export function missingResult(name: string, shard: Shard, allowIncomplete: boolean): ScenarioResult {
  const allowed = allowIncomplete ? ' (allowed by --allow-incomplete)' : '; run that shard again and merge it, or merge with --allow-incomplete';
  return {
    name,
    status: 'missing',
    exitCode: allowIncomplete ? ExitCode.success : ExitCode.execution,
    reason: `shard ${formatShard(shard)} was not merged: no run directory of it was given, so this has no result${allowed}`,
    dir: name,
    stages: {},
    shard: { index: shard.index, count: shard.count },
  };
}

/**
 * isCompleteInput tells whether an input lacks nothing but shards: it is complete, or it is an earlier
 * merge made incomplete only by its missing shards (which this merge decides about again).
 */
function isCompleteInput(summary: RunSummary): boolean {
  const statuses = summary.scenarios.map((scenario) => scenario.status);
  return summary.complete || (statuses.includes('missing') && !statuses.includes('not-run') && !statuses.includes('interrupted'));
}

/**
 * planMerge checks that the summaries can be merged and plans the merged summary (a pure function):
 * `labels` name the inputs in errors. Throws ConfigError for different pipelines, different shard counts,
 * or a scenario in two inputs. The merge is complete when every input is and every shard 1..n is present;
 * each missing shard adds its scenarios (or, their names unknown, itself) as `missing` entries, and a
 * warning. Missing entries of an input (an earlier incomplete merge) are dropped: the shards decide again.
 */
export function planMerge(summaries: readonly RunSummary[], labels: readonly string[], options: MergePlanOptions = {}): MergePlan {
  if (summaries.length === 0) throw new ConfigError('merge: give at least one run directory');
  const first = summaries[0]!;
  summaries.forEach((summary, index) => {
    if (summary.pipeline.name !== first.pipeline.name || summary.pipeline.sha256 !== first.pipeline.sha256) {
      throw new ConfigError(
        `merge: ${labels[index]} is a run of pipeline "${summary.pipeline.name}" (sha256 ${summary.pipeline.sha256.slice(0, 12)}) but ${labels[0]} is of "${first.pipeline.name}" (sha256 ${first.pipeline.sha256.slice(0, 12)}); merge only shards of the same pipeline file`,
      );
    }
  });

  const owner = new Map<string, number>();
  const scenarios: MergePlan['scenarios'] = [];
  summaries.forEach((summary, index) => {
    for (const result of summary.scenarios) {
      if (result.status === 'missing') continue;
      const previous = owner.get(result.name);
      if (previous !== undefined) {
        throw new ConfigError(`merge: scenario "${result.name}" is in both ${labels[previous]} and ${labels[index]}; merge each shard once`);
      }
      if (isAbsolute(result.dir) || result.dir.split(/[\\/]/).includes('..')) {
        throw new ConfigError(`merge: ${labels[index]}: scenario "${result.name}" has directory "${result.dir}", outside its run directory`);
      }
      owner.set(result.name, index);
      scenarios.push({ result, from: index });
    }
  });

  const warnings: string[] = [];
  const shardList = summaries.flatMap((summary) => summary.shards ?? []);
  let shards: Shard[] | undefined;
  let allShardsPresent = true;
  if (shardList.length > 0) {
    const count = shardList[0]!.count;
    const other = shardList.find((shard) => shard.count !== count);
    if (other) throw new ConfigError(`merge: the runs were split differently (shard ${formatShard(shardList[0]!)} and shard ${formatShard(other)}); merge shards of one split`);
    const indexes = [...new Set(shardList.map((shard) => shard.index))].sort((a, b) => a - b);
    shards = indexes.map((index) => ({ index, count }));
    const missing = Array.from({ length: count }, (_, position) => position + 1).filter((index) => !indexes.includes(index));
    const consequence = options.allowIncomplete
      ? 'the merged run is incomplete (--allow-incomplete)'
      : 'the merged run is incomplete and fails with exit 2; merge with --allow-incomplete to accept that';
    for (const index of missing) {
      const shard = { index, count };
      const names = options.scenarioNames && selectShard(options.scenarioNames, shard);
      if (names?.length === 0) continue; // more shards than scenarios: this one had nothing to run
      allShardsPresent = false;
      const results = names ? names.map((name) => missingResult(name, shard, options.allowIncomplete ?? false)) : [missingResult(`shard ${formatShard(shard)}`, shard, options.allowIncomplete ?? false)];
      scenarios.push(...results.map((result) => ({ result })));
      const which = names ? `scenarios ${names.join(', ')}` : `its scenarios are unknown: ${first.pipeline.path} is not here or has changed`;
      warnings.push(`shard ${formatShard(shard)} missing (${which}): ${consequence}`);
    }
  }
  scenarios.sort((a, b) => compareNames(a.result.name, b.result.name));
  const finishedTimes = summaries.map((summary) => summary.finishedAt);
  const byTime = (a: string, b: string) => Date.parse(a) - Date.parse(b);
  return {
    pipeline: first.pipeline,
    scenarios,
    shards,
    complete: allShardsPresent && summaries.every(isCompleteInput),
    createdAt: summaries.map((summary) => summary.createdAt).sort(byTime)[0]!,
    finishedAt: finishedTimes.every((time): time is string => time !== undefined) ? finishedTimes.sort(byTime).at(-1) : undefined,
    warnings,
  };
}

/**
 * readScenarioNames reads the scenario names of the pipeline the shards ran, from its file when it is where
 * they ran it and unchanged (same sha256); undefined otherwise (then a missing shard is named by its number).
 */
async function readScenarioNames(pipeline: RunSummary['pipeline']): Promise<string[] | undefined> {
  const text = await readFile(pipeline.path, 'utf8').catch(() => undefined);
  return text !== undefined && sha256Hex(text) === pipeline.sha256 ? scenarioNamesOf(text) : undefined;
}

/** isEmptyOrMissing tells whether a directory can receive the merged run. */
async function isEmptyOrMissing(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : undefined));
  return entries !== undefined && entries.every((entry) => entry === LOCK_FILE_NAME);
}

/**
 * mergeRuns merges shard run directories into one: reads and checks each summary (planMerge), copies
 * every scenario directory into the merged run directory, writes the merged summary with its report.html
 * and junit.xml, and points `<pipeline dir>/latest` at it when it sits beside the inputs. Throws
 * ConfigError for an unreadable summary, a mismatch, or an output directory that is not empty.
 */
export async function mergeRuns(runDirs: readonly string[], options: MergeOptions = {}): Promise<MergeResult> {
  const inputs = runDirs.map((dir) => resolve(dir));
  if (inputs.length === 0) throw new ConfigError('merge: give at least one run directory');
  const summaries: RunSummary[] = [];
  for (const dir of inputs) summaries.push(await readRunSummary(dir));
  const pipeline = summaries[0]!.pipeline;
  const plan = planMerge(summaries, inputs, { scenarioNames: await readScenarioNames(pipeline), allowIncomplete: options.allowIncomplete });
  for (const warning of plan.warnings) options.onWarning?.(warning);

  const runDir = resolve(options.out ?? join(dirname(inputs[0]!), `${summaries[0]!.runId}-merged`));
  if (inputs.includes(runDir)) throw new ConfigError(`merge: the output ${runDir} is one of the inputs; choose another with -o`);
  const notEmpty = `merge: ${runDir} already exists and is not empty; remove it or choose another with -o`;
  if (!(await isEmptyOrMissing(runDir))) throw new ConfigError(notEmpty);
  await mkdir(runDir, { recursive: true });
  // Held while it is written: of two merges into one directory at once, one is refused and the other's files are untouched.
  const release = await lockDirectory(runDir, `merge: ${runDir} is being written by another termaudit merge`);
  try {
    if (!(await isEmptyOrMissing(runDir))) throw new ConfigError(notEmpty);
    return await writeMergedRun(runDir, inputs, plan);
  } finally {
    await release();
  }
}

/** writeMergedRun copies the scenarios of a merge plan into its (held, empty) run directory and writes the merged summary. */
async function writeMergedRun(runDir: string, inputs: string[], plan: MergePlan): Promise<MergeResult> {

  for (const { result, from } of plan.scenarios) {
    if (from === undefined) continue; // missing: nothing to copy
    const source = resolve(inputs[from]!, result.dir);
    // A scenario that never started (not-run) may have no directory.
    if (!(await stat(source).catch(() => undefined))?.isDirectory()) continue;
    await cp(source, resolve(runDir, result.dir), { recursive: true, verbatimSymlinks: true, errorOnExist: true, force: false });
  }

  const summary = summarizeRun({
    config: plan.pipeline,
    runId: basename(runDir),
    createdAt: plan.createdAt,
    finishedAt: plan.finishedAt,
    shards: plan.shards,
    scenarios: plan.scenarios.map(({ result }) => result),
    complete: plan.complete,
  });
  await writeRunSummary(runDir, summary);

  // `latest` belongs to a pipeline directory: only update it when the merged run is in one (beside an input).
  const pipelineDir = dirname(runDir);
  let latest: string | undefined;
  if (inputs.some((input) => dirname(input) === pipelineDir)) {
    await updateLatestLink(pipelineDir, runDir);
    latest = join(pipelineDir, LATEST_LINK_NAME);
  }
  return { runDir, summary, warnings: plan.warnings, latest };
}
