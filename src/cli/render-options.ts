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
  option('fontSize', 'px', `font size in pixels (default ${RENDER_DEFAULTS.fontSize}; chosen to fit when --width/--height are given)`);
  option('lineHeight', 'factor', `line height as a multiple of the font size (default ${RENDER_DEFAULTS.lineHeight})`);
  option('padding', 'px', `space around the terminal grid in pixels (default ${RENDER_DEFAULTS.padding})`);
  option('fps', 'n', `frames per second of the frame grid (default ${RENDER_DEFAULTS.fps})`);
  option('speed', 'factor', `playback speed (default ${RENDER_DEFAULTS.speed})`);
  option('idleTimeLimit', 'duration', "shorten pauses longer than this, e.g. 2s, as asciinema does; 0 keeps every pause (default: the cast's idle_time_limit, else none)");
  option('width', 'px', 'fit the terminal into this frame width, e.g. 1920 (even)');
  option('height', 'px', 'fit the terminal into this frame height, e.g. 1080 (even)');
  option('lastFrame', 'duration', `how long the final screen is held, e.g. 0.5s (default ${RENDER_DEFAULTS.lastFrame}s)`);
  return command.option('--format <list>', `output formats, comma-separated: mp4,webm,gif,frames,txt (default ${RENDER_DEFAULTS.formats.join(',')})`, settingOption(renderRules.formats, '--format'));
}

/** renderSettingsOf turns the parsed rendering flags into render settings. */
export function renderSettingsOf(flags: RenderFlags): RenderSettings {
  const { format, theme, fontSize, lineHeight, padding, fps, speed, idleTimeLimit, width, height, lastFrame } = flags;
  return { theme, fontSize, lineHeight, padding, fps, speed, idleTimeLimit, width, height, lastFrame, formats: format };
}
