/**
 * report.html and history.html in a real headless Chromium: they open from file:// with no console error,
 * no failed request and no request to any network host, every image decodes, evidence links scroll to
 * their frame, and the layout fits a desktop and a phone in light and dark themes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { historyReport, report } from '../../src/report/index.js';
import { launchChromium } from '../helpers/browser.js';
import { makeTempDir } from '../helpers/paths.js';
import { buildRunFixture, writeComparisonFixture, type ReportFixture } from './report-fixture.js';

// The callbacks given to page.evaluate run in the browser. The project compiles without the DOM library,
// so the browser globals they use are declared here, loosely, for this file only.
declare const document: any;
declare const location: { hash: string };
declare const innerWidth: number;
declare const innerHeight: number;
declare function getComputedStyle(element: unknown): { outlineStyle: string; backgroundColor: string; color: string };
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
    assert.equal(images.length, 9);
    for (const image of images) {
      assert.ok(image.width > 0, `image "${image.alt}" did not decode`);
      assert.ok(image.alt.length > 0, 'every image has alt text');
    }
    const headings = await page.evaluate(() => [...document.querySelectorAll('h1, h2')].map((heading) => heading.textContent?.trim()));
    assert.deepEqual(headings.slice(1), ['Summary', 'Compared with the baseline', 'Recording', 'Criteria', 'Issues', 'Frames in full', 'Judge and cost']);
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
      points: document.querySelectorAll('svg circle.point').length,
      titles: document.querySelectorAll('svg circle.point > title').length,
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
