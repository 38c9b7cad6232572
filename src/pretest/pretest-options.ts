/** The options of `pretest()` and what it returns. */
import type { TermauditError } from '../errors.js';
import { DEFAULT_OUT_ROOT } from '../record/record-settings.js';
import type { ProgressEntry } from './progress-timeline.js';
export { PRETEST_REPORT_FILE_NAME } from '../run-files.js';

/** PretestMode says when the gate decides: after the target finished, or after a fixed smoke duration. */
export type PretestMode = 'complete' | 'smoke';

/** PretestProgress is what `onProgress` hears at every poll of the status file. */
export interface PretestProgress {
  /** Milliseconds since the target started. */
  elapsedMs: number;
  /** `coordination.phase` of the last readable status, if any. */
  phase?: string;
  /** `coordination.completion_percentage` of the last readable status, if any. */
  completion?: number;
}

/** PretestOptions describes one pre-test run of a target in its automation mode. */
export interface PretestOptions {
  /** The program: a name looked up on PATH, or a path (relative ones are taken from `cwd`). */
  command: string;
  /** @default [] */
  args?: string[];
  /** @default process.cwd() */
  cwd?: string;
  /** Extra environment on top of the caller's; wins over everything else. */
  env?: Record<string, string>;
  /**
   * Arguments that switch the target to its automation mode, appended after `args`.
   * @default ['--automation']
   */
  automationArgs?: string[];
  /**
   * Finds the log directory in one line of output; the first capture group is the path.
   * @default /^LOG_DIR:\s*(.+)$/m
   */
  logDirPattern?: RegExp;
  /**
   * Finds the status file in one line of output; the first capture group is the path.
   * @default /^STATUS:\s*(.+)$/m
   */
  statusPattern?: RegExp;
  /**
   * Milliseconds between two reads of the status file.
   * @default 2000
   */
  pollIntervalMs?: number;
  /**
   * `'complete'` waits for the target to finish; `'smoke'` decides after `forMs` and stops the target.
   * @default 'complete' (or 'smoke' when `forMs` is given)
   */
  mode?: PretestMode;
  /** Smoke duration in milliseconds (`--for 45s`); required in smoke mode. */
  forMs?: number;
  /** Fails the gate with exit 3 when the target runs longer than this (milliseconds). No limit when absent. */
  timeoutMs?: number;
  /**
   * Fails the gate as "stuck" (exit 3) when `completion_percentage` has not increased for this long.
   * @default 60000
   */
  stuckAfterMs?: number;
  /** For targets without a status file: the output (any one line) must match this for the gate to open. */
  expect?: RegExp;
  /**
   * Output directory, used as is (created if missing). When absent a new
   * `<outRoot>/<yyyymmdd-hhmmss>-<slug>/` is created.
   */
  out?: string;
  /** @default 'recordings' */
  outRoot?: string;
  /** Aborting (e.g. on SIGINT) stops the target and fails the gate with exit 4. */
  signal?: AbortSignal;
  /**
   * Lines of stdout and of stderr kept for `pretest.json` and the result.
   * @default 20
   */
  tailLines?: number;
  /**
   * Milliseconds a stopped target gets between SIGTERM and SIGKILL.
   * @default 2000
   */
  stopGraceMs?: number;
  /** Hook called at every poll; termaudit's own `--automation` reporter plugs in here. */
  onProgress?: (progress: PretestProgress) => void;
  /** Called once the run directory exists, before the target starts. */
  onDirectory?: (dir: string) => void;
}

/** Defaults of the PretestOptions fields that have one, in one place. */
export const pretestDefaults = {
  automationArgs: ['--automation'],
  logDirPattern: /^LOG_DIR:\s*(.+)$/m,
  statusPattern: /^STATUS:\s*(.+)$/m,
  pollIntervalMs: 2000,
  stuckAfterMs: 60_000,
  outRoot: DEFAULT_OUT_ROOT,
  tailLines: 20,
  stopGraceMs: 2000,
} as const;


/** PretestResult is the gate's decision and everything observed on the way (also written to pretest.json). */
export interface PretestResult {
  verdict: 'pass' | 'fail';
  /** The gate's exit code: the exit code of `failure`, 0 for a pass. */
  exitCode: number;
  /** One line saying why. */
  reason: string;
  /** What ended the run. */
  stoppedBy: string;
  mode: PretestMode;
  /** The command line as run, automation arguments included. */
  commandLine: string;
  /** The run directory. */
  dir: string;
  /** Path of pretest.json. */
  reportPath: string;
  /** The target's own exit, or null when it was still running when the gate stopped it. */
  targetExit: { code: number | null; signal: string | null } | null;
  durationMs: number;
  /** LOG_DIR announced by the target (absolute), if any. */
  logDir?: string;
  /** Status file announced by the target (absolute), if any. */
  statusPath?: string;
  /** Successful reads of the status file, failed reads, and the last failure. */
  statusReads: number;
  statusReadErrors: number;
  lastStatusError?: string;
  timeline: ProgressEntry[];
  stdoutTail: string[];
  stderrTail: string[];
  /** Where the secrets the target printed came from (variable names), masked in its logs; never their values. */
  maskedSecrets: string[];
  /** The error a closed gate ends with (its exit code is `exitCode`); in memory only, not in pretest.json. */
  failure?: TermauditError;
}
