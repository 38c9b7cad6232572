/**
 * The gate's decisions, as pure functions of what was observed: `decideStop` says, while the target
 * runs, whether to stop it now (an agent error, no progress, a time limit, the end of a smoke test);
 * `judgeGate` turns the final observations into a verdict, a one-line reason and, for a closed gate, the
 * error it closes with (a configuration error, an execution error, a timeout or stuck run, an interrupt),
 * whose exit code the result carries.
 */
import { formatDuration } from '../duration.js';
import { ConfigError, ExecutionError, ExitCode, InterruptedError, TimeoutError, type TermauditError } from '../errors.js';
import type { PretestMode } from './pretest-options.js';
import { erroredAgent, type StatusSnapshot } from './status-file.js';

/** StopCause says what ended a pretest run. */
export type StopCause = 'exit' | 'duration' | 'timeout' | 'stuck' | 'agent-error' | 'status-unreadable' | 'interrupt';

/** GateObservations is everything the gate knows about a run at one moment. */
export interface GateObservations {
  /** Milliseconds since the target started. */
  elapsedMs: number;
  /** The target's exit, or null while it runs (or when the gate stopped it). */
  targetExit: { code: number | null; signal: string | null } | null;
  /** What ended the run; undefined while it runs. */
  stoppedBy?: StopCause;
  /** The OS signal behind an interrupt, for the reason. */
  interruptSignal?: string;
  /** The status file the target announced, if any. */
  statusPath?: string;
  /** The last status that could be read, if any. */
  status?: StatusSnapshot;
  /** Failed reads of the status file and the last failure. */
  statusReadErrors: number;
  lastStatusError?: string;
  /** Whether completion_percentage increased or the phase changed at least once. */
  progressed: boolean;
  /** Milliseconds since completion_percentage last increased (or since the status was first read). */
  sinceProgressMs: number;
  /** Whether `--expect` matched a line of output; undefined when there is no `--expect`. */
  expectMatched?: boolean;
}

/** GateRules are the options the decisions depend on. */
export interface GateRules {
  mode: PretestMode;
  forMs?: number;
  timeoutMs?: number;
  stuckAfterMs: number;
  /** The `--expect` pattern, for the reason. */
  expect?: RegExp;
}

/** GateVerdict is the gate's decision. */
export interface GateVerdict {
  verdict: 'pass' | 'fail';
  /** The exit code of `failure` (0 for a pass). */
  exitCode: number;
  reason: string;
  /** The error a closed gate ends with. */
  failure?: TermauditError;
}

/**
 * decideStop tells, while the target runs, whether the gate must stop it now and why: an agent error
 * and a lack of progress end the run at once rather than at the time limit.
 */
export function decideStop(observations: GateObservations, rules: GateRules): StopCause | undefined {
  if (erroredAgent(observations.status)) return 'agent-error';
  if (rules.timeoutMs !== undefined && observations.elapsedMs >= rules.timeoutMs) return 'timeout';
  if (rules.mode === 'smoke' && rules.forMs !== undefined && observations.elapsedMs >= rules.forMs) return 'duration';
  if (observations.statusPath !== undefined) {
    if (observations.status === undefined) {
      if (observations.elapsedMs >= rules.stuckAfterMs) return 'status-unreadable';
    } else if (observations.sinceProgressMs >= rules.stuckAfterMs) {
      return 'stuck';
    }
  }
  return undefined;
}

const pass = (reason: string): GateVerdict => ({ verdict: 'pass', exitCode: ExitCode.success, reason });
/** failedGate is the verdict of a gate closed by `failure`: its message is the reason. */
export const failedGate = (failure: TermauditError): GateVerdict => ({ verdict: 'fail', exitCode: failure.exitCode, reason: failure.message, failure });
const fail = (kind: new (message: string) => TermauditError, reason: string): GateVerdict => failedGate(new kind(reason));

/** What a target's exit code means under the automation protocol termaudit follows itself, for reasons. */
const exitMeaning: Record<number, string> = {
  [ExitCode.config]: 'configuration error',
  [ExitCode.execution]: 'execution error',
  [ExitCode.timeout]: 'timeout',
  [ExitCode.interrupted]: 'interrupted',
};

function describeCompletion(status: StatusSnapshot | undefined): string {
  return status?.completion === undefined ? 'no completion_percentage' : `completion_percentage ${status.completion}%`;
}

function unreadableReason(observations: GateObservations): string {
  const why = observations.statusReadErrors > 0 ? `${observations.statusReadErrors} failed reads, last: ${observations.lastStatusError}` : 'it never appeared';
  return `the status file ${observations.statusPath} was announced but never readable (${why})`;
}

/** judgeTargetExit maps a non-zero exit of the target to the gate's exit code, or undefined for exit 0. */
function judgeTargetExit(exit: NonNullable<GateObservations['targetExit']>): GateVerdict | undefined {
  if (exit.code === 0) return undefined;
  if (exit.code === null) return fail(ExecutionError, `the target was killed by ${exit.signal ?? 'a signal'}`);
  const meaning = exitMeaning[exit.code];
  const reason = `the target exited with code ${exit.code}${meaning ? ` (${meaning})` : ''}`;
  // A target that says its configuration is wrong, or that it ran out of time, closes the gate the same way.
  if (exit.code === ExitCode.config) return fail(ConfigError, reason);
  if (exit.code === ExitCode.timeout) return fail(TimeoutError, reason);
  return fail(ExecutionError, reason);
}

/** judgeWithoutStatus decides for a target that announced no status file: its exit and `--expect`. */
function judgeOutput(observations: GateObservations, rules: GateRules, how: string): GateVerdict {
  if (observations.expectMatched === false) return fail(ExecutionError, `${how}, but no line of output matched --expect ${rules.expect?.source ?? ''}`.trimEnd());
  return pass(observations.expectMatched ? `${how} and the output matched --expect ${rules.expect?.source ?? ''}`.trimEnd() : `${how} (no status file announced)`);
}

/** judgeGate turns the final observations of a run into the gate's verdict, exit code and one-line reason. */
export function judgeGate(observations: GateObservations, rules: GateRules): GateVerdict {
  const { status, targetExit, stoppedBy } = observations;
  if (stoppedBy === 'interrupt') {
    const signal = (observations.interruptSignal ?? 'SIGINT') as NodeJS.Signals;
    return failedGate(new InterruptedError(signal, `interrupted by ${observations.interruptSignal ?? 'a signal'} after ${formatDuration(observations.elapsedMs)}`));
  }
  const agent = erroredAgent(status);
  if (agent) return fail(ExecutionError, `${agent.id} reported an error: ${agent.error}`);
  if (targetExit) {
    const exitVerdict = judgeTargetExit(targetExit);
    if (exitVerdict) return exitVerdict;
  }
  if (stoppedBy === 'timeout') return fail(TimeoutError, `timeout: the target was still running after ${formatDuration(rules.timeoutMs ?? observations.elapsedMs)} (--timeout), ${describeCompletion(status)}`);
  if (stoppedBy === 'stuck') {
    return fail(TimeoutError, `stuck: completion_percentage stayed at ${status?.completion ?? 'none'} for ${formatDuration(observations.sinceProgressMs)} (--stuck-after ${formatDuration(rules.stuckAfterMs)})`);
  }
  if (observations.statusPath !== undefined && status === undefined) return fail(ExecutionError, unreadableReason(observations));
  const exitedCleanly = targetExit?.code === 0;
  if (rules.mode === 'complete' || exitedCleanly) {
    if (!exitedCleanly) return fail(ExecutionError, `the target did not exit (stopped by ${stoppedBy ?? 'nothing'})`);
    if (status === undefined) return judgeOutput(observations, rules, 'the target exited 0');
    if (status.winner !== undefined) return pass(`the target exited 0 with winner ${status.winner}`);
    if (status.completion === 100) return pass('the target exited 0 at completion_percentage 100%');
    if (rules.mode === 'smoke' && observations.progressed) return pass(`the target exited 0 within the smoke test, ${describeCompletion(status)}`);
    return fail(ExecutionError, `the target exited 0 but status.json shows no winner and ${describeCompletion(status)}`);
  }
  // Smoke test, target still alive at the end of the duration.
  const forText = formatDuration(rules.forMs ?? observations.elapsedMs);
  if (status === undefined) return judgeOutput(observations, rules, `the target was still running after ${forText}`);
  if (!observations.progressed) return fail(TimeoutError, `stuck: status.json made no progress during the ${forText} smoke test (${describeCompletion(status)}, phase ${status.phase ?? 'none'})`);
  return pass(`the target was running and progressing after ${forText}: phase ${status.phase ?? 'none'}, ${describeCompletion(status)}`);
}
