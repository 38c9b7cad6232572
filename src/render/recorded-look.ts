/**
 * The look a recording was made for: the render settings of its tape and flags (frame size, font, padding,
 * margin, window bar, timing), kept in its meta.json as `renderSettings` when it is recorded. A later
 * `termaudit render`, `sample` or `evaluate` of that recording draws it the same way unless told otherwise,
 * so a tape recorded with `--no-render` (or re-rendered to another format) still looks like its tape.
 *
 * The theme is not kept: the cast's header carries the theme it was recorded with, which is what a render
 * without `--theme` uses.
 */
import { dirname, join, resolve } from 'node:path';
import { readJsonFileSync } from '../files.js';
import { META_FILE_NAME } from '../run-files.js';
import { layer, resolveSettings } from '../settings.js';
import { renderRules, type RenderSettings } from './render-settings.js';

/** The meta.json key of the recorded look. */
export const RECORDED_LOOK_KEY = 'renderSettings';

/** lookOf is what of a recording's render settings is kept in its meta.json: every set render setting but its outputs and theme. */
export function lookOf(settings: RenderSettings): RenderSettings {
  return Object.fromEntries(
    Object.entries(settings).filter(([key, value]) => value !== undefined && key in renderRules && key !== 'formats' && key !== 'theme'),
  ) as RenderSettings;
}

/**
 * recordedLook reads the look kept beside a cast: the `renderSettings` of the meta.json in its directory,
 * when that meta.json describes this cast. Undefined for a cast without one (an older recording, a cast from
 * elsewhere). A value that breaks its rule is a ConfigError naming the file and key.
 */
export function recordedLook(castPath: string): RenderSettings | undefined {
  const metaPath = join(dirname(resolve(castPath)), META_FILE_NAME);
  const meta = readJsonFileSync<{ cast?: unknown; [RECORDED_LOOK_KEY]?: unknown }>(metaPath);
  if (meta === undefined || typeof meta.cast !== 'string' || resolve(dirname(metaPath), meta.cast) !== resolve(castPath)) return undefined;
  const look = meta[RECORDED_LOOK_KEY];
  if (look === null || typeof look !== 'object' || Array.isArray(look)) return undefined;
  return lookOf(resolveSettings(renderRules, {}, look as RenderSettings, (key) => `${metaPath}: ${RECORDED_LOOK_KEY}.${key}`));
}

/**
 * overLook lays the caller's settings over a recorded look. A font size given now wins over a recorded
 * `fit` (which would ignore it), as `--fit` given now replaces a recorded font size.
 */
export function overLook(look: RenderSettings | undefined, over: RenderSettings): RenderSettings {
  if (look === undefined) return over;
  const base: RenderSettings = { ...look };
  if (over.fontSize !== undefined && over.fit === undefined) delete base.fit;
  if (over.fit) delete base.fontSize;
  return layer<RenderSettings>(base, over);
}
