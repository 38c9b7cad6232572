/**
 * Turns SIGINT/SIGTERM into abort signals. The first signal asks the current work to stop gracefully
 * (e.g. `record` stops the target and still renders what it recorded); a second one aborts that too.
 */

/** InterruptWatch exposes the two abort signals and which OS signal arrived first. */
export interface InterruptWatch {
  /** Aborted at the first SIGINT/SIGTERM. */
  first: AbortSignal;
  /** Aborted at the second one. */
  second: AbortSignal;
  /** The first OS signal received, if any. */
  readonly received: NodeJS.Signals | undefined;
  /** Removes the handlers. */
  dispose(): void;
}

/** watchInterrupts installs SIGINT and SIGTERM handlers that abort `first`, then `second`. */
export function watchInterrupts(): InterruptWatch {
  const first = new AbortController();
  const second = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!first.signal.aborted) {
      received = signal;
      first.abort(signal);
    } else {
      second.abort(signal);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    first: first.signal,
    second: second.signal,
    get received() {
      return received;
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
