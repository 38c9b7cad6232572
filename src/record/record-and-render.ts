/**
 * What `termaudit record` does end to end: record the command into a new run directory, write meta.json,
 * then render the cast it just wrote with the same renderer as `termaudit render`. Rendering options are
 * checked before anything is recorded, so a typo never costs a recording.
 */
import { join } from 'node:path';
import type { CastTheme } from '../asciicast/types.js';
import { mergeJsonFile } from '../json-file.js';
import { render, type RenderOptions, type RenderResult } from '../render/index.js';
import { planLayout } from '../render/raster/layout.js';
import { castThemeOf, recordingTheme } from '../render/theme.js';
import { TOOL_VERSION } from '../version.js';
import { record, type RecordOptions, type RecordResult } from './index.js';

/** RecordAndRenderOptions are the recorder's options plus how (or whether) to render afterwards. */
export interface RecordAndRenderOptions extends Omit<RecordOptions, 'theme'> {
  /** Rendering options, or `false` to only record. @default {} (MP4 with the default look) */
  render?: false | Omit<RenderOptions, 'outDir'>;
  /**
   * An inline theme (e.g. a tape's `Set Theme {…}`), used instead of `render.theme`: it goes into the cast
   * header, and the render takes the cast's theme. @default none: `render.theme` is used
   */
  castTheme?: CastTheme;
  /** Called once the cast is complete, before rendering starts. */
  onRecorded?: (recording: RecordResult) => void;
}

/** RecordAndRenderResult holds the recording and, unless disabled, the render. */
export interface RecordAndRenderResult {
  recording: RecordResult;
  rendered?: RenderResult;
}

/** recordAndRender records a command, writes meta.json and renders the cast. */
export async function recordAndRender(options: RecordAndRenderOptions): Promise<RecordAndRenderResult> {
  const renderOptions = options.render === false ? undefined : (options.render ?? {});
  const theme = recordingTheme(options.castTheme, renderOptions?.theme);
  if (renderOptions) planLayout(options.cols ?? 120, options.rows ?? 36, renderOptions);

  const { castTheme, ...recordOptions } = options;
  const recording = await record({ ...recordOptions, theme: castThemeOf(theme) });
  await mergeJsonFile(join(recording.dir, 'meta.json'), {
    toolVersion: TOOL_VERSION,
    command: [options.command, ...(options.args ?? [])].map((word) => options.redact?.(word) ?? word),
    cwd: options.cwd ?? process.cwd(),
    terminal: { cols: options.cols ?? 120, rows: options.rows ?? 36 },
    startedAt: recording.startedAt,
    durationSeconds: recording.durationSeconds,
    endedBy: recording.endedBy,
    exitCode: recording.exitCode,
    signal: recording.signal,
    bytesRecorded: recording.bytesRecorded,
    events: recording.events,
    cast: 'session.cast',
  });
  options.onRecorded?.(recording);
  if (!renderOptions) return { recording };
  const rendered = await render(recording.castPath, { ...renderOptions, theme: castTheme ? undefined : (renderOptions.theme ?? theme.name), outDir: recording.dir });
  return { recording, rendered };
}
