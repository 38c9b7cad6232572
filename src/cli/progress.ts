/**
 * Progress lines for long commands: on a terminal one line rewritten in place (throttled), elsewhere
 * (CI logs, pipes) a plain line at every tenth of the work, never ANSI codes.
 */
import type { RenderProgress } from '../render/index.js';

/** ProgressPrinter prints render progress to a stream. */
export interface ProgressPrinter {
  render(progress: RenderProgress): void;
  /** Ends the in-place line, if any. */
  done(): void;
}

/** createProgressPrinter returns a printer suited to the stream (tty or not). */
export function createProgressPrinter(stream: NodeJS.WriteStream = process.stderr, label = 'rendering'): ProgressPrinter {
  const interactive = stream.isTTY === true;
  let lastPrint = 0;
  let lastTenth = -1;
  let printedInPlace = false;
  return {
    render(progress) {
      const fraction = progress.castDuration > 0 ? Math.min(1, progress.recordingTime / progress.castDuration) : 1;
      const text = `${label} ${(fraction * 100).toFixed(0).padStart(3)}%  ${progress.recordingTime.toFixed(1)}s of ${progress.castDuration.toFixed(1)}s, ${progress.framesRasterized} frames`;
      if (interactive) {
        const now = performance.now();
        if (now - lastPrint < 100) return;
        lastPrint = now;
        stream.write(`\r\x1b[2K${text}`);
        printedInPlace = true;
      } else {
        const tenth = Math.floor(fraction * 10);
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        stream.write(`${text}\n`);
      }
    },
    done() {
      if (printedInPlace) stream.write('\r\x1b[2K');
      printedInPlace = false;
    },
  };
}
