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

/** messageOf is the one-line text of an error, or of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** exitCodeOf is the exit code of an error: its own for a TermauditError, 2 (execution) for anything else, 0 for none. */
export function exitCodeOf(error: unknown): ExitCodeValue {
  if (error === undefined) return ExitCode.success;
  return error instanceof TermauditError ? error.exitCode : ExitCode.execution;
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
