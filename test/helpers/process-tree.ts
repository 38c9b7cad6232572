/**
 * Helpers for tests that start processes and must prove they are gone afterwards. A test gives its
 * target a unique marker in the environment (`TERMAUDIT_TEST_MARKER=<uuid>` through `options.env`):
 * every descendant inherits it, even one that left the process group or session, so scanning
 * /proc/<pid>/environ finds them all without knowing their pids.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from '../../src/record/process-tree.js';

/** The environment variable `testMarker()` values are meant for. */
export const TEST_MARKER_VARIABLE = 'TERMAUDIT_TEST_MARKER';

/** testMarker returns a new unique marker and the `env` entry that plants it in a target. */
export function testMarker(): { marker: string; env: Record<string, string> } {
  const marker = `termaudit-test-${randomUUID()}`;
  return { marker, env: { [TEST_MARKER_VARIABLE]: marker } };
}

/** processExists tells whether `pid` is a live process (zombies count as gone: they have exited). */
export function processExists(pid: number): boolean {
  return isProcessAlive(pid);
}

/**
 * findProcessesByMarker lists the live processes whose environment or command line contains `marker`
 * (the NUL-separated /proc files are searched as text). Processes we may not inspect are skipped.
 */
export function findProcessesByMarker(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    for (const file of ['environ', 'cmdline']) {
      let text: string;
      try {
        text = readFileSync(`/proc/${pid}/${file}`, 'latin1');
      } catch {
        continue;
      }
      if (text.includes(marker) && processExists(pid)) {
        found.push(pid);
        break;
      }
    }
  }
  return found;
}

/** killProcessesByMarker SIGKILLs every process carrying `marker`: cleanup after a test that failed midway. */
export function killProcessesByMarker(marker: string): void {
  for (const pid of findProcessesByMarker(marker)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

/**
 * waitFor polls `predicate` every 20 ms until it returns true, and throws if it is still false after
 * `timeoutMs` (naming `what` is waited for).
 */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
