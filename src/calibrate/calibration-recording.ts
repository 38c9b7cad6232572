/**
 * Recording one program of the calibration set, the same way every time: a fixed terminal size and
 * environment, termaudit's own record stage, driven by the entry's tape when it has one. Shared by
 * `npm run calibration:record` (which records the whole set) and `termaudit calibrate --record-repeats`
 * (which records the healthy programs again, on a busy machine if asked, to count false alarms).
 */
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ExecutionError } from '../errors.js';
import { mergeJsonFile } from '../files.js';
import { RECORDED_LOOK_KEY } from '../render/recorded-look.js';
import { DEFAULT_THEME } from '../render/theme.js';
import { META_FILE_NAME } from '../run-files.js';
import { runScenario } from '../scenario/index.js';
import { loadRunnableTape } from '../tape/runner/tape-recording.js';
import type { CalibrationEntry } from './manifest.js';

/** CALIBRATION_ENV is the environment every calibration program is recorded with (written to the manifest as `recordedWith.env`). */
export const CALIBRATION_ENV: Readonly<Record<string, string>> = { TERM: 'xterm-256color', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TZ: 'UTC' };

/** CALIBRATION_RECORD_TIMEOUT_MS stops a calibration program that does not end (none should: they run for seconds). */
export const CALIBRATION_RECORD_TIMEOUT_MS = 60_000;

/** CalibrationProgram is what to record: a program of the set, its tape and its terminal. */
export interface CalibrationProgram {
  /** The program and its arguments, relative to `root` (a manifest entry's `command`). */
  command: readonly string[];
  /** The tape that drives it (absolute path), when it takes keys. */
  tape?: string;
  cols: number;
  rows: number;
  /** The directory the command runs in: the project root the manifest's paths are relative to. */
  root: string;
  /** @default CALIBRATION_ENV */
  env?: Readonly<Record<string, string>>;
}

/**
 * programOf is the program a manifest entry was recorded from: its command and tape, resolved against the
 * set's directory (tapes are relative to the manifest) and the project root (the set directory's parent:
 * commands are relative to it). Pure.
 */
export function programOf(entry: CalibrationEntry, setDir: string, env: Readonly<Record<string, string>> = CALIBRATION_ENV): CalibrationProgram {
  return {
    command: entry.command,
    ...(entry.tape !== undefined ? { tape: resolve(setDir, entry.tape) } : {}),
    cols: entry.cols,
    rows: entry.rows,
    root: dirname(resolve(setDir)),
    env,
  };
}

/**
 * recordCalibrationProgram records a program into `dir` (emptied first) with termaudit's record stage and
 * returns the cast's path. A program that exits with an error on purpose (the demo with a failing agent) is
 * recorded all the same; a recording that could not be made (a tape that timed out, the time limit) throws.
 */
export async function recordCalibrationProgram(program: CalibrationProgram, dir: string, signal?: AbortSignal): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  const [command, ...args] = program.command;
  const outcome = await runScenario({
    stages: ['record'],
    dir,
    target: { command, args, cwd: program.root, env: { ...(program.env ?? CALIBRATION_ENV) } },
    tape: program.tape === undefined ? undefined : await loadRunnableTape(program.tape),
    record: { cols: program.cols, rows: program.rows, timeoutMs: CALIBRATION_RECORD_TIMEOUT_MS },
    // In the theme the shipped casts were recorded in (termaudit's default), not the VHS look a tape gets.
    render: { theme: DEFAULT_THEME },
    signal,
  });
  if (outcome.failure) throw outcome.failure;
  if (!outcome.recording) throw new ExecutionError(`${program.command.join(' ')}: nothing was recorded in ${dir}`);
  // Its frames are drawn as the shipped casts' are (termaudit's defaults: they have no meta.json), not in the
  // VHS look its tape would keep, so that a repeat is judged from the same pictures as the set it repeats.
  await mergeJsonFile(join(outcome.recording.dir, META_FILE_NAME), { [RECORDED_LOOK_KEY]: undefined });
  return outcome.recording.castPath;
}
