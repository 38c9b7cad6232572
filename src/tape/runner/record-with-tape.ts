/**
 * The piece of `termaudit record --tape` that the pipeline runner shares: a recorder `drive` function that
 * runs a tape against the recording session, with a virtual terminal beside it so the tape's waits and
 * screenshots see the screen exactly as the renderer will.
 */
import type { CastTheme } from '../../asciicast/types.js';
import type { RecordSession } from '../../record/record-session.js';
import { layoutOf, type RenderSettings } from '../../render/render-settings.js';
import { recordingTheme } from '../../render/theme.js';
import { VirtualTerminal } from '../../render/virtual-terminal.js';
import type { Tape } from '../tape-types.js';
import { runTape, type ShellPrompt } from './run-tape.js';

/** TapeDriverOptions say how the tape's screenshots look, where its screen dumps go, and which prompt to wait for. */
export interface TapeDriverOptions {
  /** The render settings (layout and theme name) the video will use, so screenshots look like it. */
  render: RenderSettings;
  /** The tape's inline theme, which wins over `renderOptions.theme`. @default undefined */
  castTheme?: CastTheme;
  /** Receives the visible screen after each tape command (text goldens, txt output). @default undefined */
  screenDumps?: string[];
  /** The tape's own shell, whose prompt is waited for before the first keystroke (see TapeTarget.shell). @default undefined */
  shellPrompt?: ShellPrompt;
}

/** tapeDriver returns the `drive` function of `record()` that runs `tape` in the recorded session. */
export function tapeDriver(tape: Tape, options: TapeDriverOptions): (session: RecordSession) => Promise<void> {
  return (session) => {
    const terminal = new VirtualTerminal({ cols: session.cols, rows: session.rows });
    const theme = recordingTheme(options.castTheme, options.render.theme);
    const run = runTape(tape, session, terminal, {
      layout: layoutOf(options.render),
      theme,
      screenDumps: options.screenDumps,
      shellPrompt: options.shellPrompt,
    });
    return run.finally(() => terminal.dispose());
  };
}
