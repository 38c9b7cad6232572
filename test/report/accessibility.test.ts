/**
 * Every HTML page termaudit writes (a scenario's report.html with a comparison, history.html, a pipeline
 * run's report.html and calibration.html) passes axe-core's WCAG 2.x A/AA rules and best practices with no
 * serious or critical violation, in the light theme on a desktop and the dark theme at 320 px, where tables
 * scroll (each theme's colours and each width's layout once, to keep the suite's time), with every <details> open and, in a scenario report, a frame shown as the target of an evidence link.
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { CalibrationDocument, DefectResult } from '../../src/calibrate/assessment.js';
import { renderCalibrationHtml } from '../../src/calibrate/calibration-html.js';
import { historyReport, report } from '../../src/report/index.js';
import { assertAccessible } from '../helpers/axe.js';
import { launchChromium } from '../helpers/browser.js';
import { makeTempDir } from '../helpers/paths.js';
import { SCENARIOS, writeRun } from '../fixtures/merge/shard-runs.js';
import { buildRunFixture, writeComparisonFixture } from './report-fixture.js';

/** VIEWPORTS are a desktop and a window 320 px wide (WCAG's reflow width), where wide tables, the chart and screen text scroll and must be reachable by keyboard. */
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, narrow: { width: 320, height: 640 } };

// The callback given to page.evaluate runs in the browser; the project compiles without the DOM library.
declare const document: { querySelectorAll(selector: string): Iterable<{ open: boolean }> };

let browser: Browser;

before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

/**
 * checkEveryVariant opens the page (at `hash`, if given) light on a desktop and dark at 320 px, as a subtest each,
 * opens every <details>, and asserts axe finds nothing serious and no request leaves the machine.
 */
async function checkEveryVariant(t: TestContext, name: string, path: string, hash = ''): Promise<void> {
  for (const [colorScheme, viewportName] of [['light', 'desktop'], ['dark', 'narrow']] as const) {
    const viewport = VIEWPORTS[viewportName];
    {
      await t.test(`${colorScheme} ${viewportName}`, async () => {
        const page = await browser.newPage({ viewport, colorScheme });
        const requests: string[] = [];
        page.on('request', (request) => {
          if (!/^(file|data):/.test(request.url())) requests.push(request.url());
        });
        try {
          await page.goto(pathToFileURL(path).href + hash, { waitUntil: 'load' });
          await page.evaluate(() => {
            for (const details of document.querySelectorAll('details')) details.open = true;
          });
          await assertAccessible(page, `${name} ${colorScheme} ${viewportName}`);
          assert.deepEqual(requests, [], 'the page and the check make no network request');
        } finally {
          await page.close();
        }
      });
    }
  }
}

/** defect is one calibration defect's result, caught or missed. */
function defect(id: string, caught: boolean): DefectResult {
  return {
    id,
    kind: 'cli',
    defect: 'low-contrast',
    criterion: 'contrast',
    baseline: 'cli-healthy',
    healthy: 8,
    defective: caught ? 4 : 7.5,
    noise: 0.5,
    droppedBeyondNoise: caught,
    verdict: caught ? 'dropped' : 'within-noise',
    compareFails: caught,
    caught,
    wrongCriteria: caught ? [] : ['wording'],
    severity: caught ? 'critical' : 'major',
    overall: { healthy: 7.5, defective: caught ? 6 : 7.2, dropsEnough: caught ? true : null },
    evidence: { frames: caught ? [{ number: 3, time: 1.5 }] : [], hitsTime: caught, hitsRegion: caught ? true : null },
  };
}

/** CALIBRATION is a small calibration.json: one defect caught, one missed, one healthy repeat passing and one false alarm. */
const CALIBRATION: CalibrationDocument = {
  version: 1,
  createdAt: '2026-11-26T01:00:00.000Z',
  set: 'calibration',
  summary: {
    judge: 'heuristic',
    model: 'heuristic-1',
    caught: 1,
    defects: 2,
    recall: 0.5,
    evidenceHits: 1,
    wrongCriterionFlags: 1,
    criticalDefects: 1,
    criticalOverallDrops: 1,
    falseAlarms: 1,
    healthyComparisons: 2,
    costUsd: 0,
    minRecall: 0.9,
    passed: false,
  },
  defects: [defect('cli-low-contrast', true), defect('cli-leaked-escapes', false)],
  healthy: [
    { run: 'cli-healthy#2', baseline: 'cli-healthy', falseAlarm: false, failures: [] },
    { run: 'tui-healthy-2', baseline: 'tui-healthy', falseAlarm: true, failures: ['overall dropped by 1.2 <beyond noise>'] },
  ],
};

test('a scenario report.html with a comparison has no serious or critical accessibility violation', async (t) => {
  const fixture = await buildRunFixture();
  await writeComparisonFixture(fixture);
  const result = await report(fixture.dir, { minScore: 5 });
  await checkEveryVariant(t, 'report.html', result.outputs.html!, `#frame-${fixture.scorecard.frames.at(-1)!.number}`);
});

test('history.html has no serious or critical accessibility violation', async (t) => {
  const fixture = await buildRunFixture();
  const history = await historyReport(fixture.dir, { out: makeTempDir('termaudit-axe-history-') });
  await checkEveryVariant(t, 'history.html', history.path);
});

test("history.html of a pipeline's nights, a section per scenario, has no serious or critical accessibility violation", async (t) => {
  const pipelineDir = makeTempDir('termaudit-axe-nightly-');
  for (const night of ['20261124-030000', '20261125-030000']) await writeRun(pipelineDir, night, SCENARIOS);
  const history = await historyReport(pipelineDir);
  await checkEveryVariant(t, 'history.html of scenarios', history.path);
});

test("a pipeline run's report.html has no serious or critical accessibility violation", async (t) => {
  const { runDir } = await writeRun(makeTempDir('termaudit-axe-run-'), '20261126-010000', SCENARIOS);
  await checkEveryVariant(t, 'run report.html', join(runDir, 'report.html'));
});

test('calibration.html has no serious or critical accessibility violation', async (t) => {
  const path = join(makeTempDir('termaudit-axe-calibration-'), 'calibration.html');
  writeFileSync(path, renderCalibrationHtml(CALIBRATION));
  await checkEveryVariant(t, 'calibration.html', path);
});
