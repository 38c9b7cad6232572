/**
 * How a recording ended, in one vocabulary for every place that tells it: meta.json, the line `record`
 * prints, a scenario's reason, the scorecard's run section and the reports. A program that exited by itself
 * has an exit code (or the signal that killed it); a program termaudit stopped has none of its own: it is
 * told by why termaudit stopped it and with which signal.
 */

/**
 * RecordEnd says why a recording ended: the program exited by itself (`exit`), or termaudit stopped it —
 * at the time limit (`timeout`), on Ctrl-C or a termination signal (`interrupt`), when the tape driving it
 * ended (`tape-end`) or stopped at a failed step (`tape-error`), or when the cast could not be written
 * (`write-error`).
 */
export type RecordEnd = 'exit' | 'timeout' | 'interrupt' | 'tape-end' | 'tape-error' | 'write-error';

/** RECORD_ENDS lists every RecordEnd, for schemas and readers of meta.json. */
export const RECORD_ENDS = ['exit', 'timeout', 'interrupt', 'tape-end', 'tape-error', 'write-error'] as const satisfies readonly RecordEnd[];

/** StopSignal is the last signal termaudit sent to stop a program's process tree. */
export type StopSignal = 'SIGHUP' | 'SIGTERM' | 'SIGKILL';

/** RecordingEnd is how one recording ended, as meta.json and the scorecard tell it. */
export interface RecordingEnd {
  endedBy: RecordEnd;
  /** The program's own exit code: only when it exited by itself (`endedBy: 'exit'`) with one; else null. */
  exitCode: number | null;
  /** The signal that ended the program (`SIGSEGV`, or termaudit's `SIGTERM`), or null when it exited. */
  signal: string | null;
  /**
   * When termaudit stopped the program (every end but `exit`): the last signal it sent to its process tree,
   * SIGTERM, or SIGKILL when something outlived the grace period.
   */
  stoppedWith?: StopSignal;
}

/** Why termaudit stopped a program, for describeRecordingEnd. */
const stopReasons: Record<Exclude<RecordEnd, 'exit'>, string> = {
  timeout: 'at its time limit',
  interrupt: 'on an interrupt',
  'tape-end': 'when the tape ended',
  'tape-error': "at the tape's failed step",
  'write-error': 'when the cast could not be written',
};

/**
 * describeRecordingEnd words how a recording ended: `exited with code 0`, `killed by SIGSEGV`, `stopped by
 * termaudit with SIGTERM at its time limit`.
 */
export function describeRecordingEnd(end: RecordingEnd): string {
  if (end.endedBy === 'exit') {
    if (end.exitCode !== null) return `exited with code ${end.exitCode}`;
    return end.signal !== null ? `killed by ${end.signal}` : 'exited (no exit status reported)';
  }
  const how = end.stoppedWith ? ` with ${end.stoppedWith}` : '';
  return `stopped by termaudit${how} ${stopReasons[end.endedBy]}`;
}
