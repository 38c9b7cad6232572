/**
 * `npm run docs:images`: makes the README's pictures with termaudit itself. It runs the demo audit
 * (pipeline/demo.yaml, heuristic judge), copies the healthy scenario's last sampled frame (drawn
 * losslessly from the recorded screen) to docs/demo-frame.png, and screenshots the top of that
 * scenario's report.html in headless Chromium to docs/report.png.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../test/helpers/browser.js';

const root = resolve(import.meta.dirname, '..');
const runId = `docs-${Date.now()}`;
execFileSync(process.execPath, [join(root, 'bin/termaudit.js'), 'run', 'pipeline/demo.yaml', '--judge', 'heuristic', '--run-id', runId], { cwd: root, stdio: 'inherit' });
const scenario = join(root, 'recordings', 'demo', runId, 'healthy');
const frames = JSON.parse(readFileSync(join(scenario, 'sample', 'frames.json'), 'utf8')) as { frames: { file: string }[] };
copyFileSync(join(scenario, 'sample', frames.frames.at(-1)!.file), join(root, 'docs', 'demo-frame.png'));

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(pathToFileURL(join(scenario, 'report.html')).href);
  await page.screenshot({ path: join(root, 'docs', 'report.png') });
} finally {
  await browser.close();
}
console.log('wrote docs/demo-frame.png and docs/report.png');
