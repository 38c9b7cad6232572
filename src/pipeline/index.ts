/**
 * The pipeline stage: a YAML file lists scenarios (a command, how to judge it, what gate it must pass);
 * `loadPipeline` validates and resolves it (config.ts), `runPipeline` runs every scenario through pretest →
 * record → render → evaluate → compare → report in parallel and writes the run summary (run.ts,
 * summary.ts), and `mergeRuns` joins the run directories of shards (merge.ts). It hands CI a run directory
 * with one scenario directory each, a summary scorecard.json, report.html and junit.xml.
 */
export { loadPipeline, parsePipelineText, redactSecrets, type PipelineParseOptions } from './config.js';
export { runPipeline, resolveRunDirectory, pipelineDirOf, type RunPipelineOptions, type RunPipelineResult } from './run.js';
export { runPipelineScenario, type EvaluateOverrides, type ScenarioRunContext, type ScenarioStageStatus } from './run-scenario.js';
export { defaultWorkers, newRunId, selectScenarios, stageNamesOf, stageRuns, reusedOutputs, scenarioEndOf, BASELINE_DIR_NAME, type ScenarioRun } from './run-plan.js';
export { baselineRootOf, findScenarioBaseline, promoteBaseline, type BaselineChoice } from './run-baseline.js';
export { summarizeRun, writeRunSummary, readRunSummary, updateLatestLink, worstExitCode, formatRunTable, LATEST_LINK_NAME, type RunSummaryFiles } from './summary.js';
export { mergeRuns, planMerge, type MergeOptions, type MergeResult } from './merge.js';
export { parseShard, selectShard, formatShard, type Shard } from './shard.js';
export * from './types.js';
