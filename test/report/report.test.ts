import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { ConfigError } from '../../src/errors.js';
import { parseReportFormats, report, THUMBNAIL_WIDTH } from '../../src/report/index.js';
import { makeTempDir } from '../helpers/paths.js';
import { buildRunFixture, writeComparisonFixture } from './report-fixture.js';

test('report writes report.html, scorecard.md and junit.xml beside the scorecard, embedding frames and compare images', async () => {
  const fixture = await buildRunFixture();
  await writeComparisonFixture(fixture);
  writeFileSync(join(fixture.dir, 'recording.mp4'), '');
  const result = await report(fixture.dir, { minScore: 5 });
  assert.deepEqual(result.outputs, { html: join(fixture.dir, 'report.html'), md: join(fixture.dir, 'scorecard.md'), junit: join(fixture.dir, 'junit.xml') });
  assert.equal(result.comparisonPath, join(fixture.dir, 'compare.json'));
  assert.deepEqual(result.warnings, []);
  const page = readFileSync(result.outputs.html!, 'utf8');
  const images = [...page.matchAll(/<img src="data:image\/png;base64,([^"]+)"/g)].map((match) => Buffer.from(match[1]!, 'base64'));
  // 3 thumbnails, 3 full frames, baseline + current + diff of the changed screen, crops of the 2 top issues
  // that show on a frame, and the error criterion's baseline, current and difference crops (before and after).
  assert.equal(images.length, 14);
  assert.match(page, /<h2 id="before-after">Before and after<\/h2>\s*<h3 id="before-after-errors">/);
  const widths = await Promise.all(images.map(async (png) => (await sharp(png).metadata()).width));
  assert.equal(widths.filter((width) => width === Math.min(THUMBNAIL_WIDTH, fixture.scorecard.frames[0]!.width)).length >= 3, true);
  // The video opens on the last sampled frame, not on black.
  assert.match(page, /<video controls preload="metadata" poster="data:image\/png;base64,[^"]+" src="recording\.mp4">/);
  const markdown = readFileSync(result.outputs.md!, 'utf8');
  assert.match(markdown, /\]\(sample\/frames\/03\.png\)/);
  // scorecard.md shows where the top issue and the dropped criterion are with marked-up crops beside it.
  assert.match(markdown, /^✘ \*\*Failed\*\*: Failed its quality gate: Error messages scored 3\.5, below the minimum of 5\.0, down 2\.5 from the baseline's 6\.0/m);
  for (const figure of ['issue-1.png', 'errors-now.png', 'errors-baseline.png', 'errors-difference.png']) {
    assert.match(markdown, new RegExp(`\\(report-figures/${figure.replace('.', '\\.')}\\)`));
    assert.equal((await sharp(join(fixture.dir, 'report-figures', figure)).metadata()).format, 'png');
  }
  // The made-up quote is flagged, not shown as evidence; the found one is boxed on its frame.
  assert.match(page, /<span class="unverified">Unverified:<\/span> the judge cited <a href="#frame-1">Frame 1[^<]*<\/a>, but <q>a quote the judge made up<\/q> does not occur on it/);
  assert.match(markdown, /\*\*Unverified:\*\* the judge cited \[Frame 1/);
  assert.match(page, /<figure class="frame" id="frame-1">[\s\S]*?<svg viewBox="0 0 \d+ \d+" preserveAspectRatio="none" aria-hidden="true"><title>Evidence of Clarity &amp; wording<\/title><rect /);
  assert.match(readFileSync(result.outputs.junit!, 'utf8'), /<testsuite name="termaudit.gates"/);
});

test('report -o writes elsewhere with links back to the run, and only the formats asked for', async () => {
  const fixture = await buildRunFixture();
  const out = join(makeTempDir('termaudit-report-out-'), 'reports');
  const result = await report(join(fixture.dir, 'scorecard.json'), { out, formats: ['md'] });
  assert.deepEqual(Object.keys(result.outputs), ['md']);
  const markdown = readFileSync(join(out, 'scorecard.md'), 'utf8');
  assert.match(markdown, /\]\(\.\.\/\.\.\/termaudit-test-[^/]+\/sample\/frames\/01\.png\)/);
});

test('report still renders when a frame image is missing, with a warning', async () => {
  const fixture = await buildRunFixture();
  rmSync(join(fixture.dir, fixture.scorecard.frames[1]!.file));
  const warnings: string[] = [];
  const result = await report(fixture.dir, { formats: ['html'], onWarning: (message) => warnings.push(message) });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^frame 2: .*02\.png is missing/);
  assert.match(readFileSync(result.outputs.html!, 'utf8'), /Image not found: sample\/frames\/02\.png/);
});

test('report rejects a missing scorecard, an invalid one, a broken compare.json and unknown formats with ConfigError', async () => {
  const empty = makeTempDir('termaudit-report-empty-');
  await assert.rejects(report(empty), ConfigError);
  writeFileSync(join(empty, 'scorecard.json'), '{"version": 1, "criteria": "no"}');
  await assert.rejects(report(empty), ConfigError);
  const fixture = await buildRunFixture();
  writeFileSync(join(fixture.dir, 'compare.json'), '{"version": 2}');
  await assert.rejects(report(fixture.dir), (error: unknown) => error instanceof ConfigError && /compare\.json: not a termaudit comparison/.test(error.message));
  assert.throws(() => parseReportFormats('html,pdf'), /--format: unknown report format "pdf" \(choose from html, md, junit\)/);
  assert.deepEqual(parseReportFormats('junit, MD,junit'), ['junit', 'md']);
});
