/**
 * What a tape asks of the render stage: its `Set` lines as render options, its `Output` lines as output
 * formats. Pure functions of the parsed tape.
 */
import type { CastTheme } from '../asciicast/types.js';
import type { OutputFormat, RenderSettings } from '../render/render-settings.js';
import { builtInThemeNames } from '../render/theme.js';
import type { SettingName, SettingValues, SourcePosition, Tape, TapeCommandOf, TapeTheme } from './tape-types.js';

/** TapeOutput is one `Output` line: where to write and in which format. */
export interface TapeOutput {
  path: string;
  format: OutputFormat;
  position: SourcePosition;
}

/** TapeRenderOptions are the render settings a tape's `Set` lines set (checked by the render rules as they were parsed). */
export type TapeRenderOptions = Pick<
  RenderSettings,
  'fontSize' | 'lineHeight' | 'letterSpacing' | 'padding' | 'width' | 'height' | 'theme' | 'fps' | 'speed' | 'margin' | 'marginFill' | 'windowBar' | 'windowBarSize' | 'borderRadius'
> & {
  /** An inline `Set Theme {…}` converted to the asciicast theme format (then `theme` is absent). */
  castTheme?: CastTheme;
};

/** outputFormatOfPath maps an `Output` path to its format: .gif, .mp4, .webm, .txt/.ascii (text), a path ending in / (frames). */
export function outputFormatOfPath(path: string): OutputFormat | undefined {
  if (path.endsWith('/')) return 'frames';
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  const byExtension: Record<string, OutputFormat> = { gif: 'gif', mp4: 'mp4', webm: 'webm', txt: 'txt', ascii: 'txt' };
  return extension ? byExtension[extension] : undefined;
}

/** outputsFromTape lists the tape's `Output` lines with their formats, in order (paths the parser rejected are absent). */
export function outputsFromTape(tape: Tape): TapeOutput[] {
  return tape.commands
    .filter((command): command is TapeCommandOf<'Output'> => command.kind === 'Output')
    .flatMap((command) => {
      const format = outputFormatOfPath(command.path);
      return format ? [{ path: command.path, format, position: command.position }] : [];
    });
}

/** lastSetCommand returns the tape's last `Set <setting>` line, the one in force when the tape ends. */
export function lastSetCommand<S extends SettingName>(tape: Tape, setting: S): Extract<TapeCommandOf<'Set'>, { setting: S }> | undefined {
  return lastSetCommandOf(tape, [setting]) as Extract<TapeCommandOf<'Set'>, { setting: S }> | undefined;
}

/** lastSetCommandOf returns the tape's last `Set` line, in tape order, of any of `settings`. */
export function lastSetCommandOf(tape: Tape, settings: readonly SettingName[]): TapeCommandOf<'Set'> | undefined {
  let found: TapeCommandOf<'Set'> | undefined;
  for (const command of tape.commands) {
    if (command.kind === 'Set' && settings.includes(command.setting)) found = command;
  }
  return found;
}

/** lastSetting returns the value of the tape's last `Set <setting>`, the one in force when the tape ends. */
export function lastSetting<S extends SettingName>(tape: Tape, setting: S): SettingValues[S] | undefined {
  return lastSetCommand(tape, setting)?.value as SettingValues[S] | undefined;
}

/** builtInThemeOf maps a VHS theme name (`Dracula`, `GitHub Dark`) to a built-in theme name, or undefined. */
export function builtInThemeOf(name: string): string | undefined {
  const normalized = name.trim().toLowerCase().replace(/\s+/g, '-');
  return builtInThemeNames.find((theme) => theme === normalized);
}

/** tapeRenderKeys names the render setting each tape setting with a render rule sets. */
export const tapeRenderKeys = {
  FontSize: 'fontSize',
  LineHeight: 'lineHeight',
  LetterSpacing: 'letterSpacing',
  Padding: 'padding',
  Width: 'width',
  Height: 'height',
  Framerate: 'fps',
  PlaybackSpeed: 'speed',
  Margin: 'margin',
  WindowBar: 'windowBar',
  WindowBarSize: 'windowBarSize',
  BorderRadius: 'borderRadius',
} as const;

/** isMarginColour tells a `Set MarginFill` colour (`#6B50FF`) from an image path, which termaudit does not draw. */
export function isMarginColour(value: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(value.trim());
}

/** renderOptionsFromTape maps the rendering settings of a tape (the last `Set` of each wins) onto render options. */
export function renderOptionsFromTape(tape: Tape): TapeRenderOptions {
  const options: TapeRenderOptions = {};
  for (const [setting, key] of Object.entries(tapeRenderKeys) as [keyof typeof tapeRenderKeys, (typeof tapeRenderKeys)[keyof typeof tapeRenderKeys]][]) {
    const value = lastSetting(tape, setting);
    if (value !== undefined) (options as Record<string, unknown>)[key] = value;
  }
  const marginFill = lastSetting(tape, 'MarginFill');
  if (marginFill !== undefined && isMarginColour(marginFill)) options.marginFill = marginFill.trim();
  const theme = lastSetting(tape, 'Theme');
  if (theme) Object.assign(options, themeOptions(theme));
  return options;
}

function themeOptions(theme: TapeTheme): Pick<TapeRenderOptions, 'theme' | 'castTheme'> {
  if (theme.kind === 'json') return { castTheme: castThemeFromVhs(theme.value) };
  const builtIn = builtInThemeOf(theme.name);
  if (builtIn) return { theme: builtIn };
  // A .json name is an asciicast theme file (loadTheme reports a missing or bad one). Any other name is one
  // of VHS's many named themes termaudit does not ship: the parser warns at its line, and the tape keeps
  // the default theme rather than failing, so an existing tape still records.
  return isThemeFile(theme.name) ? { theme: theme.name } : {};
}

/** isThemeFile tells whether a `Set Theme` name is a theme file (`*.json`) rather than a theme's name. */
export function isThemeFile(name: string): boolean {
  return /\.json$/i.test(name);
}

// The xterm defaults stand in for colors a partial VHS theme leaves out.
const vhsColorKeys = ['black', 'red', 'green', 'yellow', 'blue', 'purple', 'cyan', 'white'] as const;
const fallbackPalette = [
  '#000000', '#cd0000', '#00cd00', '#cdcd00', '#0000ee', '#cd00cd', '#00cdcd', '#e5e5e5',
  '#7f7f7f', '#ff0000', '#00ff00', '#ffff00', '#5c5cff', '#ff00ff', '#00ffff', '#ffffff',
];

/** castThemeFromVhs converts a VHS JSON theme (`black` … `brightWhite`, `background`, `foreground`) to an asciicast theme. */
export function castThemeFromVhs(value: Record<string, unknown>): CastTheme {
  const color = (key: string, fallback: string) => {
    const text = value[key];
    return typeof text === 'string' && /^#[0-9a-fA-F]{6}$/.test(text) ? text.toLowerCase() : fallback;
  };
  const names = [...vhsColorKeys, ...vhsColorKeys.map((key) => `bright${key[0].toUpperCase()}${key.slice(1)}`)];
  const palette = names.map((key, index) => color(key, fallbackPalette[index]));
  return { fg: color('foreground', '#e5e5e5'), bg: color('background', '#000000'), palette: palette.join(':') };
}
