/**
 * The typed AST of a tape: one object per command, each with the place it was written, so a runner can
 * dispatch on `kind` with a table (`satisfies Record<TapeCommandName, Handler>`) and report errors by line.
 */

/** SourcePosition is where a token or command was written: file, 1-based line and column, and its length. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
  /** Number of characters the caret underline covers (at least 1). */
  length: number;
}

/**
 * KeyName lists the keys that are commands on their own (`Enter`, `Down 3`, `Backspace@100ms 5`). The function
 * keys `F1`–`F12` are a termaudit extension: VHS has none.
 */
export const keyNames = [
  'Enter',
  'Backspace',
  'Delete',
  'Insert',
  'Tab',
  'Space',
  'Up',
  'Down',
  'Left',
  'Right',
  'PageUp',
  'PageDown',
  'ScrollUp',
  'ScrollDown',
  'Escape',
  'Home',
  'End',
  'F1',
  'F2',
  'F3',
  'F4',
  'F5',
  'F6',
  'F7',
  'F8',
  'F9',
  'F10',
  'F11',
  'F12',
] as const;

/** KeyName is one of the keys in `keyNames`. */
export type KeyName = (typeof keyNames)[number];

/** Modifier is a key held down in a combination (`Ctrl+Alt+Delete`). */
export type Modifier = 'Ctrl' | 'Alt' | 'Shift';

/** settingNames lists every setting `Set` accepts, in VHS's spelling. */
export const settingNames = [
  'Shell',
  'FontFamily',
  'FontSize',
  'Width',
  'Height',
  'LetterSpacing',
  'LineHeight',
  'Theme',
  'TypingSpeed',
  'Framerate',
  'PlaybackSpeed',
  'Padding',
  'Margin',
  'MarginFill',
  'WindowBar',
  'WindowBarSize',
  'BorderRadius',
  'CursorBlink',
  'WaitPattern',
  'WaitTimeout',
  'LoopOffset',
] as const;

/** SettingName is one of `settingNames`. */
export type SettingName = (typeof settingNames)[number];

/**
 * tapeShellNames lists the shells `Set Shell` accepts: those termaudit knows how to start clean (see
 * runner/tape-shells.ts). VHS's bash, zsh and fish, and a plain POSIX `sh`.
 */
export const tapeShellNames = ['bash', 'zsh', 'fish', 'sh'] as const;

/** TapeShell is one of `tapeShellNames`. */
export type TapeShell = (typeof tapeShellNames)[number];

/** TapeTheme is `Set Theme`'s value: a theme name, or an inline VHS JSON theme (`{"background": "#…", …}`). */
export type TapeTheme = { kind: 'name'; name: string } | { kind: 'json'; value: Record<string, unknown> };

/** SettingValues gives the parsed value type of each setting; durations are milliseconds. */
export interface SettingValues {
  Shell: TapeShell;
  FontFamily: string;
  FontSize: number;
  Width: number;
  Height: number;
  LetterSpacing: number;
  LineHeight: number;
  Theme: TapeTheme;
  TypingSpeed: number;
  Framerate: number;
  PlaybackSpeed: number;
  Padding: number;
  Margin: number;
  MarginFill: string;
  WindowBar: string;
  WindowBarSize: number;
  BorderRadius: number;
  CursorBlink: boolean;
  /** The regex source (without slashes). */
  WaitPattern: string;
  WaitTimeout: number;
  /** A number of frames, or a percentage of the video when `percent` is true. */
  LoopOffset: { value: number; percent: boolean };
}

/** SetCommand is one `Set <Setting> <value>` line, typed by setting. */
export type SetCommand = {
  [S in SettingName]: { kind: 'Set'; position: SourcePosition; setting: S; value: SettingValues[S] };
}[SettingName];

/** WaitScope is what a `Wait` matches: the cursor line (VHS's default) or the visible screen. */
export type WaitScope = 'Line' | 'Screen';

/** TapeCommand is one parsed command; `kind` names it and `position` is where its keyword was written. */
export type TapeCommand =
  | { kind: 'Output'; position: SourcePosition; path: string }
  | { kind: 'Require'; position: SourcePosition; program: string }
  | SetCommand
  | { kind: 'Type'; position: SourcePosition; text: string; /** Delay per character in ms, from `Type@…`. */ delayMs?: number }
  | { kind: 'Sleep'; position: SourcePosition; durationMs: number }
  | { kind: 'Wait'; position: SourcePosition; scope: WaitScope; timeoutMs?: number; /** Regex source; absent means the WaitPattern setting (the prompt). */ pattern?: string }
  | { kind: 'Key'; position: SourcePosition; key: KeyName; delayMs?: number; repeat: number }
  | { kind: 'KeyCombo'; position: SourcePosition; modifiers: Modifier[]; /** A named key (`Enter`, `Delete`) or one character (`c`, `[`, `.`). */ key: string; delayMs?: number; repeat: number }
  | { kind: 'Hide'; position: SourcePosition }
  | { kind: 'Show'; position: SourcePosition }
  | { kind: 'Screenshot'; position: SourcePosition; path: string }
  | { kind: 'Copy'; position: SourcePosition; text: string }
  | { kind: 'Paste'; position: SourcePosition }
  | { kind: 'Env'; position: SourcePosition; name: string; value: string }
  | { kind: 'WaitIdle'; position: SourcePosition; timeoutMs?: number; quietMs: number }
  | { kind: 'WaitExit'; position: SourcePosition; timeoutMs?: number }
  | { kind: 'Marker'; position: SourcePosition; label: string }
  | { kind: 'Resize'; position: SourcePosition; cols: number; rows: number };

/** TapeCommandName is the `kind` of a command: the key of a runner's dispatch table. */
export type TapeCommandName = TapeCommand['kind'];

/** TapeCommandOf narrows TapeCommand to one kind, for typed handlers. */
export type TapeCommandOf<K extends TapeCommandName> = Extract<TapeCommand, { kind: K }>;

/** Severity tells errors (the tape cannot run) from warnings (it runs, ignoring something). */
export type Severity = 'error' | 'warning';

/** TapeDiagnostic is one located problem, with its rendered form (source line and caret). */
export interface TapeDiagnostic extends SourcePosition {
  severity: Severity;
  message: string;
  /** `file:line:column: error: message`, the source line, and `^^^` under the bad token. */
  rendered: string;
}

/** Tape is a parsed tape: commands in run order (sourced tapes inlined) and every diagnostic found. */
export interface Tape {
  /** The tape's path as given. */
  file: string;
  commands: TapeCommand[];
  /** Errors first-to-last by file and line; the tape must not run when there is one. */
  errors: TapeDiagnostic[];
  warnings: TapeDiagnostic[];
}
