/**
 * The rendering flags shared by `record` and `render`, declared once from the render settings' rules and
 * defaults, so both commands accept the same values with the same checks as a pipeline's `render:` and a
 * tape's `Set` lines.
 */
import type { Command } from 'commander';
import { RENDER_DEFAULTS, renderRules, type RenderSettings } from '../render/render-settings.js';
import { builtInThemeNames } from '../render/theme.js';
import { flagOf, settingOption } from '../settings.js';

/** RenderFlags are the parsed rendering flags: the render settings, with `--format` as `format`. */
export type RenderFlags = Omit<RenderSettings, 'formats'> & { format?: RenderSettings['formats'] };

/** addRenderFlags declares the shared rendering flags on a command. */
export function addRenderFlags(command: Command): Command {
  const option = <K extends keyof typeof renderRules>(key: K, value: string, description: string) =>
    command.option(`${flagOf(key)} <${value}>`, description, settingOption<unknown>(renderRules[key], flagOf(key)));
  option('theme', 'name|file.json', `color theme: ${builtInThemeNames.join(', ')}, or an asciicast theme JSON file (default: the cast's theme, else dracula)`);
  option('fontSize', 'px', `font size in pixels (default ${RENDER_DEFAULTS.fontSize}; a tape's default is VHS's 22; chosen to fit with --fit)`);
  option('lineHeight', 'factor', `line height as a multiple of the font size (default ${RENDER_DEFAULTS.lineHeight}; with a tape, of the font's height, as VHS's)`);
  option('letterSpacing', 'px', `pixels added to every cell's width (default ${RENDER_DEFAULTS.letterSpacing}; a tape's default is VHS's 1)`);
  option('padding', 'px', `space around the terminal grid in pixels (default ${RENDER_DEFAULTS.padding})`);
  option('fps', 'n', `frames per second of the frame grid (default ${RENDER_DEFAULTS.fps})`);
  option('speed', 'factor', `playback speed (default ${RENDER_DEFAULTS.speed})`);
  option('idleTimeLimit', 'duration', "shorten pauses longer than this, e.g. 2s, as asciinema does; 0 keeps every pause (default: the cast's idle_time_limit, else none)");
  option('width', 'px', 'frame width, e.g. 1920: a new recording gets the columns that fit (unless --cols), a grid is centered (a tape\'s default is VHS\'s 1200)');
  option('height', 'px', 'frame height, e.g. 1080: a new recording gets the rows that fit (unless --rows), a grid is centered (a tape\'s default is VHS\'s 600)');
  command.option('--fit', 'with --width/--height: scale the font so the grid fills the frame, instead of keeping the font size');
  option('margin', 'px', `space around the window (the terminal and its bar) filled with --margin-fill (default ${RENDER_DEFAULTS.margin})`);
  option('marginFill', '#rrggbb', "colour of the margin and of what rounded corners uncover (default: the theme's background; a tape's default is VHS's #171717)");
  option('windowBar', 'style', 'draw a window bar above the terminal: Colorful, ColorfulRight, Rings or RingsRight, as VHS does (default none)');
  option('windowBarSize', 'px', `height of the window bar (default ${RENDER_DEFAULTS.windowBarSize})`);
  option('borderRadius', 'px', `round the window's corners by this radius (default ${RENDER_DEFAULTS.borderRadius})`);
  option('lastFrame', 'duration', `how long the final screen is held, e.g. 0.5s (default ${RENDER_DEFAULTS.lastFrame}s)`);
  return command.option('--format <list>', `output formats, comma-separated: mp4,webm,gif,frames,txt (default ${RENDER_DEFAULTS.formats.join(',')})`, settingOption(renderRules.formats, '--format'));
}

/** renderSettingsOf turns the parsed rendering flags into render settings. */
export function renderSettingsOf(flags: RenderFlags): RenderSettings {
  const { format, theme, fontSize, lineHeight, letterSpacing, padding, fps, speed, idleTimeLimit, width, height, fit, margin, marginFill, windowBar, windowBarSize, borderRadius, lastFrame } = flags;
  return { theme, fontSize, lineHeight, letterSpacing, padding, fps, speed, idleTimeLimit, width, height, fit, margin, marginFill, windowBar, windowBarSize, borderRadius, lastFrame, formats: format };
}
