/**
 * Casts of a full-screen program run from a shell, as a real terminal records them: a prompt, the program
 * on the alternate screen (`CSI ? 1049 h` … `CSI ? 1049 l`), then the shell's prompt again, and optionally
 * output the program leaves on the main screen after it exits.
 */
import { writeCast, type CastEventTuple } from './casts.js';

/** FULL_SCREEN_LAST_ROW is a row of the program's last screen (its status line). */
export const FULL_SCREEN_LAST_ROW = 'saved notes.txt: 3 lines written';

/** fullScreenCast writes a cast of a full-screen editor session; `after` is what the main screen shows after it exits, besides the prompt. */
export function fullScreenCast(after = ''): string {
  const events: CastEventTuple[] = [
    [0.1, 'o', '$ edit notes.txt\r\n'],
    [0.3, 'o', '\x1b[?1049h\x1b[H\x1b[2J\x1b[1;1H\x1b[7m notes.txt \x1b[0m\x1b[2;1Hfirst line\x1b[3;1H~\x1b[4;1H~'],
    [1.0, 'o', '\x1b[2;11H and more'],
    [2.0, 'o', `\x1b[6;1H\x1b[1m${FULL_SCREEN_LAST_ROW}\x1b[0m`],
    [3.0, 'o', `\x1b[?1049l${after}$ `],
  ];
  return writeCast(events, { cols: 40, rows: 6, duration: 3.5 });
}
