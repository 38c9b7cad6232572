/**
 * `termaudit init` runs the program briefly before it writes the starter pipeline, to see what kind of
 * program it is: does it switch to the alternate screen (a full-screen program), does it exit by itself,
 * or is it still running and quiet (waiting for input) when the probe is over. `probeProgram` is the thin
 * effect: the program runs in a real pty exactly as a recording runs it (RecordSession: its environment,
 * terminal size, run token), into a throw-away cast, until it exits or the probe's deadline passes; then
 * its whole process tree is stopped. `judgeProbe` is the pure part: what the observations mean (the
 * profile, whether a tape is needed) and the sentence that says why.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatDuration } from '../duration.js';
import { abortSignalName, InterruptedError } from '../errors.js';
import { RecordSession } from '../record/record-session.js';
import { RECORD_DEFAULTS } from '../record/record-settings.js';
import { prepareTarget } from '../record/target.js';
import { VirtualTerminal } from '../render/virtual-terminal.js';
import { LiveScreen } from '../tape/runner/live-screen.js';

/** PROBE_DEFAULTS are the probe's defaults, in one place. */
export const PROBE_DEFAULTS = {
  /** How long the program is watched at most. */
  forMs: 3000,
  /** A program still running that printed nothing for this long at the end of the probe waits for input. */
  quietMs: 1000,
  /** SIGTERM → SIGKILL grace when the probe stops the program. */
  stopGraceMs: 1000,
} as const;

/** ProbeOptions say how to run the program that is probed. */
export interface ProbeOptions {
  /** The program's working directory. @default process.cwd() */
  cwd?: string;
  /** Environment added to termaudit's (the scenario's `env`, e.g. PAGER=cat). @default {} */
  env?: Record<string, string>;
  /** The terminal's size. @default RECORD_DEFAULTS */
  cols?: number;
  rows?: number;
  /** How long the program is watched at most, in ms. @default PROBE_DEFAULTS.forMs */
  forMs?: number;
  /** Aborting (Ctrl-C) stops the program at once; probeProgram then throws InterruptedError. */
  signal?: AbortSignal;
}

/** ProgramProbe is what the probe saw; times are milliseconds from the program's start. */
export interface ProgramProbe {
  /** The program's name as the user wrote it (for sentences). */
  program: string;
  /** How long the program was watched: until it exited, or the probe's deadline. */
  watchedMs: number;
  /** When it first printed something. */
  firstOutputMs?: number;
  /** When it last printed something. */
  lastOutputMs?: number;
  /** When it first switched to the alternate screen. */
  alternateScreenMs?: number;
  /** Set when it exited by itself within the probe: when, and with what. */
  exit?: { atMs: number; exitCode: number | null; signal: string | null };
  /** The visible screen at the end of the probe, as text. */
  screen: string;
}

/**
 * probeProgram runs `command` in a pty like a recording does, for `forMs` at most, and returns what it saw.
 * Throws ConfigError, before anything runs, when the program or the directory does not exist. Whatever the
 * program started is stopped before it returns (the whole tree, by the run token too).
 */
export async function probeProgram(command: readonly string[], options: ProbeOptions = {}): Promise<ProgramProbe> {
  const forMs = options.forMs ?? PROBE_DEFAULTS.forMs;
  if (options.signal?.aborted) throw new InterruptedError(abortSignalName(options.signal), `interrupted before ${command[0]} was probed`);
  const target = await prepareTarget({
    command: command[0] ?? '',
    args: command.slice(1),
    cwd: options.cwd,
    env: options.env,
    cols: options.cols ?? RECORD_DEFAULTS.cols,
    rows: options.rows ?? RECORD_DEFAULTS.rows,
  });
  const dir = await mkdtemp(join(tmpdir(), 'termaudit-probe-'));
  try {
    const session = await RecordSession.start(target, { castPath: join(dir, 'probe.cast'), stopGraceMs: PROBE_DEFAULTS.stopGraceMs });
    const startedAt = performance.now();
    const terminal = new VirtualTerminal({ cols: target.cols, rows: target.rows });
    const screen = new LiveScreen(session, terminal);
    let firstOutputAt: number | undefined;
    let lastOutputAt: number | undefined;
    const output = session.onData(() => {
      lastOutputAt = performance.now();
      firstOutputAt ??= lastOutputAt;
    });
    try {
      // The deadline's timer is cleared as soon as the program exits or the probe is interrupted.
      const deadline = new AbortController();
      const interrupted = new Promise<void>((resolve) => {
        if (options.signal?.aborted) resolve();
        options.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      const exited = session.finished().then((result) => result.endedBy === 'exit');
      const watched = await Promise.race([exited, interrupted.then(() => false), sleep(forMs, false, { signal: deadline.signal }).catch(() => false)]);
      deadline.abort();
      const endedAt = performance.now();
      if (!watched) await session.stop(options.signal?.aborted ? 'interrupt' : 'timeout');
      const result = await session.finished();
      if (options.signal?.aborted) {
        const name = abortSignalName(options.signal);
        throw new InterruptedError(name, `interrupted by ${name} while ${basename(command[0])} was probed; it was stopped`);
      }
      const since = (at: number | undefined) => (at === undefined ? undefined : Math.round(at - startedAt));
      const probe: ProgramProbe = { program: basename(command[0] ?? ''), watchedMs: Math.round(endedAt - startedAt), screen: await screen.screenText() };
      if (firstOutputAt !== undefined) probe.firstOutputMs = since(firstOutputAt);
      if (lastOutputAt !== undefined) probe.lastOutputMs = since(Math.min(lastOutputAt, endedAt));
      if (screen.alternateScreenAt !== undefined) probe.alternateScreenMs = since(Math.min(screen.alternateScreenAt, endedAt));
      if (result.endedBy === 'exit') probe.exit = { atMs: probe.watchedMs, exitCode: result.exitCode, signal: result.signal };
      return probe;
    } finally {
      output.dispose();
      screen.dispose();
      terminal.dispose();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** ProbedProfile is a profile the probe can choose (`multi-agent` is never guessed: a pipeline says it). */
export type ProbedProfile = 'tui' | 'cli';

/** ProbeVerdict is what a probe means for the starter pipeline. */
export interface ProbeVerdict {
  profile: ProbedProfile;
  /** It switched to the alternate screen. */
  fullScreen: boolean;
  /** It was still running, and quiet or full-screen, at the end: without a tape the recording would wait for its timeout. */
  waitsForInput: boolean;
  /** One clause on what the probe saw, e.g. `htop switched to the alternate screen within 0.3s and waited for input`. */
  why: string;
  /** When the first screen was there (the first output), for the tape's first wait. */
  firstScreenMs?: number;
}

/** seconds words a time of the probe: `0.3s`, `120ms`. */
const seconds = (ms: number) => formatDuration(ms);

/** exitClause words an exit the probe saw: `exited with code 0`, `was killed by SIGSEGV`. */
function exitClause(exit: NonNullable<ProgramProbe['exit']>): string {
  if (exit.exitCode !== null) return `exited by itself with code ${exit.exitCode} after ${seconds(exit.atMs)}`;
  return exit.signal ? `was killed by ${exit.signal} after ${seconds(exit.atMs)}` : `exited by itself after ${seconds(exit.atMs)}`;
}

/** JudgeProbeOptions add what termaudit knows about the program to what the probe saw. */
export interface JudgeProbeOptions {
  /** A program still running that printed nothing for this long at the end waits for input. @default PROBE_DEFAULTS.quietMs */
  quietMs?: number;
  /**
   * The program is a full-screen program termaudit knows (it has its quit keys): still running, it waits
   * for input even when it draws on the main screen (procps top redraws it in place). @default false
   */
  knownFullScreen?: boolean;
}

/**
 * judgeProbe tells what a probe means. A program that switched to the alternate screen is `tui`, one that
 * did not is `cli`. One still running at the end waits for input when it is full-screen (full-screen
 * programs run until told to quit, redrawing a clock or a meter meanwhile) or when it printed nothing in
 * the last `quietMs`; one still printing is taken for long-running work that its timeout will stop.
 */
export function judgeProbe(probe: ProgramProbe, options: JudgeProbeOptions = {}): ProbeVerdict {
  const { program } = probe;
  const quietMs = options.quietMs ?? PROBE_DEFAULTS.quietMs;
  const stillRunningKnown = options.knownFullScreen === true && probe.exit === undefined;
  const fullScreen = probe.alternateScreenMs !== undefined || stillRunningKnown;
  const profile: ProbedProfile = fullScreen ? 'tui' : 'cli';
  const firstScreenMs = probe.firstOutputMs;
  const base = { profile, fullScreen, ...(firstScreenMs !== undefined && { firstScreenMs }) };
  const switched =
    probe.alternateScreenMs !== undefined ? `switched to the alternate screen within ${seconds(probe.alternateScreenMs)}` : 'is a full-screen program termaudit knows, drawing on the main screen,';
  if (probe.exit) {
    const what = fullScreen ? `${program} ${switched} and ${exitClause(probe.exit)}` : `${program} printed ${probe.firstOutputMs === undefined ? 'nothing' : 'its output'} and ${exitClause(probe.exit)}`;
    return { ...base, waitsForInput: false, why: what };
  }
  const watched = seconds(probe.watchedMs);
  if (fullScreen) return { ...base, waitsForInput: true, why: `${program} ${switched} and waited for input (still running after ${watched})` };
  const quietFor = probe.watchedMs - (probe.lastOutputMs ?? 0);
  if (quietFor >= quietMs) {
    const printed = probe.firstOutputMs === undefined ? 'printed nothing' : `printed for ${seconds(probe.lastOutputMs!)}`;
    return { ...base, waitsForInput: true, why: `${program} ${printed}, then waited for input (quiet for ${seconds(quietFor)}, still running after ${watched})` };
  }
  return { ...base, waitsForInput: false, why: `${program} was still printing after ${watched} (a long-running program: the scenario's timeout stops it)` };
}
