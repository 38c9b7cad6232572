/**
 * termaudit as a library: the stages and their options. The CLI (`termaudit`) is a thin layer over these.
 */
export { ExitCode, TermauditError, ConfigError, ExecutionError, TimeoutError, InterruptedError, QualityGateError } from './errors.js';
export { parseDuration, formatDuration } from './duration.js';
export type { CastHeader, CastEvent, CastEventCode, CastTheme } from './asciicast/types.js';
export { readCast, summarizeCast, type CastReadOptions, type CastSummary } from './asciicast/cast-reader.js';
export { record, type RecordOptions, type RecordResult } from './record/index.js';
export { recordAndRender, type RecordAndRenderOptions, type RecordAndRenderResult } from './record/record-and-render.js';
export { render, outputFormats, type OutputFormat, type RenderOptions, type RenderResult, type RenderProgress, type RenderSettings } from './render/index.js';
export { loadTheme, builtInThemeNames, type Theme } from './render/theme.js';
export type { ScreenSnapshot } from './render/screen.js';
export { pretest, pretestDefaults, PRETEST_REPORT_FILE_NAME } from './pretest/index.js';
export type { PretestOptions, PretestResult } from './pretest/pretest-options.js';
export { judgeGate } from './pretest/judge-gate.js';
export { runDemo } from './demo/index.js';
export { planDemo } from './demo/plan.js';
export { StatusReporter, STATUS_FILE_NAME } from './automation/status-reporter.js';
export { sample, resolveSampleInput, renderSnapshotPng, FRAMES_FILE_NAME } from './sample/index.js';
export type { SampleOptions, SampleResult, SampledFrame, SampleSource, SampleStrategy } from './sample/index.js';
export { evaluate, chooseJudge, EVALUATION_FILE_NAME, DEFAULT_MODEL } from './evaluate/index.js';
export type { EvaluateOptions, EvaluateResult, EvaluateEvent, EvaluationDocument, JudgeChoice, CallRecord } from './evaluate/index.js';
export { loadPrompt, loadPrompts, DEFAULT_PROMPTS_DIR } from './evaluate/prompts.js';
export { createOpenAIJudge, type OpenAIJudgeOptions } from './evaluate/openai-judge.js';
export { createHeuristicJudge, HEURISTIC_CRITERIA, type HeuristicJudgeOptions } from './evaluate/heuristic/index.js';
export { MODELS, findModel, imageTokens, apiImageSize, estimateEvaluationCost, type ModelInfo } from './evaluate/models.js';
export { ResponseCache } from './evaluate/response-cache.js';
export type { Judge, JudgeAnswer, JudgeFrame, JudgeRequest, JudgeResult, JudgeUsage, RubricPrompt, RubricCriterion, CriterionAnswer, JudgeIssue, Evidence } from './evaluate/types.js';
export { score, loadScorecard, buildScorecard, validateScorecard, SCORECARD_FILE_NAME, SCORECARD_VERSION } from './score/index.js';
export type { Scorecard, CriterionScore, ScorecardIssue, ScorecardFrame, ScoreOptions, ScoreResult } from './score/index.js';
export { report, historyReport, renderHtmlReport, renderMarkdownReport, renderJunitReport, type ReportOptions, type ReportResult } from './report/index.js';
export { compare, compareScorecards, comparePairwise, COMPARE_FILE_NAME, type CompareOptions, type CompareResult, type Comparison } from './compare/index.js';
export { diffScreens, type ScreenDiffOptions } from './compare/screen-diff.js';
export { loadPipeline, runPipeline, mergeRuns, summarizeRun, readRunSummary, parseShard, selectShard } from './pipeline/index.js';
export type { PipelineConfig, ScenarioPlan, ScenarioResult, RunSummary } from './pipeline/index.js';
