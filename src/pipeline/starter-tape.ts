/**
 * The starter tape `termaudit init` writes beside the pipeline for a program that waits for input: without
 * one, the recording of such a program only ends at its timeout. The tape waits for the first screen, presses
 * a few keys that change nothing (Down, Up), then quits the program — with its own quit key when termaudit
 * knows the program (QUIT_KEYS), else with a guess the comment says is one. `starterTape` is a pure function
 * of the command and what the probe saw; the tape it returns passes `termaudit tape check`.
 */
import { basename } from 'node:path';
import type { ProbeVerdict } from './init-probe.js';

/** QuitKeys are the tape lines that quit a program, and how a sentence names them. */
export interface QuitKeys {
  /** Tape lines, in order (`Type "q"`, `Escape`, `Ctrl+X`). */
  lines: readonly string[];
  /** The keys in a sentence: `q`, `Escape, then :qa! Enter`. */
  said: string;
  /**
   * The program itself is full-screen: still running after the probe, it waits for keys. False for programs
   * that only show a pager (git log, man), which PAGER=cat makes exit by themselves. @default true
   */
  fullScreen?: false;
}

const pressQ: QuitKeys = { lines: ['Type "q"'], said: 'q' };
/** A program that pages its output: with a pager it quits with q, with PAGER=cat it exits by itself. */
const pagesItsOutput: QuitKeys = { ...pressQ, fullScreen: false };
const vimQuit: QuitKeys = { lines: ['Escape', 'Type ":qa!"', 'Enter'], said: 'Escape, then :qa! Enter' };

/**
 * QUIT_KEYS are the quit keys of well-known full-screen programs, by program name.
 */
export const QUIT_KEYS: Readonly<Record<string, QuitKeys>> = {
  htop: pressQ,
  top: pressQ,
  btop: pressQ,
  atop: pressQ,
  less: pressQ,
  more: pressQ,
  most: pressQ,
  man: pagesItsOutput,
  tig: pressQ,
  ncdu: pressQ,
  git: pagesItsOutput,
  vim: vimQuit,
  vi: vimQuit,
  nvim: vimQuit,
  view: vimQuit,
  vimdiff: vimQuit,
  mc: { lines: ['F10'], said: 'F10' },
  nano: { lines: ['Ctrl+X'], said: 'Ctrl+X' },
  emacs: { lines: ['Ctrl+X', 'Ctrl+C'], said: 'Ctrl+X Ctrl+C' },
};

/** A guess for a full-screen program termaudit does not know: q quits many of them. */
const guessFullScreen: QuitKeys = pressQ;
/** A guess for a line-oriented program waiting for input (a prompt, a REPL): end of input. */
const guessLineOriented: QuitKeys = { lines: ['Ctrl+D'], said: 'Ctrl+D (end of input)' };

/** knownQuitKeys returns the quit keys of a program termaudit knows, by the name of its executable. */
export function knownQuitKeys(command: readonly string[]): QuitKeys | undefined {
  const name = basename(command[0] ?? '');
  return Object.hasOwn(QUIT_KEYS, name) ? QUIT_KEYS[name] : undefined;
}

/** StarterTape is the tape's text and how it quits, for init's message and the pipeline's comment. */
export interface StarterTape {
  text: string;
  quit: QuitKeys;
  /** The quit keys are a guess (an unknown program). */
  guessed: boolean;
}

/** The first screen's wait: long enough for a slow start, and three times what the probe saw. */
function firstScreenTimeout(verdict: ProbeVerdict): string {
  const seen = verdict.firstScreenMs ?? 0;
  return `${Math.max(10, Math.ceil((3 * seen) / 1000))}s`;
}

/**
 * starterTape returns the starter tape for `command`, a program that waits for input (`verdict` says what
 * the probe saw); `file` is the tape's path as the user runs it, for the check command in its header.
 */
export function starterTape(command: readonly string[], verdict: ProbeVerdict, file: string): StarterTape {
  const program = basename(command[0] ?? 'the program');
  const known = knownQuitKeys(command);
  const quit = known ?? (verdict.fullScreen ? guessFullScreen : guessLineOriented);
  const seen = verdict.firstScreenMs === undefined ? 'printed nothing during the probe' : `first drew after ${verdict.firstScreenMs} ms`;
  const quitComment = known
    ? [`# Quit: ${program} quits with ${quit.said}.`]
    : [
        `# Quit. guess: termaudit does not know the key that quits ${program}; ${quit.said} quits many ${verdict.fullScreen ? 'full-screen' : 'interactive'} programs.`,
        `# Change it to the key that quits ${program} (e.g. Escape, Ctrl+C, Ctrl+Q, or Type ":q" then Enter).`,
      ];
  const lines = [
    `# Starter tape for ${command.join(' ')}, written by \`termaudit init\`: it drives the program while`,
    `# \`termaudit run\` records it. The pipeline names it in its scenario's \`tape:\` key.`,
    `# Check it after an edit: npx termaudit tape check ${file}`,
    `# The language is VHS's (Type, Enter, Down, Ctrl+X, Sleep, Wait…), see "Tapes" in termaudit's README.`,
    '',
    `# Wait for the first screen: anything drawn on it (${program} ${seen}), then let it finish drawing.`,
    `Wait+Screen@${firstScreenTimeout(verdict)} /\\S/`,
    'Sleep 1s',
    '',
    '# A few keys that change nothing: down and back up.',
    'Down',
    'Sleep 500ms',
    'Down',
    'Sleep 500ms',
    'Up',
    'Sleep 1s',
    '',
    ...quitComment,
    ...quit.lines,
    `# The recording ends when ${program} has exited; if it has not within 5 s, this line fails the scenario (exit 3).`,
    'WaitExit@5s',
    '',
  ];
  return { text: lines.join('\n'), quit, guessed: known === undefined };
}
