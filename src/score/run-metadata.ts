/**
 * What the score stage learns about a run besides evaluation.json: its meta.json (command, terminal size,
 * start time, duration, cwd, how the recording ended, and the pipeline and scenario that recorded it) and the git commit of the
 * directory the command ran in.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '../errors.js';
import { readInputJson } from '../files.js';
import type { GitState, RunMetadata } from './build-scorecard.js';
import { META_FILE_NAME } from '../run-files.js';
import { RECORD_ENDS, type RecordingEnd } from '../record/recording-end.js';
export { META_FILE_NAME } from '../run-files.js';

const run = promisify(execFile);


/** GIT_TIMEOUT_MS bounds each git call: a scorecard must not hang on a slow network filesystem. */
const GIT_TIMEOUT_MS = 5000;

/** stringOf returns a value when it is a non-empty string. */
const stringOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
/** positiveIntegerOf returns a value when it is a whole number above 0. */
const positiveIntegerOf = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);

/**
 * parseRunMetadata picks the fields the scorecard uses out of a meta.json value; fields of the wrong type
 * are ignored (meta.json is informative; evaluation.json is what gets scored).
 */
export function parseRunMetadata(dir: string, meta: Record<string, unknown>): RunMetadata {
  const terminal = (typeof meta.terminal === 'object' && meta.terminal !== null ? meta.terminal : {}) as Record<string, unknown>;
  const command = Array.isArray(meta.command) && meta.command.length > 0 && meta.command.every((part) => typeof part === 'string') ? (meta.command as string[]) : undefined;
  const startedAt = stringOf(meta.startedAt);
  const duration = typeof meta.durationSeconds === 'number' && meta.durationSeconds >= 0 ? meta.durationSeconds : undefined;
  const result: RunMetadata = { dir: resolve(dir) };
  if (command) result.command = command;
  const cols = positiveIntegerOf(terminal.cols);
  const rows = positiveIntegerOf(terminal.rows);
  if (cols !== undefined) result.cols = cols;
  if (rows !== undefined) result.rows = rows;
  if (startedAt !== undefined && !Number.isNaN(Date.parse(startedAt))) result.startedAt = startedAt;
  if (duration !== undefined) result.durationSeconds = duration;
  const cwd = stringOf(meta.cwd);
  if (cwd !== undefined) result.cwd = cwd;
  const scenario = stringOf(meta.scenario);
  if (scenario !== undefined) result.scenario = scenario;
  const pipeline = (typeof meta.pipeline === 'object' && meta.pipeline !== null ? meta.pipeline : {}) as Record<string, unknown>;
  const pipelineName = stringOf(pipeline.name);
  const sha256 = stringOf(pipeline.sha256);
  if (pipelineName !== undefined && sha256 !== undefined && /^[0-9a-f]{64}$/.test(sha256)) result.pipeline = { name: pipelineName, sha256 };
  const ended = recordingEndOf(meta);
  if (ended !== undefined) result.ended = ended;
  return result;
}

/**
 * recordingEndOf reads how the recording ended. Older meta.json files gave a stopped program's exit code
 * (htop exits 0 on SIGTERM): the exit code is kept only for a program that exited by itself.
 */
function recordingEndOf(meta: Record<string, unknown>): RecordingEnd | undefined {
  const endedBy = RECORD_ENDS.find((end) => end === meta.endedBy);
  if (endedBy === undefined) return undefined;
  const exitCode = endedBy === 'exit' && typeof meta.exitCode === 'number' && Number.isInteger(meta.exitCode) ? meta.exitCode : null;
  const stoppedWith = endedBy !== 'exit' && (meta.stoppedWith === 'SIGHUP' || meta.stoppedWith === 'SIGTERM' || meta.stoppedWith === 'SIGKILL') ? meta.stoppedWith : undefined;
  return { endedBy, exitCode, signal: stringOf(meta.signal) ?? null, ...(stoppedWith && { stoppedWith }) };
}

/**
 * readRunMetadata reads `<dir>/meta.json`; undefined when there is none. A meta.json that is not a JSON
 * object is a ConfigError naming the file.
 */
export async function readRunMetadata(dir: string): Promise<RunMetadata | undefined> {
  const path = join(dir, META_FILE_NAME);
  const meta = await readInputJson(path, { what: 'the run metadata' });
  if (meta === undefined) return undefined;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) throw new ConfigError(`${path}: expected a JSON object`);
  return parseRunMetadata(dir, meta as Record<string, unknown>);
}

/**
 * readGitState returns the commit checked out in `cwd` and whether the work tree has changes, or undefined
 * when `cwd` is not in a git checkout, git is missing, or git does not answer in time.
 */
export async function readGitState(cwd: string): Promise<GitState | undefined> {
  try {
    const options = { timeout: GIT_TIMEOUT_MS, windowsHide: true };
    const head = await run('git', ['-C', cwd, 'rev-parse', '--verify', 'HEAD'], options);
    const status = await run('git', ['-C', cwd, 'status', '--porcelain'], { ...options, maxBuffer: 64 * 1024 * 1024 });
    return { commit: head.stdout.trim(), dirty: status.stdout.trim() !== '' };
  } catch {
    // Not a checkout (or no commit yet, or no git): the scorecard simply has no git section.
    return undefined;
  }
}
