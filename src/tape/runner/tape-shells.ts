/**
 * How a tape's own shell starts (`Set Shell`, default bash): as VHS starts it (its shell.go), a little
 * cleaner. No user rc file is read, no history file is read or written, and the prompt is VHS's indigo
 * `> `, so a tape types into the same shell on every machine and leaves the user's files alone. Pure:
 * tape-recording.ts makes the recorded target of it, run-tape.ts waits for the prompt it draws.
 */
import type { TapeShell } from '../tape-types.js';

/** SHELL_PROMPT_LINE matches the cursor line once a tape's shell has drawn its prompt (VHS's `> `, trimmed). */
export const SHELL_PROMPT_LINE = '^>$';

/** ShellStart is how one shell starts clean. */
interface ShellStart {
  /** Arguments after the shell's name. */
  args: readonly string[];
  /** The prompt, and every variable the shell reads it from (zsh's PS1 and PROMPT are one). Fish's is a function in `args`. */
  prompt?: { variables: readonly string[]; value: string };
  /** Further variables of this shell. */
  env?: Readonly<Record<string, string>>;
}

/**
 * cleanEnvironment is set for every tape shell, whatever the caller exported, and the programs the tape
 * runs inherit it: an empty HISTFILE, so bash, zsh and an sh that is bash neither read nor write a history
 * file; no rc file named by a variable (an interactive sh reads $ENV, a bash script $BASH_ENV); and
 * readline's system inputrc in place of the user's ~/.inputrc, which could rebind the keys the tape presses.
 */
const cleanEnvironment: Readonly<Record<string, string>> = { HISTFILE: '', ENV: '', BASH_ENV: '', INPUTRC: '/etc/inputrc' };

/** VHS's prompt colour, #5A56E0, as an SGR sequence. */
const indigo = '\x1b[38;2;90;86;224m';

/** shellStarts is how each shell `Set Shell` accepts starts; a shell added to tapeShellNames without one fails to compile. */
const shellStarts = {
  // No ~/.bashrc, no profile, and no history at all, as in VHS; but not VHS's --login, since a login bash
  // runs ~/.bash_logout when it exits. PROMPT_COMMAND would run the caller's command before each prompt.
  bash: {
    args: ['--noprofile', '--norc', '+o', 'history'],
    prompt: { variables: ['PS1'], value: '\\[\\e[38;2;90;86;224m\\]> \\[\\e[0m\\]' },
    env: { BASH_SILENCE_DEPRECATION_WARNING: '1', PROMPT_COMMAND: '' },
  },
  // --no-rcs reads no startup file but /etc/zshenv, which zsh always reads; --histnostore as in VHS. The
  // history stays in memory: Up recalls what the tape typed, nothing from before.
  zsh: {
    args: ['--no-rcs', '--histnostore'],
    prompt: { variables: ['PROMPT', 'PS1'], value: '%F{#5B56E0}> %F{reset_color}' },
  },
  // --no-config reads no config.fish nor conf.d (neither the user's nor the system's); --private neither
  // reads nor writes fish_history.
  fish: {
    args: [
      '--no-config',
      '--private',
      '-C',
      'function fish_greeting; end',
      '-C',
      'function fish_prompt; set_color 5B56E0; echo -n "> "; set_color normal; end',
    ],
  },
  // An interactive sh reads no file but $ENV. dash prints PS1 as it is (no `\e` nor `\[`), so the colour
  // is raw escape sequences, each between \x01 and \x02: readline counts what is between them as not
  // printed when sh is bash, and terminals ignore both bytes.
  sh: {
    args: [],
    prompt: { variables: ['PS1'], value: `\x01${indigo}\x02> \x01\x1b[0m\x02` },
  },
} satisfies Record<TapeShell, ShellStart>;

/** ShellTarget is a tape's shell ready to start. */
export interface ShellTarget {
  args: string[];
  /** Variables on top of the caller's environment. */
  env: Record<string, string>;
  /** SHELL_PROMPT_LINE, or undefined when the tape gave the shell a prompt of its own (see shellTarget). */
  promptLine?: string;
}

/**
 * shellTarget starts `shell` clean, with `given` (the tape's `Env` lines and `--env`) on top: they are
 * deliberate, so they win over every variable above, and a tape's `Env PS1 "$ "` gives its shell that
 * prompt (as VHS lets it). The caller's own environment does not win: an exported PS1 or HISTFILE is
 * replaced.
 */
export function shellTarget(shell: TapeShell, given: Record<string, string> = {}): ShellTarget {
  const start: ShellStart = shellStarts[shell];
  const prompt = start.prompt;
  const ownPrompt = prompt?.variables.map((name) => given[name]).find((value) => value !== undefined);
  // Every variable of the prompt gets the same value: zsh takes whichever comes last in its environment.
  const promptEnv = prompt ? Object.fromEntries(prompt.variables.map((name) => [name, ownPrompt ?? prompt.value])) : {};
  return {
    args: [...start.args],
    env: { ...cleanEnvironment, ...start.env, ...given, ...promptEnv },
    promptLine: ownPrompt === undefined ? SHELL_PROMPT_LINE : undefined,
  };
}
