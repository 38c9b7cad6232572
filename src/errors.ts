/**
 * Errors of termaudit. Every error a user can cause is a `TermauditError` subclass that carries the
 * exit code the CLI returns for it; the CLI maps errors to exit codes in one place (`src/cli/main.ts`).
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

/** InterruptedError reports a run stopped by SIGINT or SIGTERM (exit 4). */
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
