/**
 * Issue 16: a tape gets VHS's geometry. Without `--cols`/`--rows`, the terminal's columns and rows follow
 * from the tape's frame size, font size, padding and margin as VHS derives them; the frame is exactly
 * `Set Width` x `Set Height`, odd sizes included (a GIF at the exact size, an MP4 padded by a pixel of
 * background); a problem with a value the tape set names the tape's line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { makeTempDir } from '../../helpers/paths.js';
import { decodeFrameRgba, probeVideo } from '../../helpers/video-probe.js';

/** castSize reads the columns and rows from a cast's header. */
function castSize(castPath: string): [number, number] {
  const header = JSON.parse(readFileSync(castPath, 'utf8').split('\n')[0]) as { width: number; height: number };
  return [header.width, header.height];
}

/** recordTape writes a tape and records it with a quick command, returning the run. */
async function recordTape(lines: string[], extra: string[] = []) {
  const dir = makeTempDir();
  const tapePath = join(dir, 'geometry.tape');
  writeFileSync(tapePath, `${lines.join('\n')}\n`);
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', tapePath, '--out', out, '--last-frame', '0.1', ...extra, '--', 'sh', '-c', 'printf "ready\\n"; sleep 0.2'], { cwd: dir });
  return { run, out, tapePath };
}

test("a tape's defaults are VHS's: a 1200x600 frame and the 75x16 terminal VHS fits in it", async () => {
  const { run, out } = await recordTape(['Output demo.gif', 'Sleep 300ms'], ['--format', 'gif']);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(castSize(join(out, 'session.cast')), [75, 16]);
  const gif = await probeVideo(join(out, 'recording.gif'));
  assert.deepEqual([gif.width, gif.height], [1200, 600]);
});

test('odd sizes: Height 225 at FontSize 42 gives a 40x1 terminal, a GIF of exactly 1200x225 and an MP4 padded with the background to 1200x226', async () => {
  const { run, out } = await recordTape(['Set FontSize 42', 'Set Height 225', 'Sleep 300ms'], ['--format', 'gif,mp4']);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(castSize(join(out, 'session.cast')), [40, 1]);
  const gif = await probeVideo(join(out, 'recording.gif'));
  assert.deepEqual([gif.width, gif.height], [1200, 225]);
  const mp4 = await probeVideo(join(out, 'recording.mp4'));
  assert.deepEqual([mp4.width, mp4.height], [1200, 226]);
  // The added row is VHS's background (#171717), not black.
  const frame = await decodeFrameRgba(join(out, 'recording.mp4'), 0.05);
  const offset = (225 * frame.width + 600) * 4;
  const [r, g, b] = frame.data.subarray(offset, offset + 3);
  assert.ok(Math.abs(r - 0x17) <= 4 && Math.abs(g - 0x17) <= 4 && Math.abs(b - 0x17) <= 4, `padding is ${r},${g},${b}`);
});

test('Width 475 and Height 200 give VHS\'s 23x2 terminal; --cols/--rows still win over the derived size', async () => {
  const narrow = await recordTape(['Set Width 475', 'Set Height 200', 'Sleep 200ms'], ['--format', 'gif']);
  assert.equal(narrow.run.code, 0, narrow.run.stderr);
  assert.deepEqual(castSize(join(narrow.out, 'session.cast')), [23, 2]);
  const gif = await probeVideo(join(narrow.out, 'recording.gif'));
  assert.deepEqual([gif.width, gif.height], [475, 200]);
  const given = await recordTape(['Set FontSize 10', 'Sleep 200ms'], ['--format', 'txt', '--cols', '100', '--rows', '20']);
  assert.equal(given.run.code, 0, given.run.stderr);
  assert.deepEqual(castSize(join(given.out, 'session.cast')), [100, 20]);
});

test('a margin and a window bar take their space from the terminal and are drawn as VHS draws them', async () => {
  const lines = ['Set FontSize 28', 'Set Width 1201', 'Set Height 800', 'Set Padding 30', 'Set Margin 80', 'Set MarginFill "#674EFF"', 'Set WindowBar Colorful', 'Set WindowBarSize 40', 'Set BorderRadius 8', 'Sleep 200ms'];
  const { run, out } = await recordTape(lines, ['--format', 'gif,mp4']);
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /warning/);
  assert.deepEqual(castSize(join(out, 'session.cast')), [56, 14]);
  const frame = await decodeFrameRgba(join(out, 'recording.gif'), 0.5);
  assert.deepEqual([frame.width, frame.height], [1201, 800]);
  const near = (x: number, y: number, color: number, what: string, decoded = frame) => {
    const offset = (y * decoded.width + x) * 4;
    const data = decoded.data;
    const channels = [data[offset]!, data[offset + 1]!, data[offset + 2]!];
    const expected = [(color >> 16) & 0xff, (color >> 8) & 0xff, color & 0xff];
    assert.ok(channels.every((value, index) => Math.abs(value - expected[index]!) <= 8), `${what} at (${x}, ${y}): ${channels} against ${expected}`);
  };
  // The MP4's extra column (its sides must be even) continues the margin.
  const video = await decodeFrameRgba(join(out, 'recording.mp4'), 0.5);
  assert.equal(video.width, 1202);
  near(1201, 400, 0x674eff, "the MP4's padding column", video);
  near(10, 10, 0x674eff, 'the margin');
  near(80, 80, 0x674eff, "the window's rounded corner");
  // The bar's first dot: radius ⌊40/6⌋ = 6, centred 14 + 6 px into the window at (80, 80).
  near(100, 100, 0xff4f4d, 'the red dot');
  near(600, 400, 0x171717, 'the terminal');
});

test('a geometry or theme problem from a tape names the tape line, and nothing is recorded', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['Set Padding 100', 'Set Height 100', 'Sleep 100ms'], /^termaudit: .*geometry\.tape:2: Set Height 100: a row at font size 22 px needs 229 px with padding 100 px, more than 100 px; give a larger Set Height, a smaller Set FontSize or Set Padding, or --fit/m],
    [['Set Width 100', 'Sleep 100ms'], /^termaudit: .*geometry\.tape:1: Set Width 100: 2 columns at font size 22 px need 148 px with padding 60 px, more than 100 px/m],
    // A tape that sets no Width or Height: the line that took the room is named (the last of those sizing the side).
    [['Set FontSize 30', 'Set Padding 1000', 'Sleep 100ms'], /^termaudit: .*geometry\.tape:2: Set Padding 1000: 2 columns at font size 30 px need 2038 px with padding 1000 px, more than 1200 px; give a larger Set Width, a smaller Set FontSize or Set Padding, or --fit/m],
    [['Set Margin 500', 'Sleep 100ms'], /^termaudit: .*geometry\.tape:1: Set Margin 500: a row at font size 22 px needs 1149 px with padding 60 px and margin 500 px on each side, more than 600 px; give a larger Set Height, a smaller Set FontSize, Set Padding or Set Margin, or --fit/m],
    [['Set WindowBar Colorful', 'Set WindowBarSize 600', 'Sleep 100ms'], /^termaudit: .*geometry\.tape:2: Set WindowBarSize 600: a row at font size 22 px needs 749 px with padding 60 px and a window bar of 600 px, more than 600 px/m],
    [['Set Theme "themes/missing.json"', 'Sleep 100ms'], /^termaudit: .*geometry\.tape:1: Set Theme themes\/missing\.json: .*missing\.json/m],
  ];
  for (const [lines, message] of cases) {
    const { run, out } = await recordTape(lines, ['--format', 'txt']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /--(width|height|theme|font-size|padding)\b/);
    assert.ok(!existsSync(join(out, 'session.cast')), 'nothing was recorded');
  }
  // One of VHS's named themes that termaudit does not ship is a warning at its line; the tape records in VHS's default theme.
  const named = await recordTape(['Set Theme "Catppuccin Latte"', 'Sleep 100ms'], ['--format', 'txt']);
  assert.equal(named.run.code, 0, named.run.stderr);
  assert.match(named.run.stderr, /geometry\.tape:1:11: warning: theme "Catppuccin Latte" is not built in .*VHS's default theme/);
  assert.equal(JSON.parse(readFileSync(join(named.out, 'session.cast'), 'utf8').split('\n')[0]).theme.bg, '#171717');
  // A flag the user typed is named as the flag.
  const flagged = await recordTape(['Sleep 100ms'], ['--format', 'txt', '--width', '100']);
  assert.equal(flagged.run.code, 1);
  assert.match(flagged.run.stderr, /^termaudit: --width: 2 columns at font size 22 px need 148 px/m);
});
