/**
 * The skeleton of every command that runs for a while: SIGINT, SIGTERM and SIGHUP become aborts, the run is
 * reported (status.json, and the live display or the automation lines) and it ends in one place, where an
 * error that follows an interrupt is reported as the interrupt and the run is concluded with the outputs it
 * produced. The first of these signals asks the work to stop and keep what it made (`record` still renders
 * what it recorded); a second one aborts that too. SIGHUP (the terminal closed, or a supervisor's reload)
 * is no different: left to its default, it would kill termaudit with nothing concluded and leave a target
 * that ignores it running.
 */
import { createRunReporter, type RunReporter } from '../automation/run-reporter.js';
import { ConfigError, InterruptedError, QualityGateError, shownText, TimeoutError } from '../errors.js';
import type { ScenarioHooks } from '../scenario/index.js';
import { surviveLostOutput } from './lost-terminal.js';

/** INTERRUPT_SIGNALS are the OS signals that interrupt a command (exit 4). */
export const INTERRUPT_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** InterruptWatch exposes the two abort signals and which OS signal arrived first. */
interface InterruptWatch {
  /** Aborted at the first interrupt signal. */
  first: AbortSignal;
  /** Aborted at the second one (a SIGHUP after a SIGHUP does not count: see watchInterrupts). */
  second: AbortSignal;
  /** The first OS signal received, if any. */
  readonly received: NodeJS.Signals | undefined;
  /** Removes the handlers. */
  dispose(): void;
}

/**
 * watchInterrupts installs handlers of the INTERRUPT_SIGNALS that abort `first`, then `second`. A hangup
 * comes more than once without anyone asking twice (the kernel signals the session leader and the
 * foreground group, a terminal emulator may add its own), so a SIGHUP after a SIGHUP does not abort `second`.
 */
function watchInterrupts(): InterruptWatch {
  const first = new AbortController();
  const second = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!first.signal.aborted) {
      received = signal;
      first.abort(signal);
    } else if (!(signal === 'SIGHUP' && received === 'SIGHUP')) {
      second.abort(signal);
    }
  };
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, onSignal);
  return {
    first: first.signal,
    second: second.signal,
    get received() {
      return received;
    },
    dispose() {
      for (const signal of INTERRUPT_SIGNALS) process.off(signal, onSignal);
    },
  };
}

/** CommandRun is what a command's work gets from the skeleton. */
export interface CommandRun {
  /** Aborted at the first interrupt signal (SIGINT, SIGTERM, SIGHUP): stop and keep what was made. */
  signal: AbortSignal;
  /** Aborted at the second one: stop finishing up, too. */
  second: AbortSignal;
  reporter: RunReporter;
  /** The files produced so far, by kind (`cast`, `mp4`, `report`, …); reported even when the work fails. */
  outputs: Record<string, string>;
  /** Writes a line for people: to stderr, where the live display is, so stdout keeps results (and automation lines). */
  say(line: string): void;
}

/** CommandRunOptions describe the run: its stage names, and whether it speaks the automation protocol. */
export interface CommandRunOptions {
  automation?: boolean;
  /** Stage names in run order, as status.json lists them. */
  stages: readonly string[];
}

/**
 * asInterrupt returns the error a failed command reports: after an interrupt, an execution error (a
 * killed child, an aborted encoder) is the interrupt; configuration errors, timeouts and failed gates stand.
 */
export function asInterrupt(error: unknown, received: NodeJS.Signals | undefined): unknown {
  if (!received) return error;
  const stands = error instanceof InterruptedError || error instanceof ConfigError || error instanceof TimeoutError || error instanceof QualityGateError;
  return stands ? error : new InterruptedError(received);
}

/**
 * runCommand runs `work` with interrupts watched and a reporter, then concludes the run: it resolves when
 * the work succeeded and rethrows its (interrupt-aware) error for the CLI to report once.
 */
export async function runCommand(options: CommandRunOptions, work: (run: CommandRun) => Promise<void>): Promise<void> {
  // A hang-up must end in a concluded run, not in a crash on the first write to the lost terminal.
  surviveLostOutput();
  const interrupts = watchInterrupts();
  const reporter = createRunReporter({ automation: options.automation, command: ['termaudit', ...process.argv.slice(2)], stages: options.stages });
  const outputs: Record<string, string> = {};
  let failure: unknown;
  try {
    await work({
      signal: interrupts.first,
      second: interrupts.second,
      reporter,
      outputs,
      say: (line) => void process.stderr.write(`${shownText(line)}\n`),
    });
  } catch (error) {
    failure = asInterrupt(error, interrupts.received);
  } finally {
    interrupts.dispose();
  }
  await reporter.conclude(failure, outputs);
}

/** reporterHooks reports a scenario's stages, progress and warnings through a command's reporter. */
export function reporterHooks(run: CommandRun): ScenarioHooks {
  const { reporter } = run;
  return {
    onDirectory: (dir) => reporter.attach(dir),
    onStageStart: (stage) => reporter.startStage(stage),
    onStageEnd: (stage, record) => reporter.finishStage(stage, record.status === 'reused' ? 'skipped' : record.status),
    onProgress: (stage, fraction, detail) => reporter.progress(stage, fraction, detail),
    onWarning: (message) => run.say(`warning: ${message}`),
  };
}
