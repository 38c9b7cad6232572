/**
 * The report's timeline: spans, marks and bins from synthetic events, the defects of the calibration casts
 * found where the manifest says they are, the strip's links and text, and the strip in a real Chromium.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { documentHead } from '../../src/report/report-styles.js';
import { computeTimeline, loadTimeline, renderTimelineMarkdown, renderTimelineSvg, timelineStyles, type TimelineState } from '../../src/report/index.js';
import type { Scorecard } from '../../src/score/types.js';
import { launchChromium } from '../helpers/browser.js';
import { makeTempDir, repoRoot } from '../helpers/paths.js';
import { buildScorecard } from './report-fixture.js';
import { syntheticFrames } from './pure-fixture.js';

declare const document: any;

/** drawn is a state with text on screen; blank one with none. */
const drawn = (time: number, changed = 0.2): TimelineState => ({ time, changed, ink: 0.1 });
const blank = (time: number): TimelineState => ({ time, changed: 0.1, ink: 0 });

/** syntheticTimeline has a freeze (3–10 s), two blank flashes (12.0 and 12.6 s), a flood (14–18 s), markers, keys and a resize. */
function syntheticTimeline() {
  const states: TimelineState[] = [drawn(0.5, 1), drawn(1), drawn(2), drawn(3), drawn(10), drawn(11), blank(12), drawn(12.1), blank(12.6), drawn(12.75), drawn(13)];
  for (let time = 14; time <= 20; time += 0.5) states.push(drawn(time));
  const events = [
    { time: 0.5, code: 'o' as const, data: 'hello\r\n' },
    { time: 0.8, code: 'm' as const, data: 'start' },
    { time: 1, code: 'i' as const, data: 'l' },
    { time: 1.1, code: 'i' as const, data: 's' },
    { time: 1.5, code: 'i' as const, data: '\r' },
    { time: 2, code: 'r' as const, data: '100x30' },
    { time: 2.5, code: 'i' as const, data: '\x1b[A' },
    { time: 2.6, code: 'm' as const, data: 'termaudit:hide' },
    // 100 lines a second for 4 s.
    ...Array.from({ length: 400 }, (_, index) => ({ time: 14 + index / 100, code: 'o' as const, data: `line ${index}\r\n` })),
  ];
  return computeTimeline({ duration: 20, states, events, frames: [{ number: 1, time: 1 }, { number: 2, time: 6 }, { number: 3, time: 16 }] });
}

test('computeTimeline finds a freeze, merged blank flashes and a flood, with markers, keys and resizes', () => {
  const timeline = syntheticTimeline();
  assert.deepEqual(
    timeline.spans.map(({ kind, start, end, label }) => ({ kind, start, end: Math.round(end * 100) / 100, label })),
    [
      { kind: 'freeze', start: 3, end: 10, label: 'Freeze 7.0 s' },
      { kind: 'flash', start: 12, end: 12.75, label: '2 blank flashes' },
      { kind: 'flood', start: 14, end: 17.99, label: 'Flood 100 lines/s' },
    ],
  );
  assert.deepEqual(
    timeline.marks.map(({ kind, time, label }) => ({ kind, time, label })),
    [
      { kind: 'marker', time: 0.8, label: 'start' },
      { kind: 'key', time: 1, label: 'ls' },
      { kind: 'key', time: 1.5, label: 'Enter' },
      { kind: 'resize', time: 2, label: 'Resize to 100×30' },
      { kind: 'key', time: 2.5, label: 'Up' },
    ],
  );
  assert.equal(timeline.outputBytes.length, 120);
  assert.equal(timeline.outputBytes.reduce((sum, bytes) => sum + bytes, 0), 7 + 10 * 8 + 90 * 9 + 300 * 10);
  assert.equal(timeline.outputBytes[Math.floor(10 / timeline.binSeconds)], 0);
  assert.ok(timeline.screenChange[Math.floor(0.5 / timeline.binSeconds)]! >= 1);
});

test('a screen that stands still for less than the freeze threshold, or after the program has finished, is no freeze', () => {
  const timeline = computeTimeline({ duration: 30, states: [drawn(0), drawn(4), drawn(8)], events: [] });
  assert.deepEqual(timeline.spans, []);
});

test('the strip links every span, mark and frame tick to the nearest sampled frame, with a tooltip, and lists the spans as text', () => {
  const timeline = syntheticTimeline();
  const markup = renderTimelineSvg(timeline, timeline.frames).value;
  const links = [...markup.matchAll(/<a href="#frame-(\d+)"><g class="tl-(span|mark|tick)[^"]*"><title>([^<]*)<\/title>/g)].map((match) => ({ frame: Number(match[1]), kind: match[2], title: match[3] }));
  assert.equal(links.filter((link) => link.kind === 'span').length, 3);
  assert.equal(links.filter((link) => link.kind === 'mark').length, 5);
  assert.equal(links.filter((link) => link.kind === 'tick').length, 3);
  assert.deepEqual(links.find((link) => link.kind === 'span'), { frame: 2, kind: 'span', title: 'Freeze 7.0 s, 00:03.0–00:10.0 — frame 2' });
  assert.equal(links.find((link) => link.title.startsWith('Flood'))?.frame, 3);
  assert.match(markup, /<svg role="group" aria-label="Timeline of the recording, 20.0 s/);
  const list = markup.slice(markup.indexOf('<ul class="timeline-problems"'));
  assert.equal([...list.matchAll(/<li>.*?<a href="#frame-\d+">/g)].length, 3);
  assert.match(list, /2 blank flashes over 0\.8 s, 00:12\.0–00:12\.8 — frame 3/);
  assert.doesNotMatch(markup, /<script/);
});

test('renderTimelineMarkdown lists the spans with their times and frame links, or says there are none', () => {
  const timeline = syntheticTimeline();
  const lines = renderTimelineMarkdown(timeline, (number) => `[Frame ${number}](f${number}.png)`);
  assert.deepEqual(lines, [
    '- Freeze 7.0 s, 00:03.0–00:10.0 ([Frame 2](f2.png))',
    '- 2 blank flashes over 0.8 s, 00:12.0–00:12.8 ([Frame 3](f3.png))',
    '- Flood 100 lines/s over 4.0 s, 00:14.0–00:18.0 ([Frame 3](f3.png))',
  ]);
  assert.deepEqual(renderTimelineMarkdown(computeTimeline({ duration: 3, states: [], events: [] }), String), ['No freeze, blank flash or flood in 3.0 s.']);
});

/** calibrationEntry reads a calibration cast's labelled defect from calibration/manifest.json. */
function calibrationEntry(id: string): { cast: string; time: [number, number]; defect: string } {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'calibration', 'manifest.json'), 'utf8')) as { entries: Array<{ id: string; cast: string; time: [number, number]; defect: string }> };
  return manifest.entries.find((entry) => entry.id === id)!;
}

/** castScorecard is a scorecard made from a cast, with the synthetic frames. */
function castScorecard(path: string, kind: 'cast' | 'video' = 'cast'): Scorecard {
  const scorecard = buildScorecard(syntheticFrames());
  return { ...scorecard, run: { ...scorecard.run, input: { path, kind } } };
}

const defects = { freeze: 'freeze', 'log-flood': 'flood', flicker: 'flash' } as const;
for (const id of ['demo-freeze', 'tui-log-flood', 'cli-flicker', 'cli-freeze', 'demo-log-flood', 'tui-flicker']) {
  test(`loadTimeline finds the ${id} calibration cast's defect in the time range the manifest labels`, async () => {
    const entry = calibrationEntry(id);
    const calibrationDir = join(repoRoot, 'calibration');
    const timeline = await loadTimeline(castScorecard(entry.cast), calibrationDir);
    assert.ok(timeline);
    const kind = defects[entry.defect as keyof typeof defects];
    const spans = timeline.spans.filter((span) => span.kind === kind);
    assert.ok(spans.length > 0, `no ${kind} span in ${JSON.stringify(timeline.spans)}`);
    const [from, to] = entry.time;
    assert.ok(spans.some((span) => span.start < to && span.end > from), `${JSON.stringify(spans)} does not overlap ${from}–${to} s`);
    assert.deepEqual(timeline.spans.filter((span) => span.kind !== kind), [], 'no other kind of problem is marked');
    assert.equal(timeline.frames.length, 3);
  });
}

test('a scorecard made from a video, or from a cast that is gone, has no timeline', async () => {
  const dir = makeTempDir();
  assert.equal(await loadTimeline(castScorecard('recording.mp4', 'video'), dir), undefined);
  assert.equal(await loadTimeline(castScorecard('gone.cast'), dir), undefined);
  writeFileSync(join(dir, 'broken.cast'), 'not a cast\n');
  const warnings: string[] = [];
  assert.equal(await loadTimeline(castScorecard('broken.cast'), dir, { onWarning: (message) => warnings.push(message) }), undefined);
  assert.equal(warnings.length, 1);
});

test('the strip renders at 390 px and 1280 px in Chromium with no console error, inside the page width', async () => {
  const entry = calibrationEntry('tui-freeze');
  const scorecard = castScorecard(entry.cast);
  const timeline = (await loadTimeline(scorecard, join(repoRoot, 'calibration')))!;
  const dir = makeTempDir();
  const path = join(dir, 'timeline.html');
  const frames = scorecard.frames.map((frame) => `<figure class="frame" id="frame-${frame.number}">Frame ${frame.number}</figure>`).join('');
  writeFileSync(path, `${documentHead('Timeline', timelineStyles).value}<main>${renderTimelineSvg(timeline, scorecard.frames).value}${frames}</main></body></html>`);
  const browser = await launchChromium();
  try {
    for (const width of [390, 1280]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme });
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(error.message));
        await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
        const layout = await page.evaluate(() => {
          const svg = document.querySelector('.timeline-plot > svg').getBoundingClientRect();
          const lanes = [...document.querySelectorAll('.timeline-lanes span')].map((span: any) => parseFloat(getComputedStyle(span).fontSize));
          return { scrollWidth: document.documentElement.scrollWidth, svgWidth: svg.width, svgRight: svg.right, smallestLabel: Math.min(...lanes) };
        });
        assert.ok(layout.scrollWidth <= width, `the page scrolls sideways at ${width} px (${layout.scrollWidth} px)`);
        assert.ok(layout.svgWidth > width / 2, `the strip is ${layout.svgWidth} px wide at ${width} px`);
        assert.ok(layout.smallestLabel >= 11, `lane names are ${layout.smallestLabel} px`);
        await page.locator('.timeline-problems a').first().click();
        await page.waitForFunction(() => document.querySelector(':target') !== null);
        assert.deepEqual(problems, []);
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
});

declare function getComputedStyle(element: unknown): { fontSize: string };
