/**
 * The one wait every tape command uses (like microsoft/tui-test's): poll a condition until it holds, the
 * time is up, or the target is gone. Polling the emulator's screen is cheap and never misses a state that
 * lasts longer than one interval.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** WaitOutcome says how a wait ended. */
export type WaitOutcome = 'met' | 'timeout' | 'exited';

/** WaitForOptions bounds a wait. */
export interface WaitForOptions {
  timeoutMs: number;
  /** @default 50 */
  intervalMs?: number;
  /** Stops the wait early (`'exited'`) once this returns true and the condition still does not hold. */
  gone?: () => boolean;
}

/** waitFor polls `condition` until it holds (`'met'`), `timeoutMs` passes (`'timeout'`) or `gone()` (`'exited'`). */
export async function waitFor(condition: () => boolean | Promise<boolean>, options: WaitForOptions): Promise<WaitOutcome> {
  const deadline = performance.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 50;
  for (;;) {
    // Read whether the target is gone before checking, so output it printed just before exiting still counts.
    const gone = options.gone?.() ?? false;
    if (await condition()) return 'met';
    if (gone) return 'exited';
    const left = deadline - performance.now();
    if (left <= 0) return 'timeout';
    await sleep(Math.min(intervalMs, left));
  }
}
