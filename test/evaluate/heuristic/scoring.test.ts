import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureRecording } from '../../../src/evaluate/heuristic/index.js';
import { interpolate } from '../../../src/anchors.js';
import { findProblems, HEURISTIC_CRITERIA, paletteSize, scoreCriterion } from '../../../src/evaluate/heuristic/scoring.js';
import { contrastRatio } from '../../../src/evaluate/heuristic/wcag-contrast.js';
import { writeCast, type CastEventTuple } from '../../helpers/casts.js';

test('contrast ratios follow WCAG 2.x: 21:1 for black on white, 1:1 for equal colors, 4.54:1 for #767676 on white', () => {
  assert.equal(contrastRatio(0x000000, 0xffffff), 21);
  assert.equal(contrastRatio(0x336699, 0x336699), 1);
  assert.equal(contrastRatio(0xffffff, 0x777777).toFixed(2), '4.48');
  assert.equal(contrastRatio(0x767676, 0xffffff).toFixed(2), '4.54');
});

test('interpolate reads a scale linearly between its anchors and holds the end anchors beyond them', () => {
  const anchors = [[1, 9], [5, 6], [7, 2]] as const;
  assert.equal(interpolate(0.5, anchors), 9);
  assert.equal(interpolate(1, anchors), 9);
  assert.equal(interpolate(3, anchors), 7.5);
  assert.equal(interpolate(5, anchors), 6);
  assert.equal(interpolate(6, anchors), 4);
  assert.equal(interpolate(9, anchors), 2);
  assert.equal(interpolate(Infinity, anchors), 2);
});

test('every criterion the heuristic judge knows has a description, and unknown ids score null', async () => {
  const measures = await measureRecording({ castPath: writeCast([[0.1, 'o', 'hello\r\n']]) });
  for (const [id, description] of Object.entries(HEURISTIC_CRITERIA)) {
    assert.ok(description.length > 20, id);
    const verdict = scoreCriterion(id, measures);
    assert.ok(verdict.score === null || (Number.isInteger(verdict.score * 10) && verdict.score >= 1 && verdict.score <= 10), id);
  }
  assert.deepEqual(scoreCriterion('smell', measures), { score: null, measurement: 'not measured by the heuristic judge' });
});

test('a screen cleared and redrawn again and again counts as blank flashes and loses streaming points', async () => {
  const page = (label: string) => `\x1b[H\x1b[1mStatus\x1b[0m\r\nworker ${label} running\r\nqueue 12 items\r\n`;
  const events: CastEventTuple[] = [[0.1, 'o', page('a')]];
  for (let index = 0; index < 4; index++) {
    const at = 0.5 + index * 0.5;
    events.push([at, 'o', '\x1b[2J\x1b[H'], [at + 0.2, 'o', page(String(index))]);
  }
  events.push([3, 'o', '\x1b[32m✓ done\x1b[0m\r\n']);
  const measures = await measureRecording({ castPath: writeCast(events, { cols: 40, rows: 8, duration: 3.2 }) });
  assert.equal(measures.flashes.count, 4);
  assert.equal(measures.flashes.firstTime, 0.5);
  assert.ok(scoreCriterion('streaming', measures).score! <= 6);
  assert.ok(findProblems(measures).some((problem) => problem.key === 'flicker' && problem.severity === 'major'));
});

test('a display redrawn in place with cursor-up moves does not count as scrolling', async () => {
  const events: CastEventTuple[] = [];
  for (let frame = 0; frame < 30; frame++) {
    const block = `task a ${frame}\r\ntask b ${frame}\r\ntask c ${frame}\r\n`;
    events.push([0.1 + frame * 0.05, 'o', frame === 0 ? block : `\x1b[3A${block}`]);
  }
  const measures = await measureRecording({ castPath: writeCast(events, { cols: 30, rows: 6 }) });
  assert.equal(measures.text!.scroll.totalLines, 3);
  assert.equal(scoreCriterion('scrolling', measures).score, 10);
});

test('characters no bundled font draws are counted as missing glyphs', async () => {
  // U+E000 is in the private use area: no bundled font has it.
  const measures = await measureRecording({ castPath: writeCast([[0.1, 'o', 'icon \uE000 ok\r\n']]) });
  assert.deepEqual(measures.text!.missingGlyphs.characters, ['\uE000']);
  assert.equal(measures.text!.missingGlyphs.first?.text, 'icon \uE000 ok');
  // One box where a symbol should be is already a critical level: the user cannot read that symbol.
  assert.equal(scoreCriterion('font-rendering', measures).score, 2.5);
  assert.ok(findProblems(measures).some((problem) => problem.key === 'missing-glyphs' && problem.severity === 'critical'));
});

/** A full-screen process table drawn by cursor positioning on the alternate screen, its command column cut at the last column. */
function clippedTableCast(): string {
  const cols = 40;
  const row = (n: number, text: string) => `\x1b[${n};1H${text.padEnd(cols).slice(0, cols)}`;
  let screen = '\x1b[?1049h\x1b[2J' + row(1, '  PID USER   CPU% Command');
  for (let n = 2; n <= 10; n++) screen += row(n, ` ${1000 + n} root   ${n}.0 /usr/lib/systemd/systemd-journald --user --system`);
  return writeCast([[0.1, 'o', screen], [1.0, 'o', '\x1b[2;13H3.5']], { cols, rows: 10, duration: 2 });
}

test('a table a program clips at the last column on purpose is not overflow; text the terminal wraps is', async () => {
  const clipped = await measureRecording({ castPath: clippedTableCast() });
  assert.equal(clipped.text!.overflow.edgeShare, 0);
  assert.equal(clipped.text!.overflow.wrappedRows, 0);
  assert.equal(scoreCriterion('layout', clipped).score, 10);
  assert.ok(!findProblems(clipped).some((problem) => problem.key === 'overflow'));

  // The same rows printed as lines: the terminal wraps each one, mid-word.
  const lines = Array.from({ length: 9 }, (_, n) => ` ${1002 + n} root   ${n}.0 /usr/lib/systemd/systemd-journald --user --system\r\n`).join('');
  const wrapped = await measureRecording({ castPath: writeCast([[0.1, 'o', lines]], { cols: 40, rows: 20 }) });
  assert.equal(wrapped.text!.overflow.wrappedRows, 9);
  assert.ok(wrapped.text!.overflow.edgeShare > 0.3, `edge share ${wrapped.text!.overflow.edgeShare}`);
  const severity = wrapped.text!.overflow.edgeShare >= 0.35 ? 'critical' : 'major';
  assert.ok(findProblems(wrapped).some((problem) => problem.key === 'overflow' && problem.severity === severity));
});

test('a word like "errors" in ordinary output is no error row; an editor\'s E492 message is one, and visible', async () => {
  const log = [
    '\x1b[33m* commit 72b5be4\x1b[m\r\n',
    '| Author: Ann <ann@example.org>\r\n',
    '|\r\n',
    '|     Fix parse errors in tapes and report every failed command\r\n',
    '|\r\n',
    '\x1b[33m* commit 6c509d6\x1b[m\r\n',
    '|     Tests: a failed rename leaves no temporary file\r\n',
  ].join('');
  const listing = await measureRecording({ castPath: writeCast([[0.1, 'o', log]], { cols: 80, rows: 12 }) });
  assert.equal(listing.text!.errors.rows, 0);
  assert.equal(scoreCriterion('error-visibility', listing).score, null);
  assert.ok(!findProblems(listing).some((problem) => problem.key === 'plain-errors'));

  const editor: CastEventTuple[] = [
    [0.1, 'o', '\x1b[?1049h\x1b[H\x1b[2Jhello world\r\n~\r\n~\r\n~'],
    [0.5, 'o', '\x1b[6;1H:foo'],
    [0.8, 'o', '\x1b[6;1H\x1b[97;41mE492: Not an editor command: foo\x1b[m\x1b[K'],
  ];
  const vim = await measureRecording({ castPath: writeCast(editor, { cols: 60, rows: 6, duration: 1.5 }) });
  assert.equal(vim.text!.errors.rows, 1);
  assert.equal(scoreCriterion('error-visibility', vim).score, 9);
});

test('colors counts grays once: a display stripped of its colors is monochrome even with bold, dim and reverse', async () => {
  assert.equal(paletteSize(['#f8f8f2', '#909194', '#ffffff', '#282a36']), 1);
  assert.equal(paletteSize(['#f8f8f2', '#909194', '#50fa7b', '#ff6e6e', '#8be9fd']), 4);
  const rows = ['\x1b[1mtasks\x1b[m', '\x1b[2mlog: started\x1b[m', '\x1b[7m q quit \x1b[m', 'build docs done', 'unit tests done'];
  const gray = await measureRecording({ castPath: writeCast([[0.1, 'o', rows.join('\r\n')]], { cols: 40, rows: 8 }) });
  assert.ok(gray.text!.colors.distinct.length >= 3, gray.text!.colors.distinct.join(' '));
  assert.equal(scoreCriterion('colors', gray).score, 3);
  const coloured = rows.map((row, n) => (n >= 3 ? row.replace('done', ['\x1b[32mdone\x1b[m', '\x1b[33mdone\x1b[m'][n - 3]) : row)).concat('\x1b[31merror:\x1b[m none');
  const palette = await measureRecording({ castPath: writeCast([[0.1, 'o', coloured.join('\r\n')]], { cols: 40, rows: 8 }) });
  assert.equal(scoreCriterion('colors', palette).score, 9);
});

/** A full-screen board framed by a coloured box (more cyan border cells than letters), with an error row in `error`'s colours below it. */
function boxedBoardCast(error: string): string {
  const cols = 40;
  const border = (left: string, right: string) => `\x1b[36m${left}${'─'.repeat(cols - 2)}${right}\x1b[m`;
  let screen = '\x1b[?1049h\x1b[2J\x1b[1;1H' + border('╭', '╮');
  for (let n = 2; n <= 4; n++) screen += `\x1b[${n};1H\x1b[36m│\x1b[m task ${n}`.padEnd(20) + `\x1b[${n};${cols}H\x1b[36m│\x1b[m`;
  screen += '\x1b[5;1H' + border('╰', '╯') + `\x1b[7;1H${error}\x1b[m`;
  return writeCast([[0.1, 'o', screen]], { cols, rows: 8, duration: 1 });
}

test('an error is told apart from the colour of the words, not of the box around them', async () => {
  // The box's cyan cells outnumber the letters: an error in the default colour is still plain text.
  const plain = await measureRecording({ castPath: boxedBoardCast('✖ error: no action for "x"') });
  assert.equal(plain.text!.errors.rows, 1);
  assert.equal(plain.text!.errors.distinctRows, 0);
  assert.equal(scoreCriterion('error-visibility', plain).score, 3);
  const red = await measureRecording({ castPath: boxedBoardCast('\x1b[31m✖ error:\x1b[m no action for "x"') });
  assert.equal(red.text!.errors.distinctRows, 1);
  assert.equal(scoreCriterion('error-visibility', red).score, 9);
});

test('a listing printed at once is a burst, not a flood; lines scrolling fast for seconds on end are', async () => {
  const commits = Array.from({ length: 600 }, (_, n) => `* ${(n * 7919).toString(16).padStart(7, '0')} commit subject number ${n}\r\n`);
  const burst: CastEventTuple[] = [0, 1, 2, 3].map((part) => [0.1 + part * 0.01, 'o', commits.slice(part * 150, (part + 1) * 150).join('')]);
  const listing = await measureRecording({ castPath: writeCast(burst, { cols: 60, rows: 20, duration: 1 }) });
  assert.equal(listing.text!.scroll.peakLinesPerSecond, 600);
  assert.equal(listing.text!.scroll.sustained, null);
  assert.equal(scoreCriterion('scrolling', listing).score, 10);
  assert.match(scoreCriterion('scrolling', listing).measurement, /no scrolling went on for 2 s or more/);
  assert.ok(!findProblems(listing).some((problem) => problem.key === 'scroll-flood'));

  // 100 lines every 0.1 s for 3 s.
  const stream: CastEventTuple[] = Array.from({ length: 31 }, (_, tick): CastEventTuple => [0.1 + tick * 0.1, 'o', commits.slice(0, 100).join('')]);
  const flood = await measureRecording({ castPath: writeCast(stream, { cols: 60, rows: 20 }) });
  assert.deepEqual(flood.text!.scroll.sustained, { linesPerSecond: 1033, start: 0.1, seconds: 3, lines: 3100 });
  assert.equal(scoreCriterion('scrolling', flood).score, 2.9);
  assert.ok(findProblems(flood).some((problem) => problem.key === 'scroll-flood' && problem.severity === 'critical'));
});

test('named colors a theme tunes for text (light gray on its light blue) are the theme\'s low contrast, not the program\'s; pairs poor in any palette still count', async () => {
  // A file manager in the classic colors: light gray and white on blue panels, black on a cyan menu bar.
  const panels = ['\x1b[?1049h\x1b[H\x1b[30;46m  Left   File   Command   Options   Right  \x1b[m'];
  for (let row = 2; row <= 8; row++) panels.push(`\x1b[${row};1H\x1b[37;44m/src/module-${row}     \x1b[97m4096 Dec  2 05:40\x1b[m`);
  const classic = await measureRecording({ castPath: writeCast([[0.1, 'o', panels.join('')]], { cols: 40, rows: 8, duration: 1 }) });
  assert.equal(classic.text!.contrast.below45Share, 0);
  assert.ok(classic.text!.contrast.themeBelow45Share > 0.7, `as dracula paints it: ${classic.text!.contrast.themeBelow45Share}`);
  assert.equal(scoreCriterion('contrast', classic).score, 10);
  assert.match(scoreCriterion('contrast', classic).measurement, /as the dracula theme paints it, \d+\.\d% is below 4\.5:1/);
  const problems = findProblems(classic);
  assert.ok(!problems.some((problem) => problem.key === 'contrast'));
  assert.deepEqual(problems.filter((problem) => problem.key === 'theme-contrast').map((problem) => problem.severity), ['minor']);

  // Yellow on light gray is hard to read in the standard palette and in the theme alike.
  const warning = await measureRecording({ castPath: writeCast([[0.1, 'o', '\x1b[33;47mwarning: disk almost full\x1b[m\r\n']], { cols: 40, rows: 4 }) });
  assert.equal(warning.text!.contrast.below45Share, 1);
  assert.ok(findProblems(warning).some((problem) => problem.key === 'contrast' && problem.severity === 'critical'));
});

test("the runtime's start-up before the first byte is forgiven up to 2 s; a wait after it, or beyond it, costs feedback", async () => {
  const banner = '\x1b[1mdeploy\x1b[0m\r\n\x1b[32m✓ done\x1b[0m\r\n';
  // A runtime that took 1.8 s to start on a busy machine, then printed at once: no wait of the program's.
  const busy = await measureRecording({ castPath: writeCast([[1.8, 'o', banner]], { cols: 40, rows: 6, duration: 2 }) });
  assert.equal(busy.firstByteTime, 1.8);
  assert.equal(scoreCriterion('feedback', busy).score, 10);
  // It hid the cursor at once, then showed nothing for 4 s: all of it counts (4 s: between −1 at 3 s and −3 at 5 s).
  const hidden = await measureRecording({ castPath: writeCast([[0.1, 'o', '\x1b[?25l'], [4.1, 'o', banner]], { cols: 40, rows: 6, duration: 4.3 }) });
  assert.equal(scoreCriterion('feedback', hidden).score, 8);
  assert.match(scoreCriterion('feedback', hidden).measurement, /first output after 4\.1 s, 4\.0 s of it counted \(the 0\.1 s before the program's first byte/);
  // Nothing at all for 6 s: 2 s of it are forgiven as start-up, the other 4 s count.
  const late = await measureRecording({ castPath: writeCast([[6, 'o', banner]], { cols: 40, rows: 6, duration: 6.2 }) });
  assert.equal(scoreCriterion('feedback', late).score, 8);
  assert.ok(findProblems(late).some((problem) => problem.key === 'slow-start' && problem.severity === 'minor'));
  assert.ok(!findProblems(busy).some((problem) => problem.key === 'slow-start'));
});

test('a log pane scrolling through a scroll region of the alternate screen is scrolling; rows redrawn in place are not', async () => {
  const board = '\x1b[?1049h\x1b[2J\x1b[1;1H\x1b[1mtasks\x1b[0m\x1b[2;1Hbuild docs  done\x1b[3;1Hunit tests  running';
  // 15 lines every 0.1 s for 3 s through rows 5–8 (DECSTBM), as a program streaming its log does.
  const flood: CastEventTuple[] = [[0.1, 'o', board]];
  for (let tick = 1; tick <= 30; tick++) {
    const lines = Array.from({ length: 15 }, (_, n) => `\r\nworker 3: indexed chunk ${tick * 15 + n}`).join('');
    flood.push([0.1 + tick * 0.1, 'o', `\x1b[5;8r\x1b[8;1H${lines}\x1b[r`]);
  }
  const streamed = await measureRecording({ castPath: writeCast(flood, { cols: 40, rows: 10, duration: 3.3 }) });
  assert.equal(streamed.text!.scroll.totalLines, 450);
  assert.equal(streamed.text!.scroll.sustained?.linesPerSecond, 155);
  assert.equal(scoreCriterion('scrolling', streamed).score, 6);

  // The same rows rewritten in place by cursor addressing, as curses does: nothing scrolls.
  const redraw: CastEventTuple[] = [[0.1, 'o', board]];
  for (let tick = 1; tick <= 30; tick++) redraw.push([0.1 + tick * 0.1, 'o', `\x1b[5;1Hworker 3: indexed chunk ${tick}\x1b[K\r\n`]);
  const inPlace = await measureRecording({ castPath: writeCast(redraw, { cols: 40, rows: 10, duration: 3.3 }) });
  assert.equal(inPlace.text!.scroll.totalLines, 0);
  assert.equal(scoreCriterion('scrolling', inPlace).score, 10);
});
