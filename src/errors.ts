/**
 * Errors of termaudit. Every error a user can cause is a `TermauditError` subclass that carries the
 * exit code the CLI returns for it. `exitCodeOf` is the one mapping from an error to an exit code: nothing
 * else writes a raw exit number, and no exit number is turned back into an error.
 *
 * Exit codes (all commands): 0 success · 1 configuration or usage error · 2 execution error (including a
 * closed pretest gate) · 3 timeout · 4 interrupted · 5 quality gate failed.
 */

/** ExitCode lists the documented exit codes of every `termaudit` command. */
export const ExitCode = {
  success: 0,
  config: 1,
  execution: 2,
  timeout: 3,
  interrupted: 4,
  qualityGate: 5,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** TermauditError is the base of every error termaudit reports to users; `exitCode` is what the CLI exits with. */
export class TermauditError extends Error {
  readonly exitCode: ExitCodeValue;

  constructor(message: string, exitCode: ExitCodeValue, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** ConfigError reports bad options, bad input files or a missing command (exit 1). */
export class ConfigError extends TermauditError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.config, options);
  }
}

/** ExecutionError reports a stage that failed while running (exit 2). */
export class ExecutionError extends TermauditError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.execution, options);
  }
}

/** TimeoutError reports a run stopped by a time limit (exit 3). */
export class TimeoutError extends TermauditError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.timeout, options);
  }
}

/** InterruptedError reports a run stopped by SIGINT, SIGTERM or SIGHUP (exit 4). */
export class InterruptedError extends TermauditError {
  readonly signal: NodeJS.Signals;

  constructor(signal: NodeJS.Signals, message = `interrupted by ${signal}`) {
    super(message, ExitCode.interrupted);
    this.signal = signal;
  }
}

/** abortSignalName returns the OS signal an abort stands for (the CLI aborts with its name), SIGINT by default. */
export function abortSignalName(signal: AbortSignal): NodeJS.Signals {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' && reason.startsWith('SIG') ? (reason as NodeJS.Signals) : 'SIGINT';
}

/** QualityGateError reports a score below its threshold or a regression against a baseline (exit 5). */
export class QualityGateError extends TermauditError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.qualityGate, options);
  }
}

/** SystemError is what Node's fs, streams and child_process throw: an errno code, the call, and the path when there is one. */
export interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
}

/**
 * systemErrors words the errno codes a user meets (a full disk, a file they cannot read, a path through a
 * file) and says whose problem each is: the machine's (exit 2) or the paths the user gave (exit 1).
 */
const systemErrors: Record<string, { reason: string; exitCode: ExitCodeValue }> = {
  ENOSPC: { reason: 'no space left on the device', exitCode: ExitCode.execution },
  EDQUOT: { reason: 'disk quota exceeded', exitCode: ExitCode.execution },
  EFBIG: { reason: 'file too large', exitCode: ExitCode.execution },
  EIO: { reason: 'input/output error', exitCode: ExitCode.execution },
  EMFILE: { reason: 'too many open files', exitCode: ExitCode.execution },
  ENFILE: { reason: 'too many open files in the system', exitCode: ExitCode.execution },
  EACCES: { reason: 'permission denied', exitCode: ExitCode.config },
  EPERM: { reason: 'operation not permitted', exitCode: ExitCode.config },
  EROFS: { reason: 'read-only file system', exitCode: ExitCode.config },
  ENOTDIR: { reason: 'a part of the path is a file, not a directory', exitCode: ExitCode.config },
  EISDIR: { reason: 'it is a directory', exitCode: ExitCode.config },
  ENOENT: { reason: 'no such file or directory', exitCode: ExitCode.config },
  EEXIST: { reason: 'it already exists', exitCode: ExitCode.config },
  ENOTEMPTY: { reason: 'the directory is not empty', exitCode: ExitCode.config },
  ENAMETOOLONG: { reason: 'the name is too long', exitCode: ExitCode.config },
  ELOOP: { reason: 'too many levels of symbolic links', exitCode: ExitCode.config },
};

/** systemCalls names what termaudit was doing for the calls in systemErrors' messages ("cannot <doing> <path>"). */
const systemCalls: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  close: 'write',
  fsync: 'write',
  mkdir: 'create the directory',
  rmdir: 'remove the directory',
  scandir: 'list the directory',
  opendir: 'list the directory',
  rename: 'move',
  unlink: 'remove',
  rm: 'remove',
  stat: 'read',
  lstat: 'read',
  access: 'read',
  copyfile: 'copy',
  symlink: 'link',
  ftruncate: 'write',
  chmod: 'change the mode of',
};

/** isSystemError tells a Node system error (with a known errno code) from other errors. */
export function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && typeof (error as SystemError).code === 'string' && (error as SystemError).code in systemErrors;
}

/** messageOf is the one-line text of an error, or of anything thrown; a system error says what failed, where and why. */
export function messageOf(error: unknown): string {
  if (isSystemError(error)) {
    const doing = systemCalls[error.syscall ?? ''] ?? error.syscall;
    const where = error.path ? `${doing ?? 'use'} ${error.path}` : doing;
    return where ? `cannot ${where}: ${reasonOf(error)}` : reasonOf(error);
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * shownText is a message as the terminal shows it: control characters other than the line break and the tab (an escape
 * sequence in a file name, a server's reply) are written as `\u001b`, so no message can move the cursor,
 * recolor or retitle the user's terminal.
 */
export function shownText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** reasonOf is why an error happened, for a message that already says what and where: "permission denied (EACCES)". */
export function reasonOf(error: unknown): string {
  if (isSystemError(error)) {
    // mkdir -p fails with EEXIST only when a file has the name of a directory it must create.
    const reason = error.code === 'EEXIST' && error.syscall === 'mkdir' ? 'a file of that name is in the way' : systemErrors[error.code]!.reason;
    return `${reason} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * exitCodeOf is the exit code of an error: its own for a TermauditError, the code's for a system error
 * (see systemErrors), 2 (execution) for anything else, 0 for none.
 */
export function exitCodeOf(error: unknown): ExitCodeValue {
  if (error === undefined) return ExitCode.success;
  if (error instanceof TermauditError) return error.exitCode;
  if (isSystemError(error)) return systemErrors[error.code]!.exitCode;
  return ExitCode.execution;
}

/** locateError gives a system error without a path (a stream's failed write) the path it was writing, and returns it. */
export function locateError<T>(error: T, path: string): T {
  const located = error as Partial<SystemError>;
  if (error instanceof Error && located.path === undefined) located.path = path;
  return error;
}

/**
 * restate returns an error that says `message` about `error` and ends with the same exit code (the class
 * of `error` when it is a TermauditError), with `error` as its cause: e.g. a run that did not pass ends
 * with its worst scenario's error, worded for the whole run.
 */
export function restate(error: unknown, message: string): TermauditError {
  if (error instanceof InterruptedError) return new InterruptedError(error.signal, message);
  if (error instanceof TermauditError && error.constructor !== TermauditError) {
    const Kind = error.constructor as new (message: string, options?: { cause?: unknown }) => TermauditError;
    return new Kind(message, { cause: error });
  }
  return new TermauditError(message, exitCodeOf(error), { cause: error });
}

/** GateClosedError is a closed pretest gate: the target did not work in its automation mode, so it was not recorded (exit 2). */
export class GateClosedError extends ExecutionError {}
