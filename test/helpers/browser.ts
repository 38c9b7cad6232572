/**
 * A real headless Chromium for the HTML report tests, driven by playwright-core. The binary is Debian's
 * `chromium` (scripts/ensure-chromium.sh finds it, or installs it on a clean machine, once per process).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from './paths.js';

let executablePath: string | undefined;

/** chromiumPath returns the Chromium binary, running scripts/ensure-chromium.sh the first time (it may install the package). */
export function chromiumPath(): string {
  if (executablePath === undefined) {
    const output = execFileSync('sh', [join(repoRoot, 'scripts', 'ensure-chromium.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 });
    const path = output.trim().split('\n').at(-1);
    if (!path) throw new Error('scripts/ensure-chromium.sh printed no chromium path');
    executablePath = path;
  }
  return executablePath;
}

/** launchChromium starts headless Chromium (no sandbox: tests may run as root in containers). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'], headless: true });
}
