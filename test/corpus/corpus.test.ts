import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { isCastHeader, readCast, summarizeCast } from '../../src/asciicast/cast-reader.js';
import { checkTape } from '../../src/tape/check-tape.js';
import { corpusCasts, readCorpusManifest } from './corpus-manifest.js';
import { castScreenTexts, castTranscript } from './corpus-screens.js';

/** Switching to the alternate screen, as full-screen programs do (`CSI ? 1049 h` and the older 1047/47). */
const ENTER_ALTERNATE_SCREEN = /\x1b\[\?(?:1049|1047|47)h/;

const casts = corpusCasts();

test('the corpus manifest lists the programs issue 13 names, each once, with its Debian version', () => {
  const ids = casts.map((entry) => entry.id);
  assert.equal(new Set(ids).size, ids.length, `duplicate ids in ${ids.join(', ')}`);
  const programs = new Set(casts.map((entry) => entry.program));
  for (const program of ['htop', 'vim', 'mc', 'git log', 'apt-cache', 'less', 'ls']) assert.ok(programs.has(program), `no ${program} in the corpus`);
  assert.ok(programs.size >= 9, `only ${programs.size} programs`);
  for (const entry of casts) {
    assert.match(entry.version, /^[\w.:~+-]+$/, `${entry.id}: version ${entry.version}`);
    assert.ok(entry.command.length > 0 && entry.note.length > 0 && entry.expectedText.length > 0, entry.id);
    assert.equal(entry.tape === null, entry.kind === 'cli', `${entry.id}: a tui entry needs a tape to quit it, a cli entry none`);
  }
  assert.match(readCorpusManifest().debianVersion, /^\d+/);
});

test('the corpus stays small enough to commit', () => {
  const bytes = casts.reduce((sum, entry) => sum + statSync(entry.castPath).size, 0);
  assert.ok(bytes < 1_000_000, `${bytes} bytes of casts`);
});

for (const entry of casts) {
  test(`corpus cast ${entry.id} is a non-empty asciicast v2 recording of ${entry.program}`, async () => {
    assert.ok(existsSync(entry.castPath), `${entry.castPath} is missing: run npm run corpus:record`);
    const summary = await summarizeCast(entry.castPath);
    assert.equal(summary.header.version, 2);
    assert.deepEqual([summary.header.width, summary.header.height], [entry.cols, entry.rows]);
    assert.ok(summary.outputBytes > 0 && summary.duration > 0, `${entry.id}: ${summary.outputBytes} bytes over ${summary.duration}s`);
    let output = '';
    for await (const item of readCast(entry.castPath)) if (!isCastHeader(item) && item.code === 'o') output += item.data;
    assert.equal(ENTER_ALTERNATE_SCREEN.test(output), entry.kind === 'tui', `${entry.id} is listed as ${entry.kind}`);
  });

  test(`corpus cast ${entry.id} shows what its manifest entry promises`, async () => {
    const texts = [...(await castScreenTexts(entry.castPath)), await castTranscript(entry.castPath)];
    for (const source of entry.expectedText) {
      const pattern = new RegExp(source, 'm');
      assert.ok(
        texts.some((text) => pattern.test(text)),
        `${entry.id}: no screen matches /${source}/; the last one:\n${texts.findLast((text) => text.trim() !== '') ?? ''}`,
      );
    }
  });

  if (entry.tapePath !== null) {
    const tapePath = entry.tapePath;
    test(`corpus tape ${entry.tape} is valid and ends by waiting for the program to quit`, () => {
      const result = checkTape(tapePath);
      assert.deepEqual(result.renderedErrors, []);
      assert.deepEqual(result.renderedWarnings, []);
      assert.equal(result.tape.commands.at(-1)?.kind, 'WaitExit', 'a tape that does not quit the program waits for the record timeout');
    });
  }
}
