/**
 * A realistic run directory for the report tests: a cast with awkward on-screen text (`<`, `&`, quotes),
 * frames drawn from it by the real sample stage, a scorecard (valid against the schema) citing those
 * frames, and optionally a compare.json with real screen images and a diff image.
 */
import { writeFileSync } from 'node:fs';
import { makeTempDir } from '../helpers/paths.js';
import { dirname, relative } from 'node:path';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Comparison } from '../../src/compare/types.js';
import { locateQuote } from '../../src/evaluate/evidence-cells.js';
import { sample } from '../../src/sample/index.js';
import { validateScorecard } from '../../src/score/index.js';
import type { Scorecard } from '../../src/score/types.js';
import { writeCast } from '../helpers/casts.js';

/** AWKWARD_QUOTE is on-screen text every report must escape. */
export const AWKWARD_QUOTE = 'Error: <config> & "name" isn\'t set';

/** ReportFixture is a run directory with a scorecard and its frames. */
export interface ReportFixture {
  dir: string;
  scorecardPath: string;
  scorecard: Scorecard;
}

const sha = (character: string) => character.repeat(64);

/** buildScorecard makes a scorecard around the given frames: four criteria (one not assessed) and three issues. */
export function buildScorecard(frames: Scorecard['frames'], overrides: { recordedAt?: string; overall?: number | null; scores?: (number | null)[] } = {}): Scorecard {
  const [a = 8.5, b = 6.0, c = 3.5, d = null] = overrides.scores ?? [];
  const last = frames.at(-1)?.number ?? 1;
  const criterion = (id: string, title: string, score: number | null, rationale: string, evidence: Scorecard['criteria'][number]['evidence']) => ({
    id,
    title,
    weight: 1,
    score,
    sampleSpread: score === null ? 0 : 0.5,
    promptSpread: 0,
    prompts: [{ prompt: 'ux-core', score, spread: score === null ? 0 : 0.5, weight: 1 }],
    rationale,
    evidence,
  });
  return validateScorecard(
    {
      version: 1,
      createdAt: '2026-11-20T10:00:00.000Z',
      tool: { name: 'termaudit', version: '0.1.0' },
      complete: true,
      run: {
        command: ['node', 'app.mjs', '--flag=<x>'],
        cols: 40,
        rows: 8,
        duration: 3.2,
        recordedAt: overrides.recordedAt ?? '2026-11-20T09:59:00.000Z',
        input: { path: 'session.cast', kind: 'cast' },
        git: { commit: 'abcdef1234567890', dirty: false },
        scenario: 'first-run',
      },
      judge: {
        name: 'openai',
        model: 'gpt-test-vision',
        samples: 3,
        prompts: [{ id: 'ux-core', title: 'Core UX <review>', weight: 1, sha256: sha('a') }],
        calls: 3,
        failedCalls: 0,
        fromCache: 1,
        tokens: { input: 12345, cachedInput: 2000, output: 678 },
        costUsd: 0.0421,
      },
      overall: { score: overrides.overall === undefined ? 6.0 : overrides.overall, spread: 0.5, assessed: 3, criteria: 4 },
      criteria: [
        criterion('clarity', 'Clarity & wording', a, 'Prompts say what to type; the "help" screen is <short>.', [
          { frame: 1, quote: 'Usage: app <file>', prompt: 'ux-core' },
          { frame: 1, quote: 'a quote the judge made up', prompt: 'ux-core' },
        ]),
        criterion('feedback', 'Feedback', b, 'Progress is shown, but silently stops.', [{ frame: 2, quote: 'Loading', prompt: 'ux-core' }]),
        criterion('errors', 'Error messages', c, 'The error does not say how to fix it.', [
          { frame: last, quote: AWKWARD_QUOTE, prompt: 'ux-core' },
          { frame: 99, quote: 'a frame that does not exist', prompt: 'ux-core' },
        ]),
        criterion('accessibility', 'Accessibility', d, '', []),
      ],
      issues: [
        { severity: 'critical', title: 'Error gives no fix <none>', recommendation: 'Say which "config" key to set & how.', frames: [last], prompts: ['ux-core'], count: 3 },
        { severity: 'major', title: 'Progress stalls', recommendation: 'Show a spinner with the step name.', frames: [2], prompts: ['ux-core'], count: 2 },
        { severity: 'minor', title: 'Colour only', recommendation: 'Add a symbol next to colours.', frames: [], prompts: ['ux-core'], count: 1 },
      ],
      frames,
      warnings: ['one sample answered late'],
    },
    'report fixture',
  );
}

/** buildRunFixture records nothing: it writes a cast, samples real frames from it and writes scorecard.json beside them. */
export async function buildRunFixture(options: { recordedAt?: string; scores?: (number | null)[]; overall?: number | null } = {}): Promise<ReportFixture> {
  const castPath = writeCast(
    [
      [0.2, 'o', '$ app --help\r\nUsage: app <file>\r\n'],
      [1.0, 'o', 'Loading \x1b[32m###\x1b[0m\r\n'],
      [2.0, 'o', `\x1b[31m${AWKWARD_QUOTE}\x1b[0m\r\n`],
    ],
    { cols: 40, rows: 8, duration: 3.2 },
  );
  const dir = dirname(castPath);
  const sampled = await sample(castPath, { out: join(dir, 'sample'), frames: 3, strategies: ['changes'] });
  const frames: Scorecard['frames'] = sampled.frames.map((frame) => ({
    number: frame.number,
    time: frame.time,
    label: `Frame ${frame.number}`,
    file: relative(dir, frame.file).split('\\').join('/'),
    hash: frame.hash,
    width: frame.width,
    height: frame.height,
    ...(frame.grid ? { grid: frame.grid } : {}),
    text: frame.text,
  }));
  const scorecard = buildScorecard(frames, options);
  // Evidence placed on its frame's screen as the evaluate stage places it: quotes found get their cells.
  const snapshots = new Map(sampled.frames.map((frame) => [frame.number, frame.snapshot]));
  const place = <T extends { frame: number; quote?: string }>(item: T): T => {
    const snapshot = snapshots.get(item.frame);
    if (!snapshot || !item.quote) return item;
    const cells = locateQuote(snapshot, item.quote);
    return cells ? { ...item, cells, verified: true } : { ...item, verified: false };
  };
  for (const criterion of scorecard.criteria) criterion.evidence = criterion.evidence.map(place);
  const critical = scorecard.issues[0]!;
  critical.locations = [place({ frame: critical.frames[0]!, quote: AWKWARD_QUOTE })];
  const scorecardPath = join(dir, 'scorecard.json');
  writeFileSync(scorecardPath, JSON.stringify(scorecard, null, 2));
  return { dir, scorecardPath, scorecard };
}

/** writeComparisonFixture writes compare.json beside the scorecard: the first and last frames as the changed screen, plus a diff image. */
export async function writeComparisonFixture(fixture: ReportFixture): Promise<Comparison> {
  const first = fixture.scorecard.frames[0]!;
  const last = fixture.scorecard.frames.at(-1)!;
  const diff = await sharp({ create: { width: last.width, height: last.height, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
  writeFileSync(join(fixture.dir, 'diff-1.png'), diff);
  // The baseline: the same frames (from a directory beside), with the error criterion at 6 citing the first frame.
  const baselineDir = makeTempDir('termaudit-report-baseline-');
  const baseline: Scorecard = structuredClone(fixture.scorecard);
  baseline.frames = baseline.frames.map((frame) => ({ ...frame, file: relative(baselineDir, join(fixture.dir, frame.file)).split('\\').join('/') }));
  const errors = baseline.criteria.find((criterion) => criterion.id === 'errors')!;
  errors.score = 6;
  errors.evidence = [fixture.scorecard.criteria[0]!.evidence[0]!];
  const baselinePath = join(baselineDir, 'scorecard.json');
  writeFileSync(baselinePath, JSON.stringify(baseline, null, 2));
  const comparison: Comparison = {
    version: 1,
    createdAt: '2026-11-20T10:01:00.000Z',
    baseline: { path: baselinePath, createdAt: '2026-11-19T10:00:00.000Z', model: 'gpt-test-vision' },
    current: { path: fixture.scorecardPath, createdAt: fixture.scorecard.createdAt, model: 'gpt-test-vision' },
    settings: { maxDrop: 0.5, minScore: 5, pairwise: true },
    overall: { id: 'overall', title: 'Overall', baseline: 7.0, current: 6.0, delta: -1.0, noise: 0.5, verdict: 'dropped', failed: true },
    criteria: [
      { id: 'clarity', title: 'Clarity & wording', baseline: 8.0, current: 8.5, delta: 0.5, noise: 0.5, verdict: 'improved', failed: false },
      { id: 'feedback', title: 'Feedback', baseline: 6.2, current: 6.0, delta: -0.2, noise: 0.5, verdict: 'unchanged', failed: false },
      { id: 'errors', title: 'Error messages', baseline: 6.0, current: 3.5, delta: -2.5, noise: 0.5, verdict: 'below-min', failed: true },
      { id: 'accessibility', title: 'Accessibility', baseline: 7.0, current: null, delta: null, noise: 0, verdict: 'removed', failed: false },
    ],
    newCriticalIssues: [{ title: 'Error gives no fix <none>', frames: [last.number], recommendation: 'Say which "config" key to set & how.' }],
    screens: [
      {
        name: 'error <screen>',
        baselineImage: first.file,
        currentImage: last.file,
        diffImage: 'diff-1.png',
        width: last.width,
        height: last.height,
        diffPixels: 1234,
        diffRatio: 0.0456,
        textChanged: true,
        textDiff: `--- baseline\n+++ current\n@@ -1,2 +1,2 @@\n $ app --help\n-Usage: app <file>\n+${AWKWARD_QUOTE}\n`,
        failed: true,
      },
      { name: 'start', baselineImage: first.file, currentImage: first.file, width: first.width, height: first.height, diffPixels: 0, diffRatio: 0, textChanged: false, failed: false },
    ],
    pairwise: { baselineFirst: 'baseline', currentFirst: 'baseline', currentWorse: true, rationale: 'The <error> screen got worse & less clear.', costUsd: 0.01 },
    passed: false,
    failures: ['overall dropped by 1.0 (more than 0.5)', 'Error messages: 3.5 is below --min-score 5', 'screen "error <screen>": 1234 pixels differ'],
  };
  writeFileSync(join(fixture.dir, 'compare.json'), JSON.stringify(comparison, null, 2));
  return comparison;
}
