/**
 * `npm run docs:images`: makes the README's pictures with termaudit itself. It runs the demo audit
 * (pipeline/demo.yaml, heuristic judge), copies the healthy scenario's last sampled frame (drawn
 * losslessly from the recorded screen) to docs/demo-frame.png, compares the low-contrast canary with the
 * healthy run as its baseline (the release gate a team would run), rebuilds the canary's report with that
 * comparison, and screenshots its first screenful in headless Chromium: docs/report.png (1280×800, what a
 * designer sees on opening it) and docs/report-phone.png (390 px wide). Both are checked before they are
 * written: the verdict says contrast failed, a top issue has boxes drawn on its frame, and the before-and-
 * after view of contrast is on the first screen.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../test/helpers/browser.js';

// Browser globals used inside page.evaluate (the project compiles without the DOM library).
declare const document: { querySelector(selector: string): { getBoundingClientRect(): { top: number; bottom: number } } | null };

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'bin/termaudit.js');
const runId = `docs-${Date.now()}`;
execFileSync(process.execPath, [cli, 'run', 'pipeline/demo.yaml', '--judge', 'heuristic', '--run-id', runId], { cwd: root, stdio: 'inherit' });
const run = join(root, 'recordings', 'demo', runId);
const healthy = join(run, 'healthy');
const canary = join(run, 'low-contrast');
const frames = JSON.parse(readFileSync(join(healthy, 'sample', 'frames.json'), 'utf8')) as { frames: { file: string }[] };
copyFileSync(join(healthy, 'sample', frames.frames.at(-1)!.file), join(root, 'docs', 'demo-frame.png'));

// The canary against the healthy run as its baseline: the gate fails (exit 5), as it must.
const compared = spawnSync(process.execPath, [cli, 'compare', healthy, canary, '--min-score', 'contrast=4'], { cwd: root, stdio: 'inherit' });
if (compared.status !== 5) throw new Error(`compare of the canary exited ${compared.status}, not 5: the gate no longer catches the low-contrast display`);
execFileSync(process.execPath, [cli, 'report', canary], { cwd: root, stdio: 'inherit' });

const browser = await launchChromium();
try {
  for (const [name, viewport] of [
    ['report.png', { width: 1280, height: 800 }],
    ['report-phone.png', { width: 390, height: 844 }],
  ] as const) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1, colorScheme: 'light' });
    await page.goto(pathToFileURL(join(canary, 'report.html')).href);
    if (name === 'report.png') {
      // What the first screenful must show: the failed verdict naming contrast, where on which frame, and the baseline.
      const verdict = await page.locator('#verdict').textContent();
      const sentence = await page.locator('section.verdict p.headline').first().textContent();
      if (!verdict?.includes('Failed') || !sentence?.includes('Contrast')) throw new Error(`the verdict does not say contrast failed: ${verdict} ${sentence}`);
      // No named function inside evaluate: tsx would wrap it in a helper the page does not have.
      const below = await page.evaluate((selectors) => selectors.map((selector) => document.querySelector(selector)?.getBoundingClientRect().bottom ?? Infinity), ['.top-issues .shot svg', '#before-after + h3 + .pair figure']);
      if (below.some((bottom) => bottom > viewport.height)) throw new Error(`the first screenful misses the boxed issue or the baseline (bottoms ${below.join(', ')} px)`);
    }
    await page.screenshot({ path: join(root, 'docs', name) });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log('wrote docs/demo-frame.png, docs/report.png and docs/report-phone.png');
