/**
 * report.html, history.html and a pipeline run's report.html in a real headless Chromium: they open from
 * file:// with no console error, no failed request and no request to any network host, every image
 * decodes, evidence links scroll to their frame, the layout fits a desktop and a phone in light and dark
 * themes, the run report's wide scores table scrolls in its box, and the history chart's legend toggles
 * its series by click and keyboard while its date labels never overlap.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { compareScorecards } from '../../src/compare/index.js';
import { renderRunHtml, summarizeRun } from '../../src/pipeline/summary.js';
import type { ScenarioResult } from '../../src/pipeline/types.js';
import { historyReport, report } from '../../src/report/index.js';
import { manyCriteriaScorecard } from './many-criteria-fixture.js';
import { launchChromium } from '../helpers/browser.js';
import { makeTempDir } from '../helpers/paths.js';
import { buildRunFixture, writeComparisonFixture, type ReportFixture } from './report-fixture.js';

// The callbacks given to page.evaluate run in the browser. The project compiles without the DOM library,
// so the browser globals they use are declared here, loosely, for this file only.
declare const document: any;
declare const location: { hash: string };
declare const innerWidth: number;
declare const innerHeight: number;
declare function getComputedStyle(element: unknown): { outlineStyle: string; backgroundColor: string; color: string; fontSize: string };
declare const DOMParser: new () => { parseFromString(text: string, type: string): any };

let browser: Browser;
let fixture: ReportFixture;
let reportUrl: string;

before(async () => {
  [browser, fixture] = await Promise.all([launchChromium(), buildRunFixture()]);
  await writeComparisonFixture(fixture);
  const result = await report(fixture.dir, { minScore: 5 });
  reportUrl = pathToFileURL(result.outputs.html!).href;
});
after(() => browser?.close());

/** PageWatch collects what a page did that a self-contained report must not do. */
interface PageWatch {
  page: Page;
  problems: string[];
}

/** contrastRatio is the WCAG contrast ratio of two CSS `rgb(r, g, b)` colours. */
function contrastRatio(foreground: string, background: string): number {
  const luminance = (colour: string) => {
    const [r, g, b] = colour.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((part) => {
      const channel = Number(part) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (light! + 0.05) / (dark! + 0.05);
}

async function openPage(url: string, options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<PageWatch> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, colorScheme: options.colorScheme ?? 'light' });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
  page.on('request', (request) => {
    if (!/^(file|data):/.test(request.url())) problems.push(`network request: ${request.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

test('report.html opens from disk with no console error, no failed or network request, and every image decodes', async () => {
  const { page, problems } = await openPage(reportUrl);
  try {
    const images = await page.evaluate(async () => {
      const all = [...document.images];
      await Promise.all(all.map((image) => image.decode().catch(() => undefined)));
      return all.map((image) => ({ alt: image.alt, width: image.naturalWidth }));
    });
    // 3 thumbnails, 3 full frames, the changed screen's 3 images, 2 top-issue crops, the before-and-after's 3.
    assert.equal(images.length, 14);
    for (const image of images) {
      assert.ok(image.width > 0, `image "${image.alt}" did not decode`);
      assert.ok(image.alt.length > 0, 'every image has alt text');
    }
    const headings = await page.evaluate(() => [...document.querySelectorAll('h1, h2')].map((heading) => heading.textContent?.trim()));
    assert.deepEqual(headings.slice(1), ['✘ Failed', 'Top issues', 'Before and after', 'Recording', 'Criteria', 'Compared with the baseline', 'Issues', 'Frames in full', 'Run', 'Judge and cost']);
    assert.equal(await page.evaluate(() => document.body.innerText.includes('Error: <config> & "name" isn\'t set')), true);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('clicking an evidence link scrolls its frame into view and marks it as the target, with the quote shown', async () => {
  const { page, problems } = await openPage(reportUrl);
  try {
    const last = fixture.scorecard.frames.at(-1)!.number;
    await page.locator(`#criterion-errors a[href="#frame-${last}"]`).click();
    await page.waitForFunction((id) => location.hash === `#${id}`, `frame-${last}`);
    const state = await page.evaluate((id) => {
      const element = document.getElementById(id)!;
      const box = element.getBoundingClientRect();
      return { target: element.matches(':target'), top: box.top, innerHeight, text: element.textContent ?? '', outline: getComputedStyle(element).outlineStyle };
    }, `frame-${last}`);
    assert.equal(state.target, true);
    assert.ok(state.top >= 0 && state.top < state.innerHeight / 2, `the frame's top is at ${state.top}px`);
    assert.equal(state.outline, 'solid');
    assert.match(state.text, /Error messages: “?Error: <config> & "name" isn't set/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('report.html fits a desktop and a phone in light and dark themes', async (t) => {
  const shots = makeTempDir('termaudit-report-shots-');
  const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
  const backgrounds = new Set<string>();
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [name, size] of Object.entries(sizes)) {
      const { page, problems } = await openPage(reportUrl, { ...size, colorScheme });
      try {
        const overflow = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));
        assert.ok(overflow.scrollWidth <= overflow.innerWidth, `${name} ${colorScheme}: the page is ${overflow.scrollWidth}px wide in a ${overflow.innerWidth}px window`);
        // No named functions inside evaluate: tsx would wrap them in a helper the browser does not have.
        const colours = await page.evaluate(
          (selectors) => ({
            background: getComputedStyle(document.body).backgroundColor,
            text: Object.fromEntries(Object.entries(selectors).map(([name, selector]) => [name, getComputedStyle(document.querySelector(selector)).color])),
          }),
          { body: 'main', muted: '.muted', link: 'a', good: '.score.good', fair: '.score.fair', poor: '.score.poor' },
        );
        backgrounds.add(colours.background);
        for (const [name, colour] of Object.entries(colours.text)) {
          const ratio = contrastRatio(colour, colours.background);
          assert.ok(ratio >= 4.5, `${colorScheme}: ${name} text ${colour} on ${colours.background} has a contrast of ${ratio.toFixed(2)}`);
        }
        const path = join(shots, `report-${name}-${colorScheme}.png`);
        await page.screenshot({ path, fullPage: true });
        assert.ok(statSync(path).size > 10_000, `${path} is a real screenshot`);
        assert.deepEqual(readFileSync(path).subarray(1, 4).toString('latin1'), 'PNG');
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    }
  }
  assert.equal(backgrounds.size, 2, 'light and dark themes have different backgrounds');
  t.diagnostic(`screenshots in ${shots}`);
});

test('junit.xml parses as XML and history.html draws its chart in the browser', async () => {
  const runs = makeTempDir('termaudit-report-history-');
  const history = await historyReport(fixture.dir, { out: runs });
  const { page, problems } = await openPage(pathToFileURL(history.path).href, { width: 390, height: 844 });
  try {
    const junit = readFileSync(join(fixture.dir, 'junit.xml'), 'utf8');
    const parsed = await page.evaluate((xml) => {
      const document = new DOMParser().parseFromString(xml, 'application/xml');
      return {
        error: document.querySelector('parsererror')?.textContent ?? null,
        cases: document.querySelectorAll('testcase').length,
        failures: document.querySelectorAll('testcase > failure').length,
        skipped: document.querySelectorAll('testcase > skipped').length,
      };
    }, junit);
    assert.deepEqual(parsed, { error: null, cases: 4 + 1 + 5 + 2, failures: 1 + 4, skipped: 1 });
    const chart = await page.evaluate(() => ({
      points: document.querySelectorAll('svg.narrow .point').length,
      titles: document.querySelectorAll('svg.narrow .point > title').length,
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth,
    }));
    assert.equal(chart.points, 4);
    assert.equal(chart.titles, 4);
    assert.ok(chart.scrollWidth <= chart.innerWidth);
    assert.ok(statSync(join(runs, 'history.html')).size > 0);
    await page.screenshot({ path: join(runs, 'history-phone.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

/** writeRunReport renders a pipeline run of 15 scenarios scoring 19 criteria, 10 of them compared with a baseline, into a file. */
function writeRunReport(): string {
  const scoresOf = (seed: number) => Array.from({ length: 19 }, (_, index) => 1 + ((seed * 7 + index * 3) % 90) / 10);
  const baseline = manyCriteriaScorecard(scoresOf(0), 6);
  const scenarios: ScenarioResult[] = [];
  const details: Parameters<typeof renderRunHtml>[0]['scenarios'] = {};
  for (let index = 0; index < 15; index++) {
    const name = `scenario-with-a-long-name-${index + 1}`;
    const scorecard = manyCriteriaScorecard(scoresOf(index), 4 + (index % 6));
    const gate = index < 10 ? compareScorecards(baseline, scorecard, { maxDrop: 0.5, minScore: 2 }) : undefined;
    const comparison = gate && {
      version: 1 as const,
      createdAt: '2026-11-26T01:04:00.000Z',
      baseline: { path: '/base/scorecard.json', createdAt: baseline.createdAt, model: 'm' },
      current: { path: 'scorecard.json', createdAt: scorecard.createdAt, model: 'm' },
      settings: { maxDrop: 0.5, minScore: 2, pairwise: false },
      screens: [],
      ...gate,
    };
    scenarios.push({
      name,
      status: comparison && !comparison.passed ? 'quality-gate-failed' : 'passed',
      exitCode: comparison && !comparison.passed ? 5 : 0,
      dir: name,
      stages: {},
      overall: scorecard.overall.score,
      criteria: Object.fromEntries(scorecard.criteria.map((criterion) => [criterion.id, criterion.score])),
      ...(comparison && { compare: { passed: comparison.passed, failures: comparison.failures, baseline: '/base' }, ...(comparison.passed ? {} : { failedStage: 'compare' as const, reason: comparison.failures.join('; ') }) }),
    });
    details[name] = { scorecard, comparison, thumbnails: [] };
  }
  const summary = summarizeRun({ config: { name: 'nightly', path: '/p/nightly.yaml', sha256: 'a'.repeat(64) }, runId: 'r1', createdAt: '2026-11-26T01:00:00.000Z', scenarios, complete: true });
  const dir = makeTempDir('termaudit-run-report-');
  const path = join(dir, 'report.html');
  writeFileSync(path, renderRunHtml({ summary, scenarios: details }));
  return path;
}

test('a run report of 15 scenarios and 19 criteria never widens the page: its scores table scrolls in its box with the criterion column in view', async () => {
  const url = pathToFileURL(writeRunReport()).href;
  for (const width of [390, 1280]) {
    const { page, problems } = await openPage(url, { width, height: 844 });
    try {
      const before = await page.evaluate(() => {
        const wrap = document.querySelector('.table-wrap.scores');
        return {
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth,
          wrapScroll: wrap.scrollWidth,
          wrapWidth: wrap.clientWidth,
          rows: wrap.querySelectorAll('tbody tr').length,
          compared: [...wrap.querySelectorAll('td')].filter((cell) => cell.textContent.includes('→')).length,
        };
      });
      assert.ok(before.scrollWidth <= before.innerWidth, `${width}px: the page is ${before.scrollWidth}px wide`);
      assert.ok(before.wrapScroll > before.wrapWidth, `${width}px: the scores table (${before.wrapScroll}px) scrolls inside its ${before.wrapWidth}px box`);
      assert.equal(before.rows, 20);
      assert.equal(before.compared, 10 * 20);
      const sticky = await page.evaluate(() => {
        const wrap = document.querySelector('.table-wrap.scores');
        const header = wrap.querySelector('tbody th');
        const left = header.getBoundingClientRect().left;
        wrap.scrollLeft = wrap.scrollWidth;
        const cell = header.nextElementSibling;
        return { left, after: header.getBoundingClientRect().left, scrolled: wrap.scrollLeft, cellLeft: cell.getBoundingClientRect().left };
      });
      assert.ok(sticky.scrolled > 0);
      assert.equal(sticky.after, sticky.left, `${width}px: the criterion column stays in view`);
      assert.ok(sticky.cellLeft < sticky.left, 'the scores scrolled under it');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  }
});

/** writeManyCriteriaHistory writes 30 nightly scorecards of a 19-criterion rubric and their history.html. */
async function writeManyCriteriaHistory(): Promise<string> {
  const root = makeTempDir('termaudit-history-many-');
  for (let night = 0; night < 30; night++) {
    const at = new Date(Date.UTC(2026, 9, 1 + night, 3)).toISOString();
    const scores = Array.from({ length: 19 }, (_, index) => (index === 1 ? Math.max(3, 9 - night * 0.2) : index === 4 ? 2 : 5 + ((index * 13 + night) % 4)));
    mkdirSync(join(root, `night-${night}`));
    writeFileSync(join(root, `night-${night}`, 'scorecard.json'), JSON.stringify(manyCriteriaScorecard(scores, 7, at)));
  }
  return (await historyReport(root)).path;
}

test('history.html of 19 criteria: date labels never overlap and read at 10 px or more on a phone and a desktop', async () => {
  const url = pathToFileURL(await writeManyCriteriaHistory()).href;
  for (const width of [390, 1280]) {
    const { page, problems } = await openPage(url, { width, height: 844 });
    try {
      const labels = await page.evaluate(() =>
        [...document.querySelectorAll('.chart svg text.x-tick')]
          .filter((text) => text.getBoundingClientRect().width > 0)
          .map((text) => {
            const box = text.getBoundingClientRect();
            return { left: box.left, right: box.right, top: box.top, bottom: box.bottom, size: parseFloat(getComputedStyle(text).fontSize) * text.ownerSVGElement.getScreenCTM().a };
          }),
      );
      const overflow = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));
      assert.ok(overflow.scrollWidth <= overflow.innerWidth, `${width}px: the page is ${overflow.scrollWidth}px wide`);
      assert.ok(labels.length >= 2, `${width}px: ${labels.length} date labels shown`);
      for (const [index, label] of labels.entries()) {
        assert.ok(label.size >= 10, `${width}px: label ${index} is ${label.size.toFixed(1)}px on screen`);
        for (const other of labels.slice(index + 1)) {
          const apart = label.right <= other.left || other.right <= label.left || label.bottom <= other.top || other.bottom <= label.top;
          assert.ok(apart, `${width}px: date labels overlap: ${JSON.stringify([label, other])}`);
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  }
});

test('history.html legend entries are buttons that hide and show their series by click and keyboard, with some series off at first', async () => {
  const url = pathToFileURL(await writeManyCriteriaHistory()).href;
  const { page, problems } = await openPage(url, { width: 1280, height: 900 });
  try {
    const state = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.legend button[data-series]')].map((button) => ({
          id: button.dataset.series,
          pressed: button.getAttribute('aria-pressed'),
          drawn: [...document.querySelectorAll('svg.wide .series')].find((group) => group.dataset.series === button.dataset.series).getBoundingClientRect().width > 0,
        })),
      );
    const initial = await state();
    assert.equal(initial.length, 20);
    assert.ok(initial.every((entry) => (entry.pressed === 'true') === entry.drawn), 'each button says whether its series is drawn');
    const shown = initial.filter((entry) => entry.pressed === 'true').map((entry) => entry.id);
    assert.ok(shown.includes('overall') && shown.includes('feedback') && shown.includes('contrast'), shown.join(', '));
    assert.ok(shown.length <= 7 && shown.length >= 4);
    assert.match(await page.locator('#legend-note').innerText(), new RegExp(`^${shown.length} of 20 series shown`));

    // Click hides a shown series; the keyboard (Tab to it, Enter, then Space) shows a hidden one and hides it again.
    await page.locator('.legend button[data-series="feedback"]').click();
    assert.deepEqual((await state()).find((entry) => entry.id === 'feedback'), { id: 'feedback', pressed: 'false', drawn: false });
    const hidden = initial.find((entry) => entry.pressed === 'false')!.id;
    await page.locator(`.legend button[data-series="${hidden}"]`).focus();
    await page.keyboard.press('Enter');
    assert.deepEqual((await state()).find((entry) => entry.id === hidden), { id: hidden, pressed: 'true', drawn: true });
    await page.keyboard.press('Space');
    assert.deepEqual((await state()).find((entry) => entry.id === hidden), { id: hidden, pressed: 'false', drawn: false });
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'BUTTON', 'the legend is reachable by Tab');

    await page.locator('#show-all').click();
    assert.ok((await state()).every((entry) => entry.pressed === 'true' && entry.drawn));
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }

  // Without the script every series is drawn and every button pressed.
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const drawn = await page.locator('svg.wide .series').evaluateAll((groups) => groups.filter((group) => group.getBoundingClientRect().width > 0).length);
    assert.equal(drawn, 20);
    assert.equal(await page.locator('.legend button[aria-pressed="true"]').count(), 20);
    assert.equal(await page.locator('.legend-actions').isVisible(), false);
  } finally {
    await context.close();
  }
});
