/** Inputs for the pure renderer tests: a scorecard with three frames (no files) and a comparison. */
import type { Comparison } from '../../src/compare/types.js';
import type { ReportInput } from '../../src/report/index.js';
import type { Scorecard } from '../../src/score/types.js';
import { AWKWARD_QUOTE, buildScorecard } from './report-fixture.js';

/** syntheticFrames describes three frames without writing any PNG. */
export function syntheticFrames(): Scorecard['frames'] {
  return [1, 2, 3].map((number) => ({
    number,
    time: number - 0.5,
    label: `Frame ${number}`,
    file: `sample/frames/0${number}.png`,
    hash: 'b'.repeat(64),
    width: 360,
    height: 160,
    text: number === 3 ? `$ app\n${AWKWARD_QUOTE}\n` : `$ app\nUsage: app <file>\n`,
  }));
}

/** syntheticComparison is a failed comparison with one changed screen (images by name) and one identical screen. */
export function syntheticComparison(): Comparison {
  return {
    version: 1,
    createdAt: '2026-11-20T10:01:00.000Z',
    baseline: { path: 'base/scorecard.json', createdAt: '2026-11-19T10:00:00.000Z', model: 'm' },
    current: { path: 'scorecard.json', createdAt: '2026-11-20T10:00:00.000Z', model: 'm' },
    settings: { maxDrop: 0.5, pairwise: false },
    overall: { id: 'overall', title: 'Overall', baseline: 7, current: 6, delta: -1, noise: 0.5, verdict: 'dropped', failed: true },
    criteria: [
      { id: 'clarity', title: 'Clarity & wording', baseline: 8, current: 8.5, delta: 0.5, noise: 0.5, verdict: 'improved', failed: false },
      { id: 'errors', title: 'Error messages', baseline: 6, current: 3.5, delta: -2.5, noise: 0.5, verdict: 'dropped', failed: true },
    ],
    newCriticalIssues: [],
    screens: [
      { name: 'menu <main>', baselineImage: 'b.png', currentImage: 'c.png', diffImage: 'd.png', width: 10, height: 10, diffPixels: 5, diffRatio: 0.05, textChanged: true, textDiff: '-old <x>\n+new & "y"\n', failed: true },
      { name: 'start', baselineImage: 'b0.png', currentImage: 'c0.png', width: 10, height: 10, diffPixels: 0, diffRatio: 0, textChanged: false, failed: false },
    ],
    passed: false,
    failures: ['overall dropped by 1.0', 'screen "menu <main>" differs'],
  };
}

/** pureReportInput builds a ReportInput whose images are tiny placeholder data URLs. */
export function pureReportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  const scorecard = buildScorecard(syntheticFrames());
  const frameImages = Object.fromEntries(scorecard.frames.map((frame) => [frame.number, { thumbnail: `data:image/png;base64,THUMB${frame.number}`, full: `data:image/png;base64,FULL${frame.number}` }]));
  return { scorecard, frameImages, scorecardHref: '', ...overrides };
}
