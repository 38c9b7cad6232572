/**
 * The pipeline stage's vocabulary: a pipeline file resolved into scenarios (what to run, how to judge it,
 * what gate it must pass), and the summary of one run of the pipeline. The YAML is validated and resolved
 * by `config.ts`; `run.ts` executes it; `summary.ts` writes the run's summary; `merge.ts` joins shards.
 */
import { ExitCode } from '../errors.js';
import type { RUN_SUMMARY_KIND } from '../run-files.js';
import type { GateFailureCounts } from '../compare/verdicts.js';
import type { JudgeSettings } from '../evaluate/judge-settings.js';
import type { PretestOptions } from '../pretest/pretest-options.js';
import type { RecordSettings } from '../record/record-settings.js';
import type { RenderSettings } from '../render/render-settings.js';
import type { SampleSettings } from '../sample/sample-settings.js';
import type { ScenarioGate as GateSettings } from '../scenario/index.js';
import type { ScenarioStage, StageRecord } from '../scenario/stages.js';
import type { Secret } from '../secrets.js';

export { SCENARIO_STAGES, type ScenarioStage, type StageRecord } from '../scenario/stages.js';

/** ScenarioPretest is the automation-mode pre-test of a scenario (the gate), as the pipeline file sets it. */
export type ScenarioPretest = Pick<PretestOptions, 'automationArgs' | 'mode' | 'forMs' | 'timeoutMs' | 'stuckAfterMs'> & {
  /** For targets without a status file: a regular expression (source) the output must match. */
  expect?: string;
};

/** ScenarioGate is what a scenario must pass; `baseline` is a scenario directory or a pipeline run directory (absolute). */
export type ScenarioGate = Omit<GateSettings, 'baselineDir'> & { baseline?: string };

/**
 * ScenarioConfig is one scenario of a pipeline file with `defaults` merged in, every path absolute and
 * `${VAR}` expanded. Its settings are as written: each stage's resolver applies their defaults when the
 * scenario runs, as it does for the same settings written as flags.
 */
export interface ScenarioConfig {
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
   * or are listed in `secrets:`, and of env entries named like that: never written into any output (see secrets.ts).
   */
  secrets: Secret[];
  /** A VHS tape driving the recording (absolute path). */
  tape?: string;
  /**
   * `fail` makes the scenario a canary: a display known to be poor, which must fail its quality gate. It
   * passes when the gate fails (the gate still catches it) and fails with exit 5 when the gate passes.
   * @default 'pass'
   */
  expect?: 'pass' | 'fail';
  /** The terminal's size and the recording's time limit (`terminal:`, `timeout:`). */
  record: RecordSettings;
  pretest: ScenarioPretest | false;
  render: RenderSettings;
  sample: SampleSettings;
  /** The judge settings (`evaluate:`). */
  evaluate: JudgeSettings;
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
  /** Where runs go: `<outRoot>/<name>/<run id>/` (absolute). @default 'recordings' in the current directory */
  outRoot: string;
  scenarios: ScenarioConfig[];
}

/**
 * ScenarioStatus is how a scenario of a run ended. `missing` is a scenario of a merge whose shard was not
 * merged: its result is unknown (exit 2, or 0 when the merge allowed it with `--allow-incomplete`).
 */
export type ScenarioStatus = 'passed' | 'gate-closed' | 'failed' | 'quality-gate-failed' | 'timeout' | 'interrupted' | 'not-run' | 'missing';


/** ScenarioResult is one scenario in the run summary. */
export interface ScenarioResult {
  name: string;
  status: ScenarioStatus;
  /** The scenario's exit code by the documented exit codes (0 passed, 2 gate closed or failed, 3, 4, 5). */
  exitCode: number;
  /** Why it did not pass: the closed gate's reason, the failed stage's error, the gate's failures. */
  reason?: string;
  /** The stage that failed or closed the gate. */
  failedStage?: ScenarioStage;
  /** `fail` for a canary (ScenarioConfig.expect): its status is already turned around by applyExpectation. */
  expect?: 'fail';
  /** The scenario's directory, relative to the run directory (its name). */
  dir: string;
  stages: Partial<Record<ScenarioStage, StageRecord>>;
  /** Overall and per-criterion scores from the scenario's scorecard.json, when it was evaluated. */
  overall?: number | null;
  criteria?: Record<string, number | null>;
  /** Criteria of the scorecard that do not apply to the program (their score in `criteria` is null). */
  notApplicable?: string[];
  /** Paths relative to the run directory. */
  scorecard?: string;
  report?: string;
  /** The comparison with the baseline: its failures, and how many of each kind (absent in summaries written before they were counted). */
  compare?: { passed: boolean; failures: string[]; failureCounts?: GateFailureCounts; baseline: string };
  /** For a `missing` scenario: the shard it belongs to, which was not merged. */
  shard?: { index: number; count: number };
}

/** isAllowedMissing tells whether a scenario is missing from a merge that accepted it (`--allow-incomplete`): no failure, no pass. */
export function isAllowedMissing(scenario: Pick<ScenarioResult, 'status' | 'exitCode'>): boolean {
  return scenario.status === 'missing' && scenario.exitCode === ExitCode.success;
}

/** RUN_SUMMARY_FILE_NAME is the run summary's file name in the run directory. */
export const RUN_SUMMARY_FILE_NAME = 'scorecard.json';

/** RunSummary is the whole run's summary scorecard (`<run dir>/scorecard.json`). */
export interface RunSummary {
  version: 1;
  kind: typeof RUN_SUMMARY_KIND;
  pipeline: { name: string; path: string; sha256: string };
  runId: string;
  createdAt: string;
  finishedAt?: string;
  /** The shards this summary covers (after a merge: all of them). */
  shards?: { index: number; count: number }[];
  /** False when the run was interrupted, some scenarios did not run, or (after a merge) some shards are missing. */
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
