/**
 * termaudit as a library: the stages, the scenario that composes them, the pipeline runner, their options and
 * results, the settings each stage resolves, and the errors. The CLI (`termaudit`) is a thin layer over these.
 */
export { ExitCode, exitCodeOf, TermauditError, ConfigError, ExecutionError, TimeoutError, InterruptedError, QualityGateError, GateClosedError } from './errors.js';

export { resolveRecordSettings, RECORD_DEFAULTS, type RecordSettings } from './record/record-settings.js';
export { resolveRenderSettings, RENDER_DEFAULTS, outputFormats, type OutputFormat, type RenderSettings } from './render/render-settings.js';
export { resolveSampleSettings, SAMPLE_DEFAULTS, type SampleSettings } from './sample/sample-settings.js';
export type { SampleStrategy } from './sample/frame-planner.js';
export { resolveJudgeSettings, JUDGE_DEFAULTS, DEFAULT_MODEL, type JudgeChoice, type JudgeSettings } from './evaluate/judge-settings.js';

export { pretest, type PretestOptions, type PretestResult } from './pretest/index.js';
export { record, type RecordOptions, type RecordResult } from './record/index.js';
export { describeRecordingEnd, type RecordEnd, type RecordingEnd } from './record/recording-end.js';
export { render, type RenderOptions, type RenderResult, type RenderProgress } from './render/index.js';
export type { MissingGlyph } from './render/missing-glyphs.js';
export { sample, type SampleOptions, type SampleResult, type SampledFrame } from './sample/index.js';
export { evaluate, type EvaluateOptions, type EvaluateResult, type EvaluateEvent, type EvaluationDocument } from './evaluate/index.js';
export { score, loadScorecard, type ScoreOptions, type ScoreResult, type Scorecard } from './score/index.js';
export { compare, type CompareOptions, type CompareResult, type Comparison } from './compare/index.js';
export { report, historyReport, type ReportOptions, type ReportResult } from './report/index.js';

export { runScenario, SCENARIO_STAGES, type ScenarioPlan, type ScenarioHooks, type ScenarioOutcome, type ScenarioStage } from './scenario/index.js';
export { loadPipeline, runPipeline, mergeRuns, type PipelineConfig, type ScenarioConfig, type RunPipelineOptions, type RunPipelineResult, type RunSummary, type ScenarioResult } from './pipeline/index.js';
