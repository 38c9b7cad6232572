import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { resolveGateSettings } from '../../src/compare/gate-settings.js';
import { nameMarkers, padSnapshot, planScreenPairs, screenFails, screenSlug } from '../../src/compare/screen-diff-plan.js';
import { diffScreens } from '../../src/compare/screen-diff.js';
import { record } from '../../src/record/index.js';
import type { RecordSession } from '../../src/record/index.js';
import { createBlankSnapshot, snapshotText } from '../../src/render/screen.js';
import { writeCast } from '../helpers/casts.js';
import { fixturePath, makeTempDir, repoRoot } from '../helpers/paths.js';

test('marker screens are matched by name, repeated labels are numbered, and the final screen always comes last', () => {
  const pairs = planScreenPairs(
    [
      { time: 1, label: 'menu' },
      { time: 2, label: 'Screenshot out/a.png' },
      { time: 3, label: 'menu' },
    ],
    [
      { time: 1.5, label: 'menu' },
      { time: 2.5, label: 'help' },
    ],
  );
  assert.deepEqual(
    pairs.map(({ name, slug, baseline, current }) => [name, slug, baseline?.time, current?.time]),
    [
      ['menu', '01-menu', 1, 1.5],
      ['Screenshot out/a.png', '02-screenshot-out-a-png', 2, undefined],
      ['menu (2)', '03-menu-2', 3, undefined],
      ['help', '04-help', undefined, 2.5],
      ['final screen', '05-final-screen', undefined, undefined],
    ],
  );
  assert.ok(pairs[4].baseline && pairs[4].current, 'both runs have a final screen');
  assert.deepEqual(nameMarkers([]), []);
});

test('slugs keep letters and digits only and are never empty', () => {
  assert.equal(screenSlug('Étape 2: « Résultat »'), 'etape-2-resultat');
  assert.equal(screenSlug('★★★'), 'screen');
  assert.equal(screenSlug('x'.repeat(80)).length, 48);
});

test('the gate fails a screen only on a limit that is set and exceeded', () => {
  assert.equal(screenFails(500, 0.5, {}), false);
  assert.equal(screenFails(10, 0.001, { maxDiffPixels: 10 }), false);
  assert.equal(screenFails(11, 0.001, { maxDiffPixels: 10 }), true);
  assert.equal(screenFails(0, 0, { maxDiffPixels: 0 }), false);
  assert.equal(screenFails(1, 0.02, { maxDiffRatio: 0.01 }), true);
  assert.equal(screenFails(1, 0.01, { maxDiffRatio: 0.01, maxDiffPixels: 5 }), false);
  assert.throws(() => resolveGateSettings({ maxDiffRatio: 2 }), /--max-diff-ratio: must be a number from 0 to 1 \(got 2\)/);
  assert.throws(() => resolveGateSettings({ maxDiffPixels: -1 }), /--max-diff-pixels/);
});

test('a smaller screen is grown to the larger grid with blank cells, its content and cursor in place', () => {
  const small = createBlankSnapshot(3, 2);
  small.chars[4] = 'x';
  small.cursorX = 2;
  const grown = padSnapshot(small, 5, 3);
  assert.equal(grown.cols, 5);
  assert.equal(grown.rows, 3);
  assert.equal(snapshotText(grown), '\n x\n');
  assert.equal(grown.cursorX, 2);
  assert.equal(padSnapshot(small, 3, 2), small);
});

test('a changed word is a text change with a unified diff; a marker on one side only is reported, never failed', async () => {
  const baseline = writeCast(
    [
      [0.1, 'o', 'Hello brave world\r\n'],
      [0.2, 'm', 'greeting'],
      [0.3, 'm', 'termaudit:hide'],
      [0.4, 'o', 'bye\r\n'],
    ],
    { cols: 20, rows: 4 },
  );
  const current = writeCast(
    [
      [0.1, 'o', 'Hello bold world\r\n'],
      [0.2, 'm', 'greeting'],
      [0.3, 'm', 'extra'],
      [0.4, 'o', 'bye\r\n'],
    ],
    { cols: 24, rows: 4 },
  );
  const out = join(makeTempDir(), 'compare');
  const diffs = await diffScreens(baseline, current, out, { maxDiffPixels: 0 });
  assert.deepEqual(
    diffs.map((diff) => [diff.name, diff.missingIn, diff.textChanged, diff.failed]),
    [
      ['greeting', undefined, true, true],
      ['extra', 'baseline', true, false],
      ['final screen', undefined, true, true],
    ],
  );
  const [greeting, extra] = diffs;
  assert.match(greeting.textDiff!, /^-Hello brave world$/m);
  assert.match(greeting.textDiff!, /^\+Hello bold world$/m);
  assert.match(greeting.textDiff!, /^--- baseline\n\+\+\+ current\n/m);
  // The grids differ (20 vs 24 columns): both are drawn on the larger one, so the images line up.
  assert.deepEqual(greeting.grids, { baseline: { cols: 20, rows: 4 }, current: { cols: 24, rows: 4 } });
  assert.equal(greeting.baselineImage, 'compare/screens/01-greeting-baseline.png');
  const baselineMeta = await sharp(join(out, '..', greeting.baselineImage)).metadata();
  const currentMeta = await sharp(join(out, '..', greeting.currentImage)).metadata();
  assert.deepEqual([baselineMeta.width, baselineMeta.height], [greeting.width, greeting.height]);
  assert.deepEqual([currentMeta.width, currentMeta.height], [greeting.width, greeting.height]);
  assert.ok(greeting.diffPixels > 0 && greeting.diffImage === 'compare/screens/01-greeting-diff.png');
  assert.equal(extra.baselineImage, '');
  assert.equal(extra.diffPixels, 0);
  assert.match(extra.textDiff!, /^\+Hello bold world$/m);
  assert.deepEqual(readdirSync(join(out, 'screens')).sort(), [
    '01-greeting-baseline.png',
    '01-greeting-current.png',
    '01-greeting-diff.png',
    '02-extra-current.png',
    '03-final-screen-baseline.png',
    '03-final-screen-current.png',
    '03-final-screen-diff.png',
  ]);
});

const demoScript = fixturePath('screen-diff', 'run-demo.ts');

/**
 * recordDemo records `termaudit demo` (from the sources) in a real pty and sets a `finished` marker once the
 * demo has given the terminal back (its last write shows the cursor again), so that marker's screen is the
 * final display.
 */
async function recordDemo(palette: 'default' | 'low-contrast'): Promise<string> {
  const out = makeTempDir('termaudit-screen-diff-');
  const drive = async (session: RecordSession) => {
    let tail = '';
    await new Promise<void>((resolve) => {
      const listener = session.onData((data) => {
        tail = (tail + data).slice(-64);
        if (tail.includes('\u001b[?25h')) {
          listener.dispose();
          resolve();
        }
      });
    });
    session.marker('finished');
    while (!session.hasExited) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  const result = await record({
    command: process.execPath,
    args: ['--import', 'tsx', demoScript, '--speed', '20', '--seed', '1', '--palette', palette],
    cwd: repoRoot,
    cols: 100,
    rows: 30,
    out,
    timeoutMs: 30_000,
    drive,
  });
  assert.equal(result.exitCode, 0, `demo --palette ${palette} exited with ${result.exitCode}`);
  return out;
}

test('pixel and text diffs on two recordings of the demo with a changed color', async () => {
  const [first, second, lowContrast] = await Promise.all([recordDemo('default'), recordDemo('default'), recordDemo('low-contrast')]);

  // Same palette, same seed: the demo's clock shows the scripted length once done, so the screens match exactly.
  const same = await diffScreens(first, second, join(second, 'compare'), { maxDiffPixels: 0 });
  assert.deepEqual(
    same.map((diff) => [diff.name, diff.diffPixels, diff.textChanged, diff.failed, diff.diffImage]),
    [
      ['finished', 0, false, false, undefined],
      ['final screen', 0, false, false, undefined],
    ],
  );

  const changed = await diffScreens(first, lowContrast, join(lowContrast, 'compare'));
  const final = changed.find((diff) => diff.name === 'final screen')!;
  assert.ok(final.diffPixels > 1000, `only ${final.diffPixels} pixels differ`);
  assert.equal(final.diffRatio, final.diffPixels / (final.width * final.height));
  assert.equal(final.textChanged, false, final.textDiff);
  assert.equal(final.failed, false, 'no limit set: never fails');
  assert.equal(final.diffImage, 'compare/screens/02-final-screen-diff.png');
  const diffImage = await sharp(join(lowContrast, final.diffImage)).metadata();
  assert.deepEqual([diffImage.width, diffImage.height, diffImage.format], [final.width, final.height, 'png']);
  const marker = changed.find((diff) => diff.name === 'finished')!;
  assert.equal(marker.diffPixels, final.diffPixels, 'the marker is set on the final display');

  // The gate: a limit just under the difference fails it, one at it passes; the ratio likewise.
  const gated = async (options: { maxDiffPixels?: number; maxDiffRatio?: number }) =>
    (await diffScreens(first, lowContrast, join(lowContrast, 'compare'), options)).find((diff) => diff.name === 'final screen')!.failed;
  assert.equal(await gated({ maxDiffPixels: final.diffPixels - 1 }), true);
  assert.equal(await gated({ maxDiffPixels: final.diffPixels }), false);
  assert.equal(await gated({ maxDiffRatio: final.diffRatio / 2 }), true);
  assert.equal(await gated({ maxDiffRatio: 0.5 }), false);
  assert.ok(existsSync(join(lowContrast, 'compare', 'screens', '02-final-screen-current.png')));
});
