/**
 * The rendering options shared by `record` and `render`, declared once so both commands accept the same
 * flags with the same defaults and checks.
 */
import type { Command } from 'commander';
import type { RenderOptions } from '../render/index.js';
import { builtInThemeNames } from '../render/theme.js';
import { formatsOption, integerOption, numberOption } from './option-parsers.js';

/** RenderFlags are the parsed values of the shared rendering flags. */
export interface RenderFlags {
  theme?: string;
  fontSize?: number;
  lineHeight?: number;
  padding?: number;
  fps?: number;
  speed?: number;
  idleTimeLimit?: number;
  width?: number;
  height?: number;
  lastFrame?: number;
  format?: RenderOptions['formats'];
}

/** addRenderFlags declares the shared rendering flags on a command. */
export function addRenderFlags(command: Command): Command {
  return command
    .option('--theme <name|file.json>', `color theme: ${builtInThemeNames.join(', ')}, or an asciicast theme JSON file (default: the cast's theme, else dracula)`)
    .option('--font-size <px>', 'font size in pixels (default 16; chosen to fit when --width/--height are given)', numberOption('--font-size'))
    .option('--line-height <factor>', 'line height as a multiple of the font size (default 1.2)', numberOption('--line-height'))
    .option('--padding <px>', 'space around the terminal grid in pixels (default 16)', integerOption('--padding', 0, 1000))
    .option('--fps <n>', 'frames per second of the frame grid (default 30)', integerOption('--fps', 1, 120))
    .option('--speed <factor>', 'playback speed (default 1)', numberOption('--speed'))
    .option('--idle-time-limit <seconds>', 'shorten pauses longer than this (like asciinema)', numberOption('--idle-time-limit'))
    .option('--width <px>', 'fit the terminal into this frame width, e.g. 1920 (even)', integerOption('--width', 16, 7680))
    .option('--height <px>', 'fit the terminal into this frame height, e.g. 1080 (even)', integerOption('--height', 16, 4320))
    .option('--last-frame <seconds>', 'how long the final screen is held (default 2)', numberOption('--last-frame', 0, true))
    .option('--format <list>', 'output formats, comma-separated: mp4,webm,gif,frames,txt (default mp4)', formatsOption);
}

/** renderOptionsOf turns parsed flags into `RenderOptions` fields (the caller adds outDir and friends). */
export function renderOptionsOf(flags: RenderFlags): Omit<RenderOptions, 'outDir'> {
  return {
    theme: flags.theme,
    fontSize: flags.fontSize,
    lineHeight: flags.lineHeight,
    padding: flags.padding,
    fps: flags.fps,
    speed: flags.speed,
    idleTimeLimit: flags.idleTimeLimit,
    width: flags.width,
    height: flags.height,
    lastFrame: flags.lastFrame,
    formats: flags.format,
  };
}
