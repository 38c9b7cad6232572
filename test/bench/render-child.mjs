// Renders one cast in a process of its own, so that its peak memory is measured alone, and prints the
// figures as one JSON line. Used by test/bench/run.ts; it runs the compiled code users run (dist/).
import { readFileSync } from 'node:fs';
import { render } from '../../dist/render/index.js';

/**
 * Peak resident memory of this process, from VmHWM. Not `resourceUsage().maxRSS`: Linux carries a
 * process's maxrss across fork and exec, so a child would report its parent's size if that was larger.
 */
function peakRssMegabytes() {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

const [castPath, outDir, width, height] = process.argv.slice(2);
const started = performance.now();
const result = await render(castPath, {
  outDir,
  width: width ? Number(width) : undefined,
  height: height ? Number(height) : undefined,
});
const wallSeconds = (performance.now() - started) / 1000;
process.stdout.write(
  JSON.stringify({
    wallSeconds,
    framesRasterized: result.framesRasterized,
    videoDuration: result.videoDuration,
    castDuration: result.castDuration,
    frameWidth: result.settings.width,
    frameHeight: result.settings.height,
    maxRssMegabytes: peakRssMegabytes(),
  }) + '\n',
);
