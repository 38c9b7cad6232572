/**
 * The screen the user last saw. A full-screen program (htop, vim, mc, less) draws on the alternate screen
 * and leaves it when it exits, and the terminal then shows the main screen again as it was before the
 * program started. The recording's last state is that restored main screen, often blank; what the user
 * last looked at is the program's last alternate-screen state. The render stage's screen.txt, the sample
 * stage's always-kept final frame and the heuristic judge's final screen all take that state, decided
 * here once, from what a replay saw (replay.ts fills `ReplayEnd.lastSeen`).
 */

/** LastSeenInput is what a replay knows at its end to tell which of its frames the user last saw. */
export interface LastSeenInput {
  /** Frames yielded; the last one (index frames − 1) is the recording's final state. */
  frames: number;
  /** The final state is on the alternate screen (the program had not left it). */
  finalAlternate: boolean;
  /** The final state's rows as text (trailing blanks trimmed). */
  finalRows: readonly string[];
  /** The last frame yielded on the alternate screen, and which stay on it (VirtualTerminal.alternateSession) it belongs to. */
  lastAlternate?: { frame: number; session: number };
  /** The main screen as restored when the program last left the alternate screen (VirtualTerminal.lastAlternateExit). */
  lastExit?: { session: number; mainRows: readonly string[] };
}

/** LastSeen names the frame the user last saw and why it is that one. */
export interface LastSeen {
  /** Index among the frames yielded. */
  frame: number;
  /**
   * `final`: the recording's last state. `alternate`: the program's last alternate-screen state, because the
   * program left the alternate screen at exit and the main screen then showed no new output.
   */
  kind: 'final' | 'alternate';
}

/**
 * newMainScreenRows returns the rows of the main screen that show new output since the program left the
 * alternate screen: non-blank rows that were not on the main screen as it was restored, other than a
 * shell's prompt printed again (a row that starts a restored row: `$ ` of `$ htop`). Pure.
 */
export function newMainScreenRows(restored: readonly string[], now: readonly string[]): string[] {
  const before = restored.map((row) => row.trimEnd()).filter((row) => row.trim() !== '');
  const seen = new Set(before);
  return now
    .map((row) => row.trimEnd())
    .filter((row) => row.trim() !== '' && !seen.has(row) && !before.some((old) => old.startsWith(row)));
}

/**
 * lastSeenFrame tells which frame of a replay is the screen the user last saw: the program's last
 * alternate-screen frame when it left the alternate screen at the end and the main screen then showed
 * nothing new (newMainScreenRows), else the final frame. Pure.
 */
export function lastSeenFrame(input: LastSeenInput): LastSeen {
  const final: LastSeen = { frame: Math.max(0, input.frames - 1), kind: 'final' };
  const { lastAlternate, lastExit } = input;
  if (input.frames === 0 || input.finalAlternate || !lastAlternate || !lastExit) return final;
  // A stay on the alternate screen too short to be drawn in a frame of its own is not what the user saw last.
  if (lastAlternate.session !== lastExit.session) return final;
  if (newMainScreenRows(lastExit.mainRows, input.finalRows).length > 0) return final;
  return { frame: lastAlternate.frame, kind: 'alternate' };
}
