/**
 * The pipeline stage: a YAML file lists scenarios (a command, how to judge it, what gate it must pass);
 * `loadPipeline` validates and resolves it (config.ts), `runPipeline` runs every scenario through pretest →
 * record → render → evaluate → compare → report in parallel and writes the run summary (run.ts,
 * summary.ts), and `mergeRuns` joins the run directories of shards (merge.ts). It hands CI a run directory
 * with one scenario directory each, a summary scorecard.json, report.html and junit.xml.
 */
export { loadPipeline } from './config.js';
export { runPipeline, type RunPipelineOptions, type RunPipelineResult } from './run.js';
export { mergeRuns } from './merge.js';
export * from './types.js';
