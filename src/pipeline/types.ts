/**
 * The pipeline stage's vocabulary: a pipeline file resolved into scenarios (what to run, how to judge it,
 * what gate it must pass), and the summary of one run of the pipeline. The YAML is validated and resolved
 * by `config.ts`; `run.ts` executes it; `summary.ts` writes the run's summary; `merge.ts` joins shards.
 */
import type { SampleStrategy } from '../sample/index.js';
import type { JudgeChoice } from '../evaluate/index.js';
import type { OutputFormat } from '../render/index.js';

/** PIPELINE_STAGES are a scenario's stages in run order; `--from <stage>` starts at one of them. */
export const PIPELINE_STAGES = ['pretest', 'record', 'render', 'evaluate', 'compare', 'report'] as const;

/** PipelineStage names one stage of a scenario. `evaluate` covers sample, evaluate and score. */
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** ScenarioPretest is the automation-mode pre-test of a scenario (the gate), or false to skip it. */
export interface ScenarioPretest {
  /** Appended to the command for the pre-test only. @default ['--automation'] */
  automationArgs: string[];
  /** @default 'complete' */
  mode: 'complete' | 'smoke';
  /** Smoke duration in ms (mode smoke). */
  forMs?: number;
  timeoutMs?: number;
  stuckAfterMs?: number;
  /** For targets without a status file: a regular expression (source) the output must match. */
  expect?: string;
}

/** ScenarioRender is how a scenario's recording is rendered. */
export interface ScenarioRender {
  /** @default ['mp4'] */
  formats: OutputFormat[];
  theme?: string;
  fps?: number;
  width?: number;
  height?: number;
  fontSize?: number;
  speed?: number;
  idleTimeLimitSeconds?: number;
}

/** ScenarioEvaluate is how a scenario is sampled and judged. */
export interface ScenarioEvaluate {
  /** @default 'auto' */
  judge: JudgeChoice;
  model?: string;
  baseURL?: string;
  /** Absolute paths; default: the shipped prompts. */
  prompts?: string[];
  /** @default 1 */
  samples: number;
  concurrency?: number;
  maxCost?: number;
  /** @default 12 */
  frames: number;
  /** @default ['changes'] */
  strategies: SampleStrategy[];
}

/** ScenarioGate is what a scenario must pass. */
export interface ScenarioGate {
  /** Minimum for the overall score and every criterion. */
  minScore?: number;
  /** Minimum per criterion id (`overall` for the overall score). */
  minScores?: Record<string, number>;
  /** @default 1 */
  maxDrop: number;
  /** The baseline scenario directory (absolute) or pipeline run directory, when set. */
  baseline?: string;
  maxDiffPixels?: number;
  maxDiffRatio?: number;
  /** @default false */
  pairwise: boolean;
}

/** ScenarioPlan is one scenario with every default applied and every path absolute. */
export interface ScenarioPlan {
  /** Unique within the pipeline; a safe directory name (kebab-case). */
  name: string;
  description?: string;
  /** The program and its arguments (no shell). */
  command: string[];
  cwd: string;
  /** Environment added to termaudit's, after `${VAR}` expansion. */
  env: Record<string, string>;
  /**
   * Values that came from `${VAR}` expansion of variables that look secret (KEY, TOKEN, SECRET, PASSWORD…)
   * or are listed in `secrets:`: never written into any output (replaced by `***`).
   */
  secrets: string[];
  cols: number;
  rows: number;
  /** Time limit of the recording in ms. */
  timeoutMs?: number;
  /** A VHS tape driving the recording (absolute path). */
  tape?: string;
  pretest: ScenarioPretest | false;
  /**
   * `fail` makes the scenario a canary: a display known to be poor, which must fail its quality gate. It
   * passes when the gate fails (the gate still catches it) and fails with exit 5 when the gate passes.
   * @default 'pass'
   */
  expect?: 'pass' | 'fail';
  render: ScenarioRender;
  evaluate: ScenarioEvaluate;
  gate: ScenarioGate;
}

/** PipelineConfig is a validated, resolved pipeline file. */
export interface PipelineConfig {
  /** From `name:`, else the file's base name. */
  name: string;
  /** The pipeline file (absolute). */
  path: string;
  /** sha256 of the file text. */
  sha256: string;
  /** Where runs go: `<outRoot>/<name>/<run id>/`. @default 'recordings' (relative to the current directory) */
  outRoot: string;
  scenarios: ScenarioPlan[];
}

/** ScenarioStatus is how a scenario of a run ended. */
export type ScenarioStatus = 'passed' | 'gate-closed' | 'failed' | 'quality-gate-failed' | 'timeout' | 'interrupted' | 'not-run';

/** StageRecord is one stage of a scenario in the summary. */
export interface StageRecord {
  status: 'done' | 'failed' | 'skipped' | 'reused';
  durationSeconds: number;
}

/** ScenarioResult is one scenario in the run summary. */
export interface ScenarioResult {
  name: string;
  status: ScenarioStatus;
  /** The scenario's exit code by the documented exit codes (0 passed, 2 gate closed or failed, 3, 4, 5). */
  exitCode: number;
  /** Why it did not pass: the closed gate's reason, the failed stage's error, the gate's failures. */
  reason?: string;
  /** The stage that failed or closed the gate. */
  failedStage?: PipelineStage;
  /** The scenario's directory, relative to the run directory (its name). */
  dir: string;
  stages: Partial<Record<PipelineStage, StageRecord>>;
  /** Overall and per-criterion scores from the scenario's scorecard.json, when it was evaluated. */
  overall?: number | null;
  criteria?: Record<string, number | null>;
  /** Paths relative to the run directory. */
  scorecard?: string;
  report?: string;
  compare?: { passed: boolean; failures: string[]; baseline: string };
}

/** RUN_SUMMARY_FILE_NAME is the run summary's file name in the run directory. */
export const RUN_SUMMARY_FILE_NAME = 'scorecard.json';

/** RunSummary is the whole run's summary scorecard (`<run dir>/scorecard.json`). */
export interface RunSummary {
  version: 1;
  kind: 'pipeline-run';
  pipeline: { name: string; path: string; sha256: string };
  runId: string;
  createdAt: string;
  finishedAt?: string;
  /** The shards this summary covers (after a merge: all of them). */
  shards?: { index: number; count: number }[];
  /** False when the run was interrupted or some scenarios did not run. */
  complete: boolean;
  /** The worst scenario exit code (0 when all passed). */
  exitCode: number;
  scenarios: ScenarioResult[];
  overall: {
    /** Mean of the scenarios' overall scores, or null when none was evaluated. */
    score: number | null;
    passed: number;
    failed: number;
  };
}
