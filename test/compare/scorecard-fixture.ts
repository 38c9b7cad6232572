/**
 * Scorecards for the compare tests: the hand-written baseline (test/fixtures/compare/baseline.scorecard.json,
 * valid against schemas/scorecard.schema.json) and variants of it, written into temporary run-like directories
 * with real PNG frames.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { Scorecard } from '../../src/score/types.js';
import { fixturePath, makeTempDir } from '../helpers/paths.js';

/** BASELINE_FIXTURE is the hand-written scorecard: overall 7.0, contrast 8.0, feedback 7.0, wording 6.0, spreads 0.5. */
export const BASELINE_FIXTURE = fixturePath('compare', 'baseline.scorecard.json');

/** baselineScorecard returns a fresh copy of the fixture scorecard. */
export function baselineScorecard(): Scorecard {
  return JSON.parse(readFileSync(BASELINE_FIXTURE, 'utf8')) as Scorecard;
}

/** ScoreChange sets a score, or a score and its sample spread. */
export type ScoreChange = number | null | { score: number | null; spread: number };

/** withScores returns a copy of `scorecard` with some criteria (and the overall score) changed. */
export function withScores(scorecard: Scorecard, changes: Record<string, ScoreChange>): Scorecard {
  const copy = structuredClone(scorecard);
  for (const [id, change] of Object.entries(changes)) {
    const { score, spread } = typeof change === 'object' && change !== null ? change : { score: change, spread: undefined };
    if (id === 'overall') {
      copy.overall.score = score;
      if (spread !== undefined) copy.overall.spread = spread;
      continue;
    }
    const criterion = copy.criteria.find((item) => item.id === id);
    if (!criterion) throw new Error(`no criterion ${id} in the fixture`);
    criterion.score = score;
    criterion.prompts[0].score = score;
    if (spread !== undefined) {
      criterion.sampleSpread = spread;
      criterion.prompts[0].spread = spread;
    }
  }
  return copy;
}

/**
 * writeScorecard writes `scorecard` as `<dir>/scorecard.json` with its frames as solid-colour PNGs of the
 * listed size (hashes filled in), and returns the directory.
 */
export async function writeScorecard(scorecard: Scorecard, colour: { r: number; g: number; b: number }, dir = makeTempDir('termaudit-compare-')): Promise<string> {
  const copy = structuredClone(scorecard);
  for (const [index, frame] of copy.frames.entries()) {
    const png = await sharp({ create: { width: frame.width, height: frame.height, channels: 3, background: { ...colour, g: (colour.g + index * 40) % 256 } } })
      .png()
      .toBuffer();
    const file = join(dir, frame.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, png);
    frame.hash = createHash('sha256').update(png).digest('hex');
  }
  writeFileSync(join(dir, 'scorecard.json'), JSON.stringify(copy, null, 2));
  return dir;
}
